"""Text that goes into letters is checked, when typed, against the faces the letters use:
the scripts of China's languages and the rare Han characters are printed; a character no
installed face draws is refused at once, named, and nothing is stored — instead of being
accepted and making every letter of the request impossible."""

from __future__ import annotations

import pytest
from django.urls import reverse
from viewflow.workflow.models import Process

from letters.kinds import LetterKind
from requests.models import Applicant, Attachment, AuditEvent, DisclosureRequest
from tests.letters import pdfs
from tests.workflow.flowkit import do

from .conftest import application_data, pdf
from .kit import awaiting_correction
from .test_staff_intake import intake_data

pytestmark = pytest.mark.django_db

#: (script, a name in it, the face the letter must print it with)
NAMES = [
    ("tibetan", "བཀྲ་ཤིས་རྡོ་རྗེ", "Noto-Serif-Tibetan"),
    ("mongolian", "ᠪᠠᠲᠦ", "Noto-Sans-Mongolian"),
    ("yi", "ꀉꂿꃅꎭ", "Noto-Sans-Yi"),
    ("uyghur", "مەمەت ئابدۇللا", "Noto-Naskh-Arabic"),
    ("cjk_extension_b", "李𠀀𪚥", "HanaMinB"),
]
#: Real characters no installed face draws: CJK Extension G (Unicode 13) and the Khitan
#: small script. Checked below against the fonts, not assumed.
UNPRINTABLE = "\U00030000"
KHITAN = "\U00018b00"


def receipt_pdf(request: DisclosureRequest) -> bytes:
    letter = request.letters.get(kind=LetterKind.RECEIPT)
    with letter.file.open("rb") as handle:
        return handle.read()


def embedded_faces(data: bytes) -> str:
    return " ".join(info.name for info in pdfs.fonts(data))


def assert_nothing_stored():
    assert not DisclosureRequest.objects.exists()
    assert not Applicant.objects.exists()
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not Process.objects.exists()


@pytest.mark.parametrize(("script", "name", "face"), NAMES, ids=[n[0] for n in NAMES])
def test_a_name_in_the_scripts_of_china_is_accepted_online_and_printed_on_the_receipt(
    organ, people, applicant_client, script, name, face
):
    response = applicant_client.post(reverse("portal:submit"), {
        **application_data(name=name, **{"items-0-description": f"{name}所在村2025年饮用水水质监测报告"}),
        "proof_of_identity": pdf(),
    })
    assert response.status_code == 302, response.context["form"].errors
    request = DisclosureRequest.objects.get()
    assert request.applicant.name == name
    do(request.process, "register", people.registrar)
    data = receipt_pdf(request)
    text = pdfs.check_pdf(data)
    assert name.replace(" ", "") in text
    assert face in embedded_faces(data)


@pytest.mark.parametrize(("script", "name", "face"), NAMES, ids=[n[0] for n in NAMES])
def test_a_name_in_the_scripts_of_china_is_registered_at_intake_with_its_receipt(
    client, organ, people, script, name, face
):
    client.force_login(people.registrar)
    response = client.post(reverse("intake:new"), intake_data(name=name))
    assert response.status_code == 302, response.context["form"].errors
    request = DisclosureRequest.objects.get()
    assert request.status == "registered"
    data = receipt_pdf(request)
    assert name.replace(" ", "") in pdfs.check_pdf(data)
    assert face in embedded_faces(data)


UNPRINTABLE_INPUT = [
    ("name", {"name": f"林{UNPRINTABLE}强"}, "name"),
    ("address", {"postal_address": f"莆田市荔城区{KHITAN}街88号"}, "postal_address"),
    ("item", {"items-0-description": f"{UNPRINTABLE}村2025年水质监测报告"}, "items-0-description"),
    ("reference", {"items-0-document_reference": f"莆环审〔2025〕{UNPRINTABLE}号"},
     "items-0-document_reference"),
]


def _errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    errors = {name: list(m) for name, m in response.context["form"].errors.items()}
    for index, item_errors in enumerate(response.context["formset"].errors):
        for name, messages in item_errors.items():
            errors[f"items-{index}-{name}"] = list(messages)
    return errors


def _names(char: str) -> str:
    return f"以下字符无法在文书中打印：{char}（U+{ord(char):04X}）"


@pytest.mark.parametrize(("what", "overrides", "field"), UNPRINTABLE_INPUT,
                         ids=[c[0] for c in UNPRINTABLE_INPUT])
def test_a_character_no_face_draws_is_refused_online_naming_it(
    organ, people, applicant_client, what, overrides, field
):
    response = applicant_client.post(reverse("portal:submit"), {
        **application_data(**overrides), "proof_of_identity": pdf(),
    })
    errors = _errors(response)
    char = KHITAN if what == "address" else UNPRINTABLE
    assert any(_names(char) in e for e in errors.get(field, [])), errors
    assert_nothing_stored()


@pytest.mark.parametrize(("what", "overrides", "field"), UNPRINTABLE_INPUT,
                         ids=[c[0] for c in UNPRINTABLE_INPUT])
def test_a_character_no_face_draws_is_refused_at_intake_naming_it(
    client, organ, people, what, overrides, field
):
    client.force_login(people.registrar)
    response = client.post(reverse("intake:new"), intake_data(**overrides))
    errors = _errors(response)
    char = KHITAN if what == "address" else UNPRINTABLE
    assert any(_names(char) in e for e in errors.get(field, [])), errors
    assert_nothing_stored()


def test_the_refusal_names_every_character(organ, people, applicant_client):
    response = applicant_client.post(reverse("portal:submit"), {
        **application_data(name=f"林{UNPRINTABLE}{KHITAN}"), "proof_of_identity": pdf(),
    })
    (message,) = _errors(response)["name"]
    assert "U+30000" in message and "U+18B00" in message
    assert_nothing_stored()


def test_a_correction_with_a_character_no_face_draws_is_refused(organ, people, applicant, applicant_client):
    request = awaiting_correction(organ, people, applicant)
    before = AuditEvent.objects.count()
    response = applicant_client.post(reverse("portal:correction", args=[request.public_id]), {
        "description_1": f"{UNPRINTABLE}村2025年水质监测报告",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(_names(UNPRINTABLE) in e for e in errors["description_1"]), errors
    request.refresh_from_db()
    assert request.status == "awaiting_correction"
    assert UNPRINTABLE not in request.items.get().description
    assert AuditEvent.objects.count() == before
