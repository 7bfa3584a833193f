"""Each document the suite renders is typeset by WeasyPrint once: the demo's hundred letters
are issued by every test that seeds the demo, each time from the same HTML.

WeasyPrint's output is a function of the HTML, the house stylesheets, the installed fonts
and its own version; the result (PDF bytes, page count, code points no font drew) is kept
under a hash of all of them, in the process, and in ``OGI_TEST_PDF_CACHE`` when that names
a directory (``.ci/run`` gives its two runs, SQLite then PostgreSQL, and their workers one
fresh directory). A render that fails is never kept: it fails again the next time.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from pathlib import Path

from letters import rendering
from letters.fonts import font_overrides_css

DIRECTORY = "OGI_TEST_PDF_CACHE"


def _fonts() -> str:
    """The installed fonts, as fontconfig lists them (a face added changes every key)."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                                 text=True, check=False, timeout=30).stdout
    except OSError:
        listing = ""
    return "\n".join(sorted(listing.splitlines()))


def typesetting_kept():
    """Wrap ``letters.rendering._typeset``; returns the function to undo it."""
    import weasyprint

    original = rendering._typeset
    salt = "\0".join([weasyprint.__version__, rendering.STYLESHEET.read_text(encoding="utf-8"),
                      font_overrides_css(), _fonts()])
    kept: dict[str, tuple[bytes, int, list[int]]] = {}
    directory = Path(os.environ[DIRECTORY]) if os.environ.get(DIRECTORY) else None

    def typeset(html: str, *, house_style: bool) -> tuple[bytes, int, list[int]]:
        key = hashlib.sha256("\0".join([salt, str(house_style), html]).encode()).hexdigest()
        if key in kept:
            return kept[key]
        path = directory / f"{key}.pdf" if directory else None
        if path is not None and path.exists():
            header, data = path.read_bytes().split(b"\n", 1)
            facts = json.loads(header)
            kept[key] = (data, facts["pages"], facts["missing"])
            return kept[key]
        data, pages, missing = original(html, house_style=house_style)
        kept[key] = (data, pages, missing)
        if path is not None:
            directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=directory, delete=False) as handle:
                handle.write(json.dumps({"pages": pages, "missing": missing}).encode() + b"\n")
                handle.write(data)
            os.replace(handle.name, path)  # whole or not at all, whichever worker wins
        return kept[key]

    rendering._typeset = typeset

    def undo() -> None:
        rendering._typeset = original

    return undo
