"""The seal on each audit event: an HMAC under a key held outside the database.

Algorithms (recorded on every event, with the id of the key):

``hmac-sm3``
    HMAC (GB/T 15852.2 / RFC 2104) over SM3 (GB/T 32905-2016), the national-cryptography
    option; OpenSSL's SM3 when Python's OpenSSL offers it, else the ``gmssl`` package.
``hmac-sha256``
    HMAC-SHA-256 (RFC 2104, FIPS 180-4).
``sha256``
    The chain as it was before keys: a plain SHA-256 anyone can recompute. Read only, so
    that events written then still verify; never written.

The keys come from the settings (``OGI_AUDIT_KEYS``, read by ``config.audit_keys`` from
the environment or a key file), never from the database.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

LEGACY_SHA256 = "sha256"
HMAC_SM3 = "hmac-sm3"
HMAC_SHA256 = "hmac-sha256"
KEYED_ALGORITHMS = (HMAC_SM3, HMAC_SHA256)


def _openssl_sm3() -> bool:
    try:
        hashlib.new("sm3")
    except ValueError:
        return False
    return True


HAS_OPENSSL_SM3 = _openssl_sm3()


def _sm3(data: bytes = b""):
    """OpenSSL's SM3 as ``hmac`` wants a digest constructor (it hashes a long key with it)."""
    return hashlib.new("sm3", data)


def sm3_hmac_gmssl(key: bytes, message: bytes) -> bytes:
    """HMAC-SM3 computed with ``gmssl`` (pure Python), for an OpenSSL built without SM3."""
    from gmssl import func, sm3

    def sm3_digest(data: bytes) -> bytes:
        return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))

    block = 64
    if len(key) > block:
        key = sm3_digest(key)
    key = key.ljust(block, b"\0")
    inner = sm3_digest(bytes(b ^ 0x36 for b in key) + message)
    return sm3_digest(bytes(b ^ 0x5C for b in key) + inner)


def keyed_mac(algorithm: str, key: bytes, message: bytes) -> str:
    """The hex HMAC of ``message`` under ``key`` with a keyed algorithm."""
    if algorithm == HMAC_SHA256:
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    if algorithm == HMAC_SM3:
        if HAS_OPENSSL_SM3:
            return hmac.new(key, message, _sm3).hexdigest()
        return sm3_hmac_gmssl(key, message).hex()
    raise ValueError(f"unknown audit algorithm {algorithm!r}")


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    key: bytes
    algorithm: str


def signing_key() -> SigningKey:
    """The key and algorithm that seal new events (``OGI_AUDIT_KEY_ID``,
    ``OGI_AUDIT_ALGORITHM``)."""
    key_id = settings.OGI_AUDIT_KEY_ID
    return SigningKey(key_id, settings.OGI_AUDIT_KEYS[key_id], settings.OGI_AUDIT_ALGORITHM)


def verification_key(key_id: str) -> bytes | None:
    """The key with this id, or None when it is no longer (or never was) configured."""
    return settings.OGI_AUDIT_KEYS.get(key_id)


def check_audit_key(app_configs=None, **kwargs):
    """System check: warn, loudly, while events are sealed with the public development key."""
    from django.core.checks import Warning

    if not getattr(settings, "OGI_AUDIT_DEVELOPMENT_KEY", False):
        return []
    return [
        Warning(
            "No audit key is configured: audit events are sealed with the public development "
            "key, which protects nothing.",
            hint="Set OGI_AUDIT_KEY_FILE to a key file (chmod 600); see README, 'Audit keys'.",
            id="requests.W001",
        )
    ]
