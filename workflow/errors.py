from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from requests.errors import RequestActError


class TaskError(RequestActError):
    """A queue action was refused (already claimed, not yours, not your role)."""


def field_error(label, error) -> str:
    """A form field's error in a message, in the page's language: 「日期：…」, "Date: …"."""
    return _("%(label)s：%(error)s") % {"label": label, "error": error}


def form_errors(form) -> ValidationError:
    """A form's errors as one ``ValidationError``, each message naming its field."""
    return ValidationError([
        field_error(form.fields[name].label or name, error) if name != "__all__" else error
        for name, errors in form.errors.items() for error in errors
    ])
