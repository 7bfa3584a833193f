"""OGI Desk settings: one module, configured from environment variables.

Safe production defaults: DEBUG is off unless ``DJANGO_DEBUG`` says otherwise, and a
secret key must be supplied whenever DEBUG is off. The embedded default database is
SQLite; set ``DATABASE_URL`` (e.g. ``postgres://postgres@127.0.0.1:5432/ogidesk``) for
PostgreSQL.
"""

import datetime
import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.audit_keys import audit_algorithm, load_audit_keys

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "viewflow",
    "viewflow.workflow",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "requests.apps.RequestsConfig",
    "records.apps.RecordsConfig",
    "letters.apps.LettersConfig",
    "workflow.apps.WorkflowConfig",
    "portal.apps.PortalConfig",
    "reports.apps.ReportsConfig",
    "accounts.apps.AccountsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end after idle time or a fixed lifetime; staff pages need the second
    # factor (``accounts``).
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.staff_intake",
                "reports.context_processors.supervision",
                "accounts.context_processors.second_factor",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

if "DATABASE_URL" not in os.environ:
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # Wait up to 20 s for a competing writer instead of failing at once (SQLite's busy
        # timeout, set by the driver).
        timeout=20,
        # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE). A
        # transaction begun as a reader that then writes while another holds the lock
        # gets "database is locked" at once — SQLite cannot wait there without risking a
        # deadlock — so two people saving at the same moment would see an error page;
        # begun IMMEDIATE, the second waits for the first to commit.
        transaction_mode="IMMEDIATE",
        # Write-ahead log: readers neither wait for the writer nor block it. The default
        # synchronous=FULL is kept, so a committed act (its audit event, its document
        # number) survives a power cut.
        init_command="PRAGMA journal_mode=WAL",
    )
    # Covering indexes (``Index(include=...)``) serve PostgreSQL; SQLite keeps their key
    # columns, which is all it needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
#: English dates with the month in full (``config/formats/en``).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))

# Uploaded files (proofs of identity, scans, attachments) are private: they live outside
# any directory a web server publishes and are served only through authorised views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "private"))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# An Office file (DOCX, XLSX) is a ZIP: refused when it would inflate beyond this or holds
# more entries (a ZIP bomb); an image beyond this many pixels is refused too.
ATTACHMENT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("ATTACHMENT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024))
)
ATTACHMENT_MAX_ZIP_ENTRIES = int(os.environ.get("ATTACHMENT_MAX_ZIP_ENTRIES", "1000"))
ATTACHMENT_MAX_IMAGE_PIXELS = int(os.environ.get("ATTACHMENT_MAX_IMAGE_PIXELS", "60000000"))
# Records found for a request (``records``): the size of one upload, and how long its
# conversion to PDF (LibreOffice) and its text recognition (OCRmyPDF) may run in the tasks
# worker before the process is killed and the record marked failed (seconds).
RECORD_MAX_BYTES = int(os.environ.get("RECORD_MAX_BYTES", str(50 * 1024 * 1024)))
RECORD_CONVERT_TIMEOUT = int(os.environ.get("RECORD_CONVERT_TIMEOUT", "120"))
RECORD_OCR_TIMEOUT = int(os.environ.get("RECORD_OCR_TIMEOUT", "900"))
#: Released files sent with an e-mail reply, in all; beyond it the reply sends the applicant to
#: the portal to download them (records.release).
RELEASE_EMAIL_MAX_BYTES = int(os.environ.get("RELEASE_EMAIL_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

if os.environ.get("DJANGO_EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
            },
        }
    }
else:
    # Development: print e-mails to the console.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "ogi-desk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict by default, relaxed only in DEBUG.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # X-Forwarded-Proto is believed only when the operator says a TLS-terminating proxy
    # sets it (and drops any value a client sent): otherwise any client could claim HTTPS.
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# Background work: Django's tasks API, stored in the database and run by
# ``manage.py db_worker``.
TASKS = {"default": {"BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workflow:workbench"

# Logins (staff and applicants): django-axes locks a username out, from the client address
# the failures came from, after repeated failures (so nobody can lock a person out from
# elsewhere). The axes backend must come first; it refuses a locked-out login before the
# password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "30"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.accounts.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]
# Every failure is kept (with its username and address) so that guesses spread over
# many addresses, or over many usernames, are counted too (``accounts.throttle``).
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Login throttling beyond django-axes' (username, address) pairs, on the staff and the
# applicant login alike, as (count, seconds) windows:
# - "username": failed logins at one username from all addresses together. Over it, the
#   username cannot log in from any address it has not logged in from before
#   (``LOGIN_KNOWN_ADDRESS_DAYS``), so an attacker cannot lock the person out at work.
# - "address": distinct usernames with a failed login from one address. Over it, the
#   address cannot log in at all until the window has passed.
LOGIN_THROTTLE = {
    "username": (
        int(os.environ.get("DJANGO_LOGIN_USERNAME_FAILURES", "20")),
        int(os.environ.get("DJANGO_LOGIN_THROTTLE_MINUTES", "60")) * 60,
    ),
    "address": (
        int(os.environ.get("DJANGO_LOGIN_ADDRESS_USERNAMES", "10")),
        int(os.environ.get("DJANGO_LOGIN_THROTTLE_MINUTES", "60")) * 60,
    ),
}
LOGIN_KNOWN_ADDRESS_DAYS = 90

# Staff accounts (a role in an organ, or is_staff/superuser): a second factor (TOTP with
# backup codes) at every login, unless ``OGI_STAFF_SECOND_FACTOR=0`` (the demo);
# sessions end after ``OGI_STAFF_IDLE_MINUTES`` without a request and at the latest
# ``OGI_STAFF_SESSION_HOURS`` after the login. Applicants keep Django's session
# (SESSION_COOKIE_AGE, two weeks).
OGI_STAFF_SECOND_FACTOR = env_bool("OGI_STAFF_SECOND_FACTOR", True)
OGI_STAFF_IDLE_TIMEOUT = datetime.timedelta(
    minutes=int(os.environ.get("OGI_STAFF_IDLE_MINUTES", "30"))
)
OGI_STAFF_SESSION_LIFETIME = datetime.timedelta(
    hours=int(os.environ.get("OGI_STAFF_SESSION_HOURS", "8"))
)
OTP_TOTP_ISSUER = "OGI Desk"

# The applicant portal: submissions per account and per client address within a window
# (count, seconds); sign-ups and e-mails sent on request, per address.
PORTAL_RATE_LIMITS = {
    "submit": {"account": (10, 24 * 3600), "address": (30, 24 * 3600)},
    "signup": {"address": (10, 3600)},
    "mail": {"address": (10, 3600)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

OGI_SITE_NAME = _("OGI Desk 政府信息公开申请办理系统")

# The audit chain (README, "Audit keys"): every event is sealed with an HMAC under a key kept
# outside the database. Without a key the settings refuse to load unless DEBUG is on, when a
# public development key is used and ``manage.py check`` warns about it.
_audit_keys = load_audit_keys(os.environ, debug=DEBUG)
OGI_AUDIT_KEYS = _audit_keys.keys
OGI_AUDIT_KEY_ID = _audit_keys.current
OGI_AUDIT_DEVELOPMENT_KEY = _audit_keys.development
OGI_AUDIT_ALGORITHM = audit_algorithm(os.environ)
# Events written before the chain was keyed (plain SHA-256) still verify, as the start of a
# chain only; set OGI_AUDIT_ACCEPT_LEGACY=0 on an installation that never had them.
OGI_AUDIT_ACCEPT_LEGACY = env_bool("OGI_AUDIT_ACCEPT_LEGACY", True)
# ``export_audit_head`` also mails the chain heads to these addresses.
OGI_AUDIT_HEAD_EMAIL = env_list("OGI_AUDIT_HEAD_EMAIL")
if OGI_AUDIT_DEVELOPMENT_KEY:
    warnings.warn(
        "OGI Desk: no audit key configured; audit events are sealed with the public "
        "development key, which protects nothing. Set OGI_AUDIT_KEY_FILE (README, 'Audit keys').",
        stacklevel=1,
    )
