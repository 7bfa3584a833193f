"""Realistic documents for the redaction tests: a letter rendered by WeasyPrint with the
project's fonts (a table with vector borders, an embedded PNG photo), and a scan — Chinese
text drawn at 300 dpi, made a PDF and OCR'd with OCRmyPDF as uploads are."""

from __future__ import annotations

import base64
import functools
import io
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Valid resident ID numbers (GB 11643 check digit), one ending in X, and one whose check
# digit is wrong.
ID_ZHANG = "350302199001011239"
ID_LI = "11010519491231002X"
ID_SPLIT = "350322198511204568"
ID_BAD_CHECK = "350302199001011236"
CARD = "6222020012345678903"  # Luhn-valid, printed in groups of four
CARD_PRINTED = "6222 0200 1234 5678 903"
CARD_BAD_LUHN = "6222020012345678904"
ORDER_NO = "2110101198001010010"  # 19 digits holding a valid ID number: an order number
MOBILE_SPACED = "138 0000 0000"
MOBILE_HYPHENS = "139-5000-1234"
MOBILE_TABLE = "13912345678"
LANDLINE = "0594-2281234转8012"
LANDLINE_PARENS = "（010）62345678"
MOBILE_FULL_WIDTH = "１３６０５９４１２３４"  # as some official documents print it
EMAIL = "zhangwei@example.com"
EMAIL_2 = "li.na@putian-eco.gov.cn"
EMAIL_SPLIT = "xinfang-office@putian-ecology-bureau.gov.cn"  # wraps in a narrow column
NAMES = ["张伟", "李娜", "王芳"]

PHOTO_SIZE = (200, 120)
PHOTO_RED = (200, 60, 60)
PHOTO_BLUE = (20, 120, 220)


def photo_png() -> bytes:
    """A 200×120 photo stand-in: red with a blue block in the middle (50..150, 30..90)."""
    image = Image.new("RGB", PHOTO_SIZE, PHOTO_RED)
    ImageDraw.Draw(image).rectangle((50, 30, 150, 90), fill=PHOTO_BLUE)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _letter_html() -> str:
    photo = base64.b64encode(photo_png()).decode()
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 25mm }}
body {{ font-family: "Noto Serif CJK SC"; font-size: 12pt; line-height: 1.6 }}
table {{ border-collapse: collapse; margin: 6pt 0 }}
td {{ border: 1px solid black; padding: 4px 6px }}
.narrow {{ width: 8em; overflow-wrap: anywhere }}
.names {{ width: 10em }}
.mid {{ width: 16em; overflow-wrap: anywhere }}
</style></head><body>
<h1>莆田市生态环境局信访件办理情况报告</h1>
<p>信访人张伟（身份证号码{ID_ZHANG}）反映，荔城区某企业夜间排放废气。联系电话{MOBILE_SPACED}，
固定电话{LANDLINE}，邮箱{EMAIL}。</p>
<p>来访人手机：{MOBILE_FULL_WIDTH}。另一号码{ID_BAD_CHECK}经核对有误；订单号{ORDER_NO}；退款卡号{CARD_BAD_LUHN}。</p>
<p class="narrow">第二信访人身份证号码为{ID_SPLIT}，请核实。</p>
<p class="mid">信访办邮箱{EMAIL_SPLIT}</p>
<p class="names">经办人员复核后确认李娜同志已到场，身份证号码{ID_LI}。</p>
<table>
<tr><td>姓名</td><td>王芳</td><td>手机</td><td>{MOBILE_TABLE}</td></tr>
<tr><td>银行卡</td><td>{CARD_PRINTED}</td><td>办公电话</td><td>{LANDLINE_PARENS}</td></tr>
<tr><td>备用手机</td><td>{MOBILE_HYPHENS}</td><td>邮箱</td><td>{EMAIL_2}</td></tr>
</table>
<p>现场照片：<img src="data:image/png;base64,{photo}" style="width:60mm"></p>
<p>经查，该企业已于2026年3月整改完毕，监测结果达标。</p>
</body></html>"""


@functools.cache
def letter_pdf() -> bytes:
    """The letter, once per process."""
    from weasyprint import HTML

    from letters.rendering import font_configuration

    return HTML(string=_letter_html()).write_pdf(font_config=font_configuration())


SCAN_LINES = [
    "莆田市生态环境局信访件办理情况",
    f"信访人张伟，身份证号码{ID_ZHANG}，",
    "联系电话13800000000，电子邮箱：zhangwei@example.com",
    "经查，该企业已于2026年3月整改完毕，李",
    f"娜同志负责复查。身份证号码{ID_LI[:14]}",
    f"{ID_LI[14:]}。监测结果达标。",
]


def scan_image() -> Image.Image:
    """An A4 page at 300 dpi with the lines above, and a rule below them."""
    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 42)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(SCAN_LINES):
        draw.text((250, 300 + 90 * number), line, font=font, fill=0)
    draw.line((250, 1000, 2200, 1000), fill=0, width=4)
    return image


@functools.cache
def scan_pdf() -> bytes:
    """The scan OCR'd by OCRmyPDF (chi_sim+eng), once per process."""
    import img2pdf
    import ocrmypdf

    buffer = io.BytesIO()
    scan_image().save(buffer, "PNG", dpi=(300, 300))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "scan.pdf"
        ocrmypdf.ocr(
            io.BytesIO(img2pdf.convert(buffer.getvalue())), out, language="chi_sim+eng",
            progress_bar=False, optimize=0,
        )
        return out.read_bytes()
