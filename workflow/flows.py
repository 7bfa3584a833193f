"""The procedure, read top to bottom: who does what next with one application.

Every human step is a viewflow ``View`` task offered to a role (``workflow.roles``); the
task views perform the legal acts through the services of ``requests`` and ``letters`` and
then complete the task, so the flow never writes a request's status itself.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from requests.choices import Status

from .models import RequestProcess, TriageDecision


def task_view(request, **kwargs):  # pragma: no cover - tasks are done on the workbench
    """Placeholder for viewflow's own URLs, which this project does not mount."""
    from django.http import Http404

    raise Http404


def _triage_is(decision: str):
    return lambda activation: activation.process.triage_decision == decision


def _needs_coordination(activation) -> bool:
    return activation.process.request.needs_coordination


def _status_is(status: str):
    return lambda activation: activation.process.request.status == status


def _reviewed(activation) -> bool:
    """保密审查 passed the draft: the request names its reviewer (a new draft and a return
    from sign-off clear it; a return from review never sets it)."""
    return activation.process.request.reviewed_by_id is not None


def _signed_off(activation) -> bool:
    """审签 approved the reply: the request names who signed it off (a return clears it)."""
    return activation.process.request.signed_off_by_id is not None


def _still_waiting(activation) -> bool:
    """The waiting step (收到补正, or the handling while a fee is due) ended with the request
    still waiting on the applicant: the sweep found the period lapsed."""
    return activation.process.request.status in (Status.AWAITING_CORRECTION, Status.AWAITING_FEE)


def _invited(department_kind: str):
    def condition(activation) -> bool:
        return department_kind in activation.process.data.get("invited", [])

    return condition


#: ``RequestProcess.data`` key: who held the handling task when the sweep found the fee
#: period lapsed (the case returns to them if a good reason sets a new period).
LAPSE_HOLDER = "handler_at_lapse"


class DisclosureFlow(flow.Flow):
    process_class = RequestProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("政府信息公开申请办理")

    start = flow.StartHandle(this.start_process).Next(this.register)

    # 确认接收并登记 (OGI office), with the receipt letter.
    register = flow.View(task_view).Annotation(title=_("确认接收并登记")).Next(this.triage)
    # 初审分办: clear, unclear, not an OGI request, bulk, or answered on the spot.
    triage = flow.View(task_view).Annotation(title=_("初审分办")).Next(this.route)
    route = (
        flow.Switch()
        .Case(this.handle, _triage_is(TriageDecision.CLEAR))
        .Case(this.await_correction, _triage_is(TriageDecision.CORRECTION))
        .Case(this.draft_not_processed, _triage_is(TriageDecision.NOT_PROCESSED))
        .Case(this.ask_reasons, _triage_is(TriageDecision.BULK))
        .Default(this.end)  # on the spot: the reply was issued at the counter
    )
    # The applicant's correction comes back (or the sweep finds the period lapsed).
    await_correction = (
        flow.View(task_view).Annotation(title=_("收到补正")).Next(this.after_correction_wait)
    )
    after_correction_wait = flow.If(_still_waiting).Then(this.confirm_lapse).Else(this.triage)
    # 确认视为放弃 (Art. 30, 42): a correction or payment period lapsed. A registrar confirms
    # it (the termination notice; the flow ends) or records a good reason with a new period
    # (back to waiting: 收到补正 again, or the handler's fee wait). No machine decides it.
    confirm_lapse = (
        flow.View(task_view).Annotation(title=_("确认视为放弃")).Next(this.after_lapse)
    )
    after_lapse = (
        flow.Switch()
        .Case(this.end, _status_is(Status.ABANDONED))
        .Case(this.await_correction, _status_is(Status.AWAITING_CORRECTION))
        .Default(this.handle)
    )
    # Art. 35: the OGI office head asks for reasons, then decides on them.
    ask_reasons = (
        flow.View(task_view).Annotation(title=_("要求说明理由")).Next(this.decide_reasons)
    )
    decide_reasons = (
        flow.View(task_view).Annotation(title=_("审查申请理由")).Next(this.after_reasons)
    )
    # Reasons accepted: still registered, back to triage; not accepted: routed to the office.
    after_reasons = (
        flow.If(_status_is(Status.REGISTERED))
        .Then(this.triage)
        .Else(this.draft_not_processed)
    )
    draft_not_processed = (
        flow.View(task_view).Annotation(title=_("拟写不予处理答复")).Next(this.review)
    )

    # 承办: search and draft; consult, ask for more time or a fee, flag as sensitive.
    handle = (
        flow.View(task_view)
        .Annotation(title=_("承办"))
        .Assign(this.previous_handler)
        .Next(this.after_handle)
    )
    after_handle = (
        flow.Switch()
        .Case(this.confirm_lapse, _still_waiting)  # the fee was not paid in time
        .Case(this.coordinate, _needs_coordination)
        .Default(this.review)
    )

    # 协调会商: invited departments give opinions in parallel; the head concludes.
    coordinate = (
        flow.Split()
        .Next(this.opinion_legal, case=_invited("legal"))
        .Next(this.opinion_secrecy, case=_invited("secrecy"))
        .Next(this.opinion_publicity, case=_invited("publicity"))
        .Next(this.opinion_department, case=_invited("department"))
    )
    opinion_legal = flow.View(task_view).Annotation(title=_("会商意见（法规）")).Next(this.opinions_in)
    opinion_secrecy = flow.View(task_view).Annotation(title=_("会商意见（保密）")).Next(this.opinions_in)
    opinion_publicity = (
        flow.View(task_view).Annotation(title=_("会商意见（宣传）")).Next(this.opinions_in)
    )
    opinion_department = (
        flow.View(task_view).Annotation(title=_("会商意见（承办科室）")).Next(this.opinions_in)
    )
    opinions_in = flow.Join().Next(this.conclude)
    conclude = flow.View(task_view).Annotation(title=_("会商结论")).Next(this.handle)

    # 保密审查 and 审签: either may send the case back to the handler.
    review = flow.View(task_view).Annotation(title=_("保密审查")).Next(this.after_review)
    after_review = flow.If(_reviewed).Then(this.sign).Else(this.handle)
    sign = flow.View(task_view).Annotation(title=_("审签")).Next(this.after_sign)
    after_sign = flow.If(_signed_off).Then(this.dispatch).Else(this.handle)

    # 答复送达 and 归档 (OGI office).
    dispatch = flow.View(task_view).Annotation(title=_("答复送达")).Next(this.archive)
    archive = flow.View(task_view).Annotation(title=_("归档")).Next(this.end)

    end = flow.End()

    #: Whether a person may hold a task (``workflow.eligibility.may_take``). Who takes each
    #: step is declared with the steps (``workflow.step_specs``), which name this flow's
    #: nodes; the app sets this when it is ready (``WorkflowConfig.ready``), so the flow
    #: imports neither.
    may_take: Callable | None = None

    def previous_handler(self, activation):
        """A case sent back (from review, sign-off or consultation) returns to its drafter;
        one whose fee period was set anew, to the handler who held it when it lapsed."""
        from django.contrib.auth import get_user_model

        may_take = type(self).may_take
        drafter = activation.process.request.drafted_by
        if drafter is not None and may_take(drafter, activation.task):
            return drafter
        holder_id = activation.process.data.get(LAPSE_HOLDER)
        holder = get_user_model().objects.filter(pk=holder_id).first() if holder_id else None
        if holder is not None and may_take(holder, activation.task):
            return holder
        return None

    def start_process(self, activation, request):
        activation.process.request = request
        activation.process.save()
        return activation.process
