"""The outcome code table and its annual-report rows (DESIGN.md §4)."""

import pytest

from requests.outcomes import (
    GROUP_LABELS,
    OUTCOME_RULES,
    REPORT_ROWS,
    Outcome,
    report_row_for,
    request_outcome,
)


def test_report_rows_carry_the_exact_statutory_labels():
    labels = [row.label for row in REPORT_ROWS]
    assert labels == [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]
    assert GROUP_LABELS["3"] == "（三）不予公开"
    assert GROUP_LABELS["7"] == "（七）总计"


def test_every_outcome_maps_to_a_row_and_every_row_is_reachable():
    assert set(OUTCOME_RULES) == set(Outcome)
    reached = {report_row_for(o).key for o in Outcome}
    assert reached == {row.key for row in REPORT_ROWS}


def test_not_this_organ_counts_as_not_held():
    assert report_row_for(Outcome.NOT_THIS_ORGAN).label == "1.本机关不掌握相关政府信息"
    assert report_row_for(Outcome.ALREADY_PUBLIC).label == "（一）予以公开"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([Outcome.PROVIDED], Outcome.PROVIDED),
        ([Outcome.PROVIDED, Outcome.ALREADY_PUBLIC], Outcome.PROVIDED),
        ([Outcome.PROVIDED, Outcome.REFUSED_STATE_SECRET], Outcome.PARTIAL),
        ([Outcome.ALREADY_PUBLIC, Outcome.NOT_HELD], Outcome.PARTIAL),
        ([Outcome.NOT_HELD, Outcome.REFUSED_THIRD_PARTY], Outcome.REFUSED_THIRD_PARTY),
        ([Outcome.NOT_OGI_PETITION, Outcome.NOT_HELD], Outcome.NOT_HELD),
    ],
)
def test_a_request_with_separately_decided_items_has_one_outcome(items, expected):
    assert request_outcome(items) == expected
