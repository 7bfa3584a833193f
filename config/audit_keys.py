"""The audit chain's keys, read from outside the database when the settings load.

Each audit event is sealed with an HMAC under a key that the database never holds, so a
person who can write to the database cannot rewrite an event and re-seal the chain. Keys
have ids; each event records the id of the key (and the algorithm) that sealed it, so a
new key can be brought in while the old ones stay for verification only.

Where the keys come from (both may be used; ids must be unique):

``OGI_AUDIT_KEY_FILE``
    A file readable by the application's user alone (mode 0600 or 0400), one key a line:
    ``<key id> <key>``; ``#`` starts a comment. The key is 64 hex digits (32 bytes) or
    base64; at least 16 bytes.
``OGI_AUDIT_KEYS``
    The same pairs in one variable, as ``<key id>:<key>``, separated by commas or spaces
    (for deployments that inject secrets as environment variables).
``OGI_AUDIT_KEY_ID``
    The id of the key that seals new events; by default the last key listed (the file is
    read first, then the variable).
"""

from __future__ import annotations

import base64
import binascii
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

ALGORITHMS = ("hmac-sm3", "hmac-sha256")
KEY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
MIN_KEY_BYTES = 16

#: Used only with DEBUG on and no key configured: public, so it protects nothing.
DEVELOPMENT_KEY_ID = "development"
DEVELOPMENT_KEY = b"ogi-desk development audit key, public, protects nothing"


@dataclass
class AuditKeys:
    keys: dict[str, bytes] = field(default_factory=dict)
    current: str = ""
    development: bool = False


def decode_key(text: str, *, where: str) -> bytes:
    text = text.strip()
    try:
        if re.fullmatch(r"(?:[0-9a-fA-F]{2})+", text):
            key = bytes.fromhex(text)
        else:
            key = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (ValueError, binascii.Error):
        raise ImproperlyConfigured(f"{where}: the key is neither hex nor base64.") from None
    if len(key) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(
            f"{where}: the key has {len(key)} bytes; at least {MIN_KEY_BYTES} are needed "
            "(generate one with: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    return key


def _add(keys: dict[str, bytes], key_id: str, text: str, *, where: str) -> None:
    if not KEY_ID.match(key_id):
        raise ImproperlyConfigured(
            f"{where}: key id {key_id!r} must be 1-32 letters, digits, '.', '_' or '-'."
        )
    if key_id in keys:
        raise ImproperlyConfigured(f"{where}: key id {key_id!r} is listed twice.")
    keys[key_id] = decode_key(text, where=f"{where} (key {key_id})")


def read_key_file(path: Path, keys: dict[str, bytes]) -> None:
    """Add the keys of a key file, in order; refuse a file others may read or write."""
    try:
        mode = path.stat().st_mode
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ImproperlyConfigured(f"OGI_AUDIT_KEY_FILE {path}: {error.strerror}.") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ImproperlyConfigured(
            f"OGI_AUDIT_KEY_FILE {path} may be read or written by others "
            f"(mode {stat.filemode(mode)}); run: chmod 600 {path}"
        )
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            raise ImproperlyConfigured(
                f"OGI_AUDIT_KEY_FILE {path}, line {number}: expected '<key id> <key>'."
            )
        _add(keys, parts[0], parts[1], where=f"OGI_AUDIT_KEY_FILE {path}, line {number}")


def load_audit_keys(environ, *, debug: bool) -> AuditKeys:
    """Read the keys from the environment; with none and DEBUG off, refuse to start."""
    keys: dict[str, bytes] = {}
    if environ.get("OGI_AUDIT_KEY_FILE"):
        read_key_file(Path(environ["OGI_AUDIT_KEY_FILE"]), keys)
    pairs = [pair for pair in re.split(r"[\s,]+", environ.get("OGI_AUDIT_KEYS", "")) if pair]
    for number, pair in enumerate(pairs, start=1):
        key_id, sep, text = pair.partition(":")
        if not sep:
            raise ImproperlyConfigured(f"OGI_AUDIT_KEYS, entry {number}: expected '<key id>:<key>'.")
        _add(keys, key_id, text, where="OGI_AUDIT_KEYS")
    if not keys:
        if not debug:
            raise ImproperlyConfigured(
                "An audit key must be configured when DJANGO_DEBUG is off: set "
                "OGI_AUDIT_KEY_FILE to a file (chmod 600) with a line '<key id> <key>'; make a "
                "key with: python -c 'import secrets; print(secrets.token_hex(32))' "
                "(README, 'Audit keys')."
            )
        return AuditKeys({DEVELOPMENT_KEY_ID: DEVELOPMENT_KEY}, DEVELOPMENT_KEY_ID, True)
    current = environ.get("OGI_AUDIT_KEY_ID") or list(keys)[-1]
    if current not in keys:
        raise ImproperlyConfigured(f"OGI_AUDIT_KEY_ID {current!r} is not among the configured keys.")
    return AuditKeys(keys, current, False)


def audit_algorithm(environ) -> str:
    algorithm = environ.get("OGI_AUDIT_ALGORITHM", "hmac-sm3").strip().lower()
    if algorithm not in ALGORITHMS:
        raise ImproperlyConfigured(
            f"OGI_AUDIT_ALGORITHM must be one of {', '.join(ALGORITHMS)}, not {algorithm!r}."
        )
    return algorithm
