"""Background tasks (Django's tasks API; the ``django-tasks-db`` backend in production,
run by ``manage.py db_worker``)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _


@task()
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification to its recipient, once. Returns whether a mail was sent."""
    from .models import Notification

    notification = (
        Notification.objects.select_related("user", "request").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at or not notification.user.email:
        return False
    subject = _("【政府信息公开】%(number)s %(kind)s") % {
        "number": notification.request.registration_number or "",
        "kind": notification.get_kind_display(),
    }
    send_mail(
        subject, notification.message, settings.DEFAULT_FROM_EMAIL, [notification.user.email]
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
