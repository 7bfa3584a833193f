"""Helpers of the account-security tests: logging in through the real pages, and the
codes an authenticator app would show."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

STAFF_PASSWORD = "Putian-Eco-Bureau-2026"


def code_of(device, *, offset_steps: int = 0) -> str:
    """The code ``device``'s authenticator app shows now (or ``offset_steps`` later)."""
    counter = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    counter.time = time.time() + offset_steps * device.step
    return str(counter.token()).zfill(device.digits)


def password_login(client, username: str, password: str = STAFF_PASSWORD, *, next_url: str = "",
                   address: str = "10.12.3.45"):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


@pytest.fixture
def second_factor_on(settings):
    settings.OGI_STAFF_SECOND_FACTOR = True
    return settings


def with_password(user, password: str = STAFF_PASSWORD):
    user.set_password(password)
    user.save()
    return user
