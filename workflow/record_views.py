"""The records found for a request, on the staff side: attached and removed by the person
holding the handling task, seen — pages and original — by the staff of the request's organ.

Everyone else (another organ's staff, applicants, a stranger) gets 404, as for a record
that does not exist. The acts are ``records.services``; these views only check who holds
the task and report the act's answer.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from records.models import Record, RecordState
from records.services import TITLE_LENGTH, record_attach, record_remove
from records.thumbnails import WIDTHS, page_picture
from requests.file_content import RECORD_TYPES
from requests.models import RequestItem

from .access import task_for_staff
from .errors import TaskError, form_errors
from .selectors import record_original_for_staff
from .steps import holds

ACCEPT = ",".join(sorted({f".{extension}" for names in RECORD_TYPES.values() for extension in names}))


class RecordUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("文件"), allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    title = forms.CharField(
        label=gettext_lazy("文件名称"), max_length=TITLE_LENGTH, required=False,
        help_text=gettext_lazy("不填则用上传的文件名。"),
    )


def _back(task_id: int, item: RequestItem | None = None) -> HttpResponse:
    url = reverse("workflow:task", args=[task_id])
    return redirect(f"{url}#records-{item.position}" if item is not None else url)


def _held(request: HttpRequest, task_id: int):
    """The request of the handling task ``task_id`` if this person holds it; 404 for a task
    outside their organs; ``TaskError`` for one they do not hold."""
    task = task_for_staff(request.user, task_id)
    disclosure, task = holds(task, request.user, "handle")
    return disclosure, task


@require_POST
@login_required
def record_upload_view(request: HttpRequest, task_id: int, item_id: int) -> HttpResponse:
    try:
        disclosure, task = _held(request, task_id)
    except TaskError as error:
        messages.error(request, error.messages[0])
        return _back(task_id)
    item = get_object_or_404(RequestItem, pk=item_id, request=disclosure)
    form = RecordUploadForm(request.POST, request.FILES, prefix=f"record-{item.position}")
    try:
        if not form.is_valid():
            raise form_errors(form)
        record = record_attach(
            request=disclosure, item=item, upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"], acting_user=request.user,
        )
        messages.success(request, _("已添加文件「%(title)s」，正在转换。") % {"title": record.title})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _back(task.pk, item)


@require_POST
@login_required
def record_remove_view(request: HttpRequest, task_id: int, record_id) -> HttpResponse:
    try:
        disclosure, task = _held(request, task_id)
    except TaskError as error:
        messages.error(request, error.messages[0])
        return _back(task_id)
    record = get_object_or_404(Record.objects.select_related("item"), public_id=record_id,
                               request=disclosure)
    try:
        record_remove(record=record, acting_user=request.user)
        messages.success(request, _("已移除文件「%(title)s」。") % {"title": record.title})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _back(task.pk, record.item)


@require_GET
@login_required
def record_page_view(request: HttpRequest, record_id, page: int, size: str) -> FileResponse:
    """A page of the record's working copy as a PNG (``size``: ``thumb`` or ``page``)."""
    record = record_original_for_staff(request.user, record_id)
    if record.state != RecordState.READY:
        raise Http404
    return page_picture_response(record, record.working, record.working_sha256, page, size)


def page_picture_response(record: Record, copy, sha256: str, page: int, size: str) -> FileResponse:
    """Page ``page`` of one copy of ``record`` (its working or redacted PDF, ``copy``) as a
    PNG of ``size``; 404 for a copy not made, a size or a page it does not have."""
    if size not in WIDTHS or not copy or not sha256 or not 1 <= page <= (record.page_count or 0):
        raise Http404
    path = page_picture(working_path=copy.path, working_sha256=sha256, page=page, size=size)
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def record_original_view(request: HttpRequest, record_id) -> FileResponse:
    """The record as it was uploaded, to download."""
    record = record_original_for_staff(request.user, record_id)
    response = FileResponse(
        record.original.open("rb"), as_attachment=True, filename=record.original_name,
        content_type=record.original_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
