"""``supervises`` for the staff navigation: whether to show the 督查 link.

Lazy: the query runs only on pages that render the staff nav and ask for it.
"""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def supervision(request: HttpRequest) -> dict:
    def supervises() -> bool:
        from .dashboard import supervised_organs

        user = getattr(request, "user", None)
        return bool(user is not None and supervised_organs(user).exists())

    return {"supervises": SimpleLazyObject(lambda: supervises())}
