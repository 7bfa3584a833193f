"""Seeing an applicant's full identity number (证件号码).

Everywhere the number is shown masked (``requests.identity.mask_document_number``: the last
four characters). The full number is shown only to the staff whose work on the request
needs it, one look at a time, and every look is an audit event (``Act.VIEW_IDENTITY``):
no status, no clock, not a step of the procedure (it stays out of the 办理过程记录).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ..choices import Role
from ..errors import RequestActError
from ..models import DisclosureRequest, StaffMembership
from ..models.audit import Act
from .audit import audit_record

#: Roles that see the identity of every applicant of the organ: the OGI office checks it
#: at receipt and registration (Art. 29) and answers for the procedure.
ORGAN_WIDE_ROLES = (Role.REGISTRAR, Role.OGI_HEAD)
#: Roles that see it for the requests of their own department (the responsible one).
DEPARTMENT_ROLES = (Role.HANDLER, Role.DEPARTMENT_HEAD)


def may_view_identity(user: AbstractBaseUser, request: DisclosureRequest) -> bool:
    """Whether ``user`` holds a role on the request that needs the applicant's full
    identity number: a registrar or the head of the OGI office of the request's organ, or a
    handler or head of the department responsible for it. Reviewers, leaders, supervisors,
    administrators and other departments see the masked number only."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = Q(role__in=ORGAN_WIDE_ROLES)
    if request.department_id is not None:
        roles |= Q(role__in=DEPARTMENT_ROLES, department_id=request.department_id)
    return StaffMembership.objects.filter(roles, user=user, organ_id=request.organ_id).exists()


@transaction.atomic
def request_view_identity(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    at: datetime.datetime | None = None,
) -> str:
    """The applicant's full identity number, for one look by ``acting_user``; writes one
    ``Act.VIEW_IDENTITY`` audit event (查看完整证件号码) naming the document type, never the
    number. Refused with ``RequestActError`` (code ``"role"``) to anyone else; then
    nothing is written. The request itself (status, clock, version) is not touched."""
    if not may_view_identity(acting_user, request):
        raise RequestActError(
            _("您在本申请中没有查看申请人完整证件号码的岗位。"), code="role"
        )
    applicant = request.applicant
    audit_record(
        organ=request.organ, act=Act.VIEW_IDENTITY, actor=acting_user, request=request,
        data={"document_type": applicant.document_type}, at=at,
    )
    return applicant.document_number
