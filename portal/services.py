"""The applicant's acts: submit, answer a correction notice, withdraw.

Each is one act of ``workflow.acts`` (its transaction, the legal act of ``requests.services``
and the flow it moves), with the files it stores done inside it; when anything is refused
nothing is kept — the database rolls back and the files already written are deleted.

Records are written in the organ's language whatever the language of the applicant's page
(``requests.language``): the texts the system stores (the audit log's actor name, notes)
are part of the file. Refusals and messages about the applicant's own input (a file
refused) come in the page's language.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests.choices import OPEN_STATUSES, Channel, Status
from requests.clock import cn_date
from requests.errors import RequestActError
from requests.language import organ_language
from requests.models import Attachment, DisclosureRequest, Organ, RequestItem
from requests.models.attachment import AttachmentKind
from requests.services import attachment_store
from requests.services.intake import ApplicantData, ItemData
from requests.services.registration import correction_deadline
from workflow import acts

from .models import FormSubmission
from .throttle import throttle_check, throttle_record


class AlreadySubmitted(Exception):  # noqa: N818 - the name says what happened
    """The application form was sent already: ``request`` is what its first sending made."""

    def __init__(self, request: DisclosureRequest) -> None:
        super().__init__(request.public_id)
        self.request = request


@dataclass
class FileUpload:
    """An uploaded file and the form field it came from (for the error message)."""

    field: str
    upload: UploadedFile
    kind: str


@contextlib.contextmanager
def files_kept_only_on_success() -> Iterator[list[Attachment]]:
    """Collect stored attachments; delete their files if the transaction does not commit."""
    stored: list[Attachment] = []
    try:
        yield stored
    except BaseException:
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise


def store_files(
    stored: list[Attachment], files: list[FileUpload], *, request: DisclosureRequest,
    uploaded_by: AbstractBaseUser | None,
) -> None:
    """Store every file of the request (a proof of identity also on its applicant record),
    or raise one ``ValidationError`` naming each refused file."""
    errors: dict[str, list[str]] = {}
    for item in files:
        try:
            with transaction.atomic():
                attachment = attachment_store(
                    organ=request.organ,
                    upload=item.upload,
                    kind=item.kind,
                    uploaded_by=uploaded_by,
                    request=request,
                    applicant=(
                        request.applicant
                        if item.kind == AttachmentKind.PROOF_OF_IDENTITY
                        else None
                    ),
                )
        except ValidationError as error:
            name = item.upload.name or ""
            errors.setdefault(item.field, []).extend(
                _("%(name)s：%(message)s") % {"name": name, "message": message}
                for message in error.messages
            )
            continue
        stored.append(attachment)
    if errors:
        raise ValidationError(errors)


def portal_submit(
    *,
    account: AbstractBaseUser,
    address: str | None,
    organ: Organ,
    applicant: ApplicantData,
    items: list[ItemData],
    form_wanted: str,
    obtain_method: str,
    purpose: str = "",
    special_needs: str = "",
    files: list[FileUpload] = (),
    at: datetime.datetime | None = None,
    form_key: uuid.UUID | None = None,
) -> DisclosureRequest:
    """网上申请: the application is received (status ``received``, the clock not yet
    started) and offered to the organ's registrars, with the proof of identity and the
    supporting files. Refused when the account or address submitted too often.

    ``form_key`` is the one-time key of the form the applicant filled in: the same form
    sent again by the same account (a double click) makes no second request but raises
    ``AlreadySubmitted`` with the first one.
    """
    at = at or timezone.now()
    earlier = None

    def first() -> None:
        nonlocal earlier
        # One submission of an account at a time, so two at once cannot both pass the limit
        # nor both make a request of the same form.
        get_user_model().objects.select_for_update().filter(pk=account.pk).first()
        earlier = (
            FormSubmission.objects.filter(key=form_key).select_related("request").first()
            if form_key else None
        )
        if earlier is not None and earlier.account_id == account.pk:
            raise AlreadySubmitted(earlier.request)
        throttle_check("submit", account=account, address=address, now=at)

    with files_kept_only_on_success() as stored:

        def then(request: DisclosureRequest) -> None:
            store_files(stored, list(files), request=request, uploaded_by=account)
            throttle_record("submit", account=account, address=address, now=at)
            if form_key and earlier is None:
                FormSubmission.objects.create(
                    key=form_key, account=account, request=request, at=at
                )

        request = acts.receive_application(
            organ=organ, applicant=applicant, items=items, channel=Channel.ONLINE,
            form_wanted=form_wanted, obtain_method=obtain_method, purpose=purpose,
            special_needs=special_needs, account=account, submitted_at=at,
            first=first, then=then,
        )
    return request


def correction_open_until(request: DisclosureRequest) -> datetime.date | None:
    """The last day the applicant may still correct, or None when no correction is due."""
    if request.status != Status.AWAITING_CORRECTION:
        return None
    return correction_deadline(request)


def _correction_note(
    changes: list[tuple[RequestItem, ItemData]], files: list[FileUpload], note: str
) -> str:
    """What the applicant changed, for the audit log (the staff read it at triage).

    Call in the organ's language: the note is part of the record.
    """
    lines = [_("申请人通过网上平台补正。")]
    for item, new in changes:
        lines.append(
            _("第%(n)s项修改为：%(text)s") % {"n": item.position, "text": new.description}
        )
        if new.document_reference != item.document_reference:
            lines.append(
                _("第%(n)s项文件名称或文号修改为：%(text)s")
                % {"n": item.position, "text": new.document_reference or _("（无）")}
            )
        lines.append(_("（原为：%(text)s）") % {"text": item.description})
    if files:
        lines.append(_("补充材料：%(names)s") % {"names": "、".join(f.upload.name or "" for f in files)})
    if note:
        lines.append(_("补正说明：%(note)s") % {"note": note})
    return "\n".join(lines)


def portal_answer_correction(
    *,
    request: DisclosureRequest,
    account: AbstractBaseUser,
    items: dict[int, ItemData],
    note: str = "",
    files: list[FileUpload] = (),
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """补正: the applicant corrects the unclear parts before the deadline (Art. 30).

    The corrected application is received today: the 20 working days run afresh from
    today, and the request returns to the registrars' triage. ``items`` maps item
    positions to their corrected text; unchanged items may be left out.
    """
    at = at or timezone.now()
    today = timezone.localdate(at)
    last_day = correction_open_until(request)
    if last_day is None:
        raise RequestActError(_("该申请目前不需要补正。"), code="not_awaiting_correction")
    if today > last_day:
        raise RequestActError(
            _("补正期限已于%(date)s届满，不能再在网上补正；如有正当理由，请与本机关联系。")
            % {"date": cn_date(last_day)},
            code="correction_lapsed",
        )
    current = {item.position: item for item in request.items.all()}
    changes = [
        (current[position], new)
        for position, new in sorted(items.items())
        if position in current
        and (new.description, new.document_reference)
        != (current[position].description, current[position].document_reference)
    ]
    files = list(files)
    if not (changes or files or note):
        raise RequestActError(
            _("请修改需要补正的内容，或补充材料、填写补正说明。"), code="nothing_corrected"
        )
    with organ_language():
        record_note = _correction_note(changes, files, note)
        comment = _("申请人通过网上平台补正。")
    with files_kept_only_on_success() as stored:

        def then(request: DisclosureRequest) -> None:
            for item, new in changes:
                item.description = new.description
                item.document_reference = new.document_reference
                item.full_clean(exclude=["request", "outcome"])
                item.save(update_fields=["description", "document_reference"])
            store_files(stored, files, request=request, uploaded_by=account)

        acts.correct_online(
            request=request, applicant=account, note=record_note, comment=comment,
            received_on=today, at=at, then=then,
        )
    return request


def portal_withdraw(
    *, request: DisclosureRequest, account: AbstractBaseUser, reason: str = "",
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """撤回: the applicant withdraws before the reply; what waited on the request ends."""
    if request.status not in OPEN_STATUSES:
        raise RequestActError(_("申请已办结，不能撤回。"), code="concluded")
    if not reason:
        with organ_language():
            reason = _("申请人通过网上平台撤回申请。")
    return acts.withdraw(request=request, acting_user=account, reason=reason, at=at)
