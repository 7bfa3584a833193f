"""Background work of the portal (Django's tasks API, as in ``workflow.tasks``)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task


@task()
def send_portal_mail(to: str, subject: str, body: str) -> None:
    """Send one e-mail already worded in the recipient's language."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
