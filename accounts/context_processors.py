"""``manages_second_factors`` for the staff navigation: whether to show the page where
administrators reset a person's second factor. Lazy: queried only where the nav asks."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def second_factor(request: HttpRequest) -> dict:
    def manages() -> bool:
        from .second_factor import may_manage_second_factors

        user = getattr(request, "user", None)
        return bool(user is not None and may_manage_second_factors(user))

    return {"manages_second_factors": SimpleLazyObject(manages)}
