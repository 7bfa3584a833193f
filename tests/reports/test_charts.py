"""The dashboard's charts: no interactive element inside another, labels whole."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reports import charts
from reports.charts import Bar, bar_chart

#: Roles whose children are presentational (WAI-ARIA): a link inside one is nested.
PRESENTATIONAL = {"img", "button", "link", "checkbox", "radio", "switch", "tab", "option",
                  "menuitem", "progressbar", "slider", "meter", "separator", "math"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class NestedInteractive(HTMLParser):
    """Collects each interactive element (or presentational-children role) that holds a
    focusable one: the faults axe-core's ``nested-interactive`` rule reports."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.nested: list[str] = []

    @staticmethod
    def interactive(tag, attrs) -> bool:
        return (
            (tag == "a" and "href" in attrs) or tag in ("button", "select", "textarea")
            or (tag == "input" and attrs.get("type") != "hidden")
            or ("tabindex" in attrs and attrs["tabindex"] != "-1")
        )

    def handle_starttag(self, tag, attrs_list):
        attrs = dict(attrs_list)
        mine = self.interactive(tag, attrs)
        container = mine or attrs.get("role") in PRESENTATIONAL
        if mine and any(outer for _t, outer in self.stack):
            outer = next(t for t, o in reversed(self.stack) if o)
            self.nested.append(f"<{tag}> inside <{outer}>")
        if tag not in VOID:
            self.stack.append((f"{tag} role={attrs.get('role')}" if attrs.get("role") else tag,
                               container))

    def handle_startendtag(self, tag, attrs_list):
        self.handle_starttag(tag, attrs_list)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0].split()[0] == tag:
                del self.stack[i:]
                break


def nested_interactive(html: str) -> list[str]:
    parser = NestedInteractive()
    parser.feed(html)
    return parser.nested


def test_the_checker_sees_a_link_inside_an_image():
    assert nested_interactive('<svg role="img"><a href="/x"><rect/></a></svg>') == [
        "<a> inside <svg role=img>"
    ]


def labels(chart: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'class="label"[^>]*>(.*?)</text>', chart)]


def test_labels_are_whole_and_above_the_legend():
    long = "不予公开：属于国家秘密的政府信息"
    steps = [long, "承办", "保密审查", "审签", "答复送达", "确认接收并登记申请"]
    chart = str(bar_chart([Bar(step, (3, 4), ("/a", "/b")) for step in steps],
                          series=("排队等待（中位数）", "办理（中位数）"), title="t"))
    assert labels(chart) == steps
    # The label's last line ends above the legend's first row.
    y = float(re.search(r'<text x="[^"]+" y="([^"]+)" class="label"', chart)[1])
    lines = len(re.findall(r"<tspan", chart.split("承办")[0]))  # the first label's lines
    assert lines > 1
    legend_top = float(re.search(r'<rect x="[^"]+" y="([^"]+)" width="12"', chart)[1])
    assert y + (lines - 1) * 13 + 3 < legend_top
    many = str(bar_chart([Bar(f"{long}{n}", (n,), ("/a",)) for n in range(26)],
                         series=("办结",), title="t"))
    assert labels(many) == [f"{long}{n}" for n in range(26)]
    horizontal = str(charts.horizontal_bar_chart([Bar(f"{long}{n}", (n,), ("/a",)) for n in range(26)],
                                          series=("办结",), title="t"))
    assert labels(horizontal) == [f"{long}{n}" for n in range(26)]
