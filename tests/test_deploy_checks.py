"""The production settings, loaded as a deployment loads them (in a process of their own, from
the environment alone): Django's deployment checks find nothing to report, the cookies keep
the conditions of their « __Host- » prefix, and no secret key means no start."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SHOW_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    name: getattr(settings, name)
    for name in (
        "SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_PATH",
        "SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_PATH",
        "CSRF_COOKIE_DOMAIN", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT", "DEBUG",
    )
} | {"CONN_MAX_AGE": settings.DATABASES["default"]["CONN_MAX_AGE"]}))
"""


def run_production(
    *arguments: str, secret_key: str | None = None, **variables: str
) -> subprocess.CompletedProcess:
    """``manage.py`` with the production settings and nothing else of this machine's
    environment, so that a variable set here cannot hide what a deployment gets."""
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": "postgres://catalogue@db.invalid:5432/catalogue",  # never reached
    }
    if secret_key is not None:
        environment["SECRET_KEY"] = secret_key
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deployment_checks_find_nothing_to_report():
    completed = run_production(
        "check", "--deploy", "--fail-level", "WARNING", secret_key=secrets.token_urlsafe(50)
    )

    assert completed.returncode == 0, completed.stderr
    assert "System check identified no issues" in completed.stdout


def production_settings(**variables: str) -> dict:
    """The settings a deployment with these variables gets (``SHOW_SETTINGS``)."""
    completed = run_production(
        "shell", "-c", SHOW_SETTINGS, secret_key=secrets.token_urlsafe(50), **variables
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_the_cookies_keep_the_conditions_of_their_host_prefix():
    production = production_settings()

    for cookie in ("SESSION_COOKIE", "CSRF_COOKIE"):
        assert production[f"{cookie}_NAME"].startswith("__Host-")
        assert production[f"{cookie}_SECURE"] is True
        assert production[f"{cookie}_PATH"] == "/"
        assert production[f"{cookie}_DOMAIN"] is None
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["DEBUG"] is False


def test_a_worker_keeps_its_database_connection_for_life_unless_told_otherwise():
    assert production_settings()["CONN_MAX_AGE"] is None
    assert production_settings(CONN_MAX_AGE="30")["CONN_MAX_AGE"] == 30
    assert production_settings(CONN_MAX_AGE="0")["CONN_MAX_AGE"] == 0


def test_production_refuses_to_start_without_a_secret_key():
    completed = run_production("check")

    assert completed.returncode != 0
    assert "SECRET_KEY must be set" in completed.stderr
