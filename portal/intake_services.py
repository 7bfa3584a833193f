"""Staff intake: an application received on paper enters the same flow as an online one.

``intake_enter`` records it (entered by the registrar, with the scan), puts it in the flow
and — when the registrar confirms receipt at once — takes the flow's registration task and
registers it with the receipt letter, so the receipt date follows Art. 31 for the channel.
``intake_reply_on_the_spot`` answers an application made in person at the counter
(Art. 33), with the reply letter to print there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from letters.models import IssuedLetter
from requests.errors import RequestActError
from requests.models import DisclosureRequest, Organ
from requests.services.intake import ApplicantData, ItemData
from requests.services.reply import ItemDecision
from workflow import acts, steps
from workflow.flows import DisclosureFlow
from workflow.queues import open_tasks_of_request, task_claim

from .services import FileUpload, files_kept_only_on_success, store_files


@dataclass(frozen=True)
class IntakeResult:
    request: DisclosureRequest
    receipt: IssuedLetter | None


def _take_task(request: DisclosureRequest, node, user: AbstractBaseUser):
    """The request's open task of ``node``, claimed by ``user`` if still offered."""
    task = open_tasks_of_request(request).filter(flow_task=node).first()
    if task is None:
        raise RequestActError(_("该申请当前没有这一环节的任务。"), code="no_task")
    if task.status == STATUS.NEW:
        task = task_claim(task=task, user=user)
    elif task.owner_id != user.pk:
        raise RequestActError(_("该任务已由他人领取。"), code="taken")
    return task


def intake_enter(
    *,
    registrar: AbstractBaseUser,
    organ: Organ,
    applicant: ApplicantData,
    items: list[ItemData],
    channel: str,
    form_wanted: str,
    obtain_method: str,
    submitted_at: datetime.datetime,
    purpose: str = "",
    special_needs: str = "",
    files: list[FileUpload] = (),
    register: bool = True,
    post_signed_on: datetime.date | None = None,
    confirmed_on: datetime.date | None = None,
    register_at: datetime.datetime | None = None,
) -> IntakeResult:
    """录入: the application as the registrar typed it in, in the flow; registered at once
    (with the receipt letter) when ``register``. Nothing is kept if anything is refused."""
    receipt = None
    with files_kept_only_on_success() as stored:

        def then(request: DisclosureRequest) -> None:
            nonlocal receipt
            store_files(stored, list(files), request=request, uploaded_by=registrar)
            if register:
                task = _take_task(request, DisclosureFlow.register, registrar)
                receipt = steps.register(
                    task=task, user=registrar, post_signed_on=post_signed_on,
                    confirmed_on=confirmed_on, at=register_at,
                )
                request.refresh_from_db()

        request = acts.receive_application(
            organ=organ, applicant=applicant, items=items, channel=channel,
            form_wanted=form_wanted, obtain_method=obtain_method, purpose=purpose,
            special_needs=special_needs, entered_by=registrar, submitted_at=submitted_at,
            then=then,
        )
    return IntakeResult(request=request, receipt=receipt)


def intake_reply_on_the_spot(
    *, registrar: AbstractBaseUser, request: DisclosureRequest, decisions: list[ItemDecision]
) -> IssuedLetter:
    """当场答复 (Art. 33): the triage of a registered in-person application decides every
    item at once and issues the reply letter."""
    return acts.reply_on_the_spot(
        request=request, registrar=registrar, decisions=decisions,
        claim=lambda: _take_task(request, DisclosureFlow.triage, registrar),
    )
