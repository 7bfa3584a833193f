"""Reads of the records and of the released package."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404

from requests.models import DisclosureRequest

from .models import Download, Record, ReleasedFile


def records_are_frozen(request: DisclosureRequest) -> bool:
    """Whether the request's package was frozen on dispatch: then no record of it changes
    (no upload, no redaction, no change of disclosure)."""
    return (
        Record.objects.filter(request=request, frozen_at__isnull=False).exists()
        or ReleasedFile.objects.filter(request=request).exists()
    )


def released_files_of(request: DisclosureRequest) -> list[ReleasedFile]:
    """The released files in the order the letter lists them."""
    return list(ReleasedFile.objects.filter(request=request).order_by("position"))


def released_files_for_applicant(request: DisclosureRequest) -> list[ReleasedFile]:
    """What the applicant's request page lists: the released files and nothing else (never a
    record, its original, working copy or redaction log)."""
    return list(
        ReleasedFile.objects.filter(request=request)
        .only("public_id", "request_id", "position", "name", "page_count", "size",
              "is_redacted", "available_until")
        .order_by("position")
    )


def released_file_get_for_applicant(
    *, request: DisclosureRequest, file_id, user: AbstractBaseUser
) -> ReleasedFile:
    """A released file of ``request`` if ``user`` is that request's applicant; ``Http404``
    otherwise (another applicant, staff, another organ's request, an unknown id)."""
    account_id = request.applicant.account_id
    if not user.is_authenticated or account_id is None or account_id != user.pk:
        raise Http404
    released = ReleasedFile.objects.filter(public_id=file_id, request=request).first()
    if released is None:
        raise Http404
    return released


def downloads_of(request: DisclosureRequest) -> QuerySet[Download]:
    """Every download of the request's released files, oldest first, with who and which."""
    return (
        Download.objects.filter(released_file__request=request)
        .select_related("user", "released_file")
        .order_by("at", "pk")
    )

