"""The suite's keeping of typeset documents (``tests/typesetting.py``) gives back what
WeasyPrint made of the same HTML, shares it through ``OGI_TEST_PDF_CACHE``, and never keeps
a render that failed."""

import pytest

from letters import rendering
from letters.errors import LetterRenderError
from tests import typesetting

PAGE = "<html lang='zh-CN'><body><p>莆田市生态环境局政府信息公开申请登记回执{n}</p></body></html>"


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """Typesetting kept in ``tmp_path``, over a WeasyPrint whose calls are counted."""
    calls = []
    weasyprint = rendering._typeset

    def counting(html, *, house_style):
        calls.append(html)
        return weasyprint(html, house_style=house_style)

    monkeypatch.setenv(typesetting.DIRECTORY, str(tmp_path))
    monkeypatch.setattr(rendering, "_typeset", counting)
    undo = typesetting.typesetting_kept()
    yield calls
    undo()


def test_a_document_rendered_again_is_what_weasyprint_made_of_it(counted):
    html = PAGE.format(n="（一）")
    first = rendering.render(html)
    again = rendering.render(html)
    assert counted == [html]
    assert again == first and first.data.startswith(b"%PDF") and first.page_count == 1
    rendering.render(PAGE.format(n="（二）"))
    assert len(counted) == 2


def test_another_worker_finds_it_in_the_shared_directory(counted, tmp_path):
    html = PAGE.format(n="（三）")
    first = rendering.render(html)
    assert len(list(tmp_path.glob("*.pdf"))) == 1
    other_worker = typesetting.typesetting_kept()  # a process of its own: nothing in memory
    try:
        assert rendering.render(html) == first
    finally:
        other_worker()
    assert counted == [html]


def test_a_render_that_fails_fails_again(counted, tmp_path):
    html = '<p>x</p><img src="http://169.254.169.254/latest/meta-data">'
    for _attempt in range(2):
        with pytest.raises(LetterRenderError):
            rendering.render(html)
    assert counted == [html, html] and not list(tmp_path.glob("*.pdf"))
