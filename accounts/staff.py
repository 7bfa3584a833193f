"""Who is staff: anyone holding a role in an organ, and Django's staff and superusers.

Staff accounts give a second factor at login and have short sessions; applicants'
accounts (the e-mail address as username, no role) do not.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from requests.models import StaffMembership


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
