"""``manage.py redact``: the redactions it prints, the file it writes, and how it fails."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
from django.core.management import CommandError, call_command

from records.models import MatchedKind

from . import documents as d

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def letter_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "信访件.pdf"
    path.write_bytes(d.letter_pdf())
    return path


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("redact", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_lists_every_redaction_made_with_its_page_box_ground_and_kind(letter_file, tmp_path):
    out = tmp_path / "公开版.pdf"
    report = json.loads(run(letter_file, "--out", out, "--names", "张伟", "李娜", "--json"))
    rows = report["redactions"]
    kinds = [row["matched_kind"] for row in rows]
    assert kinds.count(MatchedKind.ID_NUMBER) == 4  # one of them over two lines: two boxes
    assert kinds.count(MatchedKind.PERSON_NAME) == 3  # 张伟, 李娜 over two lines; not 王芳
    assert {MatchedKind.MOBILE, MatchedKind.LANDLINE, MatchedKind.BANK_CARD,
            MatchedKind.EMAIL} <= set(kinds)
    assert {(row["ground"], row["code"]) for row in rows} == {("third_party", "A4")}
    assert all(row["page"] == 1 and len(row["box"]) == 4 for row in rows)
    assert report["pages"] == 1 and report["output_bytes"] == out.stat().st_size
    redacted = pymupdf.open(out)[0]
    text = "".join(redacted.get_text().split())
    assert d.ID_ZHANG not in text and "张伟" not in text and "王芳" in text
    assert text.count("A4") == len(rows)
    assert letter_file.read_bytes() == d.letter_pdf()  # the input is left as it was


def test_the_readable_table_has_one_line_per_box(letter_file, tmp_path):
    output = run(letter_file, "--out", tmp_path / "out.pdf")
    lines = output.strip().splitlines()
    assert lines[0].split()[:2] == ["page", "box"]
    assert sum("third_party A4" in line for line in lines) == 16
    assert "bank_card" in output and "16 redaction(s) written" in lines[-1]


def test_a_missing_broken_or_encrypted_input_is_an_error_and_writes_nothing(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(d.letter_pdf()[:3000])
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(pymupdf.open(stream=d.letter_pdf()).tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="mima", owner_pw="owner"))
    out = tmp_path / "out.pdf"
    for source, message in ((tmp_path / "missing.pdf", "cannot read"),
                            (broken, "已损坏或不是 PDF"), (locked, "已加密")):
        with pytest.raises(CommandError, match=message):
            run(source, "--out", out)
    assert not out.exists()
    with pytest.raises(CommandError, match="must not be the input"):
        run(broken, "--out", broken)


def test_the_exit_code_is_not_zero_with_the_message_on_stderr(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n%%EOF\n")
    command = [sys.executable, "manage.py", "redact", str(broken), "--out", str(tmp_path / "o.pdf")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"DJANGO_SETTINGS_MODULE": "config.test_settings", "PATH": ""})
    assert result.returncode == 1
    assert "已损坏或不是 PDF" in result.stderr and not result.stdout
