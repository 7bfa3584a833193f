"""The audit-trail report (办理过程记录) of one request (LETTERS.md, DESIGN.md §5).

A chronological table: time, actor (name and role), act, status before → after, comment,
the letters issued (number and SHA-256) and their delivery, the files released by the reply
(name and SHA-256, as its audit event recorded them), and every change of the reply
due date with its reason; a header with the request's particulars and the clock's own
explanation; a footer verifying the request's links of the audit chain and the stored
letters and released files against their SHA-256. Built in three steps like the letters: ``audit_trail``
(the data, no rendering), ``audit_trail_html``, ``audit_trail_pdf``.

Tasks (who was offered, claimed or released a step) live in the workflow layer, which this
layer may not import; the workflow passes them in as ``extra_entries`` (its human steps
only, under their Chinese titles). The applicant acting online shows by name (申请人), not
by the e-mail address of their account. Acts that only record a look at the record
(``ACCESS_ACTS``: a full view of the identity number) are left out.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from records.models import Redaction, RedactionState, ReleasedFile
from requests import clock as rclock
from requests.audit_mac import LEGACY_SHA256
from requests.choices import ApplicantKind, Channel, Role, Status
from requests.clock import ClockFact, cn_date, compute_clock
from requests.models import AuditEvent, AuditHead, DisclosureRequest, StaffMembership
from requests.models.audit import ACCESS_ACTS, Act
from requests.outcomes import Outcome
from requests.selectors import load_working_calendar
from requests.services.audit import audit_seal_fault, person_name

from .models import DeliveryMethod, IssuedLetter
from .rendering import render

TEMPLATE = "letters/audit_trail.html"

#: Which clock events each act writes (requests.services), to replay the clock act by act.
ACT_CLOCK_EVENTS: dict[str, tuple[tuple[str, str], ...]] = {
    Act.REGISTER: ((rclock.RECEIVED, ""),),
    Act.REQUEST_CORRECTION: ((rclock.CORRECTION_REQUESTED, ""),),
    Act.RECEIVE_CORRECTION: ((rclock.CORRECTION_RECEIVED, ""),),
    Act.OPEN_CONSULTATION: ((rclock.PAUSE_STARTED, "consultation:"),),
    Act.CLOSE_CONSULTATION: ((rclock.PAUSE_ENDED, "consultation:"),),
    Act.ISSUE_FEE_NOTICE: ((rclock.PAUSE_STARTED, "fee:"),),
    Act.RECORD_PAYMENT: ((rclock.PAUSE_ENDED, "fee:"),),
    Act.GRANT_EXTENSION: ((rclock.EXTENDED, ""),),
    Act.SET_LATER_REPLY_DATE: ((rclock.REPLY_DATE_SET, ""),),
    Act.REPLY: ((rclock.STOPPED, ""),),
    Act.REPLY_ON_THE_SPOT: ((rclock.STOPPED, ""),),
    Act.ABANDON: ((rclock.STOPPED, ""),),
    Act.WITHDRAW: ((rclock.PAUSE_ENDED, "consultation:"), (rclock.STOPPED, "")),
}


@dataclass(frozen=True)
class TrailEntry:
    """A row from outside this layer (a workflow task): when, who, what."""

    at: datetime.datetime
    actor: str
    act: str
    role: str = ""
    comment: str = ""


@dataclass
class TrailLetter:
    number: str
    title: str
    sha256: str
    delivery: str = ""


@dataclass(frozen=True)
class TrailReleased:
    """A file released by the reply, as the reply's audit event recorded it."""

    position: int
    name: str
    sha256: str
    pages: int | None = None


@dataclass
class TrailRow:
    at: datetime.datetime
    order: tuple
    actor: str
    role: str
    act: str
    status: str = ""
    comment: str = ""
    letters: list[TrailLetter] = field(default_factory=list)
    released: list[TrailReleased] = field(default_factory=list)
    clock: str = ""
    sequence: int | None = None

    @property
    def when(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class TrailRedaction:
    """One line of a record's redaction log (区分处理记录): a mark accepted for release."""

    record: str
    page: int
    box: str
    ground: str
    note: str
    who: str
    at: datetime.datetime


def _redaction_log(request: DisclosureRequest) -> list[TrailRedaction]:
    """The accepted marks of the request's records, record by record, page by page; one
    line per box (one query)."""
    marks = (
        Redaction.objects.filter(record__request=request, state=RedactionState.ACCEPTED)
        .select_related("record", "created_by")
        .order_by("record__uploaded_at", "record__pk", "page", "y0", "x0", "pk")
    )
    return [
        TrailRedaction(
            record=mark.record.title, page=mark.page,
            box=f"({mark.x0:.0f}, {mark.y0:.0f}) – ({mark.x1:.0f}, {mark.y1:.0f})",
            ground=str(mark.get_ground_display()),
            note=mark.note or (str(mark.get_matched_kind_display()) if mark.matched_kind else ""),
            who=person_name(mark.created_by) if mark.created_by else "", at=mark.created_at,
        )
        for mark in marks
    ]


@dataclass
class AuditTrail:
    request: DisclosureRequest
    particulars: list[tuple[str, str]]
    items: list[str]
    rows: list[TrailRow]
    clock_steps: list[str]
    chain_ok: bool
    chain_text: str
    letters_ok: bool
    letters_text: str
    released_ok: bool
    released_text: str
    redactions: list[TrailRedaction]
    generated_at: datetime.datetime
    generated_by: str

    @property
    def title(self) -> str:
        return _("政府信息公开申请办理过程记录")

    @property
    def running_head(self) -> str:
        return _("%(organ)s · 登记编号 %(number)s · 办理过程记录") % {
            "organ": self.request.organ.name,
            "number": self.request.registration_number or _("（未登记）")}


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _roles_by_user(request: DisclosureRequest, user_ids: set[int]) -> dict[int, str]:
    roles: dict[int, list[str]] = {}
    for user_id, role, department in StaffMembership.objects.filter(
        organ_id=request.organ_id, user_id__in=user_ids
    ).values_list("user_id", "role", "department__name").order_by("pk"):
        label = str(Role(role).label)
        roles.setdefault(user_id, []).append(f"{label}（{department}）" if department else label)
    return {user_id: "、".join(labels) for user_id, labels in roles.items()}


def _match_clock_events(events: list[AuditEvent], clock_events: list) -> dict[int, list]:
    """Which clock events (in the order written) each act wrote."""
    written: dict[int, list] = {}
    position = 0
    for event in events:
        expected = ACT_CLOCK_EVENTS.get(event.act, ())
        taken = []
        while position < len(clock_events):
            candidate = clock_events[position]
            if not any(candidate.kind == kind and candidate.pause_key.startswith(prefix)
                       for kind, prefix in expected):
                break
            taken.append(candidate)
            position += 1
        written[event.pk] = taken
    return written


def _due_text(due: datetime.date | None) -> str:
    return cn_date(due) if due else _("未起算")


def _clock_change(before_facts, after_facts, calendar, on: datetime.date) -> str:
    """What one act did to the reply due date, as of the day of the act, and why."""
    before = compute_clock(before_facts, calendar, on)
    after = compute_clock(after_facts, calendar, on)
    new_steps = [s for s in after.steps if s not in before.steps and not s.startswith(
        _("答复期限："))]
    why = "；".join(new_steps[:2])
    if after.stopped_on and not before.stopped_on:
        return _("停止计算（办结），期限%(due)s") % {"due": _due_text(after.due)}
    if after.awaiting_correction and not before.awaiting_correction:
        return _("停止计算，待补正（原期限%(before)s；收到补正后重新计算）") % {
            "before": _due_text(before.due)}
    if after.paused and not before.paused:
        return _("暂停计算，期限%(due)s随暂停顺延") % {"due": _due_text(before.due)}
    if before.paused and not after.paused:
        return _("恢复计算，期限%(due)s") % {"due": _due_text(after.due)} + (
            f"：{why}" if why else "")
    if before.due == after.due:
        return ""
    text = _("%(before)s → %(after)s") % {"before": _due_text(before.due),
                                           "after": _due_text(after.due)}
    return text + (f"：{why}" if why else "")


def _facts(clock_events) -> list[ClockFact]:
    return [ClockFact(kind=c.kind, on=c.on, days=c.days, pause_key=c.pause_key)
            for c in clock_events]


def _delivery_text(letter: IssuedLetter) -> str:
    if not letter.is_delivered:
        return _("尚未记录送达")
    text = _("%(method)s，%(date)s送达") % {
        "method": DeliveryMethod(letter.delivery_method).label,
        "date": cn_date(letter.delivered_on)}
    if letter.delivery_reference:
        text += _("，凭证：%(ref)s") % {"ref": letter.delivery_reference}
    if letter.delivery_proof_sha256:
        text += _("（凭证文件 SHA-256：%(sha)s）") % {"sha": letter.delivery_proof_sha256}
    return text


def _verify_chain(request: DisclosureRequest, events: list[AuditEvent]) -> tuple[bool, str]:
    """Each event of the request holds its seal (under the key it names) and links to its
    predecessor."""
    predecessors = dict(
        AuditEvent.objects.filter(
            organ_id=request.organ_id, sequence__in=[e.sequence - 1 for e in events]
        ).values_list("sequence", "hash")
    )
    keyed_before = False
    for event in events:
        fault = audit_seal_fault(event, keyed_before=keyed_before)
        keyed_before = keyed_before or event.algorithm != LEGACY_SHA256
        if fault is None:
            return False, _("第%(n)s号审计记录由未配置的密钥封存，无法验证。") % {
                "n": event.sequence}
        if fault:
            return False, _("第%(n)s号审计记录的内容与其哈希值不符（记录被修改）。") % {
                "n": event.sequence}
        expected = predecessors.get(event.sequence - 1, "0" * 64)
        if event.previous_hash != expected:
            return False, _("第%(n)s号审计记录与上一条记录的哈希链接不符。") % {"n": event.sequence}
    head = AuditHead.objects.filter(organ_id=request.organ_id).first()
    if events and (head is None or head.sequence < events[-1].sequence):
        return False, _("机关审计链末端记录缺失或落后于本申请的记录。")
    return True, _("本申请的%(n)s条审计记录均与其哈希值一致，并与机关审计链前一条记录正确链接"
                   "（机关审计链末端：第%(head)s号）。") % {
        "n": len(events), "head": head.sequence if head else 0}


def _verify_letters(letters: list[IssuedLetter]) -> tuple[bool, str]:
    broken = []
    for letter in letters:
        try:
            with letter.file.open("rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            digest = ""
        if digest != letter.sha256:
            broken.append(letter.number)
    if broken:
        return False, _("以下文书的存档文件与登记的SHA-256不一致或已缺失：%(numbers)s。") % {
            "numbers": "、".join(broken)}
    return True, _("已发文书%(n)s件，存档PDF文件均与登记的SHA-256一致。") % {"n": len(letters)}


def _verify_released(request: DisclosureRequest, events: list[AuditEvent]) -> tuple[bool, str]:
    """Each released file's stored bytes against its SHA-256, and against the hash the
    reply's audit event recorded."""
    files = list(ReleasedFile.objects.filter(request=request).order_by("position"))
    recorded = {
        entry.get("position"): entry.get("sha256")
        for event in events if event.act in (Act.REPLY, Act.REPLY_ON_THE_SPOT)
        for entry in (event.data or {}).get("released_files", [])
    }
    if not files and not recorded:
        return True, _("本申请未公开文件。")
    broken = []
    for released in files:
        try:
            with released.file.open("rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            digest = ""
        if digest != released.sha256 or recorded.get(released.position) != released.sha256:
            broken.append(released.name)
    if len(recorded) != len(files):
        broken.append(_("（审计记录与公开文件的数量不符）"))
    if broken:
        return False, _("以下公开文件与答复审计记录中的SHA-256不一致或已缺失：%(names)s。") % {
            "names": "、".join(broken)}
    return True, _("公开文件%(n)s件，存档文件均与答复审计记录中的SHA-256一致。") % {"n": len(files)}


def _particulars(request: DisclosureRequest, state) -> list[tuple[str, str]]:
    applicant = request.applicant
    due = ""
    if state.due:
        due = cn_date(state.due) + (_("（暂定）") if state.provisional else "")
    rows = [
        (_("机关"), request.organ.name),
        (_("登记编号"), request.registration_number or _("（未登记）")),
        (_("申请人"), f"{applicant.name}（{ApplicantKind(applicant.kind).label}）"),
        (_("申请方式"), str(Channel(request.channel).label)),
        (_("提交时间"), f"{timezone.localtime(request.submitted_at):%Y-%m-%d %H:%M}"),
        (_("收到申请之日"), cn_date(request.received_on) if request.received_on else ""),
        (_("承办科室"), request.department.name if request.department_id else ""),
        (_("当前状态"), _status_label(request.status)),
        (_("答复结果"), str(Outcome(request.outcome).label) if request.outcome else ""),
        (_("答复期限"), due),
    ]
    return rows


def audit_trail(
    request: DisclosureRequest,
    *,
    extra_entries: Iterable[TrailEntry] = (),
    generated_by: str = "",
    now: datetime.datetime | None = None,
) -> AuditTrail:
    """The data of the report; reads the database, renders nothing."""
    now = now or timezone.now()
    calendar = load_working_calendar()
    # The procedure only: a look at the record (the full identity number) is no step of it.
    events = list(request.audit_events.exclude(act__in=ACCESS_ACTS).order_by("sequence"))
    clock_events = list(request.clock_events.order_by("id"))
    letters = list(request.letters.order_by("issued_at", "id"))
    roles = _roles_by_user(request, {e.actor_id for e in events if e.actor_id})
    written = _match_clock_events(events, clock_events)

    by_number = {letter.number: letter for letter in letters}
    letters_at: dict[datetime.datetime, list[IssuedLetter]] = {}
    for letter in letters:
        letters_at.setdefault(letter.issued_at, []).append(letter)

    rows: list[TrailRow] = []
    facts: list[ClockFact] = []
    applicant = request.applicant
    for event in events:
        role = roles.get(event.actor_id, "") if event.actor_id else ""
        actor = event.actor_name
        if not role and applicant.account_id and event.actor_id == applicant.account_id:
            # The applicant acting online (submitting, correcting, withdrawing): by name,
            # never by the e-mail address they sign in with.
            actor, role = applicant.name, _("申请人")
        status = ""
        if event.status_before or event.status_after:
            before, after = _status_label(event.status_before), _status_label(event.status_after)
            status = after if not event.status_before else (
                before if before == after else f"{before} → {after}")
        clock = ""
        if written[event.pk]:
            new_facts = facts + _facts(written[event.pk])
            clock = _clock_change(facts, new_facts, calendar, timezone.localdate(event.at))
            facts = new_facts
        elif event.act == Act.DEADLINE_RECOMPUTED:
            clock = _("%(before)s → %(after)s（工作日历确认后重新计算）") % {
                "before": event.data.get("due_before") or "—",
                "after": event.data.get("due_after") or "—"}
        row = TrailRow(
            at=event.at, order=(0, event.sequence), actor=actor, role=role,
            act=str(Act(event.act).label) if event.act in Act.values else event.act,
            status=status, comment=event.comment, clock=clock, sequence=event.sequence,
        )
        for entry in (event.data or {}).get("released_files", []) if event.act in (
                Act.REPLY, Act.REPLY_ON_THE_SPOT) else []:
            row.released.append(TrailReleased(entry.get("position"), entry.get("name", ""),
                                              entry.get("sha256", ""), entry.get("pages")))
        if event.act == Act.DISPATCH:
            letter = by_number.get((event.data or {}).get("letter"))
            if letter is not None:
                row.letters.append(TrailLetter(letter.number, letter.title, letter.sha256,
                                               _delivery_text(letter)))
        else:
            for letter in letters_at.pop(event.at, []):
                row.letters.append(TrailLetter(letter.number, letter.title, letter.sha256))
        rows.append(row)
    for at, unmatched in letters_at.items():
        for letter in unmatched:
            rows.append(TrailRow(
                at=at, order=(1, letter.pk), actor=letter.issued_by_name, role="",
                act=_("发文"), letters=[TrailLetter(letter.number, letter.title, letter.sha256)],
            ))
    for n, entry in enumerate(extra_entries):
        rows.append(TrailRow(at=entry.at, order=(3, n), actor=entry.actor, role=entry.role,
                             act=entry.act, comment=entry.comment))
    rows.sort(key=lambda r: (r.at, r.order))

    state = compute_clock(_facts(clock_events), calendar, timezone.localdate(now))
    chain_ok, chain_text = _verify_chain(request, events)
    letters_ok, letters_text = _verify_letters(letters)
    released_ok, released_text = _verify_released(request, events)
    return AuditTrail(
        request=request,
        particulars=_particulars(request, state),
        items=[
            f"{item.position}. {item.description}"
            + (f"（{item.document_reference}）" if item.document_reference else "")
            + (f" —— {Outcome(item.outcome).label}" if item.outcome else "")
            for item in request.items.all()
        ],
        rows=rows,
        clock_steps=list(state.steps),
        chain_ok=chain_ok, chain_text=chain_text,
        letters_ok=letters_ok, letters_text=letters_text,
        redactions=_redaction_log(request),
        released_ok=released_ok, released_text=released_text,
        generated_at=now, generated_by=generated_by,
    )


def audit_trail_html(trail: AuditTrail) -> str:
    return render_to_string(TEMPLATE, {"trail": trail})


def audit_trail_pdf(request: DisclosureRequest, **kwargs) -> bytes:
    """The report as PDF bytes (A4 landscape, header row repeated, pages numbered), in the
    organ's language whatever the language of the page asking for it."""
    with translation.override(settings.LANGUAGE_CODE):
        return render(audit_trail_html(audit_trail(request, **kwargs))).data
