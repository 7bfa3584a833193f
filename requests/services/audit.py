"""Writing and verifying the hash-chained audit log."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AuditEvent, AuditHead, DisclosureRequest, Organ
from .locks import organ_lock

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "系统"


def _canonical(event: AuditEvent) -> bytes:
    at = event.at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    payload = {
        "organ": event.organ_id,
        "sequence": event.sequence,
        "request": event.request_id,
        "act": event.act,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "status_before": event.status_before,
        "status_after": event.status_after,
        "comment": event.comment,
        "data": event.data,
        "at": at,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def person_name(user: AbstractBaseUser) -> str:
    """A person's name as written in Chinese: family name first, no space (陈雅琴)."""
    first = getattr(user, "first_name", "").strip()
    last = getattr(user, "last_name", "").strip()
    if first and last and not (first + last).isascii():
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part) or user.get_username()


def actor_display(user: AbstractBaseUser | None) -> str:
    return SYSTEM_ACTOR if user is None else person_name(user)


def audit_record(
    *,
    organ: Organ,
    act: str,
    actor: AbstractBaseUser | None,
    request: DisclosureRequest | None = None,
    status_before: str = "",
    status_after: str = "",
    comment: str = "",
    data: dict | None = None,
    at: datetime.datetime | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event to the organ's chain. Call inside the act's transaction.

    The organ row is locked so that two acts of the same organ cannot both take the same
    place in the chain; the unique (organ, sequence) constraint backs this up. The act
    holds that lock already, taken first (see the lock order in ``requests.services``).
    """
    organ_lock(organ)
    last = (
        AuditEvent.objects.filter(organ=organ)
        .order_by("-sequence")
        .values("sequence", "hash")
        .first()
    )
    event = AuditEvent(
        organ=organ,
        sequence=(last["sequence"] + 1) if last else 1,
        request=request,
        act=act,
        actor=actor,
        actor_name=actor_name or actor_display(actor),
        status_before=status_before,
        status_after=status_after,
        comment=comment,
        data=json.loads(json.dumps(data or {}, default=str)),
        at=at or timezone.now(),
        previous_hash=last["hash"] if last else GENESIS_HASH,
    )
    event.hash = event_hash(event)
    event.save()
    AuditHead.objects.update_or_create(
        organ=organ, defaults={"sequence": event.sequence, "hash": event.hash}
    )
    return event


@dataclass(frozen=True)
class ChainBreak:
    organ: str
    sequence: int
    reason: str


def audit_verify_chain(organ: Organ | None = None) -> list[ChainBreak]:
    """Check every organ's chain (or one); return the first broken link of each, if any."""
    organs = [organ] if organ else list(Organ.objects.order_by("pk"))
    breaks: list[ChainBreak] = []
    for current in organs:
        expected_previous = GENESIS_HASH
        expected_sequence = 1
        broken = False
        for event in AuditEvent.objects.filter(organ=current).order_by("sequence").iterator():
            reason = ""
            if event.sequence != expected_sequence:
                reason = _("缺少第%(n)s号记录（记录被删除或插入）") % {"n": expected_sequence}
            elif event.previous_hash != expected_previous:
                reason = _("与上一条记录的哈希链接不符")
            elif event_hash(event) != event.hash:
                reason = _("记录内容与其哈希值不符（记录被修改）")
            if reason:
                breaks.append(ChainBreak(current.short_name, event.sequence, reason))
                broken = True
                break
            expected_previous = event.hash
            expected_sequence += 1
        if broken:
            continue
        head = AuditHead.objects.filter(organ=current).first()
        last_sequence = expected_sequence - 1
        if head is None and last_sequence:
            breaks.append(ChainBreak(current.short_name, last_sequence, _("审计链末端记录缺失")))
        elif head is not None and (head.sequence, head.hash) != (last_sequence, expected_previous):
            breaks.append(
                ChainBreak(
                    current.short_name,
                    min(head.sequence, last_sequence) + 1,
                    _("审计链末端应为第%(n)s号记录，实际最后一条为第%(last)s号（最新记录被删除或篡改）")
                    % {"n": head.sequence, "last": last_sequence},
                )
            )
    return breaks
