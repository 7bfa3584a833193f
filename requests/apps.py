from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "requests"
    label = "requests"
    verbose_name = _("Disclosure requests")

    def ready(self) -> None:
        from django.core import checks

        from .audit_mac import check_audit_key

        checks.register(check_audit_key, checks.Tags.security)
