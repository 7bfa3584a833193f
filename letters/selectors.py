"""Read queries on issued letters, including the permission-checked one for downloads."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404

from requests.models import DisclosureRequest, StaffMembership

from .kinds import NON_APPLICANT_KINDS
from .models import IssuedLetter


def letters_of_request(request: DisclosureRequest) -> QuerySet[IssuedLetter]:
    """Every letter of the request in the order issued (corrected ones included)."""
    return request.letters.select_related("replaces").order_by("issued_at", "pk")


def letter_get_for_user(*, public_id, user: AbstractBaseUser) -> IssuedLetter:
    """The letter if ``user`` may read it: staff of its organ, or the applicant's account
    for the letters addressed to the applicant. Anyone else gets ``Http404``."""
    letter = (
        IssuedLetter.objects.select_related("request__applicant")
        .filter(public_id=public_id)
        .first()
    )
    if letter is None or not user.is_authenticated:
        raise Http404
    if StaffMembership.objects.filter(user=user, organ_id=letter.organ_id).exists():
        return letter
    applicant = letter.request.applicant
    if (
        letter.kind not in NON_APPLICANT_KINDS
        and applicant.account_id is not None
        and applicant.account_id == user.pk
    ):
        return letter
    raise Http404
