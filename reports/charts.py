"""Charts as inline SVG, rendered on the server (no JavaScript, no CDN; prints as drawn).

Each bar is a link (``<a href>``) to the drill-down list of the requests behind it, named
by ``aria-label`` and a ``<title>`` so screen readers and hover tooltips give the figure.
The ``<svg>`` is a labelled group, not an image: an image's children are presentational,
and a link inside one is an interactive element hidden inside another.

Labels are never cut: they wrap on several lines under their bar, are slanted when the
bars are too narrow, and the legend is placed under them; ``horizontal_bar_chart`` puts
long category names on the left of their bar, whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]  # one per series
    hrefs: tuple[str, ...] = ()


COLOURS = ("#1f5fa8", "#d9822b", "#3a8d5c", "#8a4fa3")
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 240, 44, 52, 16
PLOT_H = HEIGHT - BOTTOM - TOP
FONT = 11  # px, as in supervision.css
LINE = 13
LEGEND_H = 22
ROW_H = 18  # one bar of a horizontal chart


def text_width(text: str) -> float:
    """Width of ``text`` at ``FONT`` px: Chinese characters are square, Latin ones narrower."""
    return sum(FONT if ord(c) > 0x2E7F else FONT * 0.6 for c in text)


def wrap(text: str, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (a character never splits)."""
    lines, line = [], ""
    for char in text:
        if line and text_width(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line or not lines else lines


def _scale(maximum: float) -> float:
    if maximum <= 0:
        return 1
    # Gridline intervals that stay whole numbers and leave little empty room at the top.
    for interval in (1, 2, 3, 4, 5, 6, 8, *(
        step * magnitude for magnitude in (10, 100, 1000, 10000)
        for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5)
    )):
        if maximum <= interval * 4:
            return interval * 4
    return maximum


def _open(title: str, width: float, height: float) -> list:
    return [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="group" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg">',
            f"{width:g}", f"{height:g}", title,
        ),
        format_html("<title>{}</title>", title),
    ]


def _bar(bar: Bar, s: int, name: str, value: float, unit: str, x, y, w, h):
    tip = f"{bar.label} · {name}: {value:g}{unit}"
    rect = format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        f"{x:.1f}", f"{y:.1f}", f"{w:.1f}", f"{h:.1f}", COLOURS[s % len(COLOURS)], tip,
    )
    href = bar.hrefs[s] if s < len(bar.hrefs) else ""
    return format_html('<a href="{}" aria-label="{}">{}</a>', href, tip, rect) if href else rect


def _legend(series: tuple[str, ...], x0: float, y: float) -> tuple[list, float]:
    """The legend from ``(x0, y)`` on, wrapping to a new row at the chart's edge; its height."""
    parts, x = [], x0
    for s, name in enumerate(series):
        width = 16 + text_width(name) + 24
        if x > x0 and x + width > WIDTH:
            x, y = x0, y + LEGEND_H
        parts.append(format_html(
            '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
            '<text x="{}" y="{}" class="legend">{}</text>',
            f"{x:g}", f"{y:g}", COLOURS[s % len(COLOURS)], f"{x + 16:g}", f"{y + 11:g}", name,
        ))
        x += width
    return parts, y + LEGEND_H


def bar_chart(
    bars: list[Bar], *, series: tuple[str, ...], title: str, unit: str = ""
) -> SafeString:
    """Grouped vertical bars with a y axis of four gridlines and a legend."""
    top = _scale(max((v for b in bars for v in b.values), default=0))
    n = max(len(bars), 1)
    slot = (WIDTH - LEFT - 8) / n
    bar_w = max(min(slot * 0.8 / len(series), 36), 2)
    wrapped = [wrap(b.label, slot - 4) for b in bars]
    # Slanted when wrapping would break a label into more than three lines.
    slanted = any(len(lines) > 3 for lines in wrapped)
    base = TOP + PLOT_H
    if slanted:
        longest = max((text_width(b.label) for b in bars), default=0)
        labels_h = longest * math.sin(math.radians(40)) + LINE + 6
    else:
        labels_h = max((len(lines) for lines in wrapped), default=1) * LINE + 8
    legend_y = base + labels_h + 6
    body = []
    for i in range(5):
        value = top * i / 4
        y = base - PLOT_H * i / 4
        body.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
            '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>',
            LEFT, WIDTH - 4, f"{y:.1f}", f"{y:.1f}", LEFT - 4, f"{y + 4:.1f}", f"{value:g}",
        ))
    for index, bar in enumerate(bars):
        x0 = LEFT + slot * index + (slot - bar_w * len(series)) / 2
        for s, value in enumerate(bar.values):
            h = PLOT_H * (value / top) if top else 0
            body.append(_bar(bar, s, series[s], value, unit,
                             x0 + s * bar_w, base - h, bar_w - 1, h))
        x_mid = LEFT + slot * index + slot / 2
        if slanted:
            y = base + 12
            body.append(format_html(
                '<text x="{}" y="{}" class="label" text-anchor="end" '
                'transform="rotate(-40 {} {})">{}</text>',
                f"{x_mid + 4:.1f}", y, f"{x_mid + 4:.1f}", y, bar.label,
            ))
        else:
            lines = mark_safe("".join(
                str(format_html('<tspan x="{}" dy="{}">{}</tspan>',
                                f"{x_mid:.1f}", 0 if k == 0 else LINE, line))
                for k, line in enumerate(wrapped[index])
            ))
            body.append(format_html(
                '<text x="{}" y="{}" class="label" text-anchor="middle">{}</text>',
                f"{x_mid:.1f}", base + 14, lines,
            ))
    height = legend_y
    if len(series) > 1:
        legend, height = _legend(series, LEFT, legend_y)
        body.extend(legend)
    shift = 0.0
    if slanted and bars:
        first = LEFT + slot / 2 + 4 - text_width(bars[0].label) * math.cos(math.radians(40))
        shift = max(0.0, -first + 4)
    parts = _open(title, WIDTH + shift, height)
    if shift:
        parts.append(format_html('<g transform="translate({} 0)">', f"{shift:.1f}"))
    parts.extend(body)
    if shift:
        parts.append(mark_safe("</g>"))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def horizontal_bar_chart(
    bars: list[Bar], *, series: tuple[str, ...], title: str, unit: str = ""
) -> SafeString:
    """One horizontal bar per category, its whole name on the left: for many long names."""
    top = _scale(max((v for b in bars for v in b.values), default=0))
    label_w = min(max((text_width(b.label) for b in bars), default=0) + 8, WIDTH * 0.55)
    wrapped = [wrap(b.label, label_w - 8) for b in bars]
    left, right = label_w, WIDTH - 24
    plot_w = right - left
    rows = [max(ROW_H, len(lines) * LINE + 5) for lines in wrapped]
    base = TOP + sum(rows)
    body = []
    for i in range(5):
        x = left + plot_w * i / 4
        body.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
            '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
            f"{x:.1f}", f"{x:.1f}", TOP, f"{base:.1f}", f"{x:.1f}", f"{base + 14:.1f}",
            f"{top * i / 4:g}",
        ))
    y = TOP
    for bar, lines, row in zip(bars, wrapped, rows, strict=True):
        for s, value in enumerate(bar.values):
            w = plot_w * (value / top) if top else 0
            h = (row - 4) / len(bar.values)
            body.append(_bar(bar, s, series[s], value, unit, left, y + 2 + s * h, w, h))
        first = y + row / 2 + 4 - (len(lines) - 1) * LINE / 2
        spans = mark_safe("".join(
            str(format_html('<tspan x="{}" dy="{}">{}</tspan>',
                            f"{left - 6:.1f}", 0 if k == 0 else LINE, line))
            for k, line in enumerate(lines)
        ))
        body.append(format_html(
            '<text x="{}" y="{}" class="label" text-anchor="end">{}</text>',
            f"{left - 6:.1f}", f"{first:.1f}", spans,
        ))
        y += row
    height = base + 24
    if len(series) > 1:
        legend, height = _legend(series, left, height)
        body.extend(legend)
    parts = [*_open(title, WIDTH, height), *body, mark_safe("</svg>")]
    return mark_safe("".join(str(p) for p in parts))
