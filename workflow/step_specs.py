"""One declaration per human step of ``DisclosureFlow``: who it is offered to, what its
page offers (the forms and the step functions that perform the legal acts), whose work it
must not be (four-eyes), which roles its acts accept, and — for the demo — at which status
a request stands at it and which audited acts finish it.

The flow (``workflow.flows``) says in which order the steps come and names each one (its
annotation title); everything else about a step is said here, once. The queues, the task
pages, the demo and the tests read these declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from requests.choices import Role, Status
from requests.models.audit import Act
from requests.models.consultation import OpinionSource
from requests.services.consultation import SOURCE_ROLES

from . import roles, step_forms, steps
from .flows import DisclosureFlow
from .roles import Offer

#: ``StepSpec.four_eyes``: nobody takes the step on a reply they drafted themselves.
DRAFTER = "drafter"


@dataclass(frozen=True)
class StepForm:
    """One form of a step's page: its submit button names it (``key``)."""

    key: str
    label: Promise
    form_class: type
    action: Callable[..., object]


@dataclass(frozen=True)
class StepSpec:
    name: str
    offer: Offer
    #: The roles the step's acts accept (``require_role`` of the services they call): the
    #: offered role must be one of them, or the task is offered to people refused on submit.
    service_roles: tuple[str, ...]
    forms: tuple[StepForm, ...]
    #: The invited side whose opinion the step records (the four 会商意见 steps).
    opinion_source: str = ""
    #: Whose work the step must not be taken on (``DRAFTER``), or "".
    four_eyes: str = ""
    #: Demo: the statuses at which a request stands at this step (its task open).
    stands_at: tuple[str, ...] = ()
    #: Demo: the audited acts that finish the step (its tasks are dated by them).
    acts: tuple[str, ...] = ()

    @property
    def node(self):
        return getattr(DisclosureFlow, self.name)

    @property
    def title(self) -> Promise:
        """The flow node's title (the flow names its steps)."""
        return self.node.task_title

    def form(self, key: str) -> StepForm | None:
        return next((form for form in self.forms if form.key == key), None)


def _opinion(name: str, source: str, offer: Offer) -> StepSpec:
    return StepSpec(
        name, offer, (SOURCE_ROLES[source],),
        (StepForm("opinion", _("提交会商意见"), step_forms.OpinionForm,
                  steps.opinion_step(name, source)),),
        opinion_source=source, stands_at=(Status.CONSULTATION,), acts=(Act.RECORD_OPINION,),
    )


STEPS: tuple[StepSpec, ...] = (
    StepSpec(
        "register", roles.REGISTRAR, (Role.REGISTRAR,),
        (StepForm("register", _("确认接收并登记，发出登记回执"), step_forms.RegisterForm,
                  steps.register),),
        stands_at=(Status.RECEIVED,), acts=(Act.REGISTER,),
    ),
    StepSpec(
        "triage", roles.REGISTRAR, (Role.REGISTRAR,),
        (StepForm("triage", _("提交初审结论"), step_forms.TriageForm, steps.triage),),
        stands_at=(Status.REGISTERED,),
        acts=(Act.TRIAGE, Act.REQUEST_CORRECTION, Act.REQUEST_REASONS),
    ),
    StepSpec(
        "await_correction", roles.REGISTRAR, (Role.REGISTRAR, Role.HANDLER, Role.OGI_HEAD),
        (StepForm("correction", _("登记收到补正"), step_forms.ReceiveCorrectionForm,
                  steps.receive_correction),),
        stands_at=(Status.AWAITING_CORRECTION,), acts=(Act.RECEIVE_CORRECTION,),
    ),
    StepSpec(
        "confirm_lapse", roles.REGISTRAR, (Role.REGISTRAR,),
        (
            StepForm("confirm", _("确认视为放弃，发出终止办理告知书"), step_forms.ConfirmLapseForm,
                     steps.confirm_lapse),
            StepForm("good_reason", _("认定正当理由，重新确定期限"), step_forms.GoodReasonForm,
                     steps.grant_new_period),
        ),
        acts=(Act.ABANDON, Act.GRANT_NEW_PERIOD),
    ),
    StepSpec(
        "ask_reasons", roles.OGI_HEAD, (Role.OGI_HEAD,),
        (StepForm("ask", _("发出说明理由告知书"), step_forms.AskReasonsForm, steps.ask_reasons),),
        acts=(Act.REQUEST_REASONS,),
    ),
    StepSpec(
        "decide_reasons", roles.OGI_HEAD, (Role.OGI_HEAD,),
        (StepForm("decide", _("提交审查结论"), step_forms.DecideReasonsForm,
                  steps.decide_reasons),),
    ),
    StepSpec(
        # The office answers an application not to be processed: its registrars draft it.
        "draft_not_processed", roles.OFFICE_REGISTRAR, (Role.REGISTRAR, Role.HANDLER),
        (StepForm("draft", _("提交保密审查"), step_forms.DraftNotProcessedForm,
                  steps.draft_not_processed),),
        acts=(Act.SUBMIT_FOR_REVIEW,),
    ),
    StepSpec(
        "handle", roles.HANDLER, (Role.HANDLER,),
        (
            StepForm("reply", _("拟写答复并提交保密审查"), step_forms.ReplyForm,
                     steps.submit_reply),
            StepForm("sensitive", _("标记为敏感申请，提请协调会商"), step_forms.FlagSensitiveForm,
                     steps.flag_sensitive),
        ),
        stands_at=(Status.PROCESSING, Status.THIRD_PARTY_CONSULTATION, Status.AWAITING_FEE),
        acts=(Act.SUBMIT_FOR_REVIEW, Act.FLAG_SENSITIVE),
    ),
    _opinion("opinion_legal", OpinionSource.LEGAL, roles.LEGAL_REVIEWER),
    _opinion("opinion_secrecy", OpinionSource.SECRECY, roles.SECRECY_REVIEWER),
    _opinion("opinion_publicity", OpinionSource.PUBLICITY, roles.PUBLICITY_HEAD),
    _opinion("opinion_department", OpinionSource.DEPARTMENT, roles.DEPARTMENT_HEAD),
    StepSpec(
        "conclude", roles.OGI_HEAD, (Role.OGI_HEAD,),
        (StepForm("conclude", _("记录会商结论"), step_forms.ConcludeForm, steps.conclude),),
        acts=(Act.HOLD_COORDINATION_MEETING,),
    ),
    StepSpec(
        "review", roles.SECRECY_REVIEWER, (Role.SECRECY_REVIEWER,),
        (StepForm("review", _("提交保密审查结论"), step_forms.ReviewForm, steps.review),),
        four_eyes=DRAFTER, stands_at=(Status.CONFIDENTIALITY_REVIEW,),
        acts=(Act.PASS_CONFIDENTIALITY_REVIEW, Act.RETURN_FROM_REVIEW),
    ),
    StepSpec(
        "sign", roles.SIGNING_LEADER, (Role.SIGNING_LEADER,),
        (StepForm("sign", _("提交审签结论"), step_forms.SignForm, steps.sign),),
        four_eyes=DRAFTER, stands_at=(Status.SIGN_OFF,),
        acts=(Act.SIGN_OFF, Act.RETURN_FROM_SIGN_OFF),
    ),
    StepSpec(
        "dispatch", roles.REGISTRAR, (Role.REGISTRAR,),
        (StepForm("dispatch", _("发出答复书"), step_forms.DispatchForm, steps.dispatch),),
        acts=(Act.REPLY,),
    ),
    StepSpec(
        "archive", roles.REGISTRAR, (Role.REGISTRAR,),
        (StepForm("archive", _("归档"), step_forms.ArchiveForm, steps.archive),),
        stands_at=(Status.REPLIED,), acts=(Act.ARCHIVE,),
    ),
)

SPECS: dict[str, StepSpec] = {spec.name: spec for spec in STEPS}


def spec_of(task: Task) -> StepSpec:
    """The declaration of ``task``'s step."""
    return SPECS[task.flow_task.name]


def steps_standing_at(status: str) -> set[str]:
    """Demo: the steps whose task is open while a request has ``status``."""
    return {spec.name for spec in STEPS if status in spec.stands_at}
