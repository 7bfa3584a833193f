"""HTML in, PDF bytes out: the one renderer of the project (STYLE.md habit 6, step 3).

One ``FontConfiguration`` and one parsed house stylesheet serve the whole process; renders
take turns (Pango and fontconfig are not made for concurrent use of one configuration), so
a thread that waits here holds no database lock it would need. Nothing is fetched from
outside: a letter is made only of its HTML, the stylesheet and the installed fonts.

A render that fails, or that would print a missing-glyph box for any character, raises
``LetterRenderError`` with a message a person can act on; the caller's transaction then
rolls back the act that asked for the letter.
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .errors import LetterRenderError
from .fonts import font_overrides_css

STYLESHEET = Path(__file__).resolve().parent / "static" / "letters" / "letters.css"

logger = logging.getLogger(__name__)

_lock = threading.RLock()
_state: dict[str, object] = {}


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int


def _fetcher():
    """A URL fetcher that fetches nothing: letters embed nothing from outside, so a
    reference to a URL is a mistake (or an injection) to stop, not to follow."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise FatalURLFetchingError(str(url)[:200])

    return RefusingFetcher()


def _setup() -> dict:
    """The process-wide font configuration and house stylesheets, made on first use."""
    with _lock:
        return _setup_once()


def _setup_once() -> dict:
    if not _state:
        # WeasyPrint reports every step of every render (and of its own import) at INFO
        # level; keep its warnings only.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        fetcher = _fetcher()
        house = [
            CSS(string=STYLESHEET.read_text(encoding="utf-8"), font_config=font_config,
                url_fetcher=fetcher),
            CSS(string=font_overrides_css(), font_config=font_config, url_fetcher=fetcher),
        ]
        _state.update(font_config=font_config, house=house, fetcher=fetcher)
    return _state


def font_configuration():
    """The one ``FontConfiguration`` of this process."""
    return _setup()["font_config"]


def render(html: str, *, house_style: bool = True) -> RenderedPdf:
    """The PDF of ``html``: A4 pages as the stylesheet sets them, fonts embedded (subsets).

    ``house_style`` adds the shared letter stylesheet (``static/letters/letters.css``);
    documents with their own ``<style>`` (the annual report) pass ``False``.
    """
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # the Python package or Pango missing
        raise LetterRenderError(
            _("无法生成 PDF：排版组件 WeasyPrint 不可用（%(error)s）。请运行 scripts/setup 安装。")
            % {"error": exc}
        ) from exc
    with _lock:
        data, page_count, missing = _typeset(html, house_style=house_style)
    if missing:
        shown = "、".join(f"「{chr(cp)}」（U+{cp:04X}）" for cp in missing[:10])
        raise LetterRenderError(
            _("文书中的字符%(chars)s在已安装的字体中没有字形，无法正确显示，本次操作未生效。"
              "请安装包含该字符的字体，或修改相应文字后重试。") % {"chars": shown}
        )
    return RenderedPdf(data=data, page_count=page_count)


def _typeset(html: str, *, house_style: bool) -> tuple[bytes, int, list[int]]:
    """WeasyPrint's work, under the lock: the PDF bytes, the page count and the code points
    no font drew. A pure function of the HTML, the stylesheets and the installed fonts (the
    test suite keeps its results for documents it renders again: ``tests/conftest.py``)."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    state = _setup()
    try:
        document = HTML(string=html, url_fetcher=state["fetcher"]).render(
            font_config=state["font_config"],
            stylesheets=state["house"] if house_style else None,
        )
        buffer = io.BytesIO()
        document.write_pdf(buffer)
    except FatalURLFetchingError as exc:
        raise LetterRenderError(
            _("文书引用了外部资源（%(url)s），已拒绝加载，本次操作未生效。") % {"url": exc}
        ) from None
    except Exception as exc:
        logger.exception("letter rendering failed")
        raise LetterRenderError(
            _("文书 PDF 生成失败（%(error)s），本次操作未生效。请联系系统管理员。")
            % {"error": f"{type(exc).__name__}: {exc}"[:300]}
        ) from exc
    missing = sorted({cp for font in document.fonts.values() for cp in font.missing})
    return buffer.getvalue(), len(document.pages), missing


def html_to_pdf(html: str, *, house_style: bool = False) -> bytes:
    """PDF bytes of a document that brings its own ``<style>`` (e.g. the annual report)."""
    return render(html, house_style=house_style).data
