"""E-mails to applicants: worded now, in the language of the page that caused them, and
sent by a background task once the transaction commits."""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string

from .tasks import send_portal_mail


def mail_later(*, to: str, template: str, context: dict) -> None:
    """Render ``portal/email/<template>_subject.txt`` and ``_body.txt``; send after commit."""
    if not to:
        return
    subject = " ".join(
        render_to_string(f"portal/email/{template}_subject.txt", context).split()
    )
    body = render_to_string(f"portal/email/{template}_body.txt", context)
    transaction.on_commit(lambda: send_portal_mail.enqueue(to, subject, body))
