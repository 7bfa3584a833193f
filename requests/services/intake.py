"""Taking in an application (online or entered by staff)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ApplicantKind, Channel, InformationForm, ObtainMethod
from ..identity import validate_identity_document
from ..language import organ_language
from ..models import Applicant, DisclosureRequest, Organ, RequestItem
from ..models.audit import Act
from .audit import audit_record
from .locks import organ_lock

MAX_ITEMS = 50
MAX_ITEM_LENGTH = 2000


@dataclass(frozen=True)
class ApplicantData:
    kind: str
    name: str
    document_type: str
    document_number: str
    phone: str = ""
    email: str = ""
    postal_address: str = ""
    postcode: str = ""
    contact_person: str = ""
    legal_representative: str = ""


@dataclass(frozen=True)
class ItemData:
    description: str
    document_reference: str = ""


def _clean_applicant(data: ApplicantData) -> dict:
    errors: dict[str, list[str]] = {}
    if data.kind not in ApplicantKind.values:
        errors["kind"] = [_("请选择申请人类型。")]
    if not data.name.strip():
        errors["name"] = [_("请填写申请人姓名或名称。")]
    number = data.document_number
    if not errors:
        try:
            number = validate_identity_document(
                kind=data.kind, document_type=data.document_type, number=data.document_number
            )
        except ValidationError as exc:
            errors["document_number"] = exc.messages
    if not (data.phone.strip() or data.email.strip() or data.postal_address.strip()):
        errors["phone"] = [_("请至少填写一种联系方式（电话、电子邮箱或通讯地址）。")]
    if errors:
        raise ValidationError(errors)
    return {
        "kind": data.kind,
        "name": data.name.strip(),
        "document_type": data.document_type,
        "document_number": number,
        "phone": data.phone.strip(),
        "email": data.email.strip(),
        "postal_address": data.postal_address.strip(),
        "postcode": data.postcode.strip(),
        "contact_person": data.contact_person.strip(),
        "legal_representative": data.legal_representative.strip(),
    }


def _clean_items(items: list[ItemData]) -> list[ItemData]:
    cleaned = [
        ItemData(i.description.strip(), i.document_reference.strip())
        for i in items
        if i.description.strip()
    ]
    if not cleaned:
        raise ValidationError({"items": [_("请至少填写一项所需政府信息的内容描述。")]})
    if len(cleaned) > MAX_ITEMS:
        raise ValidationError({"items": [_("一份申请最多填写%(n)s项。") % {"n": MAX_ITEMS}]})
    if any(len(i.description) > MAX_ITEM_LENGTH for i in cleaned):
        raise ValidationError(
            {"items": [_("每项内容描述不超过%(n)s字。") % {"n": MAX_ITEM_LENGTH}]}
        )
    return cleaned


def _applicant_as_actor(name: str) -> str:
    with organ_language():
        return _("申请人 %(name)s") % {"name": name}


@transaction.atomic
def request_submit(
    *,
    organ: Organ,
    applicant: ApplicantData,
    items: list[ItemData],
    channel: str,
    form_wanted: str,
    obtain_method: str,
    purpose: str = "",
    special_needs: str = "",
    account: AbstractBaseUser | None = None,
    entered_by: AbstractBaseUser | None = None,
    submitted_at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """提交申请: an application arrives online, or staff enter one received on paper.

    Creates the request in status ``received`` (the clock has not started: it starts when
    staff confirm receipt and register). Bad input raises ``ValidationError`` keyed by
    field, and nothing is stored.
    """
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("请选择申请方式。")]})
    if channel != Channel.ONLINE and entered_by is None:
        raise ValidationError({"channel": [_("非网上申请须由工作人员录入。")]})
    if form_wanted not in InformationForm.values:
        raise ValidationError({"form_wanted": [_("请选择获取信息的载体形式。")]})
    if obtain_method not in ObtainMethod.values:
        raise ValidationError({"obtain_method": [_("请选择获取信息的方式。")]})
    fields = _clean_applicant(applicant)
    cleaned_items = _clean_items(items)
    submitted_at = submitted_at or timezone.now()
    organ_lock(organ)  # first, as every act (the lock order of ``requests.services``)

    # An applicant record is the applicant as they described themselves on an application:
    # reused when everything is the same, a new record otherwise, so earlier requests keep
    # the details they were made with.
    record = Applicant.objects.filter(organ=organ, account=account, **fields).first()
    if record is None:
        record = Applicant(organ=organ, account=account, **fields)
        record.full_clean()
        record.save()

    request = DisclosureRequest(
        organ=organ,
        applicant=record,
        channel=channel,
        submitted_at=submitted_at,
        form_wanted=form_wanted,
        obtain_method=obtain_method,
        purpose=purpose.strip(),
        special_needs=special_needs.strip(),
        entered_by=entered_by,
    )
    request.full_clean(exclude=["status"])
    request.save()
    RequestItem.objects.bulk_create(
        RequestItem(
            request=request,
            position=n,
            description=item.description,
            document_reference=item.document_reference,
        )
        for n, item in enumerate(cleaned_items, start=1)
    )
    audit_record(
        organ=organ,
        request=request,
        act=Act.SUBMIT,
        actor=entered_by or account,
        status_after=request.status,
        data={"channel": channel, "items": len(cleaned_items)},
        at=submitted_at,
        actor_name="" if entered_by else _applicant_as_actor(record.name),
    )
    return request
