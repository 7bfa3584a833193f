"""Staff sessions end after 30 minutes without a request and 8 hours after the login;
applicants keep Django's two-week session. The end leads to the login page, saying why."""

from __future__ import annotations

import datetime
import time

import pytest
from django.urls import reverse

from accounts import middleware
from tests.portal.conftest import make_applicant

from .conftest import password_login, with_password

WORKBENCH = reverse("workflow:workbench")


class Clock:
    """The time the session stamps read; starts now (Django's own expiry of the session
    in the store reads the real time, which these tests do not move)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, **delta) -> None:
        self.now += datetime.timedelta(**delta).total_seconds()


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(middleware, "_now", clock)
    return clock


def expired_to_login(response, path=WORKBENCH):
    return response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={path}"


def test_a_staff_session_ends_after_thirty_idle_minutes(client, people, clock):
    with_password(people.registrar)
    password_login(client, "registrar")
    clock.advance(minutes=29)
    assert client.get(WORKBENCH).status_code == 200
    clock.advance(minutes=29)  # 29 minutes after the last request: still alive
    assert client.get(WORKBENCH).status_code == 200
    clock.advance(minutes=30)
    response = client.get(WORKBENCH)
    assert expired_to_login(response)
    page = client.get(response["Location"]).content.decode()
    assert "您已30分钟未操作，为保护信息安全已自动退出，请重新登录。" in page
    # The session is gone, not just this page refused.
    assert "_auth_user_id" not in client.session
    assert expired_to_login(client.get(WORKBENCH))


def test_a_busy_staff_session_still_ends_eight_hours_after_the_login(client, people, clock):
    client.force_login(people.handler)
    for _ in range(7 * 4 + 3):  # a request every quarter of an hour, for 7¾ hours
        clock.advance(minutes=15)
        assert client.get(WORKBENCH).status_code == 200
    clock.advance(minutes=15)
    response = client.get(WORKBENCH)
    assert expired_to_login(response)
    assert "登录已满8小时" in client.get(response["Location"]).content.decode()


def test_the_staff_session_expires_in_the_browser_and_the_store_too(client, people, clock):
    client.force_login(people.handler)
    age = client.session.get_expiry_age()
    assert 0 < age <= 8 * 3600


def test_an_applicant_keeps_the_long_session(client, db, clock, settings):
    applicant = make_applicant()
    client.force_login(applicant)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    clock.advance(hours=3)
    assert client.get(reverse("portal:home")).status_code == 200
    clock.advance(hours=9)
    assert client.get(reverse("portal:home")).status_code == 200


def test_the_limits_come_from_the_settings(client, people, clock, settings):
    settings.OGI_STAFF_IDLE_TIMEOUT = datetime.timedelta(minutes=10)
    client.force_login(people.handler)
    clock.advance(minutes=11)
    response = client.get(WORKBENCH)
    assert expired_to_login(response)
    assert "您已10分钟未操作" in client.get(response["Location"]).content.decode()


def test_a_session_from_before_the_stamps_is_stamped_not_ended(client, people, clock):
    client.force_login(people.handler)
    session = client.session
    for key in (middleware.LOGIN_AT, middleware.LAST_SEEN, middleware.STAFF):
        del session[key]
    session.save()
    assert client.get(WORKBENCH).status_code == 200
    clock.advance(minutes=31)
    assert expired_to_login(client.get(WORKBENCH))


def test_browsing_does_not_write_the_session_on_every_request(client, people, clock):
    client.force_login(people.handler)
    stamp = client.session[middleware.LAST_SEEN]
    clock.advance(seconds=20)
    client.get(WORKBENCH)
    assert client.session[middleware.LAST_SEEN] == stamp
    clock.advance(seconds=50)
    client.get(WORKBENCH)
    assert client.session[middleware.LAST_SEEN] == clock.now
