"""Applying redactions: what lies under each box is removed from the file, not covered.

Each box becomes a redaction annotation filled black with its ground's short code in white,
then MuPDF applies it: the characters under it are deleted from the content stream, the
pixels of images under it are blanked (the rest of the image is kept, so a page is never
rasterised; a JPEG is stored as a JPEG again), and vector paths touching it are deleted. Then everything else that could
carry the removed text goes: the document information and XMP metadata, annotations, links,
form fields, attached files, JavaScript, thumbnails, and the removed words in bookmarks. The
result is saved anew (unused objects collected, streams compressed), so no earlier version
of a page survives in the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pymupdf
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, JpegImagePlugin

from .document import PYMUPDF_LOCK, RedactionError, open_pdf, unrotated_rect
from .pagetext import page_lines

#: How far a box may reach past the page's edge (rounding of coordinates sent by a browser).
_EDGE = 0.5
#: The quality of a JPEG image stored again once pixels under a box are blanked, when the
#: original's own tables cannot be used.
JPEG_QUALITY = 85
#: The label's largest size; a smaller box gets a smaller one.
_LABEL_SIZE = 9.0


@dataclass(frozen=True)
class Box:
    """A box to withhold: ``page`` counts from 1; the corners are in points from the top
    left of the page as stored, before its /Rotate (PyMuPDF's coordinates, those its text
    extraction gives); ``code`` is the ground's short code (``A4``)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    code: str

    @property
    def rect(self) -> pymupdf.Rect:
        return pymupdf.Rect(self.x0, self.y0, self.x1, self.y1)


def _validate(document: pymupdf.Document, boxes: list[Box]) -> None:
    for box in boxes:
        if not isinstance(box.page, int) or not 1 <= box.page <= document.page_count:
            count = document.page_count
            raise RedactionError(
                ngettext(
                    "第 %(page)s 页不存在：该文件共 %(count)s 页。",
                    "第 %(page)s 页不存在：该文件共 %(count)s 页。",
                    count,
                )
                % {"page": box.page, "count": count}
            )
        if not (box.x1 > box.x0 and box.y1 > box.y0):
            raise RedactionError(
                _("第 %(page)s 页的遮盖框面积为零或坐标颠倒，请重新框选。") % {"page": box.page}
            )
        page = unrotated_rect(document[box.page - 1])
        if (
            box.x0 < page.x0 - _EDGE
            or box.y0 < page.y0 - _EDGE
            or box.x1 > page.x1 + _EDGE
            or box.y1 > page.y1 + _EDGE
        ):
            raise RedactionError(
                _("第 %(page)s 页的遮盖框超出页面范围，请在页面内框选。") % {"page": box.page}
            )
        if not box.code or len(box.code) > 8:
            raise RedactionError(_("遮盖框缺少不予公开理由的代码。"))


def _label(page: pymupdf.Page, box: Box) -> None:
    rect = box.rect & unrotated_rect(page)
    size = min(_LABEL_SIZE, rect.height * 0.7, rect.width / max(len(box.code), 1) * 1.6)
    page.add_redact_annot(
        rect,
        text=box.code if size >= 3 else None,
        fontname="helv",
        fontsize=max(size, 1),
        align=pymupdf.TEXT_ALIGN_CENTER,
        fill=(0, 0, 0),
        text_color=(1, 1, 1),
        cross_out=False,
    )


def _drop_annotations(document: pymupdf.Document) -> None:
    """Drop every annotation, link and form field first: they may carry the text, and a
    redaction annotation already in the file must not be applied with ours."""
    for page in document:
        for widget in list(page.widgets()):
            page.delete_widget(widget)
        for annotation in list(page.annots()):
            page.delete_annot(annotation)
        for link in page.get_links():
            page.delete_link(link)


def _strip(document: pymupdf.Document, removed: list[str]) -> None:
    """Drop what could carry the removed text outside the pages' content."""
    document.set_metadata({})
    document.del_xml_metadata()
    for page in document:
        for key in ("Thumb", "PieceInfo", "AA", "Metadata"):
            if document.xref_get_key(page.xref, key)[0] != "null":
                document.xref_set_key(page.xref, key, "null")
    for name in document.embfile_names():
        document.embfile_del(name)
    catalog = document.pdf_catalog()
    # The structure tree goes too: its alternate and actual texts repeat the page's words.
    for key in ("AcroForm", "OpenAction", "AA", "Names/JavaScript", "Names/EmbeddedFiles",
                "PieceInfo", "Metadata", "StructTreeRoot", "MarkInfo"):
        if document.xref_get_key(catalog, key)[0] != "null":
            document.xref_set_key(catalog, key, "null")
    for xref in range(1, document.xref_length()):
        if document.xref_get_key(xref, "S")[1] == "/JavaScript":
            document.update_object(xref, "<<>>")
    words = sorted({w for w in removed if w}, key=len, reverse=True)
    toc = document.get_toc(simple=False)
    if words and toc:
        for entry in toc:
            for word in words:
                entry[1] = entry[1].replace(word, "■" * len(word))
        document.set_toc(toc)


def _jpeg_images(page: pymupdf.Page) -> dict[int, tuple[int, int, bytes]]:
    """The page's JPEG images (photos, most scans): xref → (width, height, JPEG bytes)."""
    document = page.parent
    return {
        xref: (width, height, document.xref_stream_raw(xref))
        for xref, smask, width, height, *_rest, encoding, _referencer in page.get_images(full=True)
        if encoding == "DCTDecode" and not smask
    }


def _back_to_jpeg(document: pymupdf.Document, page: pymupdf.Page, before: dict) -> None:
    """MuPDF stores an image whose pixels it blanked anew, losslessly and under a new name:
    a JPEG photo or scan would come back five to ten times larger. Store such a new image,
    of the size of a JPEG the page no longer shows, as a JPEG again with the original's
    quantisation tables and chroma subsampling (so its quality and about its size)."""
    images = page.get_images(full=True)
    shown = {image[0] for image in images}
    gone = [entry for xref, entry in before.items() if xref not in shown]
    for xref, _smask, width, height, *_rest, encoding, _referencer in images:
        if xref in before or encoding == "DCTDecode":
            continue
        original = next((entry for entry in gone if entry[:2] == (width, height)), None)
        if original is None:
            continue
        gone.remove(original)
        pixels = pymupdf.Pixmap(document, xref)
        if pixels.alpha or pixels.colorspace is None or pixels.colorspace.n not in (1, 3):
            continue
        mode = "L" if pixels.colorspace.n == 1 else "RGB"
        image = Image.frombytes(mode, (pixels.width, pixels.height), pixels.samples)
        buffer = io.BytesIO()
        try:
            with Image.open(io.BytesIO(original[2])) as source:
                if source.mode != mode:
                    raise ValueError(source.mode)
                image.save(buffer, "JPEG", qtables=source.quantization,
                           subsampling=JpegImagePlugin.get_sampling(source), optimize=True)
        except (OSError, ValueError, TypeError):
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
        page.replace_image(xref, stream=buffer.getvalue())


def _text_under(page: pymupdf.Page, boxes: list[Box]) -> list[str]:
    """The words under each box: the runs of characters whose middle lies inside it."""
    rects = [box.rect for box in boxes]
    words: list[str] = []
    for line in page_lines(page):
        run = ""
        for char, (x0, y0, x1, y1) in line.chars:
            middle = pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2)
            if not char.isspace() and any(middle in rect for rect in rects):
                run += char
            elif run:
                words.append(run)
                run = ""
        if run:
            words.append(run)
    return words


def apply_redactions(pdf: bytes, boxes: Iterable[Box]) -> bytes:
    """The PDF of ``pdf`` with every box withheld and labelled with its code.

    Raises ``RedactionError`` (nothing is made) for a file that is no PDF, is broken or
    encrypted, and for a box on a page that does not exist, with no area, or off the page.
    """
    boxes = list(boxes)
    with PYMUPDF_LOCK:
        return _apply(pdf, boxes)


def _apply(pdf: bytes, boxes: list[Box]) -> bytes:
    document = open_pdf(pdf)
    try:
        _validate(document, boxes)
        _drop_annotations(document)
        # The words removed are looked for in the bookmarks: only read them if there are any.
        has_outline = bool(document.get_toc())
        removed: list[str] = []
        pages = sorted({box.page for box in boxes})
        for number in pages:
            page = document[number - 1]
            on_page = [box for box in boxes if box.page == number]
            if has_outline:
                removed.extend(_text_under(page, on_page))
            for box in on_page:
                _label(page, box)
            jpegs = _jpeg_images(page)
            page.apply_redactions(
                images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
                text=pymupdf.PDF_REDACT_TEXT_REMOVE,
            )
            _back_to_jpeg(document, page, jpegs)
        _strip(document, removed)
        return document.tobytes(garbage=4, deflate=True, use_objstms=1)
    finally:
        document.close()
