from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户与会话")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_session_at_login

        # Every login (staff page, portal, e-mail confirmation, the test client's
        # force_login) goes through django.contrib.auth.login, which sends this.
        user_logged_in.connect(stamp_session_at_login, dispatch_uid="accounts.stamp_session")
