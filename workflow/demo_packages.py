"""The demo's released package: one online request by the demo applicant, taken through the
real steps and acts — received, registered, sent to 污防科, its records attached (a typeset
inspection record and a scanned notice, which is recognised), redacted from the
suggestions and a drawn box, the partial reply reviewed, signed off and dispatched, which
freezes the package — so the portal, the task pages and the audit trail show a package.

Each act is its own durable transaction, as in the product, so this runs after the rest of
the demo has committed (``seed_demo``). Safe to run again: nothing is done once the demo
applicant has this request.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from letters.models import DeliveryMethod
from records import redacting
from records.grounds import Ground
from records.models import Record
from records.preparation import record_prepare
from records.redaction import page_layer
from records.services import record_attach
from requests.choices import Channel, InformationForm, ObtainMethod, Role
from requests.demo import FANG_JUNJIE
from requests.models import DisclosureRequest, Organ, StaffMembership
from requests.outcomes import Outcome
from requests.services.intake import ItemData
from requests.services.reply import ItemDecision

from . import acts, steps
from .demo_documents import PERSONS, inspection_record_pdf, scanned_notice_png
from .flows import DisclosureFlow
from .models import TriageDecision
from .queues import task_claim

INSPECTION_ITEM = "涵江区永兴电镀有限公司2025年4月17日现场检查（勘察）笔录"
NOTICE_ITEM = "莆环责改〔2025〕37号责令改正违法行为决定书"
BADGES = ("350300202100123", "350300202100145")


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _step(request: DisclosureRequest, name: str, username: str, function, **arguments):
    """Claim the open ``name`` task as ``username`` (unless they hold it) and do it."""
    user = _user(username)
    task = Task.objects.get(
        process__requestprocess__request=request, flow_task=getattr(DisclosureFlow, name),
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )
    if task.owner_id != user.pk:
        task = task_claim(task=task, user=user)
    return function(task=task, user=user, at=timezone.now(), **arguments)


def _attach(request, position: int, title: str, name: str, content: bytes, handler) -> Record:
    request.refresh_from_db()
    item = request.items.get(position=position)
    record = record_attach(request=request, item=item, title=title, acting_user=handler,
                           upload=SimpleUploadedFile(name, content))
    record_prepare(record_id=record.pk)  # as the tasks worker would, now
    record.refresh_from_db()
    return record


def _redact(record: Record, handler, *, phrases=()) -> None:
    """The suggestions accepted, and each of ``phrases`` selected on the first page."""
    redacting.redaction_suggest(record=record, names=PERSONS, acting_user=handler)
    redacting.redaction_decide_all(record=record, accepted=True, acting_user=handler)
    with record.working.open("rb") as handle:
        text = page_layer(handle.read(), 1).text.text
    for phrase in phrases:
        start = text.find(phrase)
        if start >= 0:
            redacting.redaction_add_text(
                record=record, page=1, start=start, end=start + len(phrase),
                ground=Ground.ENFORCEMENT_FILE, note="执法人员执法证号", acting_user=handler,
            )
    redacting.record_apply_redactions(record=record, acting_user=handler)


def seed_released_package(organ: Organ) -> DisclosureRequest | None:
    """The replied request with its released package; None when it is there already."""
    account = get_user_model().objects.filter(username=FANG_JUNJIE.email).first()
    if account is None or not organ.requests.exists():
        return None  # no demo requests (an organ seeded for its people only)
    if organ.requests.filter(items__description=INSPECTION_ITEM).exists():
        return None
    request = acts.receive_application(
        organ=organ, applicant=FANG_JUNJIE, account=account, channel=Channel.ONLINE,
        items=[ItemData(INSPECTION_ITEM), ItemData(NOTICE_ITEM)],
        form_wanted=InformationForm.ELECTRONIC_FILE, obtain_method=ObtainMethod.ONLINE_DOWNLOAD,
        purpose="了解住所附近电镀企业的环境违法行为查处情况", submitted_at=timezone.now(),
    )
    handler = _user("handler")
    _step(request, "register", "registrar", steps.register)
    department = StaffMembership.objects.filter(
        user=handler, organ=organ, role=Role.HANDLER
    ).values_list("department", flat=True).first()
    _step(request, "triage", "registrar", steps.triage, decision=TriageDecision.CLEAR,
          department=organ.departments.get(pk=department))
    request.refresh_from_db()
    task_claim(task=Task.objects.get(process__requestprocess__request=request,
                                     flow_task=DisclosureFlow.handle, status=STATUS.NEW),
               user=handler)
    inspection = _attach(request, 1, "现场检查（勘察）笔录", "现场检查笔录.pdf",
                         inspection_record_pdf(), handler)
    # The inspectors' badge numbers, selected by hand (no suggestion knows them).
    _redact(inspection, handler, phrases=BADGES)
    notice = _attach(request, 2, "责令改正违法行为决定书（扫描件）", "责令改正决定书.png",
                     scanned_notice_png(), handler)
    _redact(notice, handler)
    request.refresh_from_db()
    _step(request, "handle", "handler", steps.submit_reply, decisions=[
        ItemDecision(1, Outcome.PARTIAL, "提供现场检查笔录，其中的个人信息和执法证号已作区分处理。"),
        ItemDecision(2, Outcome.PARTIAL, "提供责令改正违法行为决定书扫描件，联系人信息已作区分处理。"),
    ])
    _step(request, "review", "secrecy_reviewer", steps.review, passed=True,
          comment="已核对两份文件的区分处理，不涉及国家秘密")
    _step(request, "sign", "signing_leader", steps.sign, approved=True, comment="同意")
    _step(request, "dispatch", "registrar", steps.dispatch,
          delivery_method=DeliveryMethod.ELECTRONIC_DELIVERY, delivered_on=timezone.localdate())
    request.refresh_from_db()
    return request
