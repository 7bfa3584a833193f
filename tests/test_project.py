"""Project-wide guarantees: the package layout, dependencies, layers, settings."""

import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_requests_is_this_projects_package():
    import requests

    assert Path(requests.__file__).resolve().parent == ROOT / "requests"
    assert hasattr(requests, "__path__")
    assert not hasattr(requests, "get"), "the HTTP client's API must not be importable here"


def _requirement_names(path: Path) -> list[str]:
    names = []
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.append(re.split(r"[\[=<>~! ;]", line, maxsplit=1)[0])
    return names


def _dependency_closure(names: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = [n.lower().replace("_", "-") for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for requirement in requires:
            if "extra ==" in requirement:
                continue
            todo.append(re.split(r"[\[=<>~!; (]", requirement, maxsplit=1)[0].lower().replace("_", "-"))
    return seen


def test_no_run_time_dependency_needs_the_http_client():
    closure = _dependency_closure(_requirement_names(ROOT / "requirements.txt"))
    assert "django" in closure and "django-fsm-2" in closure
    assert "requests" not in closure


def test_layer_contract_holds():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", "pyproject.toml"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = (ROOT / "pyproject.toml").read_text().count("[[tool.importlinter.contracts]]")
    assert contracts >= 3
    assert f"{contracts} kept, 0 broken" in result.stdout


def test_deploy_check_is_clean_with_production_variables(tmp_path):
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "OGI_AUDIT_"))
    }
    keys = tmp_path / "audit-keys"
    keys.write_text("2026-12 9b1f0c2e5d7a4486b3e1c0ffee5a1d2c3b4a59687766554433221100aabbccdd\n")
    keys.chmod(0o600)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="k3Jq8w2Vn5Lr0Ty7Ub4Xz1Pa6Sd9Fg2Hh5Jj8Kk1Ll4Mm7Nn0Bb3Vv6Cc9Xx2Zz5",
        DJANGO_ALLOWED_HOSTS="ogi.pthb.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path / "private"),
        OGI_AUDIT_KEY_FILE=str(keys),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_models_and_their_migrations_agree(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
