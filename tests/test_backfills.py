"""The data migrations that fill new columns from what was already recorded."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from requests.models import DisclosureRequest
from tests.requests import machine as m
from tests.workflow.flowkit import do, start
from workflow.models import TaskTiming

pytestmark = pytest.mark.django_db


def test_working_days_used_is_filled_for_requests_concluded_before(organ, people):
    replied = m.build("replied", organ, people)
    abandoned = m.build("abandoned", organ, people)
    still_open = m.build("processing", organ, people)
    DisclosureRequest.objects.update(working_days_used=None)
    migration = importlib.import_module("requests.migrations.0004_working_days_used")
    migration.fill_working_days_used(apps, None)
    used = dict(DisclosureRequest.objects.values_list("pk", "working_days_used"))
    assert used == {replied.pk: 5, abandoned.pk: 1, still_open.pk: None}


def test_task_timings_are_filled_for_tasks_finished_before(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    kept = list(TaskTiming.objects.values_list("task_id", "step", "waited_minutes", "worked_minutes"))
    assert [row[1] for row in kept] == ["register"]
    TaskTiming.objects.all().delete()
    migration = importlib.import_module("workflow.migrations.0002_task_timing")
    migration.fill_task_timings(apps, None)
    assert list(
        TaskTiming.objects.values_list("task_id", "step", "waited_minutes", "worked_minutes")
    ) == kept
    assert TaskTiming.objects.get().request == request
