"""Requests at the points of the flow the queue tests need, reached through the real steps."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from requests.outcomes import Outcome
from requests.selectors import load_working_calendar
from requests.services.reply import ItemDecision
from tests.factories import at
from workflow import steps
from workflow.models import TriageDecision

from .flowkit import do, open_task, start

WORKBENCH = reverse("workflow:workbench")


def received_for_late(days_late: int) -> datetime.date:
    """A working day on which an application registered that day is ``days_late`` working
    days past its 20-working-day reply period today."""
    calendar = load_working_calendar()
    today = timezone.localdate()
    day = today
    while True:
        day -= datetime.timedelta(days=1)
        if not calendar.is_working_day(day):
            continue
        due = calendar.add_working_days(day, 20)
        if due < today and calendar.working_days_between(due, today) == days_late:
            return day
        if due < today and calendar.working_days_between(due, today) > days_late:
            raise AssertionError("no such day")


def registered(organ, people, day: datetime.date, item: str):
    """Registered on ``day``: its 初审分办 task is offered to the registrars."""
    request, process = start(organ, on=day, items=[item])
    do(process, "register", people.registrar, at=at(day))
    request.refresh_from_db()
    return request, process


def replied(organ, people, day: str, item: str):
    """Answered in March: its 归档 task is offered to the registrars."""
    request, process = start(organ, on=day, items=[item])
    do(process, "register", people.registrar, at=at(day))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at(day, 11))
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供监测报告电子版")], at=at(day, 14))
    do(process, "review", people.reviewer, passed=True, comment="不涉及国家秘密", at=at(day, 15))
    do(process, "sign", people.leader, approved=True, comment="同意", at=at(day, 16))
    do(process, "dispatch", people.registrar, delivery_method="electronic_delivery",
       delivered_on=datetime.date.fromisoformat(day), at=at(day, 17))
    request.refresh_from_db()
    return request, process, open_task(process, "archive")


def in_handling(organ, people, day: datetime.date, item: str, department=None):
    request, process = registered(organ, people, day, item)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=department or people.dept, at=at(day, 11))
    request.refresh_from_db()
    return request, process


def rows(response, key: str) -> list:
    return response.context[key]["list"].rows


def awaiting_correction(organ, people, day: datetime.date, item: str):
    """The applicant was asked to correct the application: its 收到补正 task waits."""
    request, process = registered(organ, people, day, item)
    do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明所需信息的名称或文号。", at=at(day, 11))
    request.refresh_from_db()
    return request, process
