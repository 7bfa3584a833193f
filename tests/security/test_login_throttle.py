"""Guesses spread over many addresses at one username, or over many usernames from one
address, are stopped on the staff and the applicant login; django-axes alone counts
only (username, address) pairs. The person at his usual address is not locked out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.db.models import F
from django.urls import reverse

from tests.factories import UserFactory
from tests.portal.conftest import PASSWORD as APPLICANT_PASSWORD
from tests.portal.conftest import make_applicant

from .conftest import STAFF_PASSWORD, with_password

USERNAME_REFUSED = "该账户近期登录失败次数过多，已暂停从新的网络地址登录"
ADDRESS_REFUSED = "该网络地址近期尝试登录的账户过多，已暂停从该地址登录"
OFFICE = "10.12.3.45"
HOME = "198.51.100.20"


def botnet(n: int) -> list[str]:
    return [f"203.0.113.{i + 1}" for i in range(n)]


LOGINS = {
    "staff": ("login", "registrar", STAFF_PASSWORD),
    "applicant": ("portal:login", "lin.zhiqiang@example.com", APPLICANT_PASSWORD),
}


@pytest.fixture(params=sorted(LOGINS))
def account(request, people):
    url_name, username, password = LOGINS[request.param]
    if request.param == "staff":
        with_password(people.registrar)
    else:
        make_applicant(username)
    return url_name, username, password


def attempt(client, url_name, username, password, address):
    client.logout()
    return client.post(
        reverse(url_name), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(response) -> bool:
    return response.status_code == 302


def test_a_hundred_guesses_from_twenty_five_addresses_are_stopped_and_the_owner_still_gets_in(
    client, account
):
    url_name, username, password = account
    # The owner logs in as usual from the office, before the attack.
    assert logged_in(attempt(client, url_name, username, password, OFFICE))

    refused = 0
    for n in range(4):
        for address in botnet(25):
            response = attempt(client, url_name, username, f"Guess-{n}-{address}", address)
            assert response.status_code in (200, 429)
            refused += USERNAME_REFUSED in response.content.decode()
    # Only the first twenty reached the password check; the rest were refused unchecked.
    assert AccessFailureLog.objects.filter(username=username).count() == 20
    assert refused == 80

    # Even the right password does not get in from an address new to the account...
    response = attempt(client, url_name, username, password, "203.0.113.200")
    assert not logged_in(response)
    assert USERNAME_REFUSED in response.content.decode()
    # ... but the owner at the usual desk does.
    assert logged_in(attempt(client, url_name, username, password, OFFICE))


def test_one_guess_each_at_twelve_usernames_from_one_address_is_stopped(client, account):
    url_name, username, password = account
    names = [f"wang{n}@example.com" if url_name.startswith("portal") else f"wang{n}" for n in range(12)]
    for name in names:
        UserFactory(username=name)
    outcomes = [
        attempt(client, url_name, name, "Mulanxi-2026-guess", HOME).content.decode() for name in names
    ]
    assert not any(ADDRESS_REFUSED in page for page in outcomes[:10])
    assert all(ADDRESS_REFUSED in page for page in outcomes[10:])
    assert AccessFailureLog.objects.filter(ip_address=HOME).count() == 10
    # From that address nobody logs in for now, not even with the right password...
    response = attempt(client, url_name, username, password, HOME)
    assert not logged_in(response) and ADDRESS_REFUSED in response.content.decode()
    assert "分钟后再试" in response.content.decode()
    # ... while other addresses are not affected.
    assert logged_in(attempt(client, url_name, username, password, OFFICE))


def test_colleagues_behind_one_address_mistyping_their_own_passwords_are_not_stopped(client, people):
    colleagues = [with_password(people.registrar), with_password(people.handler),
                  with_password(people.handler2)]
    for person in colleagues:
        for _ in range(3):
            attempt(client, "login", person.username, "Putian-Eco-Bureau-2025", OFFICE)
    for person in colleagues:
        assert logged_in(attempt(client, "login", person.username, STAFF_PASSWORD, OFFICE))


def test_the_limits_slide_with_time(client, account):
    url_name, username, password = account
    for address in botnet(20):
        attempt(client, url_name, username, "Guess-once", address)
    response = attempt(client, url_name, username, password, "203.0.113.201")
    assert USERNAME_REFUSED in response.content.decode()
    assert "请在60分钟后再试" in response.content.decode()
    # An hour later the failures have left the window.
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=61))
    assert logged_in(attempt(client, url_name, username, password, "203.0.113.201"))
