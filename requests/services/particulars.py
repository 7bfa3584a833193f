"""Correcting the applicant's particulars as the letters print them.

A name stored with a character the letters cannot print (from before submissions were
checked against the letters' fonts), or mistyped at intake, would otherwise stay on every
letter of the request — or make them impossible. The registrar corrects it, with a reason,
while the request is open; the audit event keeps the old and the new value.
"""

from __future__ import annotations

import datetime
import unicodedata

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ..choices import OPEN_STATUSES, Role
from ..errors import RequestActError
from ..models import Applicant, DisclosureRequest
from ..models.audit import Act
from .common import legal_act, require_role

#: Who corrects the applicant's particulars: the registrars, who took the application in.
CORRECTION_ROLES = (Role.REGISTRAR,)
NAME_MAX_LENGTH = Applicant._meta.get_field("name").max_length
REASON_MAX_LENGTH = 500
#: Control, format, surrogate, private-use and unassigned code points: nothing to print.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise RequestActError(_("请填写更正后的申请人姓名或名称。"), code="name")
    if len(name) > NAME_MAX_LENGTH:
        raise RequestActError(
            _("申请人姓名或名称不超过%(n)s个字符。") % {"n": NAME_MAX_LENGTH}, code="name"
        )
    odd = next((c for c in name if unicodedata.category(c) in INVISIBLE_CATEGORIES), None)
    if odd is not None:
        raise RequestActError(
            _("更正后的姓名含有无法显示的字符（U+%(code)04X），请删除后重新输入。")
            % {"code": ord(odd)},
            code="name",
        )
    return name


def _record_with_name(applicant: Applicant, name: str) -> Applicant:
    """The applicant record with every particular of ``applicant`` but ``name``: an existing
    one when the same, else a new one — the request's other records keep theirs."""
    fields = {
        f.name: getattr(applicant, f.name)
        for f in Applicant._meta.concrete_fields
        if f.name not in ("id", "name", "created_at")
    }
    record = Applicant.objects.filter(name=name, **fields).first()
    if record is None:
        record = Applicant(name=name, **fields)
        record.full_clean()
        record.save()
    return record


def request_correct_applicant_name(
    *,
    request: DisclosureRequest,
    name: str,
    reason: str,
    acting_user: AbstractBaseUser,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """更正申请人姓名: the registrar corrects the applicant's name (or an organisation's
    name) as the letters will print it, giving the reason (the applicant's identity
    document, a call with the applicant). Only while the request is open, before the
    reply; letters already issued are not changed.

    The request is given the applicant record with the corrected name (other requests of
    the applicant keep theirs); one audit event records the old and the new name.
    """
    name = _clean_name(name)
    reason = (reason or "").strip()
    if not reason:
        raise RequestActError(_("请写明更正的理由和依据。"), code="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise RequestActError(
            _("更正理由不超过%(n)s个字符。") % {"n": REASON_MAX_LENGTH}, code="reason"
        )
    with legal_act(request, Act.CORRECT_APPLICANT_NAME, actor=acting_user, at=at,
                   comment=reason) as act:
        require_role(acting_user, request.organ, *CORRECTION_ROLES)
        act.require_status(*OPEN_STATUSES)
        old = request.applicant.name
        if name == old:
            raise RequestActError(_("更正后的姓名与原姓名相同。"), code="unchanged")
        request.applicant = _record_with_name(request.applicant, name)
        act.data.update(field="name", old=old, new=name)
    return request
