"""The text layer of a record's working copy: which pages have text, and OCR for those that
have none (scans), so that every page can be searched and redacted. Pure of the models.

OCR is OCRmyPDF with Tesseract's Simplified Chinese and English models, run as its own
process within a timeout (past it the process group is killed), with:

- ``--skip-text``: a page that has text already is copied as it is, never rasterised;
- ``--output-type pdf``: a plain PDF (no PDF/A conversion through Ghostscript, which
  rewrites every page), ``--optimize 0``: no image is recompressed;
- ``--invalidate-digital-signatures``: a signed scan is still recognised — the signature
  belongs to the original, which is kept untouched beside the working copy.

The recognised text lies invisible over the page's image, where the characters are: a
redaction of it removes the text and the pixels under the same box.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .conversion import ConversionError
from .processes import ProcessTimeoutError, run_with_timeout

LANGUAGES = "chi_sim+eng"


@dataclass(frozen=True)
class PageText:
    """The pages of a PDF: how many, those (1 for the first) with content but no text,
    and those with nothing on them at all."""

    page_count: int
    textless: tuple[int, ...]
    blank: tuple[int, ...] = ()

    @property
    def text_pages(self) -> int:
        return self.page_count - len(self.textless) - len(self.blank)


def page_text(path: Path) -> PageText:
    """Which pages of the PDF at ``path`` lack a text layer. A page with nothing on it at
    all (no text, image or drawing: a blank separator sheet) needs none and is not counted.
    Raises ``ConversionError("pdf_unreadable")`` for a PDF that does not open or has no page."""
    import pymupdf

    try:
        with pymupdf.open(path) as document:
            if document.needs_pass or document.page_count < 1:
                raise ConversionError("pdf_unreadable", "encrypted or no pages")
            textless, blank = [], []
            for number, page in enumerate(document, start=1):
                if not page.get_text("text").strip():
                    (textless if page.get_bboxlog() else blank).append(number)
            return PageText(document.page_count, tuple(textless), tuple(blank))
    except ConversionError:
        raise
    except Exception as error:  # PyMuPDF raises its own kinds on a damaged file
        raise ConversionError("pdf_unreadable", str(error)) from error


def recognise_text(source: Path, target: Path, *, timeout: float) -> None:
    """OCR the pages of ``source`` that have no text into ``target`` (see the module
    docstring); raises ``ConversionError`` (``ocr_failed``, ``ocr_timeout``)."""
    command = [
        sys.executable, "-m", "ocrmypdf", "--language", LANGUAGES, "--skip-text",
        "--output-type", "pdf", "--optimize", "0", "--invalidate-digital-signatures",
        "--quiet", str(source), str(target),
    ]
    try:
        finished = run_with_timeout(command, timeout=timeout, cwd=target.parent, env=dict(os.environ))
    except ProcessTimeoutError as error:
        raise ConversionError("ocr_timeout", str(error)) from None
    if finished.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        raise ConversionError("ocr_failed", f"exit {finished.returncode}: {finished.output}")
