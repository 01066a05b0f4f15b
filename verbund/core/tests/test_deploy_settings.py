"""Production settings: `check --deploy` is clean, and missing secrets stop the start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_issues():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "k" * 20 + "-Zz9!" + "q" * 40,
            "ALLOWED_HOSTS": "verbund.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_manage(
        "check",
        env={"DJANGO_SETTINGS_MODULE": "config.settings.production", "ALLOWED_HOSTS": "x.org"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage(
        "check",
        env={"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "s" * 60},
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_debug_is_off_by_default():
    from config.settings import base

    assert base.DEBUG is False
    assert "*" not in base.ALLOWED_HOSTS
