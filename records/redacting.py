"""区分处理: the handler marks what a record withholds, and the redacted copy is made.

Each act here is one legal act (``requests.services.common.legal_act``) in one durable
transaction with its audit event, by a handler of the responsible department while the
request is being handled; who holds the handling task is checked by the caller
(``workflow``). A record's redaction log is its ``Redaction`` rows: one mark (``group``) is
one or more boxes — a text running over two lines is two boxes of one mark — with its
ground, who made it and when; a suggestion waits for the handler to accept or reject it.

Any change to the marks makes the redacted copy stale: it is deleted, and the record cannot
be released until the copy is made again (``record_apply_redactions``). The redaction engine
(``records.redaction``) makes it from the working copy and the accepted boxes; the same
engine the command ``manage.py redact`` runs.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from requests.errors import RequestActError
from requests.models import DisclosureRequest
from requests.models.audit import Act
from requests.services.common import legal_act, require_case_handler
from requests.services.stored_files import keep_only_if_committed

from .grounds import CODES, Ground
from .models import (
    Disclosure,
    MatchedKind,
    Record,
    RecordState,
    Redaction,
    RedactionSource,
    RedactionState,
)
from .redaction import Box, RedactionError, apply_redactions, check_boxes, page_layer, suggest
from .services import RECORD_STATUSES

NOTE_LENGTH = Redaction._meta.get_field("note").max_length


def _working_pdf(record: Record) -> bytes:
    with record.working.open("rb") as handle:
        return handle.read()


def _ground(ground: str) -> str:
    if ground not in Ground.values:
        raise RequestActError(_("请选择不予公开的理由。"), code="ground")
    return ground


def _note(note: str) -> str:
    note = " ".join((note or "").split())
    if len(note) > NOTE_LENGTH:
        raise RequestActError(
            _("说明不能超过%(n)s个字。") % {"n": NOTE_LENGTH}, code="note_too_long"
        )
    return note


class _Editing:
    """The checks every act on a record's marks makes, inside its legal act; the record
    row is locked, so two handlers' changes to one record follow each other."""

    def __init__(self, record: Record, act, acting_user: AbstractBaseUser):
        require_case_handler(acting_user, act.request)
        act.require_status(*RECORD_STATUSES)
        current = Record.objects.select_for_update().filter(pk=record.pk).first()
        if current is None:
            raise RequestActError(_("该文件已被移除。"), code="missing")
        if current.frozen_at is not None:
            raise RequestActError(_("该文件已随答复公开，不能再更改。"), code="frozen")
        if current.state != RecordState.READY:
            raise RequestActError(
                _("该文件尚未转换完成，暂不能作区分处理。"), code="not_ready"
            )
        self.record = current
        self.act = act

    def stale(self) -> None:
        """The marks changed: the redacted copy no longer says what they say."""
        record = self.record
        if record.redacted:
            name = record.redacted.name
            storage = record.redacted.storage
            transaction.on_commit(lambda: storage.delete(name))
            record.redacted = ""
            record.redacted_sha256 = ""
            record.redacted_at = None
            record.redacted_by = None
            record.save(update_fields=["redacted", "redacted_sha256", "redacted_at", "redacted_by"])


@contextmanager
def _editing(record: Record, act_name: str, acting_user: AbstractBaseUser) -> Iterator[_Editing]:
    """One act on ``record``'s marks: its own durable transaction and legal act, the record
    locked and checked (``_Editing``)."""
    request = DisclosureRequest.objects.get(pk=record.request_id)
    with transaction.atomic(durable=True):
        with legal_act(request, act_name, actor=acting_user, comment=record.title) as act:
            yield _Editing(record, act, acting_user)


def _mark(editing: _Editing, boxes, *, ground, note, source, kind="", state, acting_user) -> uuid.UUID:
    group = uuid.uuid4()
    Redaction.objects.bulk_create(
        Redaction(
            record=editing.record, group=group, page=page, x0=x0, y0=y0, x1=x1, y1=y1,
            ground=ground, note=note, source=source, matched_kind=kind, state=state,
            created_by=acting_user, created_at=editing.act.at,
            decided_by=acting_user if state != RedactionState.PROPOSED else None,
            decided_at=editing.act.at if state != RedactionState.PROPOSED else None,
        )
        for page, (x0, y0, x1, y1) in boxes
    )
    return group


def _checked_boxes(record: Record, boxes: list[tuple[int, tuple[float, float, float, float]]]):
    """The boxes as the engine will take them, refused as it would refuse them."""
    try:
        check_boxes(_working_pdf(record), [Box(p, *r, "A0") for p, r in boxes])
    except RedactionError as error:
        raise RequestActError(str(error), code="box") from None


def redaction_add_box(
    *, record: Record, page: int, box: tuple[float, float, float, float], ground: str,
    note: str = "", acting_user: AbstractBaseUser,
) -> uuid.UUID:
    """画框: withhold a drawn box on one page (points from the page's top left)."""
    ground, note = _ground(ground), _note(note)
    with _editing(record, Act.MARK_REDACTION, acting_user) as editing:
        _checked_boxes(editing.record, [(page, box)])
        group = _mark(editing, [(page, box)], ground=ground, note=note,
                      source=RedactionSource.BOX, state=RedactionState.ACCEPTED,
                      acting_user=acting_user)
        editing.stale()
        editing.act.data = _described(editing.record, page=page, ground=ground, boxes=1)
    return group


def redaction_add_text(
    *, record: Record, page: int, start: int, end: int, ground: str, note: str = "",
    acting_user: AbstractBaseUser,
) -> uuid.UUID:
    """选取文字: withhold the characters ``start``–``end`` of a page's text layer (as
    ``records.redaction.pagetext.page_text`` reads it): one box per line they run over."""
    ground, note = _ground(ground), _note(note)
    with _editing(record, Act.MARK_REDACTION, acting_user) as editing:
        rects = text_rects(editing.record, page, start, end)
        group = _mark(editing, [(page, rect) for rect in rects], ground=ground, note=note,
                      source=RedactionSource.TEXT, state=RedactionState.ACCEPTED,
                      acting_user=acting_user)
        editing.stale()
        editing.act.data = _described(editing.record, page=page, ground=ground, boxes=len(rects))
    return group


def text_rects(record: Record, page: int, start: int, end: int):
    """One box per line for the characters ``start``–``end`` of the page's text layer."""
    try:
        text = page_layer(_working_pdf(record), page).text
    except RedactionError as error:
        raise RequestActError(str(error), code="page") from None
    if not (0 <= start < end <= len(text.text)):
        raise RequestActError(_("请先在页面上选取要遮盖的文字。"), code="selection")
    rects = text.rects(start, end)
    if not rects:
        raise RequestActError(_("所选内容中没有文字，请重新选取。"), code="selection")
    return rects


def redaction_suggest(
    *, record: Record, names: Iterable[str] = (), acting_user: AbstractBaseUser
) -> int:
    """系统建议: propose, for the handler to accept or reject one by one, the resident ID
    numbers, telephone numbers, bank card numbers, e-mail addresses and the listed names of
    natural persons found on the text layer (ground: a third party's rights). A match that
    is already marked is not proposed again. Returns how many were proposed."""
    names = [name for name in (" ".join(n.split()) for n in names) if name]
    if any(len(name) > 40 for name in names):
        raise RequestActError(_("姓名不能超过40个字。"), code="name_too_long")
    with _editing(record, Act.MARK_REDACTION, acting_user) as editing:
        try:
            found = suggest(_working_pdf(editing.record), names)
        except RedactionError as error:
            raise RequestActError(str(error), code="unreadable") from None
        marked = {
            (r.page, round(r.x0), round(r.y0), round(r.x1), round(r.y1))
            for r in editing.record.redactions.all()
        }
        proposed = 0
        for suggestion in found:
            keys = {(suggestion.page, *map(round, rect)) for rect in suggestion.rects}
            if keys & marked:
                continue
            _mark(editing, [(suggestion.page, tuple(rect)) for rect in suggestion.rects],
                  ground=Ground.THIRD_PARTY, note="", source=RedactionSource.SUGGESTION,
                  kind=MatchedKind(suggestion.kind), state=RedactionState.PROPOSED,
                  acting_user=acting_user)
            marked |= keys
            proposed += 1
        editing.act.data = _described(editing.record, proposed=proposed, names=len(names))
    return proposed


def _group(editing: _Editing, group) -> list[Redaction]:
    marks = list(editing.record.redactions.filter(group=group))
    if not marks:
        raise RequestActError(_("该区分处理标注不存在或已被删除。"), code="missing_mark")
    return marks


def redaction_decide(
    *, record: Record, group, accepted: bool, ground: str | None = None, note: str | None = None,
    acting_user: AbstractBaseUser,
) -> None:
    """采纳 or 不采纳 a mark (a suggestion, or a mark made earlier), with its ground and
    note as the handler leaves them."""
    with _editing(record, Act.MARK_REDACTION, acting_user) as editing:
        marks = _group(editing, group)
        state = RedactionState.ACCEPTED if accepted else RedactionState.REJECTED
        changes = {"state": state, "decided_by": acting_user, "decided_at": editing.act.at}
        if ground is not None:
            changes["ground"] = _ground(ground)
        if note is not None:
            changes["note"] = _note(note)
        Redaction.objects.filter(pk__in=[m.pk for m in marks]).update(**changes)
        editing.stale()
        editing.act.data = _described(editing.record, page=marks[0].page,
                              ground=changes.get("ground", marks[0].ground), decision=state)


def redaction_decide_all(
    *, record: Record, accepted: bool, acting_user: AbstractBaseUser
) -> int:
    """Accept (or reject) every suggestion of a record still waiting for a decision."""
    with _editing(record, Act.MARK_REDACTION, acting_user) as editing:
        waiting = editing.record.redactions.filter(state=RedactionState.PROPOSED)
        groups = len({mark.group for mark in waiting})
        state = RedactionState.ACCEPTED if accepted else RedactionState.REJECTED
        waiting.update(state=state, decided_by=acting_user, decided_at=editing.act.at)
        if groups:
            editing.stale()
        editing.act.data = _described(editing.record, decision=state, marks=groups)
    return groups


def redaction_remove(*, record: Record, group, acting_user: AbstractBaseUser) -> None:
    """Delete a mark the handler made by mistake (the audit event keeps what it was)."""
    with _editing(record, Act.MARK_REDACTION, acting_user) as editing:
        marks = _group(editing, group)
        editing.act.data = _described(editing.record, page=marks[0].page, ground=marks[0].ground,
                              removed=len(marks))
        Redaction.objects.filter(pk__in=[m.pk for m in marks]).delete()
        editing.stale()


def record_apply_redactions(*, record: Record, acting_user: AbstractBaseUser) -> Record:
    """生成区分处理后的文件: make the redacted copy from the working copy and the accepted
    marks, with the text, images and drawings under each box removed and the box labelled
    with its ground's code. Refused while a suggestion waits for a decision, or with no mark
    accepted. The record is then released with parts withheld."""
    with _editing(record, Act.APPLY_REDACTIONS, acting_user) as editing:
        marks = list(editing.record.redactions.exclude(state=RedactionState.REJECTED))
        if any(m.state == RedactionState.PROPOSED for m in marks):
            raise RequestActError(
                _("还有系统建议未确认，请逐条采纳或不采纳后再生成。"), code="undecided"
            )
        if not marks:
            raise RequestActError(
                _("该文件没有采纳的区分处理标注；全部公开的，请将公开方式设为“全部公开”。"),
                code="nothing_to_redact",
            )
        boxes = [Box(m.page, m.x0, m.y0, m.x1, m.y1, CODES[m.ground]) for m in marks]
        try:
            pdf = apply_redactions(_working_pdf(editing.record), boxes)
        except RedactionError as error:
            raise RequestActError(str(error), code="box") from None
        current = editing.record
        editing.stale()
        current.redacted.save("redacted.pdf", ContentFile(pdf), save=False)
        keep_only_if_committed(current.redacted.storage, current.redacted.name)
        current.redacted_sha256 = hashlib.sha256(pdf).hexdigest()
        current.redacted_at = editing.act.at
        current.redacted_by = acting_user
        current.disclosure = Disclosure.REDACTED
        current.save(update_fields=[
            "redacted", "redacted_sha256", "redacted_at", "redacted_by", "disclosure",
        ])
        editing.act.data = _described(current, boxes=len(boxes), sha256=current.redacted_sha256,
                              marks=len({m.group for m in marks}))
    return current


def record_set_disclosure(
    *, record: Record, disclosure: str, acting_user: AbstractBaseUser
) -> None:
    """确定文件公开方式: released as it is, with parts withheld, or not at all."""
    if disclosure not in Disclosure.values:
        raise RequestActError(_("请选择公开方式。"), code="disclosure")
    with _editing(record, Act.SET_RECORD_DISCLOSURE, acting_user) as editing:
        editing.record.disclosure = disclosure
        editing.record.save(update_fields=["disclosure"])
        editing.act.data = _described(editing.record, disclosure=disclosure)


def _described(record: Record, **facts) -> dict:
    return {"record": str(record.public_id), "title": record.title, **facts}
