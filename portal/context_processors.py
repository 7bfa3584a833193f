"""Template context for the shared layout (``templates/base.html``)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from requests.choices import Role
from requests.models import StaffMembership


def staff_intake(request: HttpRequest) -> dict:
    """``intake_link``: whether to show staff the way to paper intake (registrars only).

    Lazy: the query runs only on pages that ask (the staff pages' header).
    """

    def is_registrar() -> bool:
        user = getattr(request, "user", None)
        return bool(
            user is not None
            and user.is_authenticated
            and StaffMembership.objects.filter(user=user, role=Role.REGISTRAR).exists()
        )

    return {"intake_link": SimpleLazyObject(is_registrar)}
