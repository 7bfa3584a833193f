"""The annual report as HTML (for the screen and the PDF) and as a PDF in the house style.

Building the context, rendering the HTML and producing the PDF bytes are separate steps
(STYLE.md), so the template is testable without WeasyPrint. The PDF bytes come from the
letters layer's renderer (``letters.rendering.html_to_pdf``), which owns the fonts, their
embedding and the glyph check; the template uses the letters' font stacks
(``letters.fonts``) and page-number style. Without it, ``annual_report_pdf`` refuses loudly instead of producing
something else.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from letters.fonts import STACKS, css_stack

from .annual import TABLE3_TITLE, TABLE4_TITLE, AnnualReport
from .annual_layout import table3_header, table3_rows, table4_header, table4_values

TEMPLATE = "reports/annual_report_pdf.html"

#: The letters layer's "HTML in, PDF bytes out" for documents with their own ``<style>``.
RENDERER_NAME = "html_to_pdf"


class PdfRendererUnavailableError(RuntimeError):
    """The letters layer offers no HTML-to-PDF renderer (yet)."""


def annual_report_context(report: AnnualReport) -> dict:
    """Everything the template needs; the font stacks are the letters' (``letters.fonts``)."""
    return {
        "font_body": css_stack(STACKS["body"]),
        "font_title": css_stack(STACKS["title"]),
        "font_heading": css_stack(STACKS["hei"]),
        "report": report,
        "table3_title": TABLE3_TITLE,
        "table3_header": table3_header(),
        "table3_rows": table3_rows(report),
        "table4_title": TABLE4_TITLE,
        "table4_header": table4_header(),
        "table4_values": table4_values(report),
        "identity": report.identity,
        "identity_holds": report.identity_holds,
        "warnings": report.warnings,
        "title": _("%(organ)s%(year)s年度政府信息公开工作年度报告（表三、表四）")
        % {"organ": report.organ_name, "year": report.year},
    }


def annual_report_html(report: AnnualReport) -> str:
    return render_to_string(TEMPLATE, annual_report_context(report))


def pdf_renderer() -> Callable[..., bytes]:
    """The letters layer's HTML-to-PDF function, or ``PdfRendererUnavailableError``."""
    try:
        rendering = importlib.import_module("letters.rendering")
    except ModuleNotFoundError as exc:
        if exc.name != "letters.rendering":
            raise
        rendering = None
    function = getattr(rendering, RENDERER_NAME, None)
    if callable(function):
        return function
    raise PdfRendererUnavailableError(
        _(
            "PDF 输出需要公文渲染模块（letters.rendering）提供的 HTML 转 PDF 功能，"
            "该模块尚未提供。请改用 --format json 或 --format xlsx。"
        )
    )


def annual_report_pdf(report: AnnualReport) -> bytes:
    """The PDF bytes of tables 三 and 四 in the letters' house style.

    Raises ``PdfRendererUnavailableError`` without the renderer, and the renderer's
    ``ValidationError`` (``letters.errors.LetterRenderError``) when rendering fails.
    """
    render = pdf_renderer()
    return render(annual_report_html(report))
