"""Settings for the test suite: the production settings with a throwaway secret key."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_MEDIA_ROOT", "/tmp/ogi-desk-test-media")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests run background tasks at once, in the same process.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# django-axes logs every login; the tests log in a lot.
AXES_VERBOSE = False

# Tests log staff in with force_login; the second-factor tests turn it on themselves.
OGI_STAFF_SECOND_FACTOR = False
