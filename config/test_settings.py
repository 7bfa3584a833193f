"""Settings for the test suite: the production settings with a throwaway secret key."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
if "DJANGO_MEDIA_ROOT" not in os.environ:
    # A directory of this run's own (two runs at once never see each other's files), kept
    # for the processes it starts and removed at the end.
    os.environ["DJANGO_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="ogi-desk-test-media-")
    atexit.register(shutil.rmtree, os.environ["DJANGO_MEDIA_ROOT"], ignore_errors=True)
# The audit chain's key for the tests (never used anywhere else).
os.environ.setdefault(
    "OGI_AUDIT_KEYS", "test-1:74657374206175646974206b6579202d206e6f7420666f72207573652031"
)

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests run background tasks at once, in the same process.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# django-axes logs every login; the tests log in a lot.
AXES_VERBOSE = False

# A test database in a file instead of memory (SQLite), so that threads of one test can
# write at once through their own connections, as two people would.
if os.environ.get("OGI_TEST_SQLITE_FILE") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.environ["OGI_TEST_SQLITE_FILE"]}  # noqa: F405
    # Throwaway data: no waiting for the disk (locking behaves as in production).
    DATABASES["default"]["OPTIONS"]["init_command"] += ";PRAGMA synchronous=OFF"  # noqa: F405

# Tests log staff in with force_login; the second-factor tests turn it on themselves.
OGI_STAFF_SECOND_FACTOR = False
