"""``letter_samples`` and ``render_letter`` on the demo data: previews, nothing issued."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from letters.kinds import LetterKind
from letters.models import IssuedLetter
from requests.demo import seed_demo
from requests.models import DisclosureRequest, Sequence
from requests.outcomes import REPLY_OUTCOMES
from tests.letters import pdfs

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_letter_samples_renders_every_kind_and_outcome_from_the_demo(tmp_path):
    seed_demo()
    sequences = list(Sequence.objects.order_by("pk").values())
    output = run("letter_samples", "--out", str(tmp_path))

    files = sorted(path.name for path in tmp_path.glob("*.pdf"))
    names = {name.split("-", 1)[1].removesuffix(".pdf") for name in files}
    for kind in LetterKind.values:
        if kind != LetterKind.REPLY:
            assert any(name.startswith(kind) for name in names), kind
    for outcome in REPLY_OUTCOMES:
        assert f"reply-{outcome}" in names, outcome
    assert "audit_trail" in names
    assert "正文" in output and f"{len(files)} PDFs written" in output

    for path in tmp_path.glob("*.pdf"):
        data = path.read_bytes()
        text = pdfs.check_pdf(data)
        assert "莆田市生态环境局" in text
        if "audit_trail" not in path.name:
            assert "〔20" in text and "号" in text
    assert pdfs.PREVIEW_MARK in pdfs.raw_text((tmp_path / files[0]).read_bytes())
    assert not IssuedLetter.objects.exists()  # previews only
    assert list(Sequence.objects.order_by("pk").values()) == sequences


def test_letter_samples_needs_the_demo_data(tmp_path):
    with pytest.raises(CommandError, match="seed_demo"):
        run("letter_samples", "--out", str(tmp_path))


def test_render_letter_previews_one_letter_of_a_real_request(tmp_path, organ, people):
    from tests.requests.machine import build

    request = build("replied", organ, people)
    out = tmp_path / "reply.pdf"
    assert "reply.pdf" in run("render_letter", request.registration_number, "reply",
                              "--out", str(out), "--on", "2026-03-10")
    text = pdfs.check_pdf(out.read_bytes())
    assert "2026年3月10日" in text and "莆环信公开〔2026〕1号" in text
    trail = tmp_path / "trail.pdf"
    run("render_letter", request.registration_number, "audit_trail", "--out", str(trail))
    assert request.registration_number in pdfs.text(trail.read_bytes())
    assert not IssuedLetter.objects.exists()

    with pytest.raises(CommandError, match="no request"):
        run("render_letter", "PTHB-1999-00001", "reply", "--out", str(out))
    with pytest.raises(CommandError, match="没有可以发出「收费通知书」的记录"):
        run("render_letter", request.registration_number, "fee_notice", "--out", str(out))
    assert DisclosureRequest.objects.count() == 1
