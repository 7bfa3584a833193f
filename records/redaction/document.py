"""Opening the PDF both halves of the engine work on, and the error they raise."""

from __future__ import annotations

import threading

import pymupdf
from django.utils.translation import gettext as _

# MuPDF reports every repair it makes on stderr; a broken file is our error to report.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


#: MuPDF's context is shared by the whole process and PyMuPDF is not made for concurrent
#: use from several threads: the engine's calls take turns (a web worker's threads, the
#: tasks worker). Other code of the process that uses PyMuPDF may hold it too.
PYMUPDF_LOCK = threading.RLock()


class RedactionError(ValueError):
    """The input cannot be redacted as asked; the message says why, for a person."""


def open_pdf(pdf: bytes) -> pymupdf.Document:
    """The document of ``pdf``; ``RedactionError`` when it is empty, no PDF, or encrypted."""
    if not pdf:
        raise RedactionError(_("文件为空，不是 PDF 文件。"))
    try:
        document = pymupdf.open(stream=pdf, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError):
        raise RedactionError(_("文件已损坏或不是 PDF 文件，无法打开。")) from None
    if not document.is_pdf or document.page_count == 0:
        document.close()
        raise RedactionError(_("文件已损坏或不是 PDF 文件，无法打开。"))
    if document.needs_pass or document.is_encrypted or document.metadata.get("encryption"):
        document.close()
        raise RedactionError(_("PDF 文件已加密（设有密码或权限限制），请先取得未加密的文件。"))
    return document


def unrotated_rect(page: pymupdf.Page) -> pymupdf.Rect:
    """The page's visible area in the coordinates of the page as stored (before /Rotate),
    the ones text extraction and redaction annotations use."""
    return page.rect * page.derotation_matrix
