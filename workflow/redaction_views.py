"""The redaction screen (区分处理): one page of a record at a time, with its text layer, the
marks on it, and the forms that make, decide and remove marks and make the redacted copy.

Only the person holding the request's handling task works here; the acts are
``records.redacting``. The page works without scripts — a box is typed as four numbers in
points, a text is found by the words typed — and ``static/js/redact.js`` adds drawing a box
with the mouse and selecting text on the page. Another organ's staff, applicants and
strangers get 404 as for a record that does not exist.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from records import redacting
from records.grounds import CODES, Ground
from records.models import Disclosure, Record, RecordState, RedactionState
from records.redaction import page_layer

from .access import task_for_staff
from .errors import TaskError, form_errors
from .record_views import page_picture_response
from .selectors import record_for_staff
from .steps import holds

GROUND_CHOICES = [("", gettext_lazy("请选择")), *Ground.choices]


class BoxForm(forms.Form):
    """画框: a box in points from the page's top left (the script fills it by drawing)."""

    x0 = forms.FloatField(label=gettext_lazy("左（点）"), min_value=0)
    y0 = forms.FloatField(label=gettext_lazy("上（点）"), min_value=0)
    x1 = forms.FloatField(label=gettext_lazy("右（点）"), min_value=0)
    y1 = forms.FloatField(label=gettext_lazy("下（点）"), min_value=0)
    ground = forms.ChoiceField(label=gettext_lazy("不予公开的理由"), choices=GROUND_CHOICES)
    note = forms.CharField(
        label=gettext_lazy("说明（写入答复书，例如“监测点位坐标”）"), required=False,
        max_length=redacting.NOTE_LENGTH,
    )


class TextForm(forms.Form):
    """选取文字: the characters selected on the page's text layer."""

    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    ground = forms.ChoiceField(label=gettext_lazy("不予公开的理由"), choices=GROUND_CHOICES)
    note = forms.CharField(
        label=gettext_lazy("说明（写入答复书）"), required=False, max_length=redacting.NOTE_LENGTH,
    )


class SuggestForm(forms.Form):
    names = forms.CharField(
        label=gettext_lazy("需要遮盖的自然人姓名或其他文字（每行一个，可不填）"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=gettext_lazy(
            "系统同时查找身份证号码、手机和固定电话号码、银行卡号、电子邮箱，逐条建议，由您采纳或不采纳。"
        ),
    )


class DecideForm(forms.Form):
    ground = forms.ChoiceField(label=gettext_lazy("不予公开的理由"), choices=Ground.choices)
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, max_length=redacting.NOTE_LENGTH
    )


class DisclosureForm(forms.Form):
    disclosure = forms.ChoiceField(
        label=gettext_lazy("该文件的公开方式"), choices=Disclosure.choices, widget=forms.RadioSelect
    )


@dataclass(frozen=True)
class Shape:
    """A box on the page picture, in percent of the page's width and height."""

    left: float
    top: float
    width: float
    height: float


@dataclass
class Mark:
    """One mark (a group of boxes) as the screen lists it."""

    group: str
    page: int
    ground: str
    ground_label: str
    code: str
    note: str
    state: str
    state_label: str
    kind_label: str
    source_label: str
    who: object
    when: object
    shapes: list[Shape]


def _marks(record: Record, frame: tuple[float, float, float, float], page: int) -> list[Mark]:
    """The record's marks in the log's order; those on ``page`` with their shapes on the
    page's ``frame`` (origin, width and height in points)."""
    marks: dict[str, Mark] = {}
    for r in record.redactions.select_related("created_by").order_by("page", "y0", "x0", "pk"):
        key = str(r.group)
        if key not in marks:
            marks[key] = Mark(
                group=key, page=r.page, ground=r.ground, ground_label=r.get_ground_display(),
                code=CODES[r.ground], note=r.note, state=r.state,
                state_label=r.get_state_display(),
                kind_label=r.get_matched_kind_display() if r.matched_kind else "",
                source_label=r.get_source_display(), who=r.created_by, when=r.created_at,
                shapes=[],
            )
        if r.page == page:
            left, top, width, height = frame
            marks[key].shapes.append(Shape(
                100 * (r.x0 - left) / width, 100 * (r.y0 - top) / height,
                100 * (r.x1 - r.x0) / width, 100 * (r.y1 - r.y0) / height,
            ))
    return list(marks.values())


def _page_layer(record: Record, page: int):
    """The page's size in points and its text layer as positioned characters (percent of
    the page, and the character's height in points)."""
    with record.working.open("rb") as handle:
        layer = page_layer(handle.read(), page)
    x0, y0 = layer.bounds[0], layer.bounds[1]
    width, height = layer.width, layer.height
    chars = [
        (i, c, 100 * (b[0] - x0) / width, 100 * (b[1] - y0) / height,
         100 * (b[2] - b[0]) / width, 100 * (b[3] - b[1]) / height, b[3] - b[1])
        for i, (c, b) in enumerate(zip(layer.text.text, layer.text.boxes, strict=True))
        if b is not None and c.strip()
    ]
    return (x0, y0, width, height), chars


def _record_of_task(request: HttpRequest, task_id: int, record_id):
    task = task_for_staff(request.user, task_id)
    disclosure, task = holds(task, request.user, "handle")
    record = get_object_or_404(
        Record.objects.select_related("item"), public_id=record_id, request=disclosure
    )
    return disclosure, task, record


def _screen_url(task_id: int, record: Record, page: int) -> str:
    return reverse("workflow:redact", args=[task_id, record.public_id]) + f"?page={page}"


@require_GET
@login_required
def redact_view(request: HttpRequest, task_id: int, record_id) -> HttpResponse:
    try:
        disclosure, task, record = _record_of_task(request, task_id, record_id)
    except TaskError as error:
        messages.error(request, error.messages[0])
        return redirect("workflow:task", task_id=task_id)
    if record.state != RecordState.READY:
        messages.error(request, _("该文件尚未转换完成，暂不能作区分处理。"))
        return redirect("workflow:task", task_id=task_id)
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), record.page_count or 1)
    except ValueError:
        page = 1
    frame, chars = _page_layer(record, page)
    marks = _marks(record, frame, page)
    context = {
        "task": task, "r": disclosure, "record": record, "page": page,
        "pages": range(1, (record.page_count or 0) + 1),
        "width_pt": frame[2], "height_pt": frame[3],
        "chars": chars,
        "marks": marks,
        "on_page": [m for m in marks if m.page == page and m.shapes],
        "waiting": sum(1 for m in marks if m.state == RedactionState.PROPOSED),
        "box_form": BoxForm(prefix="box"),
        "text_form": TextForm(prefix="text"),
        "suggest_form": SuggestForm(prefix="suggest"),
        "disclosure_form": DisclosureForm(prefix="disclosure",
                                          initial={"disclosure": record.disclosure}),
        "grounds": Ground.choices,
        "codes": [(CODES[value], label) for value, label in Ground.choices],
        "nav": "workbench",
    }
    return render(request, "workflow/redact.html", context)


def _names(text: str) -> list[str]:
    return [line.strip() for line in text.replace("，", "\n").replace(",", "\n").splitlines()
            if line.strip()]


@require_POST
@login_required
def redact_act_view(request: HttpRequest, task_id: int, record_id, action: str) -> HttpResponse:
    """The screen's acts: ``box``, ``text``, ``suggest``, ``accept``/``reject``/``remove``
    (a mark, ``group`` in the form), ``accept_all``, ``apply``, ``disclosure``."""
    try:
        _disclosure, task, record = _record_of_task(request, task_id, record_id)
    except TaskError as error:
        messages.error(request, error.messages[0])
        return redirect("workflow:task", task_id=task_id)
    try:
        page = int(request.POST.get("page", "1"))
    except ValueError:
        page = 1
    user = request.user
    try:
        if action == "box":
            form = BoxForm(request.POST, prefix="box")
            if not form.is_valid():
                raise form_errors(form)
            data = form.cleaned_data
            redacting.redaction_add_box(
                record=record, page=page, box=(data["x0"], data["y0"], data["x1"], data["y1"]),
                ground=data["ground"], note=data["note"], acting_user=user,
            )
            messages.success(request, _("已遮盖所画区域。"))
        elif action == "text":
            form = TextForm(request.POST, prefix="text")
            if not form.is_valid():
                if "start" in form.errors or "end" in form.errors:
                    raise ValidationError(_("请先在页面上选取要遮盖的文字。"))
                raise form_errors(form)
            data = form.cleaned_data
            redacting.redaction_add_text(
                record=record, page=page, start=data["start"], end=data["end"],
                ground=data["ground"], note=data["note"], acting_user=user,
            )
            messages.success(request, _("已遮盖所选文字。"))
        elif action == "suggest":
            form = SuggestForm(request.POST, prefix="suggest")
            if not form.is_valid():
                raise form_errors(form)
            count = redacting.redaction_suggest(
                record=record, names=_names(form.cleaned_data["names"]), acting_user=user
            )
            messages.success(request, _("系统建议了%(n)s处，请逐条采纳或不采纳。") % {"n": count}
                             if count else _("没有找到新的需要遮盖的内容。"))
        elif action in ("accept", "reject"):
            form = DecideForm(request.POST)
            if not form.is_valid():
                raise form_errors(form)
            redacting.redaction_decide(
                record=record, group=_group(request), accepted=action == "accept",
                ground=form.cleaned_data["ground"], note=form.cleaned_data["note"],
                acting_user=user,
            )
        elif action == "remove":
            redacting.redaction_remove(record=record, group=_group(request), acting_user=user)
            messages.success(request, _("已删除该标注。"))
        elif action == "accept_all":
            count = redacting.redaction_decide_all(record=record, accepted=True, acting_user=user)
            messages.success(request, _("已采纳%(n)s条建议。") % {"n": count})
        elif action == "apply":
            redacting.record_apply_redactions(record=record, acting_user=user)
            messages.success(request, _("已生成区分处理后的文件。"))
        elif action == "disclosure":
            form = DisclosureForm(request.POST, prefix="disclosure")
            if not form.is_valid():
                raise form_errors(form)
            redacting.record_set_disclosure(
                record=record, disclosure=form.cleaned_data["disclosure"], acting_user=user
            )
            messages.success(request, _("已保存公开方式。"))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(_screen_url(task.pk, record, page))


def _group(request: HttpRequest) -> str:
    """The mark a decision names (the act itself checks it is one of this record's)."""
    group = request.POST.get("group", "")
    try:
        uuid.UUID(group)
    except ValueError:
        raise ValidationError(_("该区分处理标注不存在或已被删除。")) from None
    return group


@require_GET
@login_required
def redacted_page_view(request: HttpRequest, record_id, page: int, size: str) -> FileResponse:
    """A page of the record's redacted copy as a PNG, for the staff of its organ."""
    record = record_for_staff(request.user, record_id)
    return page_picture_response(record, record.redacted, record.redacted_sha256, page, size)


@require_GET
@login_required
def redacted_file_view(request: HttpRequest, record_id) -> FileResponse:
    """The redacted copy, to open or download."""
    record = record_for_staff(request.user, record_id)
    if not record.redacted:
        raise Http404
    response = FileResponse(
        record.redacted.open("rb"), content_type="application/pdf",
        filename=_("%(title)s（区分处理后）.pdf") % {"title": record.title},
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
