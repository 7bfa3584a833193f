"""Errors of the letters layer, with messages fit to show to the person acting."""

from requests.errors import RequestActError


class LetterError(RequestActError):
    """A letter was refused (wrong kind for the request, already issued, …); nothing changed."""


class LetterRenderError(LetterError):
    """The PDF could not be produced. The legal act that asked for the letter rolls back."""
