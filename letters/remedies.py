"""The remedy notice (救济途径告知) of a decision (DESIGN.md §5, LETTERS.md frame 7).

Since 2024-01-01 (the Administrative Reconsideration Law as revised in 2023) an applicant
who disagrees with a decision on disclosure may apply for reconsideration within 60 days
(Art. 20), normally to the people's government at the same level (Art. 24), or bring an
action within 6 months (Administrative Litigation Law Art. 46). A refusal to disclose must
go to reconsideration first (Reconsideration Law Art. 23(1)(4)); the action then lies
within 15 days of the reconsideration decision (Litigation Law Art. 45).

The organ names its reconsideration body and court in its settings; when it has not, the
notice says "the competent …" rather than naming a wrong body. Receipts, notices of
procedure and consultations are no decisions and carry no notice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from requests.models import Organ
from requests.outcomes import Outcome

from .kinds import REMEDY_KINDS, LetterKind

RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6
LITIGATION_AFTER_RECONSIDERATION_DAYS = 15

#: Outcomes that refuse disclosure (annual report （三）): reconsideration comes first.
REFUSALS = frozenset(o for o in Outcome if o.startswith("refused_"))


def _bodies(organ: Organ) -> tuple[str, str]:
    body = organ.reconsideration_body.strip() or _("有管辖权的行政复议机关")
    court = organ.court.strip() or _("有管辖权的人民法院")
    return body, court


def _choice(organ: Organ, *, what: str, document: str) -> str:
    body, court = _bodies(organ)
    return _(
        "如对%(what)s不服，可以自收到%(doc)s之日起%(days)s日内向%(body)s申请行政复议，或者自收到"
        "%(doc)s之日起%(months)s个月内向%(court)s提起行政诉讼。"
    ) % {"what": what, "doc": document, "days": RECONSIDERATION_DAYS, "body": body,
         "months": LITIGATION_MONTHS, "court": court}


def _reconsideration_first(organ: Organ, *, part: str) -> str:
    body, _court = _bodies(organ)
    return _(
        "%(part)s依据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，应当先自收到本"
        "答复书之日起%(days)s日内向%(body)s申请行政复议；对行政复议决定不服的，可以自收到行政复议"
        "决定书之日起%(after)s日内依法向人民法院提起行政诉讼。"
    ) % {"part": part, "days": RECONSIDERATION_DAYS, "body": body,
         "after": LITIGATION_AFTER_RECONSIDERATION_DAYS}


def remedy_notice(*, organ: Organ, kind: str, outcomes: Iterable[str] = ()) -> str:
    """The remedy paragraph for a letter of ``kind`` deciding ``outcomes``; "" when none.

    * reply, all items refused: reconsideration first;
    * reply, some items refused: the choice for the rest, reconsideration first for the
      refused part;
    * any other decision (reply, termination, fee notice): reconsideration or litigation;
    * third-party notice: the same choice, offered to the third party against the decision
      to disclose.
    """
    kind = LetterKind(kind)
    if kind not in REMEDY_KINDS:
        return ""
    if kind == LetterKind.THIRD_PARTY_NOTICE:
        return _choice(organ, what=_("本机关公开上述信息的决定"), document=_("本告知书"))
    if kind == LetterKind.FEE_NOTICE:
        return _choice(organ, what=_("本收费决定"), document=_("本通知书"))
    if kind == LetterKind.TERMINATION_NOTICE:
        return _choice(organ, what=_("本机关不再处理您的申请的决定"), document=_("本告知书"))
    outcomes = {Outcome(o) for o in outcomes}
    refused = outcomes & REFUSALS
    if refused and refused == outcomes:
        return _reconsideration_first(organ, part=_("如对本答复不服，"))
    reply = _choice(organ, what=_("本答复"), document=_("本答复书"))
    if refused:
        return reply + _reconsideration_first(organ, part=_("其中，对不予公开的决定不服的，"))
    return reply
