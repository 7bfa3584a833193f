"""The applicant's pages: submit, follow, correct, withdraw, download.

Every page of one request looks it up with ``request_get_for_applicant``: another person's
request answers 404, whatever the URL. The identifiers in URLs are random UUIDs.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from records.release import release_record_download
from records.selectors import released_file_get_for_applicant, released_files_for_applicant
from requests.choices import (
    ApplicantKind,
    IdDocumentType,
    InformationForm,
    ObtainMethod,
    Status,
)
from requests.identity import mask_document_number
from requests.models import Applicant, Organ
from requests.models.attachment import AttachmentKind
from requests.services import request_clock

from .correction_forms import CorrectionForm, WithdrawForm
from .forms import (
    PortalApplicationForm,
    application_uploads,
    bind_service_errors,
    item_formset,
    items_typed_so_far,
)
from .history import public_history
from .mail import mail_later
from .selectors import (
    attachment_get_for_applicant,
    attachments_for_applicant,
    letter_get_for_applicant,
    letters_for_applicant,
    request_get_for_applicant,
    requests_of_account,
)
from .services import (
    AlreadySubmitted,
    FileUpload,
    correction_open_until,
    portal_answer_correction,
    portal_submit,
    portal_withdraw,
)
from .status import applicant_status, due_date
from .throttle import client_address


def applicant_required(view):
    """Logged in (at the portal's login page, not the staff one)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        return view(request, *args, **kwargs)

    return wrapped


def landing_view(request: HttpRequest) -> HttpResponse:
    """The site's front page: the way in for applicants and for staff."""
    return render(request, "portal/landing.html", {"organs": Organ.objects.order_by("name")})


@applicant_required
def home_view(request: HttpRequest) -> HttpResponse:
    rows = []
    for disclosure in requests_of_account(request.user):
        fees = [f for f in disclosure.fee_notices.all() if f.paid_on is None]
        rows.append(
            {
                "r": disclosure,
                "status": applicant_status(
                    disclosure, fee_last_day=fees[-1].pay_by if fees else None
                ),
                "due": due_date(disclosure),
            }
        )
    return render(request, "portal/home.html", {"rows": rows, "nav": "home"})


def _initial_application(user) -> dict:
    """Start from what the applicant wrote last time (their latest applicant record)."""
    initial = {
        "kind": ApplicantKind.NATURAL_PERSON,
        "document_type": IdDocumentType.RESIDENT_ID,
        "email": user.email,
        "form_wanted": InformationForm.ELECTRONIC_FILE,
        "obtain_method": ObtainMethod.ONLINE_DOWNLOAD,
    }
    last = _last_applicant(user)
    if last is not None:
        for name in (
            "kind", "name", "document_type", "phone", "email",
            "postal_address", "postcode", "contact_person", "legal_representative",
        ):
            initial[name] = getattr(last, name) or initial.get(name, "")
        # Masked, like everywhere else: the form takes the mask back for the number.
        initial["document_number"] = mask_document_number(last.document_number)
    return initial


def _last_applicant(user) -> Applicant | None:
    return Applicant.objects.filter(account=user).order_by("-created_at", "-pk").first()


def _previous_document(user) -> tuple[str, str] | None:
    last = _last_applicant(user)
    return (last.document_type, last.document_number) if last is not None else None


@applicant_required
def submit_view(request: HttpRequest) -> HttpResponse:
    organs = Organ.objects.order_by("name")
    previous = _previous_document(request.user)
    reselect_files = False
    if request.method == "POST" and "add_item" in request.POST:
        # Without JavaScript: one more empty item, keeping everything typed so far.
        form = PortalApplicationForm(
            initial=request.POST.dict(), organs=organs, previous_document=previous
        )
        formset = item_formset(initial=items_typed_so_far(request.POST), extra=1)
        reselect_files = bool(request.FILES)
    elif request.method == "POST":
        form = PortalApplicationForm(
            request.POST, request.FILES, organs=organs, previous_document=previous
        )
        formset = item_formset(request.POST)
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            data = form.cleaned_data
            try:
                disclosure = portal_submit(
                    account=request.user,
                    address=client_address(request),
                    organ=data["organ"],
                    applicant=form.applicant(),
                    items=formset.items(),
                    form_wanted=data["form_wanted"],
                    obtain_method=data["obtain_method"],
                    purpose=data["purpose"],
                    special_needs=data["special_needs"],
                    files=application_uploads(form),
                    form_key=data.get("form_key"),
                )
            except AlreadySubmitted as sent:
                # The same form sent twice (a double click): show what the first made.
                messages.info(request, _("这份申请已经提交，没有重复提交。"))
                return redirect("portal:submitted", public_id=sent.request.public_id)
            except ValidationError as error:
                bind_service_errors(form, formset, error)
            else:
                mail_later(
                    to=request.user.email,
                    template="submitted",
                    context={
                        "r": disclosure,
                        "link": request.build_absolute_uri(
                            reverse("portal:request", args=[disclosure.public_id])
                        ),
                    },
                )
                return redirect("portal:submitted", public_id=disclosure.public_id)
        reselect_files = bool(request.FILES)
    else:
        form = PortalApplicationForm(
            initial=_initial_application(request.user), organs=organs, previous_document=previous
        )
        formset = item_formset()
    return render(
        request,
        "portal/submit.html",
        {
            "form": form,
            "formset": formset,
            "reselect_files": reselect_files,
            "nav": "submit",
        },
    )


@applicant_required
def submitted_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = request_get_for_applicant(public_id=public_id, user=request.user)
    return render(
        request,
        "portal/submitted.html",
        {"r": disclosure, "items": disclosure.items.all(), "nav": "home"},
    )


@applicant_required
def request_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = request_get_for_applicant(public_id=public_id, user=request.user)
    fee_notices = list(disclosure.fee_notices.order_by("issued_on", "pk"))
    unpaid = [f for f in fee_notices if f.paid_on is None]
    correction_last_day = correction_open_until(disclosure)
    clock = request_clock(disclosure) if disclosure.received_on else None
    today = timezone.localdate()
    context = {
        "r": disclosure,
        "status": applicant_status(
            disclosure,
            correction_last_day=correction_last_day,
            fee_last_day=unpaid[-1].pay_by if unpaid else None,
        ),
        "due": due_date(disclosure, clock),
        "items": disclosure.items.all(),
        "letters": letters_for_applicant(disclosure),
        "files": attachments_for_applicant(disclosure),
        "released": released_files_for_applicant(disclosure),
        "today": today,
        "history": public_history(disclosure),
        "fee_notices": fee_notices,
        "can_correct": correction_last_day is not None and today <= correction_last_day,
        "correction_last_day": correction_last_day,
        "can_withdraw": disclosure.is_open,
        "replied": disclosure.status in (Status.REPLIED, Status.ARCHIVED) and disclosure.replied_on,
        "nav": "home",
    }
    return render(request, "portal/request.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def correction_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = request_get_for_applicant(public_id=public_id, user=request.user)
    last_day = correction_open_until(disclosure)
    if last_day is None:
        messages.error(request, _("该申请目前不需要补正。"))
        return redirect("portal:request", public_id=disclosure.public_id)
    items = list(disclosure.items.all())
    form = CorrectionForm(request.POST or None, request.FILES or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            portal_answer_correction(
                request=disclosure,
                account=request.user,
                items=form.corrected_items(),
                note=form.cleaned_data["note"],
                files=[
                    FileUpload("files", upload, AttachmentKind.CORRECTION)
                    for upload in form.cleaned_data["files"]
                ],
            )
        except ValidationError as error:
            bind_service_errors(form, None, error)
        else:
            messages.success(
                request, _("补正已提交。答复期限自今日的次日起重新计算，本机关将重新审查您的申请。")
            )
            mail_later(
                to=request.user.email,
                template="corrected",
                context={
                    "r": disclosure,
                    "link": request.build_absolute_uri(
                        reverse("portal:request", args=[disclosure.public_id])
                    ),
                },
            )
            return redirect("portal:request", public_id=disclosure.public_id)
    return render(
        request,
        "portal/correction.html",
        {
            "r": disclosure,
            "form": form,
            "last_day": last_day,
            "late": timezone.localdate() > last_day,
            "reselect_files": request.method == "POST" and bool(request.FILES),
            "nav": "home",
        },
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def withdraw_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = request_get_for_applicant(public_id=public_id, user=request.user)
    if not disclosure.is_open:
        messages.error(request, _("申请已办结，不能撤回。"))
        return redirect("portal:request", public_id=disclosure.public_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            portal_withdraw(
                request=disclosure, account=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("申请已撤回。"))
            return redirect("portal:request", public_id=disclosure.public_id)
    return render(request, "portal/withdraw.html", {"r": disclosure, "form": form, "nav": "home"})


def _private_file(file, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@applicant_required
def letter_view(request: HttpRequest, public_id, letter_id) -> FileResponse:
    disclosure = request_get_for_applicant(public_id=public_id, user=request.user)
    letter = letter_get_for_applicant(request=disclosure, letter_id=letter_id, user=request.user)
    return _private_file(
        letter.file,
        filename=f"{letter.number}{letter.get_kind_display()}.pdf",
        content_type="application/pdf",
    )


@applicant_required
def file_view(request: HttpRequest, public_id, file_id) -> FileResponse:
    disclosure = request_get_for_applicant(public_id=public_id, user=request.user)
    attachment = attachment_get_for_applicant(
        request=disclosure, attachment_id=file_id, user=request.user
    )
    return _private_file(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@applicant_required
def released_file_view(request: HttpRequest, public_id, released_id) -> HttpResponse:
    """A released file of the applicant's own request, during the download period the reply
    letter states; each download is recorded (who, when)."""
    disclosure = request_get_for_applicant(public_id=public_id, user=request.user)
    released = released_file_get_for_applicant(
        request=disclosure, file_id=released_id, user=request.user
    )
    now = timezone.now()
    if not released.is_available(timezone.localdate(now)):
        messages.error(request, _(
            "「%(name)s」的下载期限已于%(date)s届满，不能再下载。如需获取，请与%(organ)s联系。"
        ) % {"name": released.name, "date": date_format(released.available_until, "DATE_FORMAT"),
             "organ": disclosure.organ.name})
        return redirect("portal:request", public_id=disclosure.public_id)
    release_record_download(released_file=released, user=request.user, at=now)
    name = released.name if released.name.lower().endswith(".pdf") else f"{released.name}.pdf"
    return _private_file(released.file, filename=name, content_type="application/pdf")
