"""Errors raised by the legal acts, with messages fit to show to the person acting."""

from django.core.exceptions import ValidationError


class RequestActError(ValidationError):
    """A legal act was refused; nothing was changed. The message says why."""


class StaleRequestError(RequestActError):
    """Someone else changed the request since it was loaded (optimistic locking)."""
