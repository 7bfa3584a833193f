"""X-Forwarded-Proto is trusted only behind a TLS proxy the operator names
(``DJANGO_BEHIND_TLS_PROXY``): without one, any client could claim its plain-HTTP request
came over HTTPS and slip past the redirect to HTTPS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_SECRET_KEY": "k3Jq8w2Vn5Lr0Ty7Ub4Xz1Pa6Sd9Fg2Hh5Jj8Kk1Ll4Mm7Nn0Bb3Vv6Cc9Xx2Zz5",
    "DJANGO_ALLOWED_HOSTS": "ogi.pthb.gov.cn",
}


def proxy_header(tmp_path, **variables) -> str:
    """``SECURE_PROXY_SSL_HEADER`` as the settings module computes it in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **variables)
    result = subprocess.run(
        [sys.executable, "-c",
         "import config.settings as s; print(repr(getattr(s, 'SECURE_PROXY_SSL_HEADER', None)))"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    return result.stdout.strip()


def test_production_settings_do_not_trust_x_forwarded_proto_by_default(tmp_path):
    assert proxy_header(tmp_path) == "None"
    assert proxy_header(tmp_path, DJANGO_BEHIND_TLS_PROXY="0") == "None"


def test_behind_a_tls_proxy_the_operator_names_the_header_is_trusted(tmp_path):
    assert proxy_header(tmp_path, DJANGO_BEHIND_TLS_PROXY="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


@pytest.mark.django_db
def test_a_client_claiming_https_over_plain_http_is_still_redirected(client):
    # The test settings are the production settings without DJANGO_BEHIND_TLS_PROXY.
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
