"""The remedy notice (救济途径告知) of a decision (DESIGN.md §4–§5, LETTERS.md frame 7).

Since 2024-01-01 (the Administrative Reconsideration Law as revised in 2023) an applicant
who disagrees with a decision on disclosure may apply for reconsideration within 60 days
(Art. 20), normally to the people's government at the same level (Art. 24), or bring an
action within 6 months (Administrative Litigation Law Art. 46). Which of these a decision
leaves is its outcome's ``remedy`` in ``requests.outcomes.OUTCOME_RULES``:

* a refusal to disclose — and the withheld part of a partial disclosure (Art. 37) — must go
  to reconsideration first (Reconsideration Law Art. 23(1)(4)); the action then lies within
  15 days of the reconsideration decision (Litigation Law Art. 45);
* refusing to supply a publication or to create or compile information is no case the
  courts accept (SPC Provisions on OGI Cases 2011, Art. 2(二)(三)): reconsideration only;
* every other decision: reconsideration or litigation, as the applicant chooses.

A reply whose items go different routes says which route lies against which item. The
organ names its reconsideration body and court in its settings; when it has not, the notice
says "the competent …" rather than naming a wrong body. Receipts, procedural notices,
consultations and the fee notice (a fee decision cannot be challenged on its own: 2020 fee
measures) are no decisions that carry a notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from requests.models import Organ
from requests.outcomes import OUTCOME_RULES, Outcome, Remedy

from .kinds import REMEDY_KINDS, LetterKind

RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6
LITIGATION_AFTER_RECONSIDERATION_DAYS = 15

#: The order in which a reply states the routes: the one the applicant must take first.
ROUTE_ORDER = (Remedy.RECONSIDERATION_FIRST, Remedy.RECONSIDERATION_OR_LITIGATION,
               Remedy.RECONSIDERATION_ONLY)


def _bodies(organ: Organ) -> tuple[str, str]:
    body = organ.reconsideration_body.strip() or _("有管辖权的行政复议机关")
    court = organ.court.strip() or _("有管辖权的人民法院")
    return body, court


def route_sentence(organ: Organ, route: str, *, lead: str, document: str) -> str:
    """One sentence: ``lead`` (如对…不服，) and what the law leaves against it."""
    body, court = _bodies(organ)
    values = {"lead": lead, "doc": document, "days": RECONSIDERATION_DAYS, "body": body,
              "months": LITIGATION_MONTHS, "court": court,
              "after": LITIGATION_AFTER_RECONSIDERATION_DAYS}
    if route == Remedy.RECONSIDERATION_FIRST:
        return _(
            "%(lead)s依据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，应当先自收到"
            "%(doc)s之日起%(days)s日内向%(body)s申请行政复议；对行政复议决定不服的，可以自收到行政"
            "复议决定书之日起%(after)s日内依法向人民法院提起行政诉讼。"
        ) % values
    if route == Remedy.RECONSIDERATION_ONLY:
        return _("%(lead)s可以自收到%(doc)s之日起%(days)s日内向%(body)s申请行政复议。") % values
    return _(
        "%(lead)s可以自收到%(doc)s之日起%(days)s日内向%(body)s申请行政复议，或者自收到%(doc)s之日起"
        "%(months)s个月内向%(court)s提起行政诉讼。"
    ) % values


def _items(positions: Sequence[int]) -> str:
    return "、".join(_("第%(n)s项") % {"n": n} for n in positions)


def _routes(decisions: Sequence[tuple[Sequence[int], str]]) -> dict[str, list[str]]:
    """Route → the parts of the reply it lies against, worded in item order (第1项、第3项的决定,
    第2项中不予公开的部分); the parts are "" when the reply is one decision."""
    several = len(decisions) > 1
    whole: dict[str, list[int]] = {}
    parts: dict[str, list[tuple[int, str]]] = {}
    for positions, outcome in decisions:
        outcome = Outcome(outcome)
        if outcome == Outcome.PARTIAL:
            where = _items(positions) if several else ""
            parts.setdefault(OUTCOME_RULES[outcome].remedy, []).append(
                (positions[0], _("%(where)s中不予公开的部分") % {"where": where}))
            parts.setdefault(Remedy.RECONSIDERATION_OR_LITIGATION, []).append(
                (positions[0], _("%(where)s中予以公开的部分") % {"where": where}))
        else:
            whole.setdefault(OUTCOME_RULES[outcome].remedy, []).extend(positions)
    routes: dict[str, list[str]] = {}
    for route in ROUTE_ORDER:
        worded = list(parts.get(route, []))
        if route in whole:
            worded.append((min(whole[route]), _("%(items)s的决定") % {
                "items": _items(sorted(whole[route]))} if several else ""))
        if worded:
            routes[route] = [text for _position, text in sorted(worded)]
    return routes


def reply_remedy(organ: Organ, decisions: Sequence[tuple[Sequence[int], str]]) -> str:
    """The remedy paragraph of a reply deciding ``decisions`` ((item positions, outcome), in
    the order the letter states them)."""
    routes = _routes(decisions)
    document = _("本答复书")
    if len(routes) == 1:
        (route,) = routes
        return route_sentence(organ, route, lead=_("如对本答复不服，"), document=document)
    return "".join(
        route_sentence(
            organ, route, document=document,
            lead=_("对本答复%(parts)s不服的，") % {"parts": "、".join(p for p in routes[route] if p)},
        )
        for route in ROUTE_ORDER if route in routes
    )


def remedy_notice(
    *, organ: Organ, kind: str, decisions: Iterable[tuple[Sequence[int], str]] = ()
) -> str:
    """The remedy paragraph for a letter of ``kind``; "" when the kind carries none.

    ``decisions`` are a reply's decisions as (item positions, outcome), one per paragraph.
    """
    kind = LetterKind(kind)
    if kind not in REMEDY_KINDS:
        return ""
    choice = Remedy.RECONSIDERATION_OR_LITIGATION
    if kind == LetterKind.THIRD_PARTY_NOTICE:
        return route_sentence(organ, choice, lead=_("如对本机关公开上述信息的决定不服，"),
                              document=_("本告知书"))
    if kind == LetterKind.TERMINATION_NOTICE:
        return route_sentence(organ, choice, lead=_("如对本机关不再处理您的申请的决定不服，"),
                              document=_("本告知书"))
    return reply_remedy(organ, list(decisions))
