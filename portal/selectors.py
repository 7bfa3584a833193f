"""Reads for the applicant: only their own requests, and of those only what is theirs to see.

Every lookup by a URL's identifier goes through a function here that raises ``Http404``
unless the request belongs to the logged-in account — another person's request looks
exactly like one that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from letters.kinds import NON_APPLICANT_KINDS
from letters.models import IssuedLetter
from letters.selectors import letter_get_for_user
from requests.models import Attachment, DisclosureRequest, FeeNotice, RequestItem
from requests.selectors import attachment_get_for_user


def requests_of_account(user: AbstractBaseUser) -> QuerySet[DisclosureRequest]:
    """The account's requests, newest first, each with its first item as ``summary``."""
    first_item = Subquery(
        RequestItem.objects.filter(request=OuterRef("pk"))
        .order_by("position")
        .values("description")[:1]
    )
    return (
        DisclosureRequest.objects.filter(applicant__account=user)
        .select_related("organ")
        .annotate(summary=first_item)
        .prefetch_related(Prefetch("fee_notices", queryset=FeeNotice.objects.order_by("issued_on", "pk")))
        .order_by("-submitted_at", "-pk")
    )


def request_get_for_applicant(*, public_id, user: AbstractBaseUser) -> DisclosureRequest:
    """The request if it is ``user``'s own; ``Http404`` otherwise."""
    if not user.is_authenticated:
        raise Http404
    request = (
        DisclosureRequest.objects.select_related("organ", "applicant")
        .filter(public_id=public_id, applicant__account=user)
        .first()
    )
    if request is None:
        raise Http404
    return request


def letters_for_applicant(request: DisclosureRequest) -> list[IssuedLetter]:
    """The letters addressed to the applicant, in the order issued (never those to third
    parties or other organs)."""
    return list(
        request.letters.exclude(kind__in=NON_APPLICANT_KINDS).order_by("issued_at", "pk")
    )


def letter_get_for_applicant(
    *, request: DisclosureRequest, letter_id, user: AbstractBaseUser
) -> IssuedLetter:
    letter = letter_get_for_user(public_id=letter_id, user=user)
    if letter.request_id != request.pk or letter.kind in NON_APPLICANT_KINDS:
        raise Http404
    return letter


def attachments_for_applicant(request: DisclosureRequest) -> list[Attachment]:
    """The files of the request and the proof of identity given with it."""
    return list(
        Attachment.objects.filter(request=request).order_by("uploaded_at", "pk")
    )


def attachment_get_for_applicant(
    *, request: DisclosureRequest, attachment_id, user: AbstractBaseUser
) -> Attachment:
    attachment = attachment_get_for_user(public_id=attachment_id, user=user)
    if attachment.request_id != request.pk:
        raise Http404
    return attachment
