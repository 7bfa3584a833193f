"""Pictures of a record's pages, rendered from its working copy with PyMuPDF: a thumbnail
for the lists and a page view for the redaction screen.

Each picture is rendered once and kept in the private storage under the working copy's
SHA-256 (``thumbnails/ab/abcd…/180-1.png``): the same bytes give the same pictures, a new
working copy new ones, and nothing is ever stale. A picture is written to a temporary name
and moved into place, so two people opening the page at once never read half a file.
Served only through an authorised view (``workflow``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from requests.models.attachment import private_storage

#: The widths in pixels, by name (the name is what the URL carries).
WIDTHS: dict[str, int] = {"thumb": 180, "page": 1000}
#: A very tall page (a long spreadsheet printed on one sheet) is rendered no higher than
#: this many times its width.
MAX_ASPECT = 4
#: How many first pages the lists show.
FIRST_PAGES = 3


def cache_folder(working_sha256: str) -> str:
    return f"thumbnails/{working_sha256[:2]}/{working_sha256}"


def page_picture(*, working_path: str, working_sha256: str, page: int, size: str) -> Path:
    """The PNG of page ``page`` (1 for the first) of the working copy at ``working_path``,
    ``size`` one of ``WIDTHS``; rendered now unless cached. ``IndexError`` for a page the
    copy does not have."""
    storage = private_storage()
    name = f"{cache_folder(working_sha256)}/{WIDTHS[size]}-{page}.png"
    target = Path(storage.path(name))
    if target.is_file():
        return target
    png = render_page(Path(working_path), page, WIDTHS[size])
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(png)
        os.chmod(temporary, 0o640)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def render_page(path: Path, page: int, width: int) -> bytes:
    """Page ``page`` of the PDF at ``path`` as a PNG ``width`` pixels wide (white ground)."""
    return render_pdf_page(path.read_bytes(), page, width)


def render_pdf_page(pdf: bytes, page: int, width: int) -> bytes:
    """Page ``page`` (1 for the first) of the PDF ``pdf`` as a PNG ``width`` pixels wide;
    ``IndexError`` for a page it lacks."""
    import pymupdf

    from .redaction import PYMUPDF_LOCK

    with PYMUPDF_LOCK, pymupdf.open(stream=pdf, filetype="pdf") as document:
        if not 1 <= page <= document.page_count:
            raise IndexError(page)
        sheet = document[page - 1]
        zoom = width / sheet.rect.width
        if sheet.rect.height * zoom > width * MAX_ASPECT:
            zoom = width * MAX_ASPECT / sheet.rect.height
        picture = sheet.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        return picture.tobytes("png")


def forget_pictures(working_sha256: str) -> None:
    """Delete the cached pictures of a working copy (no record uses it any more)."""
    import shutil

    storage = private_storage()
    shutil.rmtree(storage.path(cache_folder(working_sha256)), ignore_errors=True)
