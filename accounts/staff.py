"""Who is staff: anyone holding a role in an organ, and Django's staff and superusers.

Staff accounts give a second factor at login and have short sessions; applicants'
accounts (the e-mail address as username, no role) do not.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.shortcuts import resolve_url
from django.urls import reverse

from requests.choices import Role
from requests.models import StaffMembership

#: Roles that are offered tasks; the supervisor and the administrator have no queue.
WORK_ROLES = frozenset(Role) - {Role.SUPERVISOR, Role.ADMINISTRATOR}


def is_staff_account(user: AbstractBaseUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return StaffMembership.objects.filter(user=user).exists()


def second_factor_required(user: AbstractBaseUser) -> bool:
    """Whether ``user`` must give a second factor (``OGI_STAFF_SECOND_FACTOR``)."""
    return bool(settings.OGI_STAFF_SECOND_FACTOR) and is_staff_account(user)


def is_verified(user: AbstractBaseUser) -> bool:
    """Whether this session's user gave the second factor (django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def is_supervisor_only(user: AbstractBaseUser) -> bool:
    """Holds the supervisor role and no role that is offered tasks: the workbench would be
    empty, the supervision dashboard is this person's page."""
    if not user.is_authenticated:
        return False
    roles = set(StaffMembership.objects.filter(user=user).values_list("role", flat=True))
    return Role.SUPERVISOR in roles and not roles & WORK_ROLES


def landing_url(user: AbstractBaseUser) -> str:
    """Where a staff login lands when no (safe) ``next`` is given: a supervisor without a
    work role on the supervision dashboard; Django staff holding no role in any organ on
    the admin; everyone else on their queue (``LOGIN_REDIRECT_URL``)."""
    if is_supervisor_only(user):
        return reverse("reports:dashboard")
    if (user.is_staff or user.is_superuser) and not StaffMembership.objects.filter(
        user=user
    ).exists():
        return reverse("admin:index")
    return resolve_url(settings.LOGIN_REDIRECT_URL)
