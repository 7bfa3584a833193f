"""The statutory annual report (政府信息公开工作年度报告), tables 三 and 四.

Format of Guo Ban Gong Kai Ban Han [2021] No. 30 (DESIGN.md §4); the labels below are the
statutory text, verbatim, and are never translated.

Table 三 (收到和处理政府信息公开申请情况) counts requests by applicant kind (the six columns
of ``ApplicantKind``, plus 总计). Only requests with a receipt date count: a request never
registered (still ``received``, or withdrawn before registration) is not an application
the organ has received in the sense of Art. 31. For the year Y, with start = 1 January
and end = 31 December:

* 一、本年新收 — received (``received_on``, the Art. 31 receipt date) in Y;
* 二、上年结转 — received before Y and not concluded before Y starts;
* 三、本年度办理结果 — concluded (``concluded_on``) in Y, in the row of its outcome
  (``requests.outcomes.report_row_for``): a withdrawal is （六）3.其他, abandonment for no
  correction / no payment is （六）1 / （六）2; （七）总计 is the sum of the rows above it;
* 四、结转下年度继续办理 — received on or before the end of Y and not concluded by then.

So a request received in December 2024 and concluded in January 2026 is 一 and 四 of
2024, 二 and 四 of 2025, and 二 and 三 of 2026. Every registered request that was open at
some time in Y is in exactly one of 三 and 四 and in exactly one of 一 and 二, hence the
identity 一 + 二 = 三（七） + 四 in every column. The report checks it per column and
returns the check with the figures; a figure that breaks it (a concluded request without a
known outcome, a conclusion dated before the receipt) is reported, never dropped.

Everything is counted by the database: one aggregate query for table 三 (conditional
counts grouped by applicant kind) and one for table 四 (grouped by case type), whatever
the number of requests.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from requests.choices import ApplicantKind
from requests.clock import listed
from requests.models import DisclosureRequest, Organ
from requests.outcomes import GROUP_LABELS, REPORT_ROWS, Outcome, report_row_for

from .dashboard import COUNTED
from .models import RemedyCase, RemedyResult, RemedyType

# ---- statutory labels (verbatim, never translated) --------------------------------------

TABLE3_TITLE = "三、收到和处理政府信息公开申请情况"
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
NATURAL_PERSON_HEADER = "自然人"
ORGANISATION_HEADER = "法人或其他组织"
TOTAL_LABEL = "总计"
NEW_LABEL = "一、本年新收政府信息公开申请数量"
CARRIED_OVER_LABEL = "二、上年结转政府信息公开申请数量"
RESULTS_LABEL = "三、本年度办理结果"
CARRIED_FORWARD_LABEL = "四、结转下年度继续办理"

TABLE4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
RECONSIDERATION_HEADER = "行政复议"
LITIGATION_HEADER = "行政诉讼"
#: Table 四's column groups, in order, with their statutory headers.
TABLE4_GROUPS: tuple[tuple[str, str], ...] = (
    (RemedyType.RECONSIDERATION, "行政复议"),
    (RemedyType.LITIGATION_DIRECT, "未经复议直接起诉"),
    (RemedyType.LITIGATION_AFTER_RECONSIDERATION, "复议后起诉"),
)
#: Table 四's result columns within each group, in order; ``total`` is 总计.
TABLE4_COLUMNS: tuple[tuple[str, str], ...] = (
    (RemedyResult.UPHELD, "结果维持"),
    (RemedyResult.CORRECTED, "结果纠正"),
    (RemedyResult.OTHER_RESULT, "其他结果"),
    (RemedyResult.PENDING, "尚未审结"),
    ("total", "总计"),
)

#: Table 三's columns: the six applicant kinds in statutory order, then 总计.
KIND_COLUMNS: tuple[str, ...] = tuple(ApplicantKind.values)
COLUMN_KEYS: tuple[str, ...] = (*KIND_COLUMNS, "total")
COLUMN_LABELS: dict[str, str] = {
    ApplicantKind.NATURAL_PERSON: "自然人",
    ApplicantKind.COMMERCIAL_ENTERPRISE: "商业企业",
    ApplicantKind.RESEARCH_INSTITUTION: "科研机构",
    ApplicantKind.SOCIAL_WELFARE_ORG: "社会公益组织",
    ApplicantKind.LEGAL_SERVICES_ORG: "法律服务机构",
    ApplicantKind.OTHER_ORG: "其他",
    "total": TOTAL_LABEL,
}

#: Keys of table 三's rows, top to bottom.
NEW, CARRIED_OVER, RESULTS_TOTAL, CARRIED_FORWARD = "new", "carried_over", "7", "carried_forward"
RESULT_ROW_KEYS: tuple[str, ...] = tuple(row.key for row in REPORT_ROWS)
ROW_KEYS: tuple[str, ...] = (NEW, CARRIED_OVER, *RESULT_ROW_KEYS, RESULTS_TOTAL, CARRIED_FORWARD)


def outcomes_by_row() -> dict[str, tuple[str, ...]]:
    """Report row key → the outcome codes counted under it."""
    rows: dict[str, list[str]] = {key: [] for key in RESULT_ROW_KEYS}
    for outcome in Outcome:
        rows[report_row_for(outcome).key].append(outcome.value)
    return {key: tuple(values) for key, values in rows.items()}


# ---- the result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Table3Row:
    """One row of table 三: ``values`` has one count per key of ``COLUMN_KEYS``."""

    key: str
    section: str  # "一", "二", "三" or "四"
    group: str  # "1".."7" for the rows of 三, "" otherwise
    label: str
    values: tuple[int, ...]

    @property
    def group_label(self) -> str:
        return GROUP_LABELS.get(self.group, "")

    @property
    def total(self) -> int:
        return self.values[-1]

    def value(self, column: str) -> int:
        return self.values[COLUMN_KEYS.index(column)]


@dataclass(frozen=True)
class IdentityCheck:
    """一 + 二 = 三（七） + 四 for one column of table 三."""

    column: str
    received: int  # 一 + 二
    accounted: int  # 三（七） + 四

    @property
    def holds(self) -> bool:
        return self.received == self.accounted

    @property
    def label(self) -> str:
        """The column's name in the page's language (the check is not part of the
        statutory form, whose own headers stay verbatim)."""
        if self.column == "total":
            return _("总计")
        return str(ApplicantKind(self.column).label)


@dataclass(frozen=True)
class AnnualReport:
    organ_name: str
    organ_short_name: str
    year: int
    rows: tuple[Table3Row, ...]
    identity: tuple[IdentityCheck, ...]
    #: case type → result column (and ``total``) → number of cases
    table4: dict[str, dict[str, int]]
    #: Problems in the data that the figures reveal, for a person to resolve.
    warnings: tuple[str, ...] = ()

    @property
    def identity_holds(self) -> bool:
        return all(check.holds for check in self.identity)

    def row(self, key: str) -> Table3Row:
        return next(row for row in self.rows if row.key == key)

    def as_dict(self) -> dict:
        """A JSON-ready form with the statutory labels next to the codes."""
        return {
            "organ": self.organ_name,
            "organ_short_name": self.organ_short_name,
            "year": self.year,
            "table3": {
                "title": TABLE3_TITLE,
                "columns": [{"key": k, "label": COLUMN_LABELS[k]} for k in COLUMN_KEYS],
                "rows": [
                    {
                        "key": row.key,
                        "section": row.section,
                        "group": row.group,
                        "group_label": row.group_label,
                        "label": row.label,
                        "values": dict(zip(COLUMN_KEYS, row.values, strict=True)),
                    }
                    for row in self.rows
                ],
                "identity": [
                    {
                        "column": check.column,
                        "label": check.label,
                        "new_plus_carried_over": check.received,
                        "concluded_plus_carried_forward": check.accounted,
                        "holds": check.holds,
                    }
                    for check in self.identity
                ],
                "identity_holds": self.identity_holds,
            },
            "table4": {
                "title": TABLE4_TITLE,
                "groups": [
                    {
                        "key": key,
                        "label": label,
                        "values": {
                            column: self.table4[key][column] for column, _label in TABLE4_COLUMNS
                        },
                    }
                    for key, label in TABLE4_GROUPS
                ],
                "columns": [{"key": k, "label": label} for k, label in TABLE4_COLUMNS],
            },
            "warnings": list(self.warnings),
        }


# ---- the computation ------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _table3_aggregates(start: datetime.date, end: datetime.date) -> dict[str, Count]:
    concluded_in_year = Q(concluded_on__gte=start, concluded_on__lte=end)
    aggregates = {
        NEW: Count(COUNTED, filter=Q(received_on__gte=start)),
        CARRIED_OVER: Count(
            COUNTED,
            filter=Q(received_on__lt=start)
            & (Q(concluded_on__isnull=True) | Q(concluded_on__gte=start)),
        ),
        CARRIED_FORWARD: Count(
            COUNTED, filter=Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
        ),
        "concluded": Count(COUNTED, filter=concluded_in_year),
        "concluded_before_received": Count(
            COUNTED, filter=concluded_in_year & Q(concluded_on__lt=F("received_on"))
        ),
    }
    for key, outcomes in outcomes_by_row().items():
        aggregates[f"row_{key}"] = Count(COUNTED, filter=concluded_in_year & Q(outcome__in=outcomes))
    return aggregates


def _table3(organ: Organ, year: int) -> tuple[tuple[Table3Row, ...], tuple[str, ...]]:
    start, end = year_bounds(year)
    grouped = (
        DisclosureRequest.objects.filter(
            organ=organ, received_on__isnull=False, received_on__lte=end
        )
        .order_by()
        .values("applicant__kind")
        .annotate(**_table3_aggregates(start, end))
    )
    per_kind: dict[str, dict[str, int]] = {}
    warnings: list[str] = []
    for group in grouped:
        kind = group.pop("applicant__kind")
        if kind not in KIND_COLUMNS:
            warnings.append(
                _("有%(n)s件申请的申请人类型（%(kind)s）不属于年报的六类申请人，未计入表三。")
                % {"n": group[NEW] + group[CARRIED_OVER], "kind": kind}
            )
            continue
        per_kind[kind] = group

    def values(field: str) -> tuple[int, ...]:
        counts = [per_kind.get(kind, {}).get(field, 0) for kind in KIND_COLUMNS]
        return (*counts, sum(counts))

    rows = [
        Table3Row(NEW, "一", "", NEW_LABEL, values(NEW)),
        Table3Row(CARRIED_OVER, "二", "", CARRIED_OVER_LABEL, values(CARRIED_OVER)),
    ]
    leaf_rows = [
        Table3Row(row.key, "三", row.group, row.label, values(f"row_{row.key}"))
        for row in REPORT_ROWS
    ]
    rows += leaf_rows
    total = tuple(sum(column) for column in zip(*(r.values for r in leaf_rows), strict=True))
    rows.append(Table3Row(RESULTS_TOTAL, "三", "7", GROUP_LABELS["7"], total))
    rows.append(Table3Row(CARRIED_FORWARD, "四", "", CARRIED_FORWARD_LABEL, values(CARRIED_FORWARD)))

    concluded = values("concluded")
    unclassified = concluded[-1] - total[-1]
    if unclassified:
        warnings.append(
            _(
                "有%(n)s件申请在本年度办结，但答复结果为空或无法对应年报的办理结果栏目，"
                "未计入“三、本年度办理结果”，因此勾稽关系不成立。请补正这些申请的答复结果。"
            )
            % {"n": unclassified}
        )
    backwards = values("concluded_before_received")[-1]
    if backwards:
        warnings.append(
            _("有%(n)s件申请的办结日期早于收到申请之日，请核实。") % {"n": backwards}
        )
    return tuple(rows), tuple(warnings)


def _table4(organ: Organ, year: int) -> dict[str, dict[str, int]]:
    """Table 四: the organ's remedy cases that were pending at some time in the year.

    Reading of the statutory table (it gives columns, not a counting rule): a case counts in
    every year in which it was before the reconsideration body or court — filed on or
    before 31 December and not concluded before 1 January — under its result as it stood on
    31 December: 结果维持 / 结果纠正 / 其他结果 when concluded by then, 尚未审结 otherwise.
    This mirrors table 三 (上年结转 / 结转下年度): each case's result is reported exactly
    once, in the year it was decided, and a case still running at a year end shows in
    尚未审结, so no case decided after a year end is lost from every report (which is what
    counting only the cases filed in the year would do). The price: a case pending across a
    year end is in the 总计 of both years. A result recorded later never changes an
    earlier year's figures, because the year-end state is read from ``concluded_on``.

    Only the organ's own cases count (the case is linked to the organ's request): where the
    reconsideration body is co-defendant, the case is the original organ's, as the State
    Council OGI office answered in 2016.
    """
    start, end = year_bounds(year)
    decided_by_year_end = Q(concluded_on__isnull=False, concluded_on__lte=end)
    grouped = (
        RemedyCase.objects.filter(organ=organ, filed_on__lte=end)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=start))
        .order_by()
        .values("case_type")
        .annotate(
            **{
                RemedyResult.UPHELD: Count(
                    "pk", filter=decided_by_year_end & Q(result=RemedyResult.UPHELD)
                ),
                RemedyResult.CORRECTED: Count(
                    "pk", filter=decided_by_year_end & Q(result=RemedyResult.CORRECTED)
                ),
                RemedyResult.OTHER_RESULT: Count(
                    "pk", filter=decided_by_year_end & Q(result=RemedyResult.OTHER_RESULT)
                ),
                RemedyResult.PENDING: Count(
                    "pk", filter=Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
                ),
                "total": Count("pk"),
            }
        )
    )
    table: dict[str, dict[str, int]] = {
        case_type: {column: 0 for column, _label in TABLE4_COLUMNS}
        for case_type, _label in TABLE4_GROUPS
    }
    for group in grouped:
        case_type = group.pop("case_type")
        if case_type in table:
            table[case_type].update(group)
    return table


def annual_report(*, organ: Organ, year: int) -> AnnualReport:
    """Tables 三 and 四 of ``organ``'s annual report for ``year`` (two queries)."""
    rows, warnings = _table3(organ, year)
    identity = tuple(
        IdentityCheck(
            column=column,
            received=rows[0].values[i] + rows[1].values[i],
            accounted=rows[-2].values[i] + rows[-1].values[i],
        )
        for i, column in enumerate(COLUMN_KEYS)
    )
    if not all(check.holds for check in identity):
        broken = listed(check.label for check in identity if not check.holds)
        warnings = (
            _("勾稽关系不成立（%(columns)s）：第一项加第二项之和不等于第三项加第四项之和。")
            % {"columns": broken},
            *warnings,
        )
    return AnnualReport(
        organ_name=organ.name,
        organ_short_name=organ.short_name,
        year=year,
        rows=rows,
        identity=identity,
        table4=_table4(organ, year),
        warnings=warnings,
    )
