"""The applicant's full identity number on the staff side: shown masked on the request
page; the full number only on a POST by a role holder of the request, each look audited
(``requests.services.identity``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from requests.errors import RequestActError
from requests.services.identity import request_view_identity

from .access import staff_required
from .selectors import request_for_staff


@never_cache
@require_POST
@staff_required
def request_identity_view(request: HttpRequest, public_id) -> HttpResponse:
    """「显示完整号码」: another organ's request is a 404, no role on it a 403."""
    disclosure = request_for_staff(request.user, public_id)
    try:
        number = request_view_identity(request=disclosure, acting_user=request.user)
    except RequestActError as error:
        raise PermissionDenied(error.messages[0]) from error
    return render(
        request,
        "workflow/identity.html",
        {"r": disclosure, "applicant": disclosure.applicant, "number": number, "nav": "requests"},
    )
