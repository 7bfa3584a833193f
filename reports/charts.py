"""Charts as inline SVG, rendered on the server (no JavaScript, no CDN; prints as drawn).

Each bar is a link (``<a href>``) to the drill-down list of the requests behind it, and
carries a ``<title>`` so screen readers and hover tooltips give the figure.
"""

from __future__ import annotations

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


def bar_chart(
    bars: list[Bar], *, series: tuple[str, ...], title: str, unit: str = ""
) -> SafeString:
    """Grouped vertical bars with a y axis of four gridlines and a legend."""
    plot_h = HEIGHT - BOTTOM - TOP
    top = _scale(max((v for b in bars for v in b.values), default=0))
    n = max(len(bars), 1)
    slot = (WIDTH - LEFT - 8) / n
    bar_w = max(min(slot * 0.8 / len(series), 36), 2)
    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg">',
            WIDTH, HEIGHT + 18 * (len(series) > 1), title,
        ),
        format_html("<title>{}</title>", title),
    ]
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
            '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>',
            LEFT, WIDTH - 4, f"{y:.1f}", f"{y:.1f}", LEFT - 4, f"{y + 4:.1f}",
            f"{value:g}",
        ))
    for index, bar in enumerate(bars):
        x0 = LEFT + slot * index + (slot - bar_w * len(series)) / 2
        for s, value in enumerate(bar.values):
            h = plot_h * (value / top) if top else 0
            x = x0 + s * bar_w
            rect = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                f"{x:.1f}", f"{TOP + plot_h - h:.1f}", f"{bar_w - 1:.1f}", f"{h:.1f}",
                COLOURS[s % len(COLOURS)],
                f"{bar.label} · {series[s]}: {value:g}{unit}",
            )
            href = bar.hrefs[s] if s < len(bar.hrefs) else ""
            parts.append(format_html('<a href="{}">{}</a>', href, rect) if href else rect)
        label = bar.label if len(bar.label) <= 6 else bar.label[:5] + "…"
        x_mid, y_label = LEFT + slot * index + slot / 2, HEIGHT - BOTTOM + 14
        if n > 12:  # many bars: slanted labels so they do not run into each other
            parts.append(format_html(
                '<text x="{}" y="{}" class="label" text-anchor="end" '
                'transform="rotate(-40 {} {})">{}</text>',
                f"{x_mid:.1f}", y_label - 4, f"{x_mid:.1f}", y_label - 4, label,
            ))
        else:
            parts.append(format_html(
                '<text x="{}" y="{}" class="label" text-anchor="middle">{}</text>',
                f"{x_mid:.1f}", y_label, label,
            ))
    if len(series) > 1:
        for s, name in enumerate(series):
            x = LEFT + s * 150
            parts.append(format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}" class="legend">{}</text>',
                x, HEIGHT - 14, COLOURS[s % len(COLOURS)], x + 16, HEIGHT - 3, name,
            ))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))

