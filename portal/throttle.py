"""Rate limits of the portal: recent actions counted in the database (no extra service).

``settings.PORTAL_RATE_LIMITS`` gives, per action, a (count, seconds) window for the
account and for the client address (``REMOTE_ADDR``: behind a reverse proxy, let the
proxy set it). An action over either limit is refused with a message saying when to try
again; only actions that went through are counted.
"""

from __future__ import annotations

import datetime
import ipaddress
import math

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ThrottleEvent


class RateLimitError(ValidationError):
    """Too many of one action in the window; nothing was done."""


def client_address(request: HttpRequest) -> str | None:
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _limits(action: str) -> dict[str, tuple[int, int]]:
    return settings.PORTAL_RATE_LIMITS.get(action, {})


def throttle_check(
    action: str,
    *,
    account: AbstractBaseUser | None = None,
    address: str | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Refuse (``RateLimitError``) when ``account`` or ``address`` reached the limit of ``action``."""
    now = now or timezone.now()
    for scope, (count, seconds) in _limits(action).items():
        if scope == "account":
            if account is None or not account.is_authenticated:
                continue
            events = ThrottleEvent.objects.filter(action=action, account=account)
        elif scope == "address":
            if not address:
                continue
            events = ThrottleEvent.objects.filter(action=action, address=address)
        else:  # pragma: no cover - a typo in the settings
            raise ValueError(f"unknown rate-limit scope {scope!r}")
        since = now - datetime.timedelta(seconds=seconds)
        recent = list(
            events.filter(at__gt=since).order_by("-at").values_list("at", flat=True)[:count]
        )
        if len(recent) >= count:
            retry = recent[-1] + datetime.timedelta(seconds=seconds)
            minutes = max(1, math.ceil((retry - now).total_seconds() / 60))
            raise RateLimitError(
                _("操作过于频繁：%(window)s内最多%(count)s次。请在%(minutes)s分钟后再试。")
                % {"window": _window(seconds), "count": count, "minutes": minutes},
                code="throttled",
            )


def throttle_record(
    action: str,
    *,
    account: AbstractBaseUser | None = None,
    address: str | None = None,
    now: datetime.datetime | None = None,
) -> None:
    ThrottleEvent.objects.create(
        action=action,
        account=account if account is not None and account.is_authenticated else None,
        address=address,
        at=now or timezone.now(),
    )


def _window(seconds: int) -> str:
    if seconds % 86400 == 0:
        return _("%(n)s天") % {"n": seconds // 86400}
    if seconds % 3600 == 0:
        return _("%(n)s小时") % {"n": seconds // 3600}
    return _("%(n)s分钟") % {"n": max(1, seconds // 60)}
