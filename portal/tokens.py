"""The link that confirms an applicant's e-mail address.

Like Django's password-reset tokens, and valid for ``PASSWORD_RESET_TIMEOUT``; the hash
covers ``is_active``, so the link works once: after it activated the account it is void.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class AccountConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "portal.tokens.AccountConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{user.password}{timestamp}{user.email}"


account_confirmation_token = AccountConfirmationTokenGenerator()
