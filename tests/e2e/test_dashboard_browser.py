"""The supervisor looks at the dashboard in a real browser (screenshot for a person)."""

import datetime
import random

import pytest

from tests.factories import at
from tests.reports.builders import bulk_requests, finished_task, random_facts, settle_clocks
from workflow.flows import DisclosureFlow
from workflow.models import RequestProcess

D = datetime.date.fromisoformat
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_supervisor_sees_the_dashboard_with_charts(page, live_server, organ, people, screenshot):
    from requests.models import DisclosureRequest

    bulk_requests(organ, random_facts(random.Random(11), 300, first=D("2025-01-01"), last=D("2025-12-31")))
    pks = list(DisclosureRequest.objects.filter(organ=organ).values_list("pk", flat=True))
    for n, dept in enumerate((people.dept, people.other_dept, people.office)):
        DisclosureRequest.objects.filter(pk__in=pks[n::4]).update(department=dept)
    settle_clocks(organ, today=D("2026-01-15"))
    rng = random.Random(3)
    hour = datetime.timedelta(hours=1)
    for pk in pks[:60]:
        request = DisclosureRequest.objects.get(pk=pk)
        if request.received_on is None:
            continue
        process = RequestProcess.objects.create(flow_class=DisclosureFlow, request=request)
        offered = at(request.received_on, 9)
        for step in ("register", "triage", "handle", "review", "sign", "dispatch"):
            task = finished_task(process, step, offered, rng.uniform(0.2, 20) * hour,
                                 rng.uniform(0.5, 30) * hour)
            offered = task.finished
    people.supervisor.set_password("pw-for-tests")
    people.supervisor.save()
    login(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/supervision/?period=year&year=2025")
    assert page.locator("svg.chart").count() >= 3
    screenshot("dashboard")
    # No interactive element inside another (axe-core's nested-interactive): no link in a
    # link or button, and none inside an element whose children are presentational (img).
    nested = page.evaluate("""() => {
        const interactive = 'a[href], button, [tabindex]:not([tabindex="-1"]), [role=button], [role=link]';
        const holders = interactive + ', [role=img]';
        return [...document.querySelectorAll(holders)]
            .filter(el => el.querySelector(interactive))
            .map(el => el.outerHTML.slice(0, 80));
    }""")
    assert nested == []
    assert page.locator("svg.chart a[href]").count() > 20
    # On a phone: nothing makes the page scroll sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("dashboard-phone")
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(".tiles a").first.click()
    assert "/supervision/requests/" in page.url
    screenshot("dashboard-drilldown")
