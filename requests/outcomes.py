"""The outcome taxonomy (DESIGN.md §4): one code table with the exact annual-report labels.

Every reply records one outcome. Several outcomes can share one report row (for example
"provided" and "already public" are both counted under （一）予以公开); ``report_row`` is the
key of that row in table 三 and ``report_label`` its label, verbatim from Guo Ban Gong Kai
Ban Han [2021] No. 30.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ReportRow:
    key: str
    group: str
    label: str


GROUP_LABELS = {
    "1": "（一）予以公开",
    "2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "3": "（三）不予公开",
    "4": "（四）无法提供",
    "5": "（五）不予处理",
    "6": "（六）其他处理",
    "7": "（七）总计",
}

#: The rows of 三、本年度办理结果 in their statutory order.
REPORT_ROWS = (
    ReportRow("1", "1", "（一）予以公开"),
    ReportRow("2", "2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ReportRow("3.1", "3", "1.属于国家秘密"),
    ReportRow("3.2", "3", "2.其他法律行政法规禁止公开"),
    ReportRow("3.3", "3", "3.危及“三安全一稳定”"),
    ReportRow("3.4", "3", "4.保护第三方合法权益"),
    ReportRow("3.5", "3", "5.属于三类内部事务信息"),
    ReportRow("3.6", "3", "6.属于四类过程性信息"),
    ReportRow("3.7", "3", "7.属于行政执法案卷"),
    ReportRow("3.8", "3", "8.属于行政查询事项"),
    ReportRow("4.1", "4", "1.本机关不掌握相关政府信息"),
    ReportRow("4.2", "4", "2.没有现成信息需要另行制作"),
    ReportRow("4.3", "4", "3.补正后申请内容仍不明确"),
    ReportRow("5.1", "5", "1.信访举报投诉类申请"),
    ReportRow("5.2", "5", "2.重复申请"),
    ReportRow("5.3", "5", "3.要求提供公开出版物"),
    ReportRow("5.4", "5", "4.无正当理由大量反复申请"),
    ReportRow("5.5", "5", "5.要求行政机关确认或重新出具已获取信息"),
    ReportRow(
        "6.1", "6", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    ),
    ReportRow(
        "6.2", "6", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    ),
    ReportRow("6.3", "6", "3.其他"),
)
REPORT_ROW_BY_KEY = {row.key: row for row in REPORT_ROWS}


class Outcome(models.TextChoices):
    """What a reply decided, one leaf of the annual report (with the article relied on)."""

    PROVIDED = "provided", _("予以公开（提供信息）")
    ALREADY_PUBLIC = "already_public", _("予以公开（已主动公开，告知获取途径）")
    PARTIAL = "partial", _("部分公开")
    REFUSED_STATE_SECRET = "refused_state_secret", _("不予公开：属于国家秘密")
    REFUSED_OTHER_LAW = "refused_other_law", _("不予公开：其他法律行政法规禁止公开")
    REFUSED_SECURITY_STABILITY = "refused_security_stability", _("不予公开：危及“三安全一稳定”")
    REFUSED_THIRD_PARTY = "refused_third_party", _("不予公开：保护第三方合法权益")
    REFUSED_INTERNAL_AFFAIRS = "refused_internal_affairs", _("不予公开：属于三类内部事务信息")
    REFUSED_PROCESS_INFORMATION = "refused_process_information", _("不予公开：属于四类过程性信息")
    REFUSED_ENFORCEMENT_FILE = "refused_enforcement_file", _("不予公开：属于行政执法案卷")
    REFUSED_ADMINISTRATIVE_QUERY = "refused_administrative_query", _("不予公开：属于行政查询事项")
    NOT_HELD = "not_held", _("无法提供：本机关不掌握相关政府信息")
    NOT_THIS_ORGAN = "not_this_organ", _("无法提供：不属于本机关负责公开")
    NEEDS_CREATION = "needs_creation", _("无法提供：没有现成信息需要另行制作")
    STILL_UNCLEAR = "still_unclear", _("无法提供：补正后申请内容仍不明确")
    NOT_OGI_PETITION = "not_ogi_petition", _("不予处理：信访举报投诉类申请")
    NOT_OGI_REPEAT = "not_ogi_repeat", _("不予处理：重复申请")
    NOT_OGI_PUBLICATION = "not_ogi_publication", _("不予处理：要求提供公开出版物")
    NOT_OGI_BULK = "not_ogi_bulk", _("不予处理：无正当理由大量反复申请")
    NOT_OGI_CONFIRMATION = "not_ogi_confirmation", _("不予处理：要求确认或重新出具已获取信息")
    NOT_OGI_REISSUE = "not_ogi_reissue", _("不予处理：要求重新出具已获取信息（需另行制作）")
    ABANDONED_NO_CORRECTION = "abandoned_no_correction", _("其他处理：逾期不补正")
    ABANDONED_NO_FEE = "abandoned_no_fee", _("其他处理：逾期未缴费")
    OTHER = "other", _("其他处理：其他（如撤回申请）")


class Remedy(models.TextChoices):
    """The route the law leaves against a decision (DESIGN.md §4, remedies line).

    * a refusal to disclose goes to reconsideration first (Administrative Reconsideration
      Law 2023, Art. 23(1)(4)), then to court;
    * most decisions: reconsideration (60 days) or litigation (6 months), as the applicant
      chooses;
    * refusing to supply publications or to create, compile or analyse information: the
      courts do not accept the case (SPC Provisions on OGI Cases 2011, Art. 2(二)(三)), so
      only reconsideration (Reconsideration Law Art. 11 covers all OGI work) is offered.
    """

    RECONSIDERATION_FIRST = "reconsideration_first", _("先申请行政复议，对复议决定不服再起诉")
    RECONSIDERATION_OR_LITIGATION = "reconsideration_or_litigation", _("行政复议或者行政诉讼")
    RECONSIDERATION_ONLY = "reconsideration_only", _("行政复议（人民法院不受理行政诉讼）")


@dataclass(frozen=True)
class OutcomeRule:
    report_row: str
    article: str
    #: For a partial disclosure: the route for the withheld part (the rest has the choice).
    remedy: str = Remedy.RECONSIDERATION_OR_LITIGATION


FIRST = Remedy.RECONSIDERATION_FIRST
ONLY = Remedy.RECONSIDERATION_ONLY

#: Outcome → annual-report row, the article of the Regulations relied on, and the remedy.
#: (requests/legal_basis.py states independently what each reply must say; a test holds the
#: letters to it.)
OUTCOME_RULES: dict[str, OutcomeRule] = {
    Outcome.PROVIDED: OutcomeRule("1", "第三十六条第（二）项"),
    Outcome.ALREADY_PUBLIC: OutcomeRule("1", "第三十六条第（一）项"),
    Outcome.PARTIAL: OutcomeRule("2", "第三十七条", FIRST),
    Outcome.REFUSED_STATE_SECRET: OutcomeRule("3.1", "第十四条、第三十六条第（三）项", FIRST),
    Outcome.REFUSED_OTHER_LAW: OutcomeRule("3.2", "第十四条、第三十六条第（三）项", FIRST),
    Outcome.REFUSED_SECURITY_STABILITY: OutcomeRule("3.3", "第十四条、第三十六条第（三）项", FIRST),
    Outcome.REFUSED_THIRD_PARTY: OutcomeRule("3.4", "第十五条、第三十二条、第三十六条第（三）项", FIRST),
    Outcome.REFUSED_INTERNAL_AFFAIRS: OutcomeRule("3.5", "第十六条第一款、第三十六条第（三）项", FIRST),
    Outcome.REFUSED_PROCESS_INFORMATION: OutcomeRule("3.6", "第十六条第二款、第三十六条第（三）项", FIRST),
    Outcome.REFUSED_ENFORCEMENT_FILE: OutcomeRule("3.7", "第十六条第二款、第三十六条第（三）项", FIRST),
    Outcome.REFUSED_ADMINISTRATIVE_QUERY: OutcomeRule("3.8", "第三十六条第（七）项"),
    Outcome.NOT_HELD: OutcomeRule("4.1", "第三十六条第（四）项"),
    Outcome.NOT_THIS_ORGAN: OutcomeRule("4.1", "第三十六条第（五）项"),
    Outcome.NEEDS_CREATION: OutcomeRule("4.2", "第三十八条", ONLY),
    Outcome.STILL_UNCLEAR: OutcomeRule("4.3", "第二十九条第二款、第三十条"),
    Outcome.NOT_OGI_PETITION: OutcomeRule("5.1", "第三十九条第一款"),
    Outcome.NOT_OGI_REPEAT: OutcomeRule("5.2", "第三十六条第（六）项"),
    Outcome.NOT_OGI_PUBLICATION: OutcomeRule("5.3", "第三十九条第二款", ONLY),
    Outcome.NOT_OGI_BULK: OutcomeRule("5.4", "第三十五条"),
    Outcome.NOT_OGI_CONFIRMATION: OutcomeRule("5.5", "第三十九条第一款"),
    # Re-issuing that means making a new document: not an OGI application (Art. 39(1)), and
    # the organ need not create information (Art. 38), which the courts do not review.
    Outcome.NOT_OGI_REISSUE: OutcomeRule("5.5", "第三十九条第一款、第三十八条", ONLY),
    Outcome.ABANDONED_NO_CORRECTION: OutcomeRule("6.1", "第三十条"),
    Outcome.ABANDONED_NO_FEE: OutcomeRule("6.2", "第四十二条"),
    Outcome.OTHER: OutcomeRule("6.3", ""),
}

#: Outcomes under which at least some information is released.
RELEASING_OUTCOMES = frozenset({Outcome.PROVIDED, Outcome.ALREADY_PUBLIC, Outcome.PARTIAL})
#: Outcomes a reply letter may carry (the 其他处理 outcomes are set by the system).
REPLY_OUTCOMES = tuple(
    o for o in Outcome if OUTCOME_RULES[o].report_row.split(".")[0] in {"1", "2", "3", "4", "5"}
)


def report_row_for(outcome: str) -> ReportRow:
    """The annual-report row under which a request with this outcome is counted."""
    return REPORT_ROW_BY_KEY[OUTCOME_RULES[Outcome(outcome)].report_row]


def request_outcome(item_outcomes: list[str]) -> str:
    """The one outcome of a request whose items were decided separately.

    Art. 37 and the report's note: a request handled by separating what can be released from
    what cannot (区分处理) counts only as （二）部分公开. So when some items release information
    and others withhold it, the request is partial; when all items share one outcome, that
    outcome; otherwise the outcome of the first item in statutory row order.
    """
    if not item_outcomes:
        raise ValueError("a request has at least one item")
    outcomes = [Outcome(o) for o in item_outcomes]
    if len(set(outcomes)) == 1:
        return outcomes[0]
    releasing = [o for o in outcomes if o in RELEASING_OUTCOMES]
    if Outcome.PARTIAL in outcomes or (releasing and len(releasing) < len(outcomes)):
        return Outcome.PARTIAL
    if releasing:
        return Outcome.PROVIDED if Outcome.PROVIDED in releasing else releasing[0]
    order = [row.key for row in REPORT_ROWS]
    return min(outcomes, key=lambda o: order.index(OUTCOME_RULES[o].report_row))
