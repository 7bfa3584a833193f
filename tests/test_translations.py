"""The English catalogue is complete: every message translated, none fuzzy, placeholders
kept, the compiled .mo in step with the .po, and ``makemessages`` finds nothing new."""

from __future__ import annotations

import gettext
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from letters.audit_trail import audit_trail_pdf
from tests.factories import at
from tests.pofile import parse
from tests.workflow.flowkit import do, start

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES"
#: The options the catalogue is made with (README: "Translations").
MAKEMESSAGES = [
    "makemessages", "-l", "en", "--ignore=tests/*", "--ignore=artifacts/*", "--ignore=var/*",
    "--add-location=file",
]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def entries(path: Path = CATALOGUE / "django.po"):
    return [e for e in parse(path) if e.msgid and not e.obsolete]


def test_every_message_is_translated_and_none_is_fuzzy():
    found = entries()
    assert len(found) > 1000
    untranslated = [e.msgid for e in found if not e.translated]
    fuzzy = [e.msgid for e in parse(CATALOGUE / "django.po") if "fuzzy" in e.flags]
    assert untranslated == [], f"untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:10]}"


def test_placeholders_are_kept():
    wrong = []
    for entry in entries():
        expected = set(PLACEHOLDER.findall(entry.msgid))
        for value in entry.msgstr.values():
            if "python-format" in entry.flags and set(PLACEHOLDER.findall(value)) != expected:
                wrong.append((entry.msgid, value))
    assert wrong == []


def test_the_compiled_catalogue_matches_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in entries():
        if entry.msgid_plural:
            got = compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            expected = entry.msgstr["0"]
        else:
            got, expected = compiled.gettext(entry.msgid), entry.msgstr[""]
        if got != expected:
            stale.append(entry.msgid)
    assert stale == [], f"run compilemessages: {stale[:10]}"


def _copy_sources(target: Path) -> None:
    skip = shutil.ignore_patterns(
        ".*", "__pycache__", "var", "artifacts", "node_modules", "*.mo", "*.pyc"
    )
    for item in ROOT.iterdir():
        if item.name.startswith(".") or item.name in ("var", "artifacts"):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, ignore=skip)
        else:
            shutil.copy2(item, target / item.name)


def test_makemessages_finds_no_new_message(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is missing: install it (scripts/setup dev does)")
    _copy_sources(tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    now = {e.key for e in entries(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    committed = {e.key for e in entries()}
    assert sorted(now - committed) == [], "new messages: run makemessages and translate them"
    assert sorted(committed - now) == [], "messages no longer used: run makemessages"



@pytest.mark.django_db
def test_letters_stay_chinese_when_issued_from_an_english_page(organ, people):
    """DESIGN.md §5: letters and the audit-trail report are in the organ's language."""
    request, process = start(organ)
    with translation.override("en"):
        receipt = do(process, "register", people.registrar, at=at("2026-03-03"))
        trail = audit_trail_pdf(request)
    assert receipt.title.endswith("政府信息公开申请登记回执")
    letter_text = "".join(p.extract_text() for p in PdfReader(receipt.file.open("rb")).pages)
    assert "登记回执" in letter_text and "Registration" not in letter_text
    trail_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(trail)).pages)
    assert "办理过程" in trail_text and "History" not in trail_text
