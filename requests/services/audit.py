"""Writing and verifying the keyed, hash-chained audit log.

Each organ has one chain. An event's ``hash`` is an HMAC (``requests.audit_mac``) under a
key held outside the database, over the event's fields, its algorithm and key id, and the
previous event's hash; the newest link is kept apart in ``AuditHead`` and exported, off the
database, by ``export_audit_head``. ``audit_verify`` finds:

- an event changed, inserted or removed (the chain or its seal no longer fits), even when
  the person who changed it recomputed every later link without the key;
- events sealed with a key that is not configured (reported as unverifiable, never valid);
- a request whose status is not the one its last audit event left it in (a status changed
  behind the services' back, with no event);
- with exported heads, any change before an exported head, even one re-sealed with the key.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit_mac import KEYED_ALGORITHMS, LEGACY_SHA256, keyed_mac, signing_key, verification_key
from ..choices import Status
from ..models import AuditEvent, AuditHead, DisclosureRequest, Organ
from .locks import organ_lock

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR = "系统"


def _canonical(event: AuditEvent, *, keyed: bool) -> bytes:
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
    if keyed:
        # The seal covers how it was made, so an event cannot be relabelled.
        payload["algorithm"] = event.algorithm
        payload["key_id"] = event.key_id
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(event: AuditEvent, key: bytes | None = None) -> str:
    """The seal of ``event`` as its ``algorithm`` makes it: an HMAC under ``key`` (by
    default the configured key named by ``event.key_id``), or, for an event written before
    keys, the plain SHA-256. Raises ``LookupError`` when the key is not configured."""
    if event.algorithm == LEGACY_SHA256:
        return hashlib.sha256(_canonical(event, keyed=False)).hexdigest()
    if key is None:
        key = verification_key(event.key_id)
        if key is None:
            raise LookupError(event.key_id)
    return keyed_mac(event.algorithm, key, _canonical(event, keyed=True))


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
    seal = signing_key()
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
        algorithm=seal.algorithm,
        key_id=seal.key_id,
    )
    event.hash = event_hash(event, seal.key)
    event.save()
    AuditHead.objects.update_or_create(
        organ=organ, defaults={"sequence": event.sequence, "hash": event.hash}
    )
    return event


@dataclass(frozen=True)
class ChainBreak:
    """One finding of the verification: the organ, the event's sequence, and why.

    ``kind`` is ``broken`` (the chain does not hold), ``unverifiable`` (sealed with a key
    that is not configured: neither valid nor proven forged), ``status`` (a request's
    status disagrees with its audit trail) or ``export`` (an exported head disagrees)."""

    organ: str
    sequence: int
    reason: str
    kind: str = "broken"


def audit_seal_fault(event: AuditEvent, *, keyed_before: bool = False) -> str | None:
    """Why the event's seal does not hold; ``""`` when it holds; None when its key is not
    configured. ``keyed_before``: an earlier event of the chain was sealed with a key."""
    if event.algorithm == LEGACY_SHA256:
        if keyed_before:
            # Only the start of a chain predates the keys; a plain hash after a keyed event
            # is someone avoiding the key.
            return _("未用密钥封存的记录出现在已用密钥封存的记录之后（记录被改写）")
        if not settings.OGI_AUDIT_ACCEPT_LEGACY:
            return _("记录未用密钥封存，本系统不接受此类记录")
    elif event.algorithm not in KEYED_ALGORITHMS:
        return _("记录所用的算法“%(algorithm)s”未知（记录被改写）") % {"algorithm": event.algorithm}
    else:
        key = verification_key(event.key_id)
        if key is None:
            return None
        if event_hash(event, key) != event.hash:
            return _("记录内容与其哈希值不符（记录被修改）")
        return ""
    if event_hash(event) != event.hash:
        return _("记录内容与其哈希值不符（记录被修改）")
    return ""


def _verify_organ(current: Organ) -> list[ChainBreak]:
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    keyed_before = False
    unverifiable: list[AuditEvent] = []
    for event in AuditEvent.objects.filter(organ=current).order_by("sequence").iterator():
        reason = ""
        if event.sequence != expected_sequence:
            reason = _("缺少第%(n)s号记录（记录被删除或插入）") % {"n": expected_sequence}
        elif event.previous_hash != expected_previous:
            reason = _("与上一条记录的哈希链接不符")
        else:
            reason = audit_seal_fault(event, keyed_before=keyed_before)
            keyed_before = keyed_before or event.algorithm != LEGACY_SHA256
            if reason is None:
                unverifiable.append(event)
        if reason:
            return [*_unverifiable(current, unverifiable),
                    ChainBreak(current.short_name, event.sequence, reason)]
        expected_previous = event.hash
        expected_sequence += 1
    breaks = _unverifiable(current, unverifiable)
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


def _unverifiable(current: Organ, events: list[AuditEvent]) -> list[ChainBreak]:
    if not events:
        return []
    keys = "、".join(sorted({event.key_id or "-" for event in events}))
    return [
        ChainBreak(
            current.short_name,
            events[0].sequence,
            _("自第%(n)s号起共%(count)s条记录由未配置的密钥（%(keys)s）封存，无法验证")
            % {"n": events[0].sequence, "count": len(events), "keys": keys},
            kind="unverifiable",
        )
    ]


def audit_verify_chain(organ: Organ | None = None) -> list[ChainBreak]:
    """Check every organ's chain (or one): its links, each event's seal under the key and
    algorithm it names, and its head. Return, per organ, the events whose key is not
    configured (one finding) and the first broken link, if any."""
    organs = [organ] if organ else list(Organ.objects.order_by("pk"))
    return [found for current in organs for found in _verify_organ(current)]


def audit_verify_statuses(organ: Organ | None = None) -> list[ChainBreak]:
    """Requests whose status is not the one their last audit event left them in.

    Every act that changes a status writes an event with ``status_after`` in the same
    transaction, so a disagreement means a status written behind the services' back (or
    the event removed)."""
    last = (
        AuditEvent.objects.filter(request=OuterRef("pk"), organ=OuterRef("organ"))
        .exclude(status_after="")
        .order_by("-sequence")
    )
    requests = (
        DisclosureRequest.objects.annotate(
            audited_status=Subquery(last.values("status_after")[:1]),
            audited_sequence=Subquery(last.values("sequence")[:1]),
        )
        .filter(Q(audited_status__isnull=True) | ~Q(status=F("audited_status")))
        .select_related("organ")
        .order_by("organ", "pk")
    )
    if organ is not None:
        requests = requests.filter(organ=organ)
    found = []
    for request in requests:
        if request.audited_status is None:
            found.append(ChainBreak(
                request.organ.short_name, 0,
                _("申请%(request)s没有任何记载其状态的审计记录（状态被绕过审计写入）")
                % {"request": request}, kind="status",
            ))
            continue
        found.append(ChainBreak(
            request.organ.short_name, request.audited_sequence,
            _("申请%(request)s的当前状态“%(status)s”与其最后一条审计记录（第%(n)s号）记载的"
              "“%(audited)s”不符（状态被绕过审计修改）")
            % {"request": request, "status": request.get_status_display(),
               "n": request.audited_sequence, "audited": _status_label(request.audited_status)},
            kind="status",
        ))
    return found


def _status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


# ---- the chain heads, exported off the database -----------------------------------------------

@dataclass(frozen=True)
class ExportedHead:
    """An organ's chain head as exported (one JSON line of the head file)."""

    organ_id: int
    organ_code: str
    sequence: int
    hash: str
    key_id: str
    algorithm: str
    event_at: str
    exported_at: str
    organ: str = ""

    def as_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True)


def audit_chain_heads(*, now: datetime.datetime | None = None) -> tuple[list[ExportedHead], list[ChainBreak]]:
    """The head of every intact, non-empty chain, for export; and the findings of the
    chains that did not verify (their heads are not exported: exporting a forged head
    would vouch for it)."""
    exported_at = (now or timezone.now()).astimezone(datetime.UTC).isoformat(timespec="seconds")
    heads: list[ExportedHead] = []
    breaks: list[ChainBreak] = []
    for current in Organ.objects.order_by("pk"):
        found = [b for b in _verify_organ(current) if b.kind == "broken"]
        if found:
            breaks += found
            continue
        last = AuditEvent.objects.filter(organ=current).order_by("-sequence").first()
        if last is None:
            continue
        heads.append(ExportedHead(
            organ_id=current.pk, organ_code=current.code, organ=current.short_name,
            sequence=last.sequence, hash=last.hash, key_id=last.key_id,
            algorithm=last.algorithm,
            event_at=last.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            exported_at=exported_at,
        ))
    return heads, breaks


def audit_read_heads(lines: Iterable[str]) -> tuple[list[ExportedHead], list[str]]:
    """The heads of a head file, and a message for each line that is not one."""
    heads: list[ExportedHead] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            head = ExportedHead(
                organ_id=int(item["organ_id"]), organ_code=str(item["organ_code"]),
                sequence=int(item["sequence"]), hash=str(item["hash"]),
                key_id=str(item.get("key_id", "")), algorithm=str(item.get("algorithm", "")),
                event_at=str(item.get("event_at", "")),
                exported_at=str(item.get("exported_at", "")), organ=str(item.get("organ", "")),
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            problems.append(_("第%(line)s行不是导出的审计链末端记录") % {"line": number})
            continue
        heads.append(head)
    return heads, problems


def audit_verify_against(heads: Iterable[ExportedHead], organ: Organ | None = None) -> list[ChainBreak]:
    """Each exported head must still be in the chain as it was exported: the event at its
    sequence with its hash and key. The chain up to it is checked by ``audit_verify_chain``;
    together they prove that nothing up to the head changed, even if whoever changed it
    had the key and re-sealed the whole chain."""
    organs = {o.pk: o for o in Organ.objects.all()}
    found: list[ChainBreak] = []
    for head in heads:
        current = organs.get(head.organ_id)
        if organ is not None and head.organ_id != organ.pk:
            continue
        name = current.short_name if current else (head.organ or head.organ_code)
        if current is None or current.code != head.organ_code:
            found.append(ChainBreak(
                name, head.sequence,
                _("导出的审计链末端所属机关（%(code)s）已不存在") % {"code": head.organ_code},
                kind="export",
            ))
            continue
        event = (
            AuditEvent.objects.filter(organ=current, sequence=head.sequence)
            .values("hash", "key_id").first()
        )
        if event is None:
            reason = _("%(at)s导出的审计链末端第%(n)s号记录已不存在（记录被删除）")
        elif (event["hash"], event["key_id"]) != (head.hash, head.key_id):
            reason = _("第%(n)s号记录与%(at)s导出的审计链末端不符（该号及以前的记录被改写）")
        else:
            continue
        found.append(ChainBreak(
            name, head.sequence, reason % {"n": head.sequence, "at": head.exported_at},
            kind="export",
        ))
    return found
