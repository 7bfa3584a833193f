"""Tables 三 and 四 of the annual report against counts the test keeps itself."""

from __future__ import annotations

import datetime
import random
from collections import Counter

import pytest

from reports.annual import (
    COLUMN_KEYS,
    COLUMN_LABELS,
    ROW_KEYS,
    TABLE3_TITLE,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_TITLE,
    annual_report,
)
from reports.models import RemedyCase, RemedyResult, RemedyType
from reports.services import remedy_case_conclude, remedy_case_record
from requests.choices import Status
from requests.models import DisclosureRequest
from requests.outcomes import Outcome
from tests.factories import OrganFactory

from .builders import (
    KINDS,
    LEAF_ROWS,
    Fact,
    Ledger,
    build_service_requests,
    bulk_requests,
    random_facts,
)

D = datetime.date.fromisoformat
YEARS = (2024, 2025, 2026)


def assert_table3_matches(report, expected: dict[str, Counter]) -> None:
    """Every cell of table 三 (every leaf, every kind, the totals) equals the ledger's."""
    for key in ("new", "carried_over", *LEAF_ROWS, "7", "carried_forward"):
        row = report.row(key)
        for kind in KINDS:
            assert row.value(kind) == expected[key][kind], (report.year, key, kind)
        assert row.total == sum(expected[key].values()), (report.year, key)


def assert_identity_holds(report) -> None:
    for check in report.identity:
        assert check.holds, (report.year, check)
        new, carried = report.row("new").value(check.column), report.row("carried_over").value(
            check.column
        )
        concluded, forward = report.row("7").value(check.column), report.row(
            "carried_forward"
        ).value(check.column)
        assert new + carried == concluded + forward == check.received == check.accounted
    assert report.identity_holds
    assert report.warnings == ()


@pytest.fixture
def ledger():
    return Ledger()


@pytest.fixture
def service_requests(organ, people, ledger):
    return build_service_requests(organ, people, ledger)


# ---- table 三 -----------------------------------------------------------------------------


def test_generated_years_count_every_leaf_of_table_3_and_the_identity_holds(
    organ, service_requests, ledger
):
    facts = random_facts(
        random.Random(20251231), 900, first=D("2023-06-01"), last=D("2026-11-20")
    )
    bulk_requests(organ, facts)
    for fact in facts:
        ledger.add(fact)
    assert DisclosureRequest.objects.count() == len(ledger.facts)

    for year in YEARS:
        report = annual_report(organ=organ, year=year)
        expected = ledger.expected(year)
        assert_table3_matches(report, expected)
        assert_identity_holds(report)
        # The data exercises what it should: carry-over both ways, every kind, many leaves.
        assert report.row("carried_over").total > 0
        assert report.row("carried_forward").total > 0
        assert all(report.row("new").value(kind) > 0 for kind in KINDS)
        assert sum(1 for key in LEAF_ROWS if report.row(key).total > 0) >= 18


def test_a_request_registered_in_december_2024_and_answered_in_january_2026(
    organ, people, ledger
):
    from .builders import Scenario

    Scenario(organ, people, ledger).replied(
        "natural_person", received="2024-12-16", replied="2026-01-07"
    )
    figures = {
        year: {
            key: annual_report(organ=organ, year=year).row(key).value("natural_person")
            for key in ("new", "carried_over", "1", "7", "carried_forward")
        }
        for year in YEARS
    }
    assert figures == {
        2024: {"new": 1, "carried_over": 0, "1": 0, "7": 0, "carried_forward": 1},
        2025: {"new": 0, "carried_over": 1, "1": 0, "7": 0, "carried_forward": 1},
        2026: {"new": 0, "carried_over": 1, "1": 1, "7": 1, "carried_forward": 0},
    }


def test_requests_through_the_services_are_counted_by_kind_outcome_and_dates(
    organ, service_requests, ledger
):
    report = annual_report(organ=organ, year=2025)
    assert_table3_matches(report, ledger.expected(2025))
    assert_identity_holds(report)
    # The hand-made cases, stated outright.
    assert report.row("6.1").value("commercial_enterprise") == 1  # no correction in time
    assert report.row("6.2").value("social_welfare_org") == 1  # fee not paid
    assert report.row("6.3").value("other_org") == 1  # withdrawn in 2025
    assert report.row("2").value("other_org") == 1  # provided + refused items: partial
    assert report.row("4.1").value("natural_person") == 1  # not this organ's
    assert report.row("1").value("legal_services_org") == 1  # on the spot
    assert report.row("new").total == 11
    assert report.row("carried_over").total == 1  # December 2024
    assert report.row("carried_forward").value("natural_person") == 2  # Dec 2024, Dec 2025
    assert report.row("carried_forward").total == 4  # and the two received 29/30 Dec 2025

    report_2026 = annual_report(organ=organ, year=2026)
    assert_table3_matches(report_2026, ledger.expected(2026))
    assert report_2026.row("6.3").value("research_institution") == 1  # withdrawn, archived
    assert report_2026.row("4.2").value("social_welfare_org") == 1
    # Open with a drafted outcome: counted as carried forward, not under its draft.
    assert report_2026.row("3.1").total == 0
    assert report_2026.row("carried_forward").value("other_org") == 1


def test_requests_never_registered_are_not_counted(organ, service_requests):
    unregistered = [service_requests["never_registered"], service_requests["withdrawn_unregistered"]]
    assert all(r.received_on is None for r in unregistered)
    report = annual_report(organ=organ, year=2025)
    # Neither the one still waiting nor the one withdrawn before registration.
    assert report.row("new").value("commercial_enterprise") == 1  # only the abandoned one
    assert report.row("6.3").value("natural_person") == 0


def test_other_organs_requests_are_not_counted(organ, service_requests, ledger):
    other = OrganFactory(
        code="XMHB", name="厦门市生态环境局", short_name="厦门市生态环境局",
        letter_number_prefix="厦环信公开",
    )
    bulk_requests(other, [Fact("natural_person", D("2025-03-01"), None, "")], number_prefix="XM")
    report = annual_report(organ=organ, year=2025)
    assert_table3_matches(report, ledger.expected(2025))
    assert annual_report(organ=other, year=2025).row("new").total == 1


def test_the_report_takes_two_queries_whatever_the_number_of_requests(
    organ, service_requests, django_assert_num_queries
):
    with django_assert_num_queries(2):
        small = annual_report(organ=organ, year=2025)
    bulk_requests(
        organ, random_facts(random.Random(7), 400, first=D("2024-01-01"), last=D("2025-12-31"))
    )
    with django_assert_num_queries(2):
        large = annual_report(organ=organ, year=2025)
    assert large.row("new").total > small.row("new").total


def test_a_concluded_request_without_outcome_breaks_the_identity_visibly(organ):
    bulk_requests(
        organ,
        [
            Fact("natural_person", D("2025-03-03"), D("2025-03-20"), Outcome.PROVIDED),
            Fact("research_institution", D("2025-04-01"), D("2025-04-20"), ""),
        ],
    )
    report = annual_report(organ=organ, year=2025)
    broken = {check.column for check in report.identity if not check.holds}
    assert broken == {"research_institution", "total"}
    assert not report.identity_holds
    assert any("勾稽关系不成立" in w and "科研机构" in w for w in report.warnings)
    assert any("答复结果为空" in w for w in report.warnings)
    data = report.as_dict()
    assert data["table3"]["identity_holds"] is False
    assert data["warnings"]


def test_a_conclusion_dated_before_the_receipt_is_reported(organ):
    bulk_requests(organ, [Fact("natural_person", D("2025-03-10"), D("2025-03-05"), Outcome.OTHER)])
    report = annual_report(organ=organ, year=2025)
    assert any("早于收到申请之日" in w for w in report.warnings)


def test_labels_are_the_statutory_ones_verbatim(organ):
    report = annual_report(organ=organ, year=2025)
    assert TABLE3_TITLE == "三、收到和处理政府信息公开申请情况"
    assert TABLE4_TITLE == "四、政府信息公开行政复议、行政诉讼情况"
    assert [COLUMN_LABELS[k] for k in COLUMN_KEYS] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    ]
    assert [row.key for row in report.rows] == list(ROW_KEYS)
    labels = [(row.group_label, row.label) for row in report.rows]
    assert labels[:2] == [
        ("", "一、本年新收政府信息公开申请数量"),
        ("", "二、上年结转政府信息公开申请数量"),
    ]
    assert labels[2] == ("（一）予以公开", "（一）予以公开")
    assert labels[3][0] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels[4] == ("（三）不予公开", "1.属于国家秘密")
    assert labels[12] == ("（四）无法提供", "1.本机关不掌握相关政府信息")
    assert labels[15] == ("（五）不予处理", "1.信访举报投诉类申请")
    assert labels[20] == (
        "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    )
    assert labels[22] == ("（六）其他处理", "3.其他")
    assert labels[23] == ("（七）总计", "（七）总计")
    assert labels[24] == ("", "四、结转下年度继续办理")
    assert [label for _key, label in TABLE4_GROUPS] == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert [label for _key, label in TABLE4_COLUMNS] == [
        "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
    ]


# ---- table 四 -----------------------------------------------------------------------------

T = RemedyType
R = RemedyResult


def expected_table4(cases: list[tuple], year: int) -> dict[str, dict[str, int]]:
    """The test's own count: a case counts in each year it was pending at some time, under
    its result at 31 December (尚未审结 if not decided by then)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    table = {t: dict.fromkeys([*R.values, "total"], 0) for t in T.values}
    for case_type, filed, concluded, result in cases:
        if filed > end or (concluded is not None and concluded < start):
            continue
        column = result if concluded is not None and concluded <= end else R.PENDING
        table[case_type][column] += 1
        table[case_type]["total"] += 1
    return table


def test_table_4_counts_every_cell_with_cases_across_year_ends(
    organ, people, service_requests, django_assert_num_queries
):
    request = service_requests["replied_2024"]  # submitted 2024-11-04
    entered: list[tuple] = [
        (T.RECONSIDERATION, D("2024-12-20"), D("2025-02-18"), R.UPHELD),  # across 2024/25
        (T.RECONSIDERATION, D("2025-01-10"), D("2025-03-01"), R.CORRECTED),
        (T.RECONSIDERATION, D("2025-03-05"), None, R.PENDING),
        (T.RECONSIDERATION, D("2025-11-20"), D("2026-01-15"), R.OTHER_RESULT),  # across 25/26
        (T.LITIGATION_DIRECT, D("2024-12-01"), D("2024-12-30"), R.UPHELD),  # 2024 only
        (T.LITIGATION_DIRECT, D("2025-06-01"), D("2025-09-01"), R.OTHER_RESULT),
        (T.LITIGATION_DIRECT, D("2025-06-02"), D("2025-12-31"), R.CORRECTED),
        (T.LITIGATION_DIRECT, D("2024-06-02"), None, R.PENDING),  # pending since 2024
        (T.LITIGATION_AFTER_RECONSIDERATION, D("2025-04-01"), D("2025-04-30"), R.UPHELD),
        (T.LITIGATION_AFTER_RECONSIDERATION, D("2025-12-31"), None, R.PENDING),
        (T.LITIGATION_AFTER_RECONSIDERATION, D("2026-01-02"), D("2026-02-02"), R.CORRECTED),
        (T.LITIGATION_AFTER_RECONSIDERATION, D("2023-03-01"), D("2023-09-01"), R.UPHELD),
    ]
    for case_type, filed, concluded, result in entered:
        # ``2024-06-02`` and ``2023-03-01`` precede the request's submission: those go in
        # through the ORM, the rest through the service (pending first, then concluded).
        if filed < D("2024-11-04"):
            RemedyCase.objects.create(
                organ=organ, request=request, case_type=case_type, filed_on=filed,
                result=result, concluded_on=concluded,
            )
            continue
        case = remedy_case_record(
            organ=organ, request=request, case_type=case_type, filed_on=filed,
            acting_user=people.registrar, case_number=f"案{filed:%Y%m%d}",
        )
        if concluded is not None:
            remedy_case_conclude(
                case=case, result=result, concluded_on=concluded, acting_user=people.registrar
            )
    rng = random.Random(44)
    bulk = []
    for _ in range(120):
        filed = D("2023-01-01") + datetime.timedelta(days=rng.randrange(1400))
        if rng.random() < 0.3:
            concluded, result = None, R.PENDING
        else:
            concluded = filed + datetime.timedelta(days=rng.randrange(400))
            result = rng.choice([R.UPHELD, R.CORRECTED, R.OTHER_RESULT])
        bulk.append((rng.choice(T.values), filed, concluded, result))
    RemedyCase.objects.bulk_create(
        RemedyCase(
            organ=organ, request=request, case_type=t, filed_on=f, concluded_on=c, result=r,
            case_number=f"批量{n}",
        )
        for n, (t, f, c, r) in enumerate(bulk)
    )
    cases = entered + bulk

    for year in (2023, *YEARS):
        with django_assert_num_queries(2):
            report = annual_report(organ=organ, year=year)
        assert report.table4 == expected_table4(cases, year), year

    # The hand-made cases alone, stated outright for 2025.
    hand = expected_table4(entered, 2025)
    assert hand[T.RECONSIDERATION] == {
        R.UPHELD: 1, R.CORRECTED: 1, R.OTHER_RESULT: 0, R.PENDING: 2, "total": 4,
    }
    assert hand[T.LITIGATION_DIRECT] == {
        R.UPHELD: 0, R.CORRECTED: 1, R.OTHER_RESULT: 1, R.PENDING: 1, "total": 3,
    }
    assert hand[T.LITIGATION_AFTER_RECONSIDERATION] == {
        R.UPHELD: 1, R.CORRECTED: 0, R.OTHER_RESULT: 0, R.PENDING: 1, "total": 2,
    }


def test_table_4_ignores_other_organs_cases(organ, people, service_requests):
    other = OrganFactory(
        code="XMHB", name="厦门市生态环境局", short_name="厦门市生态环境局",
        letter_number_prefix="厦环信公开",
    )
    bulk_requests(other, [Fact("natural_person", D("2025-03-01"), None, "")], number_prefix="XM")
    RemedyCase.objects.create(
        organ=other, request=DisclosureRequest.objects.get(organ=other),
        case_type=T.RECONSIDERATION, filed_on=D("2025-05-01"),
    )
    report = annual_report(organ=organ, year=2025)
    assert report.table4[T.RECONSIDERATION]["total"] == 0
    assert annual_report(organ=other, year=2025).table4[T.RECONSIDERATION][R.PENDING] == 1


def test_status_of_bulk_rows_is_what_the_services_would_leave(organ):
    """The bulk path writes statuses a service could have produced (sanity of the fixture)."""
    bulk_requests(
        organ, random_facts(random.Random(3), 200, first=D("2025-01-01"), last=D("2025-12-31"))
    )
    statuses = set(DisclosureRequest.objects.values_list("status", flat=True))
    assert Status.RECEIVED in statuses and Status.WITHDRAWN in statuses
    assert not DisclosureRequest.objects.filter(
        status__in=[Status.REPLIED], replied_on__isnull=True
    ).exists()
