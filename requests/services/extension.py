"""Extension of the reply period (Art. 33): once, at most 20 working days, approved by the
head of the OGI office, who is not the one who asked; and the later reply date the head of
the OGI office sets for a bulk application whose reasons are reasonable (Art. 35)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ..choices import CLOCK_RUNNING_STATUSES, OPEN_STATUSES, Role, Status
from ..clock import date_in_language
from ..errors import RequestActError
from ..models import DisclosureRequest, Extension
from ..models.audit import Act
from ..models.clock_event import ClockEventKind
from ..models.extension import ExtensionArticle
from ..selectors import load_working_calendar
from .clock import request_clock
from .common import legal_act, require_other_person, require_role

MAX_EXTENSION_DAYS = 20


def _check_extendable(request: DisclosureRequest, act_label: str) -> None:
    if request.status not in CLOCK_RUNNING_STATUSES:
        raise RequestActError(
            _("申请当前状态为「%(status)s」，不能%(act)s。")
            % {"status": request.get_status_display(), "act": act_label},
            code="transition_not_allowed",
        )
    if request.extensions.filter(article=ExtensionArticle.LATER_REPLY_DATE).exists():
        raise RequestActError(
            _("已依照《条例》第三十五条确定延迟答复期限，不再依照第三十三条延期。"),
            code="later_reply_date_set",
        )
    if request.extensions.filter(approved_by__isnull=False).exists():
        raise RequestActError(_("延期答复只能一次（《条例》第三十三条）。"), code="second_extension")


def request_ask_extension(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    days: int,
    reason: str,
    at: datetime.datetime | None = None,
) -> Extension:
    """申请延期: a handler asks the head of the OGI office for more time."""
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise RequestActError(
            _("延长的期限最长不得超过20个工作日。"), code="days"
        )
    if not reason.strip():
        raise RequestActError(_("请写明需要延期答复的理由。"), code="reason")
    with legal_act(request, Act.ASK_EXTENSION, actor=acting_user, at=at, comment=reason) as act:
        require_role(acting_user, request.organ, Role.HANDLER, Role.REGISTRAR)
        _check_extendable(request, _("申请延期"))
        if request.extensions.filter(approved_by__isnull=True, refused=False).exists():
            raise RequestActError(_("已有待审批的延期申请。"), code="pending_extension")
        extension = Extension.objects.create(
            request=request, days=days, reason=reason.strip(), requested_by=acting_user,
            requested_at=act.at,
        )
        act.data.update(extension=extension.pk, days=days)
    return extension


def _pending(request: DisclosureRequest, extension: Extension) -> Extension:
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.request_id != request.pk:
        raise RequestActError(_("该延期申请不属于此申请。"), code="extension")
    if extension.approved_by_id is not None or extension.refused:
        raise RequestActError(_("该延期申请已经审批。"), code="decided")
    return extension


def request_grant_extension(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    extension: Extension,
    at: datetime.datetime | None = None,
) -> Extension:
    """延期答复: approved before the current due date; the due date moves out by its days."""
    with legal_act(request, Act.GRANT_EXTENSION, actor=acting_user, at=at) as act:
        require_role(acting_user, request.organ, Role.OGI_HEAD)
        _check_extendable(request, _("延期答复"))
        extension = _pending(request, extension)
        require_other_person(
            acting_user, extension.requested_by_id, _("不能审批本人提出的延期申请。")
        )
        calendar = load_working_calendar()
        clock = request_clock(request, calendar=calendar, today=act.today)
        if clock.due is None or act.today > clock.due:
            raise RequestActError(
                _("延期须在答复期限届满前决定并告知申请人。"), code="too_late"
            )
        extension.approved_by = acting_user
        extension.approved_on = act.today
        extension.new_due_on = calendar.add_working_days(clock.due, extension.days)
        extension.save(update_fields=["approved_by", "approved_on", "new_due_on"])
        act.clock(ClockEventKind.EXTENDED, act.today, days=extension.days)
        act.data.update(extension=extension.pk, days=extension.days, due_before=clock.due)
        act.comment = extension.reason
    return extension


def request_refuse_extension(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    extension: Extension,
    reason: str,
    at: datetime.datetime | None = None,
) -> Extension:
    """不同意延期."""
    with legal_act(request, Act.REFUSE_EXTENSION, actor=acting_user, at=at, comment=reason) as act:
        require_role(acting_user, request.organ, Role.OGI_HEAD)
        act.require_status(*OPEN_STATUSES)
        extension = _pending(request, extension)
        require_other_person(
            acting_user, extension.requested_by_id, _("不能审批本人提出的延期申请。")
        )
        extension.refused = True
        extension.save(update_fields=["refused"])
        act.data["extension"] = extension.pk
    return extension


def request_set_later_reply_date(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    reply_by: datetime.date,
    reasons: str,
    at: datetime.datetime | None = None,
) -> Extension:
    """确定延迟答复期限 (Art. 35): the head of the OGI office, having asked for the reasons
    of a bulk application and found them reasonable, finds that the applications are too
    many to answer within the period of Art. 33 and sets a later reply date, with reasons.

    The act is the finding (its audit data say so): the workflow offers it only where the
    reasons were accepted. From the day it is set the clock's due date is ``reply_by``;
    pauses begun later still move it out (DESIGN.md §3). It is recorded as an approved
    ``Extension`` under Art. 35, which the 延期答复告知书 tells the applicant about. Once;
    before the current due date; ``reply_by`` a working day after it.
    """
    reasons = reasons.strip()
    if not reasons:
        raise RequestActError(_("请写明确定延迟答复期限的理由。"), code="reasons")
    with legal_act(
        request, Act.SET_LATER_REPLY_DATE, actor=acting_user, at=at, comment=reasons
    ) as act:
        require_role(acting_user, request.organ, Role.OGI_HEAD)
        act.require_status(Status.REGISTERED, Status.PROCESSING)
        if not request.audit_events.filter(act=Act.REQUEST_REASONS).exists():
            raise RequestActError(
                _("须先要求申请人说明理由，认为理由合理的，方可确定延迟答复期限（《条例》第三十五条）。"),
                code="no_reasons_asked",
            )
        if request.extensions.filter(article=ExtensionArticle.LATER_REPLY_DATE).exists():
            raise RequestActError(_("该申请已确定延迟答复期限。"), code="second_later_reply_date")
        calendar = load_working_calendar()
        clock = request_clock(request, calendar=calendar, today=act.today)
        if clock.due is None or act.today > clock.due:
            raise RequestActError(
                _("延迟答复期限须在答复期限届满前确定并告知申请人。"), code="too_late"
            )
        if reply_by <= clock.due or not calendar.is_working_day(reply_by):
            raise RequestActError(
                _("延迟答复的期限应为晚于当前答复期限（%(due)s）的工作日。")
                % {"due": date_in_language(clock.due)},
                code="reply_by",
            )
        added = calendar.working_days_between(clock.due, reply_by)
        extension = Extension.objects.create(
            request=request, article=ExtensionArticle.LATER_REPLY_DATE, days=added,
            reason=reasons, requested_by=acting_user, requested_at=act.at,
            approved_by=acting_user, approved_on=act.today, new_due_on=reply_by,
        )
        # The clock fact carries the exact date: the calendar days from today to it.
        act.clock(ClockEventKind.REPLY_DATE_SET, act.today, days=(reply_by - act.today).days)
        act.data.update(
            extension=extension.pk, reply_by=reply_by, due_before=clock.due,
            working_days_added=added, reasons_found_reasonable=True,
        )
    return extension
