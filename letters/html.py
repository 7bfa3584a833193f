"""Step 2 of rendering: the HTML of a worded letter, from its kind's template.

Each kind has one template (``templates/letters/kinds/<kind>.html``); all of them extend
the one frame ``letters/letter.html`` and share one stylesheet, so no layout is repeated.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from .context import Letter


def letter_html(letter: Letter) -> str:
    return render_to_string(letter.template, {"letter": letter})
