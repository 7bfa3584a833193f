"""Documents the demo's handlers find for a request: an on-site inspection record typeset as
the bureau's own PDF, and a paper notice scanned at 300 dpi (an image without text, which
the upload recognises). Both carry what a partial disclosure withholds: natural persons'
names, a resident ID number, mobile and landline numbers, an e-mail address."""

from __future__ import annotations

import io
import subprocess

from django.utils.html import escape

from letters.rendering import html_to_pdf

#: The natural persons the demo's handler lists for the suggestions.
PERSONS = ("陈建华", "林美玲")

_INSPECTION = [
    ("检查时间", "2025年4月17日9时30分至11时20分"),
    ("检查地点", "莆田市涵江区江口镇永兴路28号（涵江区永兴电镀有限公司）"),
    ("被检查单位", "涵江区永兴电镀有限公司"),
    ("法定代表人", "陈建华（居民身份证号码350302197803151234，手机13905941234）"),
    ("现场负责人", "林美玲（电话0594-3396127，电子邮箱linml@yongxing-plating.example.cn）"),
    ("检查人员", "市环境监察支队郑志明、黄丽娟（执法证号350300202100123、350300202100145）"),
]
_FINDINGS = [
    "一、该公司镀锌生产线正在生产，配套的含铬废水处理设施正常运行，在线监测设备运行正常。",
    "二、现场检查发现，镀镍车间东侧的收集槽有破损，部分含镍废水经雨水沟外排，"
    "雨水排放口取样监测总镍浓度为1.85毫克/升，超过《电镀污染物排放标准》（GB 21900-2008）"
    "表2规定的限值0.5毫克/升。",
    "三、危险废物贮存间已设置标识，台账记录至2025年4月15日，电镀污泥约3.2吨待转移。",
    "四、现场负责人林美玲对上述情况无异议，并在笔录上签字确认。",
]


def inspection_record_pdf() -> bytes:
    """现场检查（勘察）笔录: two pages of running text and a table, typeset by WeasyPrint."""
    rows = "".join(
        f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in _INSPECTION
    )
    findings = "".join(f"<p>{escape(p)}</p>" for p in _FINDINGS * 3)
    html = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 30mm 25mm; @bottom-center {{ content: "第 " counter(page) " 页"; font-size: 9pt; }} }}
body {{ font-family: "Noto Serif CJK SC"; font-size: 12pt; line-height: 1.8; }}
h1 {{ font-size: 20pt; text-align: center; margin: 0 0 6mm; }}
table {{ width: 100%; border-collapse: collapse; margin-bottom: 6mm; }}
th, td {{ border: 0.8pt solid #000; padding: 2mm 3mm; text-align: left; vertical-align: top; }}
th {{ width: 28mm; font-weight: normal; }}
p {{ text-indent: 2em; margin: 0 0 2mm; }}
.sign {{ margin-top: 10mm; text-align: right; }}
</style></head><body>
<h1>现场检查（勘察）笔录</h1>
<table>{rows}</table>
<p><b>检查情况：</b></p>{findings}
<p class="sign">被检查单位现场负责人（签字）：林美玲　　检查人员（签字）：郑志明　黄丽娟</p>
</body></html>"""
    return html_to_pdf(html)


_NOTICE = [
    "责令改正违法行为决定书",
    "莆环责改〔2025〕37号",
    "涵江区永兴电镀有限公司：",
    "经查，你单位镀镍车间收集槽破损，",
    "含镍废水经雨水沟外排，总镍浓度超标。",
    "责令你单位自收到本决定书之日起",
    "十五日内改正上述违法行为。",
    "联系人：陈建华 13905941234",
    "莆田市生态环境局",
    "2025年4月21日",
]


def scanned_notice_png() -> bytes:
    """A one-page paper notice as a scanner gives it: a 300 dpi greyscale picture, slightly
    askew, with no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True,
        check=True,
    ).stdout.strip()
    width, height = 2480, 3508  # A4 at 300 dpi
    sheet = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(sheet)
    title = ImageFont.truetype(font_path, 84)
    body = ImageFont.truetype(font_path, 62)
    y = 360
    for n, line in enumerate(_NOTICE):
        font = title if n == 0 else body
        box = draw.textbbox((0, 0), line, font=font)
        x = (width - (box[2] - box[0])) // 2 if n in (0, 1) else 300
        if n >= len(_NOTICE) - 2:
            x = width - 300 - (box[2] - box[0])
        draw.text((x, y), line, font=font, fill=20)
        y += 150 if n else 200
    sheet = sheet.rotate(0.6, fillcolor=250, resample=Image.Resampling.BICUBIC)
    out = io.BytesIO()
    sheet.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()
