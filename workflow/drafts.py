"""草稿: a step's form kept half-filled, for its holder tomorrow or the next holder.

A draft is the form's input as posted, unvalidated; it is shown as the form's initial
values when the task page opens, names who saved it and when, and is deleted once the task
is finished or cancelled, whichever way that happens (a form, a bulk action, the sweep).
Uploaded files are never kept: a form with a file input says so on the page.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from .errors import TaskError
from .models import TaskDraft

#: Posted fields that are not the form's input.
NOT_INPUT = ("csrfmiddlewaretoken", "form")


def save_draft(
    *, task: Task, user: AbstractBaseUser, form_key: str, data: QueryDict,
    at: datetime.datetime | None = None,
) -> TaskDraft:
    """保存草稿: keep the posted input of one of the task's forms, replacing an earlier draft.

    Only the holder of the task may keep a draft of it.
    """
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.owner_id != user.pk or task.status != STATUS.ASSIGNED:
            raise TaskError(_("只能为本人领取、尚未办结的任务保存草稿。"), code="not_owner")
        kept = {key: data.getlist(key) for key in data if key not in NOT_INPUT}
        draft, _created = TaskDraft.objects.update_or_create(
            task=task, form_key=form_key,
            defaults={"data": kept, "saved_by": user, "saved_at": at or timezone.now()},
        )
    return draft


def drafts_of(task: Task) -> dict[str, TaskDraft]:
    """The task's drafts by form key, with who saved each."""
    return {d.form_key: d for d in TaskDraft.objects.filter(task=task).select_related("saved_by")}


def fill_from_draft(form, draft: TaskDraft | None) -> None:
    """Show an unbound ``form`` with the draft's input as its initial values (each widget
    reads its own fields back, as it would from a POST)."""
    form.draft = draft
    form.has_file_input = any(field.widget.needs_multipart_form for field in form.fields.values())
    if draft is None:
        return
    data = QueryDict(mutable=True)
    for key, values in draft.data.items():
        data.setlist(key, values)
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        if value is not None and not field.widget.needs_multipart_form:
            form.initial[name] = value


@receiver(post_save, sender=Task, dispatch_uid="workflow.drafts.clear_when_finished")
def _clear_when_finished(sender, instance: Task, **kwargs) -> None:
    if instance.status in (STATUS.DONE, STATUS.CANCELED):
        TaskDraft.objects.filter(task_id=instance.pk).delete()
