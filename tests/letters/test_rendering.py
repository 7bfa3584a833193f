"""The renderer: one font configuration, the GB/T 9704 page, fonts, loud failures."""

import re

import pytest

from letters import fonts, rendering
from letters.errors import LetterRenderError
from requests.errors import RequestActError
from tests.letters import pdfs

MM = 72 / 25.4  # points per millimetre

PAGE = """<!DOCTYPE html><html lang="zh-CN"><body class="letter">
<header class="letterhead"><div class="organ-mark">莆田市生态环境局</div>
<div class="red-rule red-rule-top"></div><div class="doc-number">莆环信公开〔2026〕1号</div></header>
<h1 class="title">莆田市生态环境局政府信息公开申请答复书</h1>
<p class="addressee">林志强：</p>
{body}
</body></html>"""


@pytest.fixture(scope="module")
def grid_pdf():
    body = "<p>" + "国" * 400 + "</p>" + "<p>" + "政" * 700 + "</p>"
    return rendering.render(PAGE.format(body=body))


def positions(data, page_index, sizes=None):
    """(x, y, text) of every text run on the page, in points from the bottom left; the font
    size in points of each text into ``sizes``."""
    runs = []
    sizes = {} if sizes is None else sizes

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x, y, text.strip()))
            sizes[text.strip()] = size * tm[0] * cm[0]

    pdfs.reader(data).pages[page_index].extract_text(visitor_text=visit)
    return runs


def test_one_font_configuration_serves_every_render():
    first = rendering.font_configuration()
    rendering.render("<p>一</p>")
    assert rendering.font_configuration() is first


def test_pages_are_a4_with_the_gb9704_text_block(grid_pdf):
    data = grid_pdf.data
    assert all(size == (595.28, 841.89) for size in pdfs.page_sizes(data))
    assert grid_pdf.page_count >= 3
    runs = [r for r in positions(data, 1) if r[2] and set(r[2]) <= {"国", "政"}]
    left = min(x for x, _y, _t in runs)
    assert left == pytest.approx(28 * MM, abs=0.5)  # left margin 28 mm
    lines = sorted({round(y, 1) for _x, y, _t in runs}, reverse=True)
    assert len(lines) == 22  # 22 lines a page
    pitch = (lines[0] - lines[-1]) / 21
    assert pitch == pytest.approx(225 / 22 * MM, abs=0.2)  # 225 mm / 22 lines
    top_of_block = 841.89 - 37 * MM
    assert top_of_block - lines[0] < pitch  # the first line sits in the first row


def test_title_22pt_body_16pt_organ_name_in_red_on_the_first_page(grid_pdf):
    sizes = {}
    positions(grid_pdf.data, 0, sizes)
    assert sizes["莆田市生态环境局政府信息公开申请答复书"] == pytest.approx(22, abs=0.1)
    assert sizes["林志强："] == pytest.approx(16, abs=0.1)
    red = b"0.901961 0 0.070588 rg"  # #e60012, the organ name and the rules
    pages = pdfs.reader(grid_pdf.data).pages
    assert red in pages[0].get_contents().get_data()
    assert red not in pages[1].get_contents().get_data()


def test_a_line_holds_28_characters(grid_pdf):
    text = pdfs.raw_text(grid_pdf.data)
    lengths = [len(line) for line in text.splitlines() if line and set(line) == {"政"}]
    assert max(lengths) == 28
    assert lengths.count(28) >= 20


def test_page_numbers_from_page_two_as_dash_n_dash(grid_pdf):
    pages = [page.extract_text() for page in pdfs.reader(grid_pdf.data).pages]
    assert not re.search(r"—\s*1\s*—", pages[0])
    assert re.search(r"—\s*2\s*—", pages[1]) and re.search(r"—\s*3\s*—", pages[2])
    even = [x for x, _y, t in positions(grid_pdf.data, 1) if re.fullmatch(r"—\s*2\s*—", t)]
    odd = [x for x, _y, t in positions(grid_pdf.data, 2) if re.fullmatch(r"—\s*3\s*—", t)]
    assert even[0] < 105 * MM < odd[0]  # even pages left, odd pages right


def test_fonts_are_embedded_and_cover_every_character(grid_pdf):
    pdfs.check_fonts(grid_pdf.data)
    names = {info.name for info in pdfs.fonts(grid_pdf.data)}
    assert any("Noto-Serif-CJK-SC" in name for name in names)


def test_a_character_no_font_has_is_refused_not_drawn_as_a_box():
    with pytest.raises(LetterRenderError, match="U\\+E000") as refused:
        rendering.render("<p>申请人姓名\ue000</p>")
    assert isinstance(refused.value, RequestActError)


def test_nothing_is_fetched_from_outside():
    with pytest.raises(LetterRenderError, match="外部资源"):
        rendering.render('<p>x</p><img src="http://169.254.169.254/latest/meta-data">')
    with pytest.raises(LetterRenderError, match="外部资源"):
        rendering.render('<p style="background: url(file:///etc/passwd)">x</p>')


def test_html_to_pdf_serves_documents_with_their_own_style():
    """The annual report (reports layer) brings its own <style>; no house style is added."""
    data = rendering.html_to_pdf(
        "<html lang='zh-CN'><style>@page { size: A4 landscape }</style><p>年度报告</p></html>"
    )
    assert pdfs.page_sizes(data) == [(841.89, 595.28)]
    assert "年度报告" in pdfs.text(data)


def test_official_faces_come_first_and_noto_is_the_fallback(monkeypatch):
    assert "noto serif cjk sc" in fonts.installed_families()
    choice = fonts.font_choice()
    assert choice.body in (*fonts.BODY_FACES, fonts.SERIF_FALLBACK)
    css = rendering.STYLESHEET.read_text()
    for face in (*fonts.BODY_FACES, *fonts.TITLE_FACES, *fonts.KAI_FACES):
        assert f'"{face}"' in css
    assert css.index('"仿宋_GB2312"') < css.index('"Noto Serif CJK SC"')

    fonts.font_choice.cache_clear()
    monkeypatch.setattr(fonts, "installed_families",
                        lambda: frozenset({"方正小标宋简体", "noto serif cjk sc"}))
    try:
        assert fonts.font_choice().title == "方正小标宋简体"
        assert "--title-weight: 400" in fonts.font_overrides_css()  # never a fake bold
    finally:
        monkeypatch.undo()
        fonts.font_choice.cache_clear()
    if not fonts.font_choice().title_is_official:
        assert "--title-weight: 700" in fonts.font_overrides_css()  # bold Noto instead
