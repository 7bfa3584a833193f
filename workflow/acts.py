"""Acts on a request that are no task of its flow, with what they do to the flow: an
application received (online or entered by a registrar: the flow starts), withdrawn (the
flow ends), corrected by the applicant online (收到补正 is done), an extension decided,
an application answered at the counter, a letter's delivery recorded, the applicant's name
corrected; and the acts the handler takes while holding the handling task without
finishing it (a consultation opened or closed, more time asked, a fee notice issued, a
payment recorded), which refuse anyone not holding it.

Each is one transaction, the outermost (``durable=True``: an act is never part of a larger
one that could still roll it back after it told the applicant), with the row locks taken in
the order of ``requests.services`` (the organ, then the request). The faces — the portal's
services, the staff pages — call these and never start or end a flow or open a transaction
themselves.

``then`` and ``first`` let a face do its own part inside the act's transaction: the portal
stores the uploaded files and counts the submission (``first`` runs before the organ is
locked: it locks the applicant's account, as the lock order allows).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from letters.acts import (
    grant_extension_with_notice,
    issue_fee_notice_with_letter,
    open_consultation_with_letter,
)
from letters.models import IssuedLetter
from letters.services import letter_record_delivery
from requests.models import Consultation, DisclosureRequest, FeeNotice, Organ
from requests.models.audit import Act
from requests.models.extension import Extension
from requests.services import (
    request_ask_extension,
    request_close_consultation,
    request_correct_applicant_name,
    request_receive_correction,
    request_record_payment,
    request_refuse_extension,
    request_submit,
    request_withdraw,
)
from requests.services.intake import ApplicantData, ItemData
from requests.services.locks import act_locks
from requests.services.reply import ItemDecision

from . import steps
from .errors import TaskError
from .lifecycle import end_flow, flow_start
from .models import RequestProcess, TriageDecision
from .steps import correction_answered_online
from .sweeps import flag_consultation_after_due


@contextlib.contextmanager
def _act(
    *, organ: Organ | int, request: DisclosureRequest | int | None = None
) -> Iterator[None]:
    """The outer transaction of one act, holding the organ's row and the request's."""
    with transaction.atomic(durable=True):
        act_locks(organ=organ, request=request)
        yield


#: The step whose holder takes the acts on the handling task.
HANDLING = "handle"


@contextlib.contextmanager
def _holding(task: Task, user: AbstractBaseUser) -> Iterator[DisclosureRequest]:
    """The outer transaction of an act taken while holding the handling task: the organ's
    row, the request's, then the task's; the request as it stands, if ``user`` holds the
    task (refused otherwise, with nothing changed)."""
    with transaction.atomic(durable=True):
        organ_id, request_id = RequestProcess.objects.filter(task__pk=task.pk).values_list(
            "request__organ_id", "request_id"
        ).get()
        act_locks(organ=organ_id, request=request_id)
        task = Task.objects.select_for_update().get(pk=task.pk)
        if (task.flow_task.name != HANDLING or task.owner_id != user.pk
                or task.status != STATUS.ASSIGNED):
            raise TaskError(_("请先领取该任务。"), code="not_owner")
        yield DisclosureRequest.objects.get(pk=request_id)


def _noop(*_args) -> None:
    return None


def receive_application(
    *,
    organ: Organ,
    applicant: ApplicantData,
    items: list[ItemData],
    channel: str,
    form_wanted: str,
    obtain_method: str,
    submitted_at: datetime.datetime,
    purpose: str = "",
    special_needs: str = "",
    account: AbstractBaseUser | None = None,
    entered_by: AbstractBaseUser | None = None,
    first: Callable[[], None] = _noop,
    then: Callable[[DisclosureRequest], None] = _noop,
) -> DisclosureRequest:
    """收到申请: the application is received (submitted online by ``account`` or entered by
    the registrar ``entered_by``) and put in the flow, its registration offered to the
    registrars. ``then`` runs in the same transaction once the flow has started."""
    with transaction.atomic(durable=True):
        first()
        act_locks(organ=organ)
        request = request_submit(
            organ=organ, applicant=applicant, items=items, channel=channel,
            form_wanted=form_wanted, obtain_method=obtain_method, purpose=purpose,
            special_needs=special_needs, account=account, entered_by=entered_by,
            submitted_at=submitted_at,
        )
        flow_start(request)
        then(request)
    return request


def withdraw(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, reason: str,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """撤回 (by the applicant online, or recorded by a registrar): what waited on the
    request ends, its flow with it."""
    with _act(organ=request.organ_id, request=request):
        request_withdraw(request=request, acting_user=acting_user, reason=reason, at=at)
        end_flow(request)
    return request


def correct_online(
    *, request: DisclosureRequest, applicant: AbstractBaseUser, note: str,
    comment: str, received_on: datetime.date, at: datetime.datetime,
    then: Callable[[DisclosureRequest], None] = _noop,
) -> DisclosureRequest:
    """补正 by the applicant online (Art. 30): the correction is received today, ``then``
    keeps what the applicant changed, and the registrars' 收到补正 task is done (with
    ``comment`` in its queue log), so triage is offered at once."""
    with _act(organ=request.organ_id, request=request):
        request_receive_correction(
            request=request, acting_user=applicant, received_on=received_on, note=note, at=at
        )
        then(request)
        correction_answered_online(request=request, applicant=applicant, comment=comment)
    return request


def decide_extension(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser,
    extension: Extension, grant: bool, reason: str = "",
) -> IssuedLetter | None:
    """延期审批 by the OGI office head: granted with the 延期答复告知书, or refused with
    reasons. The flow goes on as it was (the handler keeps the case)."""
    with _act(organ=request.organ_id, request=request):
        if grant:
            return grant_extension_with_notice(
                request=request, acting_user=acting_user, extension=extension
            )
        request_refuse_extension(
            request=request, acting_user=acting_user, extension=extension, reason=reason
        )
    return None


def reply_on_the_spot(
    *, request: DisclosureRequest, registrar: AbstractBaseUser, decisions: list[ItemDecision],
    claim: Callable[[], Task],
) -> IssuedLetter:
    """当场答复 (Art. 33) at the counter: the registrar takes the triage (``claim`` returns
    the task, claimed) and decides every item at once, with the reply letter to print."""
    with _act(organ=request.organ_id, request=request):
        return steps.triage(
            task=claim(), user=registrar, decision=TriageDecision.ON_THE_SPOT,
            decisions=decisions,
        )


def record_delivery(
    *, letter: IssuedLetter, acting_user: AbstractBaseUser, method: str,
    delivered_on: datetime.date, proof=None,
) -> IssuedLetter:
    """送达 recorded by a registrar: how and when the letter reached its addressee."""
    with _act(organ=letter.organ_id, request=letter.request_id):
        return letter_record_delivery(
            letter=letter, method=method, delivered_on=delivered_on, acting_user=acting_user,
            proof=proof,
        )


def correct_applicant_name(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, name: str, reason: str,
) -> DisclosureRequest:
    """更正申请人姓名 by a registrar, with the reason, as the letters will print it."""
    with _act(organ=request.organ_id, request=request):
        return request_correct_applicant_name(
            request=request, acting_user=acting_user, name=name, reason=reason
        )


# ---- while holding the handling task ---------------------------------------------------------


def open_consultation(
    *, task: Task, acting_user: AbstractBaseUser, party_kind: str, party_name: str,
    party_contact: str, subject: str,
) -> IssuedLetter:
    """征求意见 with its letter, by the handler holding the case; begun after the due date,
    it is flagged to the organ's supervisors at once (DESIGN.md §3)."""
    with _holding(task, acting_user) as request:
        letter = open_consultation_with_letter(
            request=request, acting_user=acting_user, party_kind=party_kind,
            party_name=party_name, party_contact=party_contact, subject=subject,
        )
        event = request.audit_events.filter(act=Act.OPEN_CONSULTATION).order_by(
            "-sequence"
        ).first()
        flag_consultation_after_due(event)
    return letter


def close_consultation(
    *, task: Task, acting_user: AbstractBaseUser, consultation: Consultation, result: str,
    opinion: str, closed_on: datetime.date,
) -> Consultation:
    """征求意见结束: the consulted party's opinion recorded by the handler; the case goes
    back to processing when it was the last consultation open."""
    with _holding(task, acting_user) as request:
        return request_close_consultation(
            request=request, acting_user=acting_user, consultation=consultation,
            result=result, opinion=opinion, closed_on=closed_on,
        )


def ask_extension(
    *, task: Task, acting_user: AbstractBaseUser, days: int, reason: str,
) -> Extension:
    """申请延期: the handler asks the head of the OGI office for more time (Art. 33)."""
    with _holding(task, acting_user) as request:
        return request_ask_extension(
            request=request, acting_user=acting_user, days=days, reason=reason
        )


def issue_fee_notice(
    *, task: Task, acting_user: AbstractBaseUser, standard: str, quantity: int,
) -> IssuedLetter:
    """收费通知 (Art. 42) with the 收费通知书; the month's earlier items are counted from the
    records by the act, never typed."""
    with _holding(task, acting_user) as request:
        return issue_fee_notice_with_letter(
            request=request, acting_user=acting_user, standard=standard, quantity=quantity
        )


def record_payment(
    *, task: Task, acting_user: AbstractBaseUser, paid_on: datetime.date,
) -> FeeNotice:
    """缴费: the fee arrived in time; processing resumes."""
    with _holding(task, acting_user) as request:
        return request_record_payment(request=request, acting_user=acting_user, paid_on=paid_on)
