"""WCAG 2.1 AA on what can be checked without a person: text contrast of the shared
stylesheet's colour pairs, labels on every form control, the language of the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "static" / "css" / "ogidesk.css").read_text()
#: (text colour, background) pairs the pages use for text.
TEXT_PAIRS = [
    ("--ink", "--paper"), ("--ink", "--wash"), ("--muted", "--paper"), ("--muted", "--wash"),
    ("--link", "--paper"), ("--brand-ink", "--brand"), ("--ok", "--ok-bg"),
    ("--warn", "--warn-bg"), ("--soon", "--soon-bg"), ("--late", "--late-bg"),
    ("--late", "--paper"), ("--ink", "--soon-bg"), ("#ffffff", "#1f6feb"),
]


def colour(value: str) -> tuple[float, float, float]:
    if value.startswith("--"):
        value = re.search(rf"{value}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))


def luminance(rgb) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_colours_have_at_least_4_5_to_1_contrast(text, background):
    a, b = sorted((luminance(colour(text)), luminance(colour(background))), reverse=True)
    assert (a + 0.05) / (b + 0.05) >= 4.5


PAGES = ["portal:submit", "portal:home"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_form_control_has_a_label(organ, applicant_client, name):
    page = applicant_client.get(reverse(name)).content.decode()
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    controls = re.findall(r"<(?:input|select|textarea)\b([^>]*)>", page)
    for attrs in controls:
        if re.search(r'type="(hidden|submit)"', attrs):
            continue
        control_id = re.search(r'id="([^"]+)"', attrs)
        assert control_id and (
            control_id.group(1) in labelled or "aria-label" in attrs
            or re.search(r"<label[^>]*>\s*<input[^>]*" + re.escape(control_id.group(1)), page)
        ), attrs


@pytest.mark.django_db
def test_the_page_language_follows_the_users_choice(client, settings):
    assert '<html lang="zh-CN">' in client.get("/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and "Applicant" in page
    assert 'class="skip" href="#main"' in page
