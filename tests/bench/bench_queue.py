"""Benchmark: the queue page (the workbench) over 100,000 requests with 20,000 open tasks.

Run on PostgreSQL (not collected by the normal suite)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ogidesk_queue \\
        .venv/bin/python -m pytest -o addopts="" -s -q tests/bench/bench_queue.py

Populates one organ as ``bench_dashboard`` does (``BENCH_REQUESTS`` requests, default
100,000, with departments, clock events and caches, a flow with its finished tasks per
request), then brings the open tasks to ``BENCH_OPEN_TASKS`` (default 20,000): the register
task of every application not yet registered, the current task of every open request (one
in twenty waiting on the applicant's correction), and the 归档 task of replied requests.
About a quarter of them are held by colleagues; each person measured holds 40.

Times the workbench (GET /workbench/, its three lists paged, sorted by urgency) through
the Django test client, logged in, for a registrar, a handler, a department head and the
OGI office head, and the heads' list (GET /workbench/team/) for the two heads, each
``BENCH_RUNS`` times (default 20, after two warm-up runs): p50 / p95 / max and the queries
per page. Then, for the same people and data in the same run, viewflow's own stock task
list (``FlowQueueListView``, the queue of the flow: 25 rows a page) wired in a throw-away
URLconf below, and prints the ratio. The target is p95 ≤ 150 ms for each page; the test
fails above it.

Populating 100,000 requests takes minutes. With ``BENCH_KEEP_DB=1`` the benchmark works on
the database ``DATABASE_URL`` names itself, not on a throw-away test copy: it creates and
migrates it, populates it once, and on the next runs finds the benchmark's data there and
times at once (it repopulates when the sizes asked for changed, and refuses a database
holding anything else). Drop that database to start afresh.
"""

from __future__ import annotations

import datetime
import os
import random
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path
from viewflow.urls import Site
from viewflow.workflow.flow.viewset import FlowAppViewset
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token

from requests.choices import Role, Status
from requests.models import Department, DisclosureRequest
from tests.bench.bench_annual_report import _populate
from tests.bench.bench_dashboard import _report, _spread, _timed, _workflow
from tests.factories import OrganFactory, at, staff
from workflow.flows import DisclosureFlow
from workflow.models import RequestProcess

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100000"))
OPEN_TASKS = int(os.environ.get("BENCH_OPEN_TASKS", str(REQUESTS // 5)))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
TARGET_SECONDS = 0.15
HELD_EACH = 40
KEEP_DB = os.environ.get("BENCH_KEEP_DB") == "1"
#: The people measured, by username.
MEASURED = {
    "registrar": "bench-registrar",
    "handler": "bench-handler",
    "department head": "bench-dept-head",
    "OGI office head": "bench-ogi-head",
}

# Committed rows, vacuumed; kept between runs with BENCH_KEEP_DB=1 (see above).
pytestmark = [] if KEEP_DB else [pytest.mark.django_db(transaction=True)]

# The throw-away URLconf of viewflow's stock task list: the flow mounted as viewflow's own
# application (its inbox, queue and archive; the queue at /disclosure/queue/).
STOCK_QUEUE = "/disclosure/queue/"
urlpatterns = [
    path("", Site(title="viewflow", viewsets=[FlowAppViewset(DisclosureFlow, icon="inbox")]).urls)
]


def _add_tasks(rows: list[tuple[int, str]]) -> None:
    """A flow with one open ``step`` task for each (request, step) that has no flow yet."""
    for chunk in range(0, len(rows), 5000):
        part = rows[chunk:chunk + 5000]
        processes = Process.objects.bulk_create(
            Process(flow_class=DisclosureFlow, status=STATUS.NEW, created=at("2025-06-02", 9),
                    data={})
            for _ in part
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {RequestProcess._meta.db_table} "
                "(process_ptr_id, request_id, triage_decision) VALUES (%s, %s, %s)",
                [(p.pk, pk, "") for p, (pk, _step) in zip(processes, part, strict=True)],
            )
        Task.objects.bulk_create(
            [
                Task(process=p, flow_task=getattr(DisclosureFlow, step), flow_task_type="HUMAN",
                     token=Token("start"), data={}, status=STATUS.NEW,
                     created=at("2025-06-02", 10))
                for p, (_pk, step) in zip(processes, part, strict=True)
            ],
            batch_size=5000,
        )


def _open_tasks(organ) -> None:
    """Bring the open tasks to ``OPEN_TASKS``: register tasks for what is not registered,
    a correction awaited on one open request in twenty, 归档 tasks for replied ones."""
    unregistered = list(
        DisclosureRequest.objects.filter(organ=organ, received_on__isnull=True)
        .values_list("pk", flat=True)
    )
    _add_tasks([(pk, "register") for pk in unregistered])
    open_now = Task.objects.filter(status=STATUS.NEW).count()
    replied = list(
        RequestProcess.objects.filter(request__organ=organ, request__status=Status.REPLIED)
        .order_by("-request__concluded_on", "pk")
        .values_list("pk", flat=True)[: max(OPEN_TASKS - open_now, 0)]
    )
    Process.objects.filter(pk__in=replied).update(status=STATUS.NEW, finished=None)
    Task.objects.bulk_create(
        [
            Task(process_id=pk, flow_task=DisclosureFlow.archive, flow_task_type="HUMAN",
                 token=Token("start"), data={}, status=STATUS.NEW, created=at("2025-06-02", 10))
            for pk in replied
        ],
        batch_size=5000,
    )
    handling = list(
        Task.objects.filter(status=STATUS.NEW, flow_task=DisclosureFlow.handle)
        .values_list("pk", "process__requestprocess__request_id")
    )
    waiting = handling[::20]
    Task.objects.filter(pk__in=[t for t, _r in waiting]).update(
        flow_task=DisclosureFlow.await_correction
    )
    DisclosureRequest.objects.filter(pk__in=[r for _t, r in waiting]).update(
        status=Status.AWAITING_CORRECTION, correction_requested_on=datetime.date(2025, 11, 3)
    )


def _hold(tasks, users, rng) -> None:
    """Give these tasks to ``users`` in turn, claimed some time after they were offered."""
    for n, pk in enumerate(tasks):
        Task.objects.filter(pk=pk).update(
            owner=users[n % len(users)], status=STATUS.ASSIGNED,
            assigned=at("2025-06-02", 11) + datetime.timedelta(hours=rng.randrange(2000)),
        )


def _people(organ):
    """The four measured, their colleagues, and a quarter of the open tasks held."""
    rng = random.Random(12)
    office = Department.objects.get(organ=organ, name="办公室")
    office.is_ogi_office = True
    office.save(update_fields=["is_ogi_office"])
    dept = Department.objects.get(organ=organ, name="污防科")
    people = {
        "registrar": staff(organ, Role.REGISTRAR, MEASURED["registrar"], office),
        "handler": staff(organ, Role.HANDLER, MEASURED["handler"], dept),
        "department head": staff(organ, Role.DEPARTMENT_HEAD, MEASURED["department head"], dept),
        "OGI office head": staff(organ, Role.OGI_HEAD, MEASURED["OGI office head"], office),
    }
    # viewflow's stock views ask for the flow's view permission; the product's pages do not.
    view_flow = Permission.objects.get(
        content_type__app_label="workflow", codename="view_requestprocess"
    )
    for user in people.values():
        user.user_permissions.add(view_flow)
    registrars = [staff(organ, Role.REGISTRAR, f"bench-registrar{n}", office) for n in range(4)]
    handlers = [staff(organ, Role.HANDLER, f"bench-handler{n}", dept) for n in range(4)]
    open_tasks = Task.objects.filter(status=STATUS.NEW)
    office_steps = [getattr(DisclosureFlow, s) for s in ("register", "triage", "dispatch", "archive")]
    mine = list(open_tasks.filter(flow_task__in=office_steps).values_list("pk", flat=True)[:HELD_EACH])
    _hold(mine, [people["registrar"]], rng)
    dept_handling = open_tasks.filter(
        flow_task=DisclosureFlow.handle, process__requestprocess__request__department=dept
    )
    _hold(list(dept_handling.values_list("pk", flat=True)[:HELD_EACH]), [people["handler"]], rng)
    office_rest = list(
        open_tasks.filter(flow_task__in=office_steps).values_list("pk", flat=True)
    )
    _hold(rng.sample(office_rest, len(office_rest) // 4), registrars, rng)
    handling_rest = list(dept_handling.values_list("pk", flat=True))
    _hold(rng.sample(handling_rest, len(handling_rest) // 4), handlers, rng)
    return people


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _populated() -> bool:
    """Whether the database holds the benchmark's data at the sizes asked for."""
    return (
        get_user_model().objects.filter(username__in=MEASURED.values()).count() == len(MEASURED)
        and DisclosureRequest.objects.count() == REQUESTS
        and Task.objects.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]).count()
        >= OPEN_TASKS * 0.95
    )


def _kept_database() -> bool:
    """BENCH_KEEP_DB: the database of DATABASE_URL, created and migrated; True when it
    already holds the benchmark's data."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0, interactive=False)
    if _populated():
        return True
    if DisclosureRequest.objects.exists():
        if not get_user_model().objects.filter(username=MEASURED["registrar"]).exists():
            pytest.fail(f"BENCH_KEEP_DB: {name} holds data that is not the benchmark's; "
                        "name an empty database of its own in DATABASE_URL")
        call_command("flush", verbosity=0, interactive=False)  # other sizes: start afresh
    return False


def _population() -> tuple[dict, str]:
    """The people measured, and how the data came to be there."""
    if KEEP_DB and _kept_database():
        users = get_user_model().objects.in_bulk(MEASURED.values(), field_name="username")
        return {who: users[name] for who, name in MEASURED.items()}, "kept from an earlier run"
    started = time.perf_counter()
    organ = OrganFactory()
    _populate(organ)
    _spread(organ)
    _workflow(organ)
    _open_tasks(organ)
    people = _people(organ)
    return people, f"populated in {time.perf_counter() - started:.1f} s"


def test_queue_over_many_requests(django_db_blocker):
    if KEEP_DB:
        with django_db_blocker.unblock():
            _measure()
    else:
        _measure()


def _measure():
    people, populated = _population()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    open_count = Task.objects.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]).count()
    print(f"\nqueue on {connection.vendor}, {REQUESTS:,} requests, {Task.objects.count():,} tasks, "
          f"{open_count:,} open ({populated})")

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        client = Client()
        client.force_login(people["registrar"])
        client.get("/workbench/")
        profile = cProfile.Profile()
        profile.runcall(client.get, "/workbench/")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    failures, ratios = [], []
    pages = [(who, "/workbench/") for who in people] + [
        ("department head", "/workbench/team/"), ("OGI office head", "/workbench/team/")
    ]
    clients = {}
    for who, user in people.items():
        clients[who] = Client()
        clients[who].force_login(user)
    for who, url in pages:
        client = clients[who]
        response = client.get(url)
        context = response.context
        lists = {k: context[k]["list"].count for k in ("mine", "offered", "waiting", "team")
                 if k in context}
        samples = _timed(lambda c=client, u=url: c.get(u), RUNS)
        p95 = _report(f"{who}: GET {url} {lists}, {_queries(client, url)} queries, "
                      f"{len(response.content) / 1024:.0f} KiB", samples)
        if p95 > TARGET_SECONDS:
            failures.append(f"{who} {url}: p95 {p95 * 1000:.0f} ms")
        if url == "/workbench/":
            with override_settings(ROOT_URLCONF=__name__):
                stock = client.get(STOCK_QUEUE)
                assert stock.status_code == 200, stock.status_code
                stock_samples = _timed(lambda c=client: c.get(STOCK_QUEUE), RUNS)
                stock_p95 = _report(
                    f"{who}: viewflow's stock queue (FlowQueueListView, {STOCK_QUEUE}), "
                    f"{_queries(client, STOCK_QUEUE)} queries, "
                    f"{len(stock.content) / 1024:.0f} KiB", stock_samples,
                )
            ratios.append((who, p95 / stock_p95))
    for who, ratio in ratios:
        print(f"{who}: workbench p95 / viewflow stock queue p95 = {ratio:.2f}")
    assert open_count >= OPEN_TASKS * 0.95
    assert not failures, f"above {TARGET_SECONDS * 1000:.0f} ms: {failures}"
