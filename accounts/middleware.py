"""Session lifetimes and the second-factor gate.

``StaffSessionMiddleware``: a staff session ends ``OGI_STAFF_IDLE_TIMEOUT`` after its last
request and at the latest ``OGI_STAFF_SESSION_LIFETIME`` after the login (the session
also expires then in the store and the browser). The person is sent to the login page
with a message saying why. Applicants keep Django's session (``SESSION_COOKIE_AGE``).
The last request's time is written at most once a minute, so browsing does not write the
session on every page.

``SecondFactorMiddleware``: with ``OGI_STAFF_SECOND_FACTOR`` on, a staff session that has
not given the second factor reaches only the login, code and set-up pages and logout;
every other page (workbench, intake, supervision, files, admin, the portal) sends it to
the code step, or to setting up an authenticator if the person has none yet.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .second_factor import may_manage_second_factors, redirect_to_second_factor
from .staff import is_staff_account, is_verified, second_factor_required

LOGIN_AT = "accounts.login_at"
LAST_SEEN = "accounts.last_seen"
STAFF = "accounts.staff"
#: Whether the person may reset others' second factor (for the navigation only; the page
#: itself checks again).
MANAGES = "accounts.manages_second_factors"
#: How stale the stored time of the last request may get before it is written again.
LAST_SEEN_RESOLUTION = 60

#: Pages an unverified staff session may reach.
SECOND_FACTOR_EXEMPT = {
    "login",
    "logout",
    "portal:logout",
    "admin:logout",
    "set_language",
    "accounts:verify",
    "accounts:setup",
}


def _now() -> float:
    """The current time as a POSIX timestamp (a seam for tests)."""
    return timezone.now().timestamp()


def stamp_session_at_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """Record in the new session when it began, whether it is a staff session and whether
    the person manages second factors; a staff session expires in the store and the
    browser at the end of its lifetime."""
    now = _now()
    session = request.session
    staff = is_staff_account(user)
    session[LOGIN_AT] = now
    session[LAST_SEEN] = now
    session[STAFF] = staff
    session[MANAGES] = staff and may_manage_second_factors(user)
    if staff:
        lifetime = settings.OGI_STAFF_SESSION_LIFETIME
        session.set_expiry(
            datetime.datetime.fromtimestamp(now, datetime.UTC) + lifetime
        )


class StaffSessionMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._check(request, user)
            if expired:
                logout(request)
                messages.warning(request, expired)
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)

    def _check(self, request: HttpRequest, user) -> str:
        """The reason the session ended, or "" while it lives (refreshing its stamps)."""
        session = request.session
        now = _now()
        if STAFF not in session:  # a session from before these stamps
            session[STAFF] = is_staff_account(user)
            session.setdefault(LOGIN_AT, now)
            session[LAST_SEEN] = now
        staff = session[STAFF] or user.is_staff or user.is_superuser
        if not staff:
            return ""
        login_at = float(session.get(LOGIN_AT, now))
        last_seen = float(session.get(LAST_SEEN, login_at))
        idle = settings.OGI_STAFF_IDLE_TIMEOUT
        lifetime = settings.OGI_STAFF_SESSION_LIFETIME
        if now - login_at >= lifetime.total_seconds():
            hours = max(1, round(lifetime.total_seconds() / 3600))
            return _("登录已满%(hours)s小时，为保护信息安全已自动退出，请重新登录。") % {
                "hours": hours
            }
        if now - last_seen >= idle.total_seconds():
            minutes = max(1, round(idle.total_seconds() / 60))
            return _("您已%(minutes)s分钟未操作，为保护信息安全已自动退出，请重新登录。") % {
                "minutes": minutes
            }
        if now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = now
        return ""


class SecondFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.OGI_STAFF_SECOND_FACTOR:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        if not second_factor_required(user):
            return None
        return redirect_to_second_factor(user, next_url=request.get_full_path())
