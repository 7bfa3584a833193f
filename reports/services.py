"""Writes of the supervision layer: recording reconsideration and litigation cases.

Each service checks who acts, validates everything before writing, and runs in one
transaction: bad input raises ``ValidationError`` (messages in the user's language, keyed
by field where there is one) and nothing is written.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from requests.choices import Role
from requests.models import DisclosureRequest, Organ, StaffMembership

from .models import RemedyCase, RemedyResult, RemedyType

#: Who may enter and update remedy cases: the OGI office and the legal staff.
REMEDY_ROLES = (Role.REGISTRAR, Role.LEGAL_REVIEWER, Role.OGI_HEAD, Role.ADMINISTRATOR)


def _require_remedy_role(user: AbstractBaseUser | None, organ: Organ) -> None:
    if user is None or not StaffMembership.objects.filter(
        user=user, organ=organ, role__in=REMEDY_ROLES
    ).exists():
        names = "、".join(str(Role(r).label) for r in REMEDY_ROLES)
        raise ValidationError(
            _("您在本机关没有登记复议、诉讼案件的岗位（需要：%(roles)s）。") % {"roles": names},
            code="role",
        )


@transaction.atomic
def remedy_case_record(
    *,
    organ: Organ,
    request: DisclosureRequest,
    case_type: str,
    filed_on: datetime.date,
    acting_user: AbstractBaseUser,
    case_number: str = "",
    body: str = "",
    notes: str = "",
    result: str = RemedyResult.PENDING,
    concluded_on: datetime.date | None = None,
) -> RemedyCase:
    """登记复议、诉讼案件: record a reconsideration or lawsuit over one of the organ's requests.

    A case already decided may be entered with its ``result`` and ``concluded_on``
    (cases learnt of late, or entered for past years); otherwise it starts ``pending``.
    ``body`` defaults to the organ's reconsideration body or court (``RemedyCase.clean``).
    """
    _require_remedy_role(acting_user, organ)
    if case_type not in RemedyType.values:
        raise ValidationError({"case_type": [_("请选择案件类型。")]})
    if result not in RemedyResult.values:
        raise ValidationError({"result": [_("请选择审结结果。")]})
    case = RemedyCase(
        organ=organ,
        request=request,
        case_type=case_type,
        case_number=case_number,
        body=body,
        filed_on=filed_on,
        result=result,
        concluded_on=concluded_on,
        notes=notes.strip(),
        entered_by=acting_user,
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def remedy_case_conclude(
    *,
    case: RemedyCase,
    result: str,
    concluded_on: datetime.date,
    acting_user: AbstractBaseUser,
    notes: str = "",
) -> RemedyCase:
    """审结: record the decision or judgment of a pending case.

    ``result`` is upheld (结果维持), corrected (结果纠正) or other_result (其他结果); a case
    already concluded is refused (correct a mistake in the admin).
    """
    _require_remedy_role(acting_user, case.organ)
    locked = RemedyCase.objects.select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise ValidationError(_("案件不存在。"), code="missing")
    if locked.result != RemedyResult.PENDING:
        raise ValidationError(_("该案件已经审结。"), code="concluded")
    if result not in RemedyResult.values or result == RemedyResult.PENDING:
        raise ValidationError(
            {"result": [_("请选择审结结果（结果维持、结果纠正或其他结果）。")]}
        )
    locked.result = result
    locked.concluded_on = concluded_on
    if notes.strip():
        locked.notes = "\n".join(filter(None, [locked.notes, notes.strip()]))
    locked.full_clean()
    locked.save()
    case.refresh_from_db()
    return case
