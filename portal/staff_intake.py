"""Staff intake pages (/workbench/intake/): registrars enter applications received on
paper, by fax, e-mail or orally; answer in-person ones on the spot; print the letters.

Only registrars reach these pages, and only for their own organs' requests (others: 404).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from letters.kinds import LetterKind
from letters.models import IssuedLetter
from requests.choices import Channel, Role, Status
from requests.models import DisclosureRequest, Organ
from requests.selectors import earlier_requests_for_same_information
from workflow.access import staff_required
from workflow.flows import DisclosureFlow
from workflow.queues import open_tasks_of_request

from .forms import application_uploads, bind_service_errors, item_formset, items_typed_so_far
from .intake_forms import IntakeForm, OnTheSpotForm
from .intake_services import intake_enter, intake_reply_on_the_spot


def registrar_organs(user):
    return Organ.objects.filter(
        memberships__user=user, memberships__role=Role.REGISTRAR
    ).distinct().order_by("name")


def registrar_required(view):
    """A registrar (登记员) of some organ; other staff are refused."""

    @staff_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not registrar_organs(request.user).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _request_of_registrar(user, public_id) -> DisclosureRequest:
    request = (
        DisclosureRequest.objects.select_related("organ", "applicant")
        .filter(public_id=public_id, organ__in=registrar_organs(user))
        .first()
    )
    if request is None:
        raise Http404
    return request


def _earlier(form, formset, exclude_request_id=None):
    data = form.cleaned_data
    return earlier_requests_for_same_information(
        organ=data["organ"],
        document_type=data["document_type"],
        document_number=data["document_number"],
        items=[(i.description, i.document_reference) for i in formset.items()],
        exclude_request_id=exclude_request_id,
    )


@registrar_required
def intake_view(request: HttpRequest) -> HttpResponse:
    organs = registrar_organs(request.user)
    earlier = []
    if request.method == "POST" and "add_item" in request.POST:
        form = IntakeForm(initial=request.POST.dict(), organs=organs)
        formset = item_formset(initial=items_typed_so_far(request.POST), extra=1)
    elif request.method == "POST":
        form = IntakeForm(request.POST, request.FILES, organs=organs)
        formset = item_formset(request.POST)
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            earlier = _earlier(form, formset)
            if earlier and not form.cleaned_data["duplicates_acknowledged"]:
                form.add_error(
                    "duplicates_acknowledged",
                    _("该申请人此前已申请过相同或相似的信息，请核对下列申请后勾选确认。"),
                )
            else:
                data = form.cleaned_data
                try:
                    result = intake_enter(
                        registrar=request.user,
                        organ=data["organ"],
                        applicant=form.applicant(),
                        items=formset.items(),
                        channel=data["channel"],
                        form_wanted=data["form_wanted"],
                        obtain_method=data["obtain_method"],
                        submitted_at=form.submitted_at(),
                        purpose=data["purpose"],
                        special_needs=data["special_needs"],
                        files=application_uploads(form),
                        register=data["register_now"],
                        post_signed_on=data.get("post_signed_on"),
                        confirmed_on=form.receipt_confirmed_on(),
                        register_at=form.register_at(),
                    )
                except ValidationError as error:
                    bind_service_errors(form, formset, error)
                else:
                    messages.success(request, _("申请已录入。"))
                    return redirect("intake:done", public_id=result.request.public_id)
    else:
        form = IntakeForm(organs=organs)
        formset = item_formset()
    return render(
        request,
        "portal/intake/form.html",
        {
            "form": form,
            "formset": formset,
            "earlier": earlier,
            "reselect_files": request.method == "POST" and bool(request.FILES),
            "nav": "intake",
        },
    )


def _on_the_spot_possible(disclosure: DisclosureRequest) -> bool:
    return (
        disclosure.channel in (Channel.IN_PERSON, Channel.ORAL)
        and disclosure.status == Status.REGISTERED
        and open_tasks_of_request(disclosure).filter(flow_task=DisclosureFlow.triage).exists()
    )


@registrar_required
def intake_done_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = _request_of_registrar(request.user, public_id)
    items = list(disclosure.items.all())
    earlier = earlier_requests_for_same_information(
        organ=disclosure.organ,
        document_type=disclosure.applicant.document_type,
        document_number=disclosure.applicant.document_number,
        items=[(i.description, i.document_reference) for i in items],
        exclude_request_id=disclosure.pk,
    )
    letters = list(disclosure.letters.order_by("issued_at", "pk"))
    return render(
        request,
        "portal/intake/done.html",
        {
            "r": disclosure,
            "items": items,
            "earlier": earlier,
            "receipt": next((x for x in letters if x.kind == LetterKind.RECEIPT), None),
            "reply": next((x for x in letters if x.kind == LetterKind.REPLY), None),
            "on_the_spot": _on_the_spot_possible(disclosure),
            "nav": "intake",
        },
    )


@registrar_required
def on_the_spot_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = _request_of_registrar(request.user, public_id)
    if not _on_the_spot_possible(disclosure):
        messages.error(request, _("只有已登记、尚未初审的当面或口头申请可以当场答复。"))
        return redirect("intake:done", public_id=disclosure.public_id)
    form = OnTheSpotForm(request.POST or None, request=disclosure)
    if request.method == "POST" and form.is_valid():
        try:
            intake_reply_on_the_spot(
                registrar=request.user, request=disclosure, decisions=form.decisions()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已当场答复，请打印答复书交给申请人。"))
            return redirect("intake:done", public_id=disclosure.public_id)
    return render(
        request,
        "portal/intake/on_the_spot.html",
        {"r": disclosure, "form": form, "nav": "intake"},
    )


@registrar_required
def letter_print_view(request: HttpRequest, letter_id) -> FileResponse:
    """A letter of the registrar's organs, shown in the browser to print."""
    letter = (
        IssuedLetter.objects.filter(public_id=letter_id, organ__in=registrar_organs(request.user))
        .first()
    )
    if letter is None:
        raise Http404
    response = FileResponse(
        letter.file.open("rb"), as_attachment=False, content_type="application/pdf",
        filename=f"{letter.number}{letter.get_kind_display()}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
