"""Every date a person types is bounded: nothing before the Regulations took effect
(2019-05-15) for a day that has come, nothing after today for receipt, delivery or
payment, at most a year ahead for a day set in advance. Junk years (1, 9999) are refused
next to the field, never a server error, and nothing is stored."""

from __future__ import annotations

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from letters.models import IssuedLetter
from requests.choices import FeeStandard
from requests.date_fields import REGULATIONS_IN_FORCE, BoundedDateField
from requests.models import AuditEvent
from tests.factories import at
from tests.workflow.flowkit import do, open_task, start
from workflow import steps
from workflow.models import TriageDecision
from workflow.queues import task_claim

PROJECT_APPS = ("portal", "workflow", "reports", "letters", "requests")


def form_classes() -> list[type[forms.Form]]:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in PROJECT_APPS and hasattr(cls, "base_fields"):
            found.append(cls)
    return found


def test_every_date_field_of_every_form_is_bounded():
    date_fields = {
        f"{cls.__module__}.{cls.__name__}.{name}": field
        for cls in form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField)
    }
    assert len(date_fields) >= 15, sorted(date_fields)
    unbounded = [name for name, field in date_fields.items()
                 if not isinstance(field, BoundedDateField)]
    assert unbounded == []


def today() -> datetime.date:
    return timezone.localdate()


@pytest.mark.parametrize("query", [
    "period=custom&start=0001-01-01&end=0001-12-31",
    "period=custom&start=9999-01-01&end=9999-12-31",
    "period=custom&start=9999-12-31&end=9999-12-31",
    "period=custom&start=2003-12-31&end=2004-03-31",
])
@pytest.mark.parametrize("page", ["/supervision/", "/supervision/requests/",
                                  "/supervision/export/by_department.csv"])
def test_a_custom_period_in_year_1_or_9999_is_refused_not_a_server_error(
    client, organ, people, query, page
):
    client.force_login(people.supervisor)
    response = client.get(f"{page}?{query}")
    assert response.status_code == 200
    if page == "/supervision/":
        assert "日期不能" in response.content.decode()


def handling(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    return request, process, task


@pytest.mark.parametrize(("paid_on", "message"), [
    ("2019-05-14", "不能早于2019年5月15日（现行《条例》施行之日）"),
    ("0001-01-01", "现行《条例》施行之日"),
    ("9999-12-31", "不能晚于今天"),
    (lambda: (today() + datetime.timedelta(days=1)).isoformat(), "不能晚于今天"),
])
def test_a_payment_date_out_of_bounds_is_refused_and_nothing_is_recorded(
    client, organ, people, paid_on, message
):
    request, process, task = handling(organ, people)
    request, task = steps.holds(task, people.handler, "handle")
    from letters.acts import issue_fee_notice_with_letter

    issue_fee_notice_with_letter(request=request, acting_user=people.handler,
                                 standard=FeeStandard.PER_PAGE, quantity=150)
    events = AuditEvent.objects.count()
    client.force_login(people.handler)
    response = client.post(reverse("workflow:side_act", args=[task.pk, "payment"]),
                           {"payment-paid_on": paid_on() if callable(paid_on) else paid_on})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page[page.index('id="error-summary"'):]
    assert AuditEvent.objects.count() == events
    assert request.fee_notices.get().paid_on is None


@pytest.mark.parametrize("delivered_on", ["2019-05-14", "9999-12-31", "0001-01-01"])
def test_a_delivery_date_out_of_bounds_is_refused_with_the_reason(
    client, organ, people, delivered_on
):
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    letter = request.letters.get()
    events = AuditEvent.objects.count()
    client.force_login(people.registrar)
    response = client.post(
        reverse("workflow:delivery", args=[request.public_id, letter.public_id]),
        {"method": "electronic_delivery", "delivered_on": delivered_on},
    )
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("送达日期：日期不能" in text for text in texts), texts
    assert AuditEvent.objects.count() == events
    assert IssuedLetter.objects.get(pk=letter.pk).delivered_on is None


def test_a_later_reply_date_more_than_a_year_ahead_is_refused(client, organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.BULK)
    do(process, "ask_reasons", people.ogi_head, applications_count=46, period="2026年1月至3月",
       respond_by=today() + datetime.timedelta(days=20))
    task = task_claim(task=open_task(process, "decide_reasons"), user=people.ogi_head)
    client.force_login(people.ogi_head)
    events, letters = AuditEvent.objects.count(), IssuedLetter.objects.count()
    response = client.post(reverse("workflow:task", args=[task.pk]), {
        "form": "decide", "decide-accepted": "yes", "decide-note": "理由合理",
        "decide-reply_by": "9999-12-31", "decide-later_reasons": "申请数量明显超过合理范围",
    })
    assert response.status_code == 200
    errors = response.context["forms"][0][1].errors
    latest = today() + datetime.timedelta(days=366)
    assert errors["reply_by"] == [f"日期不能晚于{latest.year}年{latest.month}月{latest.day}日。"]
    assert (AuditEvent.objects.count(), IssuedLetter.objects.count()) == (events, letters)


def test_the_day_the_regulations_took_effect_is_accepted():
    field = BoundedDateField()
    assert field.clean("2019-05-15") == REGULATIONS_IN_FORCE
    assert field.clean(today().isoformat()) == today()
