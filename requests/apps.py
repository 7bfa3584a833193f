from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "requests"
    label = "requests"
    verbose_name = _("Disclosure requests")

    def ready(self) -> None:
        from django.core import checks
        from django.db.models import fields

        from .audit_mac import check_audit_key
        from .choice_fields import EMPTY_LABEL

        checks.register(check_audit_key, checks.Tags.security)
        # A model field's blank choice (as the admin's forms show it) in the page's language.
        fields.BLANK_CHOICE_LABEL = EMPTY_LABEL
