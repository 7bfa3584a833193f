"""Two people writing at the same moment, each through their own connection to the database.

A double-clicked application form (the same form sent twice at once) makes one request,
and both clicks land on its page; two registrars claiming the same task at once: one gets
it, the other is told it was taken. Neither sees an error page.

On PostgreSQL these tests run as they are. On SQLite they need a test database in a file
(threads cannot share one kept in memory): ``test_on_a_sqlite_file`` runs this module again
in a new process with ``OGI_TEST_SQLITE_FILE`` set, so the embedded default is tested too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from requests.choices import Role
from requests.models import DisclosureRequest
from tests.factories import staff
from tests.requests.test_concurrency import at_once
from tests.workflow.flowkit import open_task, start
from workflow.models import TaskAction, TaskLog

from .conftest import application_data, pdf

SQLITE = connection.vendor == "sqlite"
SQLITE_FILE = bool(os.environ.get("OGI_TEST_SQLITE_FILE"))
ROOT = Path(settings.BASE_DIR)


def concurrent(test):
    """Real transactions, threads writing at once on their own connections."""
    test = pytest.mark.django_db(transaction=True, serialized_rollback=True)(test)
    return pytest.mark.skipif(
        SQLITE and not SQLITE_FILE,
        reason="threads cannot share an in-memory SQLite database: test_on_a_sqlite_file "
        "runs these tests against a database file",
    )(test)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@concurrent
def test_a_double_clicked_application_form_makes_one_request(organ, people, applicant):
    browser = logged_in(applicant)
    key = browser.get(reverse("portal:submit")).context["form"].initial.get("form_key", "")
    clicks = []
    for _ in range(2):  # the same page, sent twice: one session, one form key
        click = Client()
        click.cookies = browser.cookies
        clicks.append(click)
    data = {**application_data(), "form_key": str(key)}

    responses = at_once(*[
        partial(c.post, reverse("portal:submit"), {**data, "proof_of_identity": pdf()})
        for c in clicks
    ])

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    request = DisclosureRequest.objects.get()
    page = reverse("portal:submitted", args=[request.public_id])
    assert [r["Location"] for r in responses] == [page, page]
    assert sum("这份申请已经提交，没有重复提交。" in messages_of(r) for r in responses) == 1
    assert request.attachments.count() == 1


@concurrent
def test_two_registrars_claiming_one_task_at_once_one_gets_it(organ, people):
    other = staff(organ, Role.REGISTRAR, "registrar2", people.office)
    _request, process = start(organ)
    task = open_task(process, "register")
    url = reverse("workflow:task_claim", args=[task.pk])
    clients = [logged_in(people.registrar), logged_in(other)]

    responses = at_once(*[partial(c.post, url) for c in clients])

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    said = sorted(m for r in responses for m in messages_of(r))
    assert said == sorted(["任务已领取。", "该任务已被他人领取或已办结。"])
    task.refresh_from_db()
    winner = next(r for r in responses if "任务已领取。" in messages_of(r)).wsgi_request.user
    assert task.owner_id == winner.pk
    assert TaskLog.objects.filter(task=task, action=TaskAction.CLAIMED).count() == 1


@pytest.mark.skipif(
    not SQLITE or SQLITE_FILE,
    reason="on PostgreSQL the tests above run directly; in the file run, they do too",
)
def test_on_a_sqlite_file(tmp_path):
    """The tests above, on SQLite as installed (a file): no "database is locked"."""
    env = {**os.environ, "OGI_TEST_SQLITE_FILE": str(tmp_path / "test.sqlite3")}
    env.pop("DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"{Path(__file__).relative_to(ROOT)}", "-k", "not test_on_a_sqlite_file"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=540, check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "2 passed" in run.stdout and "skipped" not in run.stdout, run.stdout[-2000:]
