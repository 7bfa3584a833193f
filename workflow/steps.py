"""What each step of the flow does: its legal acts (with their letters) and the completion
of its task, in one transaction. Task views call these; so do the tests and the demo.

Every function takes the task and the person holding it; it refuses (``TaskError``) a task
the person does not hold, and lets the acts' own refusals (``RequestActError``) through
with nothing changed.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from letters.acts import (
    abandon_with_termination_notice,
    ask_reasons_with_notice,
    issue_correction_notice,
    register_and_send_receipt,
    reply_on_the_spot_with_letter,
    reply_with_letter,
    set_later_reply_date_with_notice,
)
from letters.models import IssuedLetter
from letters.services import letter_record_delivery
from requests.models import Department, DisclosureRequest
from requests.models.audit import Act
from requests.models.consultation import OpinionSource
from requests.services import (
    request_archive,
    request_draft_reply,
    request_flag_sensitive,
    request_grant_new_period,
    request_hold_coordination_meeting,
    request_pass_confidentiality_review,
    request_receive_correction,
    request_record_opinion,
    request_return_from_review,
    request_return_from_sign_off,
    request_sign_off,
    request_submit_for_review,
    request_triage,
)
from requests.services.closing import waiting_period
from requests.services.locks import act_locks
from requests.services.reply import ItemDecision

from .errors import TaskError
from .flows import DisclosureFlow
from .lifecycle import open_tasks_of_request, task_complete, task_finish_outside_its_form
from .models import RequestProcess, TaskAction, TaskLog, TriageDecision
from .sweeps import flag_late_confirmation


@contextlib.contextmanager
def _step(task: Task, user: AbstractBaseUser, name: str | tuple[str, ...]) -> Iterator[
    tuple[DisclosureRequest, RequestProcess]
]:
    """Check the person holds the task of this step; run the body and complete the task
    in one transaction."""
    names = (name,) if isinstance(name, str) else name
    with transaction.atomic():
        # The organ and the request before the task (the lock order of requests.services).
        organ_id, request_id = RequestProcess.objects.filter(task__pk=task.pk).values_list(
            "request__organ_id", "request_id"
        ).get()
        act_locks(organ=organ_id, request=request_id)
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.flow_task.name not in names:
            raise TaskError(_("该任务不是此环节的任务。"), code="wrong_step")
        if task.owner_id != user.pk or task.status != STATUS.ASSIGNED:
            raise TaskError(_("请先领取该任务。"), code="not_owner")
        process = RequestProcess.objects.select_related("request").get(pk=task.process_id)
        request = DisclosureRequest.objects.get(pk=process.request_id)
        yield request, process
        task_complete(task=task, user=user)


def holds(task: Task, user: AbstractBaseUser, name: str) -> tuple[DisclosureRequest, Task]:
    """For acts taken while holding a task without finishing it (the handler consulting,
    asking for more time or a fee): the request, if ``user`` holds the ``name`` task."""
    task = Task.objects.get(pk=task.pk)
    if task.flow_task.name != name or task.owner_id != user.pk or task.status != STATUS.ASSIGNED:
        raise TaskError(_("请先领取该任务。"), code="not_owner")
    process = RequestProcess.objects.get(pk=task.process_id)
    return DisclosureRequest.objects.get(pk=process.request_id), task


def _note(task: Task, user: AbstractBaseUser, comment: str) -> None:
    if comment:
        TaskLog.objects.filter(task=task, action=TaskAction.FINISHED).update(comment=comment)


def register(
    *, task: Task, user: AbstractBaseUser, post_signed_on: datetime.date | None = None,
    confirmed_on: datetime.date | None = None, at: datetime.datetime | None = None,
) -> IssuedLetter:
    """确认接收并登记, with the receipt letter; a confirmation of receipt more than one
    working day after arrival (Art. 31) is flagged to the organ's supervisors at once."""
    with _step(task, user, "register") as (request, _process):
        letter = register_and_send_receipt(
            request=request, acting_user=user, post_signed_on=post_signed_on,
            confirmed_on=confirmed_on, at=at,
        )
        event = request.audit_events.filter(act=Act.REGISTER).order_by("-sequence").first()
        flag_late_confirmation(event)
    return letter


def triage(
    *,
    task: Task,
    user: AbstractBaseUser,
    decision: str,
    department: Department | None = None,
    points: str = "",
    decisions: list[ItemDecision] | None = None,
    office: Department | None = None,
    at: datetime.datetime | None = None,
) -> IssuedLetter | None:
    """初审分办: route, ask for a correction once, mark as not to be processed, ask the OGI
    office head to look at a bulk application, or answer at the counter."""
    letter = None
    with _step(task, user, "triage") as (request, process):
        if decision == TriageDecision.CLEAR:
            if department is None:
                raise TaskError(_("请选择承办科室。"), code="department")
            request_triage(request=request, acting_user=user, department=department, at=at)
        elif decision == TriageDecision.CORRECTION:
            letter = issue_correction_notice(
                request=request, acting_user=user, points=points, at=at
            )
        elif decision == TriageDecision.NOT_PROCESSED:
            office = office or Department.objects.filter(
                organ_id=request.organ_id, is_ogi_office=True
            ).first()
            if office is None:
                raise TaskError(_("本机关未设置政府信息公开工作机构。"), code="office")
            request_triage(request=request, acting_user=user, department=office, at=at)
        elif decision == TriageDecision.ON_THE_SPOT:
            request_draft_reply(
                request=request, acting_user=user, decisions=decisions or [], at=at
            )
            letter = reply_on_the_spot_with_letter(request=request, acting_user=user, at=at)
        elif decision != TriageDecision.BULK:
            raise TaskError(_("请选择初审结论。"), code="decision")
        process.triage_decision = decision
        process.save(update_fields=["triage_decision"])
    return letter


def receive_correction(
    *, task: Task, user: AbstractBaseUser, received_on: datetime.date | None = None,
    note: str = "", at: datetime.datetime | None = None,
) -> None:
    """收到补正: the corrected application is in; back to triage, the clock runs afresh."""
    with _step(task, user, "await_correction") as (request, process):
        request_receive_correction(
            request=request, acting_user=user, received_on=received_on, note=note, at=at
        )
        process.triage_decision = ""
        process.save(update_fields=["triage_decision"])


def ask_reasons(
    *, task: Task, user: AbstractBaseUser, applications_count: int, period: str,
    respond_by: datetime.date, at: datetime.datetime | None = None,
) -> IssuedLetter:
    """要求说明理由 (Art. 35), with its notice."""
    with _step(task, user, "ask_reasons") as (request, _process):
        letter = ask_reasons_with_notice(
            request=request, acting_user=user, applications_count=applications_count,
            period=period, respond_by=respond_by, at=at,
        )
    return letter


def decide_reasons(
    *, task: Task, user: AbstractBaseUser, accepted: bool, note: str,
    office: Department | None = None, reply_by: datetime.date | None = None,
    later_reasons: str = "", at: datetime.datetime | None = None,
) -> IssuedLetter | None:
    """The reasons are reasonable (back to triage) or not (a not-processed reply, (五)4).

    Reasonable but too many to answer in time: with ``reply_by`` the OGI office head also
    sets the later reply date (Art. 35), with ``later_reasons``, and the 延期答复告知书 goes
    out with it."""
    if not note.strip():
        raise TaskError(_("请写明审查意见。"), code="note")
    if reply_by is not None and not accepted:
        raise TaskError(
            _("理由不合理的，不予处理，不确定延迟答复期限。"), code="reply_by"
        )
    letter = None
    with _step(task, user, "decide_reasons") as (request, process):
        process.triage_decision = ""
        process.save(update_fields=["triage_decision"])
        if reply_by is not None:
            letter = set_later_reply_date_with_notice(
                request=request, acting_user=user, reply_by=reply_by, reasons=later_reasons,
                at=at,
            )
        if not accepted:
            office = office or Department.objects.filter(
                organ_id=request.organ_id, is_ogi_office=True
            ).first()
            request_triage(request=request, acting_user=user, department=office, at=at)
    _note(task, user, note)
    return letter


def draft_not_processed(
    *, task: Task, user: AbstractBaseUser, outcome: str, text: str, decision_text: str = "",
    at: datetime.datetime | None = None,
) -> None:
    """拟写不予处理答复: one outcome of （五） for every item, then to the secrecy review."""
    with _step(task, user, "draft_not_processed") as (request, _process):
        decisions = [
            ItemDecision(position, outcome, text)
            for position in request.items.values_list("position", flat=True)
        ]
        request_draft_reply(
            request=request, acting_user=user, decisions=decisions,
            decision_text=decision_text, at=at,
        )
        request_submit_for_review(request=request, acting_user=user, at=at)


def submit_reply(
    *, task: Task, user: AbstractBaseUser, decisions: list[ItemDecision],
    decision_text: str = "", at: datetime.datetime | None = None,
) -> None:
    """承办: the reply is drafted, one decision per item; it goes to the secrecy review."""
    with _step(task, user, "handle") as (request, _process):
        request_draft_reply(
            request=request, acting_user=user, decisions=decisions,
            decision_text=decision_text, at=at,
        )
        request_submit_for_review(request=request, acting_user=user, at=at)


def flag_sensitive(
    *, task: Task, user: AbstractBaseUser, reason: str, invited: list[str],
    at: datetime.datetime | None = None,
) -> None:
    """标记为敏感申请: the case goes to coordination consultation with the invited sides."""
    invited = [source for source in OpinionSource.values if source in invited]
    if not invited:
        raise TaskError(_("请至少邀请一个部门提出会商意见。"), code="invited")
    with _step(task, user, "handle") as (request, process):
        request_flag_sensitive(request=request, acting_user=user, reason=reason, at=at)
        process.data = {**process.data, "invited": invited}
        process.save(update_fields=["data"])


def opinion_step(name: str, source: str):
    """The step function of the 会商意见 step ``name``, which records ``source``'s opinion
    (the step declarations say which side each opinion step speaks for)."""

    def give_opinion(
        *, task: Task, user: AbstractBaseUser, opinion: str, at: datetime.datetime | None = None
    ) -> None:
        """会商意见 of one invited side."""
        with _step(task, user, name) as (request, _process):
            request_record_opinion(
                request=request, acting_user=user, source=source, opinion=opinion, at=at
            )

    give_opinion.__qualname__ = f"give_opinion[{name}]"
    return give_opinion


def conclude(
    *, task: Task, user: AbstractBaseUser, conclusion: str, at: datetime.datetime | None = None
) -> None:
    """会商结论: recorded by the OGI office head; the case returns to its handler."""
    with _step(task, user, "conclude") as (request, _process):
        request_hold_coordination_meeting(
            request=request, acting_user=user, conclusion=conclusion, at=at
        )


def review(
    *, task: Task, user: AbstractBaseUser, passed: bool, comment: str = "",
    at: datetime.datetime | None = None,
) -> None:
    """保密审查: pass to sign-off, or return to the handler with reasons."""
    with _step(task, user, "review") as (request, _process):
        if passed:
            request_pass_confidentiality_review(
                request=request, acting_user=user, comment=comment, at=at
            )
        else:
            request_return_from_review(request=request, acting_user=user, reason=comment, at=at)


def sign(
    *, task: Task, user: AbstractBaseUser, approved: bool, comment: str = "",
    at: datetime.datetime | None = None,
) -> None:
    """审签: approve for dispatch, or return to the handler with reasons."""
    with _step(task, user, "sign") as (request, _process):
        if approved:
            request_sign_off(request=request, acting_user=user, comment=comment, at=at)
        else:
            request_return_from_sign_off(request=request, acting_user=user, reason=comment, at=at)


def dispatch(
    *, task: Task, user: AbstractBaseUser, delivery_method: str,
    delivered_on: datetime.date | None = None, at: datetime.datetime | None = None,
) -> IssuedLetter:
    """答复送达: the reply letter is issued with its number; its delivery is recorded when
    known (it may also be recorded later, when the proof of delivery comes back)."""
    with _step(task, user, "dispatch") as (request, _process):
        letter = reply_with_letter(request=request, acting_user=user, at=at)
        if delivered_on is not None:
            letter_record_delivery(
                letter=letter, method=delivery_method, delivered_on=delivered_on,
                acting_user=user,
            )
    return letter


def archive(*, task: Task, user: AbstractBaseUser, at: datetime.datetime | None = None) -> None:
    """归档 (Art. 45)."""
    with _step(task, user, "archive") as (request, _process):
        request_archive(request=request, acting_user=user, at=at)


def correction_answered_online(
    *, request: DisclosureRequest, applicant: AbstractBaseUser, comment: str = ""
) -> None:
    """收到补正 done by the applicant online (Art. 30): the corrected application arrived the
    moment it was sent, so the registrars' "收到补正" task has nothing left to do. Complete
    it in the act's transaction, recording the applicant, so triage is offered at once."""
    assert transaction.get_connection().in_atomic_block, "call inside the act's transaction"
    now = timezone.now()
    tasks = open_tasks_of_request(request).filter(flow_task=DisclosureFlow.await_correction)
    for task_id in list(tasks.values_list("pk", flat=True)):
        task = Task.objects.select_for_update().get(pk=task_id)
        process = RequestProcess.objects.get(pk=task.process_id)
        process.triage_decision = ""
        process.save(update_fields=["triage_decision"])
        if task.status == STATUS.ASSIGNED:
            with task.activation() as activation:
                activation.unassign()
            task.refresh_from_db()
        task_finish_outside_its_form(task, actor=applicant, owner=None, at=now, comment=comment)


def confirm_lapse(
    *, task: Task, user: AbstractBaseUser, at: datetime.datetime | None = None
) -> IssuedLetter:
    """确认视为放弃: no good reason for the lapse; the request is treated as abandoned, with
    the termination notice (Art. 30, 42), and its flow ends."""
    with _step(task, user, "confirm_lapse") as (request, _process):
        period = waiting_period(request)
        if period is None:
            raise TaskError(
                _("该申请已不在等待补正或缴费，不能视为放弃。"), code="not_waiting"
            )
        letter = abandon_with_termination_notice(
            request=request, acting_user=user, reason=period.reason, at=at
        )
    return letter


def grant_new_period(
    *, task: Task, user: AbstractBaseUser, reason: str, new_last_day: datetime.date,
    posted_on: datetime.date | None = None, at: datetime.datetime | None = None,
) -> None:
    """认定正当理由，重新确定期限: the request waits again — 收到补正 is offered anew, or the
    handler's fee wait resumes; the sweep offers the confirmation again if this period
    lapses too."""
    with _step(task, user, "confirm_lapse") as (request, _process):
        request_grant_new_period(
            request=request, acting_user=user, reason=reason, new_last_day=new_last_day,
            posted_on=posted_on, at=at,
        )
