"""``manages_second_factors`` for the staff navigation: whether to show the page where
administrators reset a person's second factor. Read from the session (noted at login), so
the navigation costs no query; the page itself checks the person's roles."""

from django.http import HttpRequest

from .middleware import MANAGES


def second_factor(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    manages = bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or (session is not None and session.get(MANAGES)))
    )
    return {"manages_second_factors": manages}
