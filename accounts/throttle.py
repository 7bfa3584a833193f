"""Login throttling across addresses and across usernames (``settings.LOGIN_THROTTLE``).

django-axes locks a (username, address) pair after ``AXES_FAILURE_LIMIT`` failures. That
leaves two attacks open, which this module closes using axes' own logs of failures
(``AccessFailureLog``) and of logins (``AccessLog``):

- many addresses guessing one username: past the "username" limit of failures in the
  window, the username can no longer log in from an address it has not logged in from
  in the last ``LOGIN_KNOWN_ADDRESS_DAYS`` days. The person at the usual desk still logs
  in (axes' pair limit still guards that address), so an attacker cannot lock anyone out.
- one address guessing many usernames (password spraying): past the "address" limit of
  distinct usernames failed in the window, the address cannot log in at all until the
  window has passed. Counting usernames, not failures, spares an office behind one
  address whose people mistype their own passwords.

A refused attempt is not checked against the password and is not counted.
"""

from __future__ import annotations

import datetime
import math

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _


class LoginThrottledError(ValidationError):
    """Too many failed logins at this username or from this address; nothing was checked."""


def _minutes_until(oldest: datetime.datetime, seconds: int, now: datetime.datetime) -> int:
    retry = oldest + datetime.timedelta(seconds=seconds)
    return max(1, math.ceil((retry - now).total_seconds() / 60))


def _oldest_counted(times: list[datetime.datetime], count: int) -> datetime.datetime:
    """The time after which the window again holds fewer than ``count`` entries."""
    return sorted(times, reverse=True)[count - 1]


def is_known_address(username: str, address: str | None, now: datetime.datetime | None = None) -> bool:
    if not address:
        return False
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(
        username=username, ip_address=address, attempt_time__gt=since
    ).exists()


def login_throttle_check(
    *, username: str | None, address: str | None, now: datetime.datetime | None = None
) -> None:
    """Raise ``LoginThrottledError`` (with a message saying when to try again) if a login at
    ``username`` from ``address`` must be refused before its password is looked at."""
    now = now or timezone.now()
    limits = settings.LOGIN_THROTTLE

    if address and "address" in limits:
        count, seconds = limits["address"]
        since = now - datetime.timedelta(seconds=seconds)
        # A username stays counted until its latest failure leaves the window.
        lasts = list(
            AccessFailureLog.objects.filter(ip_address=address, attempt_time__gt=since)
            .order_by()
            .values("username")
            .annotate(last=Max("attempt_time"))
            .values_list("last", flat=True)
        )
        if len(lasts) >= count:
            raise LoginThrottledError(
                _("该网络地址近期尝试登录的账户过多，已暂停从该地址登录。请在%(minutes)s分钟后再试。")
                % {"minutes": _minutes_until(_oldest_counted(lasts, count), seconds, now)},
                code="throttled_address",
            )

    if username and "username" in limits:
        count, seconds = limits["username"]
        since = now - datetime.timedelta(seconds=seconds)
        times = list(
            AccessFailureLog.objects.filter(username=username, attempt_time__gt=since)
            .order_by("-attempt_time")
            .values_list("attempt_time", flat=True)[:count]
        )
        if len(times) >= count and not is_known_address(username, address, now):
            raise LoginThrottledError(
                _("该账户近期登录失败次数过多，已暂停从新的网络地址登录。请在%(minutes)s分钟后再试，"
                  "或在您平时登录的电脑上登录。")
                % {"minutes": _minutes_until(_oldest_counted(times, count), seconds, now)},
                code="throttled_username",
            )
