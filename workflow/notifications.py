"""Telling people: one notification per person and thing, listed and e-mailed."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from requests.models import DisclosureRequest, StaffMembership

from .models import Notification
from .tasks import send_notification_email


def notify(
    *,
    user: AbstractBaseUser,
    request: DisclosureRequest,
    kind: str,
    key: str,
    message: str,
    at: datetime.datetime | None = None,
) -> Notification | None:
    """Create the notification unless this person already had it; e-mail it after commit.

    Returns None when it existed already (so running a sweep twice tells nobody twice).
    """
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, request=request, kind=kind, key=key, message=message,
                created_at=at or timezone.now(),
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def notify_role(
    *, organ_id: int, role: str, request: DisclosureRequest, kind: str, key: str, message: str,
) -> int:
    """``notify`` everyone holding ``role`` in the organ; returns how many were told now."""
    told = 0
    for membership in StaffMembership.objects.filter(
        organ_id=organ_id, role=role
    ).select_related("user"):
        if notify(user=membership.user, request=request, kind=kind, key=key, message=message):
            told += 1
    return told


def notifications_of(user: AbstractBaseUser, *, limit: int = 20):
    return Notification.objects.filter(user=user).select_related("request")[:limit]
