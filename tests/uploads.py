"""Files as people upload them — real ones and hostile ones — built small, in memory.

A real PDF (pypdf), a real DOCX and XLSX (zipfile, with their proper parts), a PNG and a
JPEG (Pillow); and the hostile kinds: an HTML page beginning with ``%PDF-``, an XLSX
carrying ``xl/evil.exe``, a ZIP bomb (a 200 MiB entry of zeros streamed through zipfile:
about 200 KiB on disk).
"""

from __future__ import annotations

import functools
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

MIB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    "{overrides}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{main}"/></Relationships>'
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _override(part: str, content_type: str) -> str:
    return f'<Override PartName="/{part}" ContentType="{content_type}"/>'


@functools.cache
def real_pdf() -> bytes:
    """A one-page A4 PDF, as a scanner or a word processor would produce."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "居民身份证扫描件"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


#: An HTML page that begins with the PDF signature.
FAKE_PDF = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
#: A PDF's skeleton with a catalogue but no page tree (no pages).
PAGELESS_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def zipped(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def real_docx(text: str = "申请公开莆田市2025年度环境影响评价报告书") -> bytes:
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    return zipped({
        "[Content_Types].xml": CONTENT_TYPES.format(
            overrides=_override("word/document.xml", DOCX_MAIN)),
        "_rels/.rels": ROOT_RELS.format(main="word/document.xml"),
        "word/document.xml": document,
    })


def xlsx_parts() -> dict[str, bytes | str]:
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return {
        "[Content_Types].xml": CONTENT_TYPES.format(overrides=(
            _override("xl/workbook.xml", XLSX_MAIN) + _override("xl/worksheets/sheet1.xml", SHEET)
        )),
        "_rels/.rels": ROOT_RELS.format(main="xl/workbook.xml"),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/worksheets/sheet1.xml": sheet,
    }


def real_xlsx() -> bytes:
    return zipped(xlsx_parts())


def xlsx_with_evil_exe() -> bytes:
    """A workbook with a Windows executable among its parts."""
    parts = xlsx_parts()
    parts["xl/evil.exe"] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    return zipped(parts)


@functools.cache
def zip_bomb(inflated: int = 200 * MIB) -> bytes:
    """A well-formed workbook whose sheet inflates to ``inflated`` bytes of zeros, streamed
    through zipfile (nothing that size is ever held in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in xlsx_parts().items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"\x00" * MIB
            for _ in range(inflated // MIB):
                sheet.write(block)
    return out.getvalue()


def lying_zip_bomb(inflated: int = 200 * MIB) -> bytes:
    """The zip bomb with its central directory claiming 4 KiB for the big entry."""
    data = bytearray(zip_bomb(inflated))
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_length] == name:
            data[at + 24:at + 28] = (4096).to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


@functools.cache
def real_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@functools.cache
def real_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 30, 200)).save(out, "JPEG")
    return out.getvalue()


#: The PNG signature followed by garbage.
BROKEN_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\xff" * 300


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
