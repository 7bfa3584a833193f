"""Records as an organ finds them, made for the tests: a report typed in Word (DOCX, the
legacy DOC and the same bytes as WPS Office writes them), a table of monitoring data
(XLSX with openpyxl, XLS and ODS, ODT), a text PDF, a scan drawn with Pillow in Noto Sans
CJK at 300 dpi (alone, as a JPEG photo, inside a PDF after a text page, as a two-page
TIFF), and the bad kinds: damaged, encrypted, with macros.

LibreOffice makes the office files, one run per format, the runs side by side; everything
is made once per test session (``documents`` fixture) and read as bytes.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC = 2  # the Simplified Chinese face in the collection

REPORT_TITLE = "莆田市生态环境局关于2025年第三季度木兰溪水质监测情况的通报"
REPORT = f"""<html><head><meta charset="utf-8"><title>{REPORT_TITLE}</title></head><body>
<h1>{REPORT_TITLE}</h1>
<p>各县（区）生态环境分局：</p>
<p>2025年第三季度，市环境监测中心站对木兰溪干流南门桥、濑溪、三江口三个断面开展水质监测，
现将监测情况通报如下。</p>
<table border="1"><tr><th>断面</th><th>化学需氧量（mg/L）</th><th>氨氮（mg/L）</th><th>水质类别</th></tr>
<tr><td>南门桥</td><td>12.3</td><td>0.45</td><td>Ⅲ类</td></tr>
<tr><td>濑溪</td><td>10.1</td><td>0.30</td><td>Ⅱ类</td></tr></table>
<p>联系人：陈雅琴，电话0594-2695001。</p>
</body></html>"""
DATA = "断面,化学需氧量（mg/L）,氨氮（mg/L）,水质类别\n南门桥,12.3,0.45,Ⅲ类\n濑溪,10.1,0.30,Ⅱ类\n"

SCAN_LINES = [
    "莆田市环境监测中心站",
    "2025年第三季度水质监测报告",
    "一、监测断面：木兰溪南门桥断面",
    "二、监测项目：化学需氧量、氨氮、总磷",
    "三、监测结论：达到功能区水质要求。",
]


def libreoffice(sources: list[Path], fmt: str, folder: Path, infilter: str = "") -> subprocess.Popen:
    """Start converting ``sources`` to ``fmt`` in ``folder`` (one LibreOffice run, its own
    profile)."""
    profile = folder / f"profile-{re.sub(r'[^a-z0-9]', '', fmt)}"
    command = ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", fmt, "--outdir", str(folder), *map(str, sources)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={"HOME": str(folder), "PATH": "/usr/bin:/bin"})


def scan_image(lines=SCAN_LINES, *, dpi: int = 300, width_mm: float = 210, height_mm: float = 148):
    """A page of typed Chinese as a scanner sees it: grey ground, black text, at ``dpi``."""
    width, height = round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi)
    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, round(dpi / 6), index=SC)  # about 12 pt
    y = round(dpi * 0.8)
    for line in lines:
        draw.text((round(dpi * 0.8), y), line, font=font, fill=10)
        y += round(dpi / 3.2)
    return image


def image_bytes(image: Image.Image, fmt: str, dpi: int = 300, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, dpi=(dpi, dpi), **options)
    return out.getvalue()


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF typed in a word processor: real text in the CJK font, one list of lines a page."""
    import pymupdf

    document = pymupdf.open()
    font = pymupdf.Font("cjk")  # Droid Sans Fallback, embedded (subset)
    for lines in pages:
        page = document.new_page(width=595, height=842)
        page.insert_font(fontname="cjk", fontbuffer=font.buffer)
        y = 90
        for line in lines:
            page.insert_text((72, y), line, fontname="cjk", fontsize=12)
            y += 22
    document.subset_fonts()
    return document.tobytes(garbage=3, deflate=True)


def mixed_pdf(scan: bytes) -> bytes:
    """A typed covering page followed by a scanned page (as a PDF of both)."""
    import pymupdf

    document = pymupdf.open("pdf", text_pdf([["附件：监测报告扫描件", "共一页"]]))
    image = pymupdf.open("png", scan)
    document.insert_pdf(pymupdf.open("pdf", image.convert_to_pdf()))
    return document.tobytes(garbage=3, deflate=True)


def encrypted_pdf(plain: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password="mima2025", owner_password="owner2025", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "监测数据"
    for row in DATA.strip().splitlines():
        sheet.append([float(c) if re.fullmatch(r"[\d.]+", c) else c for c in row.split(",")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def word_marked_encrypted(doc: bytes) -> bytes:
    """The Word file with its header's "encrypted" flag set, as Word writes a file with an
    opening password."""
    data = bytearray(doc)
    at = data.find(b"\xec\xa5", 512)  # the Word document stream's first bytes
    data[at + 11] |= 0x01  # FibBase flags, fEncrypted (bit 8 of the word at offset 10)
    return bytes(data)


def workbook_with_password_record(xls: bytes) -> bytes:
    """The Excel file with a FILEPASS record right after its BOF, as in a workbook with a
    password (the record that follows is overwritten; the check reads no further)."""
    data = bytearray(xls)
    at = data.find(b"\x09\x08\x10\x00\x00\x06")  # BIFF8 BOF of the workbook globals
    follow = at + 4 + 16
    data[follow:follow + 2] = (0x002F).to_bytes(2, "little")
    return bytes(data)


def repacked(package: bytes, *, replace: dict[str, bytes] | None = None,
             add: dict[str, bytes] | None = None) -> bytes:
    """An OpenDocument package with parts replaced or added (``mimetype`` stays first)."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = (replace or {}).get(info.filename, source.read(info))
            target.writestr(info, data)
        for name, data in (add or {}).items():
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def odt_with_password(odt: bytes) -> bytes:
    manifest = zipfile.ZipFile(io.BytesIO(odt)).read("META-INF/manifest.xml").decode()
    manifest = manifest.replace(
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
        'manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
        'manifest:initialisation-vector="x"/></manifest:encryption-data></manifest:file-entry>',
    )
    assert "encryption-data" in manifest
    return repacked(odt, replace={"META-INF/manifest.xml": manifest.encode()})


def make_documents(folder: Path) -> dict[str, bytes]:
    """Every document of the tests, by name."""
    report = folder / "通报.html"
    report.write_text(REPORT, encoding="utf-8")
    data = folder / "监测数据.csv"
    data.write_text(DATA, encoding="utf-8")
    csv = "CSV:44,34,76"  # comma, double quote, UTF-8
    runs = [
        libreoffice([report], "docx:MS Word 2007 XML", folder),
        libreoffice([report], "doc:MS Word 97", folder),
        libreoffice([report], "odt", folder),
        libreoffice([data], "xls:MS Excel 97", folder, csv),
        libreoffice([data], "ods", folder, csv),
    ]
    for run in runs:
        assert run.wait(timeout=180) == 0
    page = scan_image()
    small = scan_image(dpi=150, height_mm=105)
    tiff = io.BytesIO()
    small.save(tiff, "TIFF", save_all=True, dpi=(150, 150), compression="tiff_lzw",
               append_images=[scan_image(["第二页：监测断面示意图说明", "木兰溪南门桥断面位于城厢区"],
                                         dpi=150, height_mm=105)])
    png = image_bytes(page, "PNG")
    documents = {
        "docx": (folder / "通报.docx").read_bytes(),
        "doc": (folder / "通报.doc").read_bytes(),
        "odt": (folder / "通报.odt").read_bytes(),
        "xls": (folder / "监测数据.xls").read_bytes(),
        "ods": (folder / "监测数据.ods").read_bytes(),
        "xlsx": xlsx(),
        "pdf": text_pdf([[REPORT_TITLE, "各县（区）生态环境分局：", "现将监测情况通报如下。"],
                         ["联系人：陈雅琴，电话0594-2695001。"]]),
        "png": png,
        "jpeg": image_bytes(small.convert("RGB"), "JPEG", dpi=150, quality=90),
        "tiff": tiff.getvalue(),
        "mixed_pdf": mixed_pdf(png),
    }
    documents["encrypted_pdf"] = encrypted_pdf(documents["pdf"])
    documents["encrypted_doc"] = word_marked_encrypted(documents["doc"])
    documents["encrypted_xls"] = workbook_with_password_record(documents["xls"])
    documents["encrypted_odt"] = odt_with_password(documents["odt"])
    documents["macro_odt"] = repacked(documents["odt"], add={
        "Basic/Standard/Module1.xml": b'<?xml version="1.0"?><script:module/>'})
    documents["broken_docx"] = documents["docx"][: len(documents["docx"]) // 2]
    documents["broken_pdf"] = documents["pdf"][:200]
    return documents
