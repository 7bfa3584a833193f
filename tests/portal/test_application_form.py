"""The application form: every field refuses bad input with its message, in the user's
language, keeps what was typed, and stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from viewflow.workflow.models import Process

from portal.models import ThrottleEvent
from requests.identity import resident_id_check_character, uscc_check_character
from requests.models import Applicant, Attachment, AuditEvent, DisclosureRequest
from tests.uploads import FAKE_PDF, xlsx_with_evil_exe, zip_bomb

from .conftest import EXE, PDF, PNG, application_data, pdf

pytestmark = pytest.mark.django_db

URL = reverse("portal:submit")
USCC = "91350300MA2Y3K4L5" + uscc_check_character("91350300MA2Y3K4L5")
LONG_ITEM = "木" * 2001


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "attachments"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def nothing_stored():
    before = set(stored_files())
    yield
    assert DisclosureRequest.objects.count() == 0
    assert Applicant.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert Process.objects.count() == 0
    assert ThrottleEvent.objects.count() == 0
    assert set(stored_files()) == before


def post(client, data, files=None):
    payload = dict(data)
    payload.update(files if files is not None else {"proof_of_identity": pdf()})
    return client.post(URL, payload)


def errors_of(response) -> dict[str, list[str]]:
    """Field errors of the form and of the item forms (as ``items-N-field``), and
    ``__all__``/``items`` for the non-field ones."""
    assert response.status_code == 200, response.status_code
    form, formset = response.context["form"], response.context["formset"]
    errors = {name: list(messages) for name, messages in form.errors.items()}
    for index, item_errors in enumerate(formset.errors):
        for name, messages in item_errors.items():
            errors[f"items-{index}-{name}"] = list(messages)
    if formset.non_form_errors():
        errors["items"] = list(formset.non_form_errors())
    return errors


BAD_INPUT = [
    # (what, overrides, field, message)
    ("no kind", {"kind": ""}, "kind", "请选择申请人类型"),
    ("unknown kind", {"kind": "alien"}, "kind", "选择一个有效的选项"),
    ("no name", {"name": "   "}, "name", "请填写申请人姓名或名称"),
    ("name too long", {"name": "林" * 201}, "name", "200"),
    ("name with a bidi override", {"name": "林\u202e志强"}, "name", "U+202E"),
    ("name with a zero-width space", {"name": "林\u200b志强"}, "name", "U+200B"),
    ("name with a control character", {"name": "林\x07志强"}, "name", "U+0007"),
    ("name with a private-use character", {"name": "林\ue000志强"}, "name", "U+E000"),
    ("no document type", {"document_type": ""}, "document_type", "请选择证件类型"),
    ("no document number", {"document_number": ""}, "document_number", "请填写证件号码"),
    ("resident ID with a wrong check digit", {"document_number": "110105194912310021"},
     "document_number", "校验位不正确"),
    ("resident ID with an impossible birth date", {"document_number": "110105194902300023"},
     "document_number", "出生日期无效"),
    ("resident ID too short", {"document_number": "11010519491231002"},
     "document_number", "应为18位"),
    ("document number too long", {"document_number": "1" * 41}, "document_number", "40"),
    ("an organisation's code for a person", {"document_type": "unified_social_credit_code",
     "document_number": USCC}, "document_type", "证件类型与申请人类型不符"),
    ("a bad credit code", {"kind": "commercial_enterprise", "contact_person": "陈经理",
     "document_type": "unified_social_credit_code", "document_number": USCC[:-1] + "0"
     if USCC[-1] != "0" else USCC[:-1] + "1"}, "document_number", "校验码不正确"),
    ("a passport of the wrong shape", {"document_type": "passport", "document_number": "E1"},
     "document_number", "格式不正确"),
    ("an organisation without a contact person", {"kind": "research_institution",
     "document_type": "unified_social_credit_code", "document_number": USCC},
     "contact_person", "请填写联系人"),
    ("a phone number of letters", {"phone": "call me"}, "phone", "有效的电话号码"),
    ("no e-mail", {"email": ""}, "email", "请填写电子邮箱"),
    ("a bad e-mail", {"email": "lin@"}, "email", "有效的电子邮箱"),
    ("post without an address", {"obtain_method": "post", "postal_address": ""},
     "postal_address", "请填写通讯地址"),
    ("address too long", {"postal_address": "路" * 301}, "postal_address", "300"),
    ("a bad postcode", {"postcode": "35110"}, "postcode", "6位数字"),
    ("no form wanted", {"form_wanted": ""}, "form_wanted", "请选择获取信息的载体形式"),
    ("no way to obtain", {"obtain_method": ""}, "obtain_method", "请选择获取信息的方式"),
    ("inspection sent by post", {"form_wanted": "inspection", "obtain_method": "post"},
     "obtain_method", "当面领取"),
    ("purpose too long", {"purpose": "用" * 2001}, "purpose", "2000"),
    ("special needs too long", {"special_needs": "需" * 1001}, "special_needs", "1000"),
    ("no declaration", {"declaration": None}, "declaration", "请确认所填写的信息真实"),
    ("no item", {"items-0-description": "  "}, "items-0-description", "请填写所需政府信息的内容描述"),
    ("an item too long", {"items-0-description": LONG_ITEM}, "items-0-description", "2000"),
    ("an item with a byte-order mark", {"items-0-description": "环评\ufeff报告"},
     "items-0-description", "U+FEFF"),
    ("a reference without a description", {"items-TOTAL_FORMS": "2",
     "items-1-description": "", "items-1-document_reference": "莆环审〔2025〕12号"},
     "items-1-description", "请填写所需政府信息的内容描述"),
    ("too many items", {"items-TOTAL_FORMS": "51", **{
        f"items-{n}-description": f"第{n}份监测报告" for n in range(51)}},
     "items", "最多填写50项"),
    ("a NUL byte", {"purpose": "用途\x00"}, "purpose", "U+0000"),
]


@pytest.mark.parametrize(("what", "overrides", "field", "message"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_stored(
    organ, people, applicant_client, nothing_stored, what, overrides, field, message
):
    response = post(applicant_client, application_data(**overrides))
    errors = errors_of(response)
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors[field]
    assert 'id="error-summary"' in response.content.decode()


BAD_FILES = [
    ("no proof of identity", {}, "proof_of_identity", "请上传身份证明文件"),
    ("an executable named .pdf", {"proof_of_identity": SimpleUploadedFile("身份证.pdf", EXE)},
     "proof_of_identity", "不支持的文件类型"),
    ("a PNG disguised as a PDF", {"proof_of_identity": SimpleUploadedFile("身份证.pdf", PNG)},
     "proof_of_identity", "扩展名与文件内容不符"),
    ("an empty file", {"proof_of_identity": SimpleUploadedFile("身份证.pdf", b"")},
     "proof_of_identity", "空文件"),
    ("a text file among the supporting files",
     {"proof_of_identity": pdf(), "supporting_files": [
         SimpleUploadedFile("材料.pdf", PDF), SimpleUploadedFile("说明.txt", "纯文本".encode())]},
     "supporting_files", "说明.txt"),
    ("an HTML page beginning with %PDF-",
     {"proof_of_identity": SimpleUploadedFile("身份证.pdf", FAKE_PDF)},
     "proof_of_identity", "PDF文件无法解析或没有页面"),
    ("a workbook carrying xl/evil.exe", {"proof_of_identity": pdf(), "supporting_files": [
        SimpleUploadedFile("企业名单.xlsx", xlsx_with_evil_exe())]},
     "supporting_files", "企业名单.xlsx：文档结构不正确"),
    ("a zip bomb named .xlsx", {"proof_of_identity": pdf(), "supporting_files": [
        SimpleUploadedFile("企业名单.xlsx", zip_bomb())]},
     "supporting_files", "文档解压后过大"),
    ("eleven supporting files", {"proof_of_identity": pdf(), "supporting_files": [
        SimpleUploadedFile(f"材料{n}.pdf", PDF) for n in range(11)]},
     "supporting_files", "最多上传10个文件"),
]


@pytest.mark.parametrize(("what", "files", "field", "message"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_files_are_refused_and_no_file_is_kept(
    organ, people, applicant_client, nothing_stored, what, files, field, message
):
    response = post(applicant_client, application_data(), files)
    errors = errors_of(response)
    assert any(message in text for text in errors[field]), errors
    assert "请重新选择要上传的文件" in response.content.decode() or not files


def test_an_oversize_file_is_refused(organ, people, applicant_client, nothing_stored, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("身份证.pdf", PDF + b"0" * 2048)
    errors = errors_of(post(applicant_client, application_data(), {"proof_of_identity": big}))
    assert any("文件过大" in text for text in errors["proof_of_identity"])


def test_what_was_typed_is_kept_after_an_error(organ, people, applicant_client):
    data = application_data(
        document_number="110105194912310021",
        purpose="了解住所附近企业的环境影响情况",
        **{"items-TOTAL_FORMS": "2", "items-1-description": "华亭镇2025年大气监测月报",
           "items-1-document_reference": "莆环监〔2025〕7号"},
    )
    page = post(applicant_client, data).content.decode()
    for typed in ("林志强", "110105194912310021", "华亭镇2025年大气监测月报", "莆环监〔2025〕7号",
                  "了解住所附近企业的环境影响情况", "13905940001"):
        assert typed in page
    # The error is tied to its field for assistive technology.
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_document_number_helptext id_document_number_error"' in page


def test_unusual_but_valid_text_is_accepted(organ, people, applicant_client):
    data = application_data(
        name="𠮷田 阿卜杜拉·买买提",  # a CJK character outside the BMP, a minority name's dot
        document_number="１１０１０５１９４９１２３１００２ｘ",  # full-width, lower-case x
        phone="＋86 594-2283001",
        **{"items-0-description": "木兰溪2025年水质月报（第1–12期）😀"},
    )
    response = post(applicant_client, data)
    assert response.status_code == 302, errors_of(response)
    request = DisclosureRequest.objects.get()
    assert request.applicant.name == "𠮷田 阿卜杜拉·买买提"
    assert request.applicant.document_number == "11010519491231002X"
    assert request.applicant.phone == "+86 594-2283001"
    assert request.items.get().description.endswith("😀")


def test_errors_come_in_english_for_an_english_page(organ, people, applicant_client):
    applicant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    errors = errors_of(post(applicant_client, application_data(
        document_number="110105194912310021", **{"items-0-description": ""})))
    assert any("check digit" in text for text in errors["document_number"]), errors
    assert errors["items-0-description"] == [
        "Please describe the government information you are asking for."
    ]


def test_the_add_item_button_keeps_what_was_typed_without_javascript(
    organ, people, applicant_client
):
    data = application_data(add_item="1")
    response = applicant_client.post(URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 2
    assert "林志强" in page and "华亭镇某化工企业" in page
    assert 'id="error-summary"' not in page
    assert DisclosureRequest.objects.count() == 0


def test_the_form_starts_from_the_applicants_last_application(organ, people, applicant_client):
    post(applicant_client, application_data(name="林志强", phone="13905940001"))
    page = applicant_client.get(URL).content.decode()
    # The identity number masked (last four), never in full, even on the applicant's page.
    assert 'value="林志强"' in page and 'value="**************002X"' in page
    assert "11010519491231002X" not in page


def test_a_resident_id_check_character_helper_agrees(organ):
    # The fixture's number is valid by the foundation's own rule.
    assert resident_id_check_character("11010519491231002") == "X"


def test_a_valid_application_is_received_mailed_and_queued_for_the_registrars(
    organ, people, applicant, applicant_client, mailoutbox, django_capture_on_commit_callbacks
):
    from viewflow.workflow.models import Task

    from portal.models import ThrottleEvent
    from workflow.queues import tasks_offered_to

    with django_capture_on_commit_callbacks(execute=True):
        response = post(applicant_client, application_data(), {
            "proof_of_identity": pdf(),
            "supporting_files": [SimpleUploadedFile("位置图.png", PNG),
                                 SimpleUploadedFile("说明.pdf", PDF)],
        })
    request = DisclosureRequest.objects.get()
    assert response["Location"] == reverse("portal:submitted", args=[request.public_id])
    assert request.status == "received" and request.channel == "online"
    assert request.registration_number is None
    assert request.applicant.account == applicant
    kinds = sorted(Attachment.objects.filter(request=request).values_list("kind", flat=True))
    assert kinds == ["proof_of_identity", "supporting", "supporting"]
    assert Attachment.objects.get(kind="proof_of_identity").applicant == request.applicant
    offered = tasks_offered_to(people.registrar)
    assert [t.flow_task.name for t in offered] == ["register"]
    assert Task.objects.filter(process__requestprocess__request=request, status="NEW").count() == 1
    assert len(mailoutbox) == 1 and str(request.public_id) in mailoutbox[0].body
    assert ThrottleEvent.objects.filter(account=applicant).count() == 1


@pytest.mark.parametrize("total", ["abc", "-3", "", "100000"])
def test_the_add_item_button_reads_a_hostile_item_count_safely(
    organ, people, applicant_client, total
):
    """items-TOTAL_FORMS is the browser's word: no number counts as one item, and however
    many are claimed, at most 50 are read (the form's own maximum) and none is added."""
    response = applicant_client.post(URL, application_data(add_item="1",
                                                           **{"items-TOTAL_FORMS": total}))
    assert response.status_code == 200
    count = response.context["formset"].total_form_count()
    assert count == (50 if total == "100000" else 2)
    assert DisclosureRequest.objects.count() == 0
