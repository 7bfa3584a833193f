from django.utils.translation import gettext as _

from requests.errors import RequestActError


class TaskError(RequestActError):
    """A queue action was refused (already claimed, not yours, not your role)."""


def field_error(label, error) -> str:
    """A form field's error in a message, in the page's language: 「日期：…」, "Date: …"."""
    return _("%(label)s：%(error)s") % {"label": label, "error": error}
