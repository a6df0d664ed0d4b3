"""Production settings refuse to run unsafe: weak or development SECRET_KEY with DEBUG off,
`check --deploy` clean with the documented variables, CSP on responses, Basic auth off."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(50)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "HTTPS"}}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


SETUP = "import django; django.setup()"
SERVE = "import config.wsgi"


@pytest.mark.parametrize("key", ["short", "x" * 60, "django-insecure-" + "a1b2c3d4e5" * 5])
def test_settings_refuse_a_weak_secret_key_with_debug_off(key):
    result = run_python(SETUP, SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is unsafe with DEBUG off" in result.stderr


def test_a_weak_key_is_accepted_with_debug_on():
    assert run_python(SETUP, SECRET_KEY="short", DEBUG="true").returncode == 0


def test_serving_with_the_development_key_is_refused_but_commands_run():
    refused = run_python(SERVE)
    assert refused.returncode != 0
    assert "refusing to serve with the development key" in refused.stderr
    # management commands (make demo, make test) still run without a key
    assert run_python(SETUP).returncode == 0
    assert run_python(SERVE, DEBUG="true").returncode == 0
    assert run_python(SERVE, SECRET_KEY=STRONG_KEY).returncode == 0, refused.stderr


def test_check_deploy_is_clean_with_the_documented_production_variables():
    code = (
        "import django, sys; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run_python(code, SECRET_KEY=STRONG_KEY, HTTPS="true", ALLOWED_HOSTS="claims.example")
    assert result.returncode == 0, result.stderr
    unsafe = run_python(code, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="claims.example")
    for warning in ("W004", "W008", "W012", "W016"):
        assert warning in unsafe.stderr


@pytest.mark.django_db
def test_responses_carry_a_content_security_policy(client):
    page = client.get("/admin/login/")
    assert "script-src 'self';" in page["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    docs = client.get("/api/docs/")
    # Swagger UI comes from drf-spectacular-sidecar, served locally: no CDN is allowed.
    assert "jsdelivr" not in docs["Content-Security-Policy"]
    assert "/static/drf_spectacular_sidecar/" in docs.content.decode()


@pytest.mark.django_db
def test_basic_auth_is_off_for_the_api(client, django_user_model):
    django_user_model.objects.create_user("editor", password="pw")
    credentials = base64.b64encode(b"editor:pw").decode()
    response = client.post(
        "/api/v1/articles/submit/",
        {"text": "The utility said 1,200 homes lost power."},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )
    assert response.status_code in {401, 403}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("policy", "route", "expected"),
    [
        ("published", "/api/v1/verdicts/", 200),
        ("published", "/api/v1/claim-reviews/", 200),
        ("published", "/api/schema/", 200),
        # A token is asked for (401 with its challenge), as for any unauthenticated read.
        ("published", "/api/v1/claims/", 401),
        ("published", "/api/v1/versions/", 401),
        ("published", "/api/v1/contradictions/", 401),
        ("all", "/api/v1/versions/", 200),
        ("none", "/api/v1/verdicts/", 401),
    ],
)
def test_anonymous_readers_see_what_the_policy_allows(client, settings, policy, route, expected):
    settings.CLAIMTRACKER_API_ANONYMOUS_READ = policy
    assert client.get(route).status_code == expected


@pytest.mark.django_db
def test_signed_in_users_read_everything_under_the_default_policy(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert client.get("/api/v1/versions/").status_code == 200


def test_the_default_policy_is_published():
    result = run_python(SETUP + "; from django.conf import settings; "
                        "print(settings.CLAIMTRACKER_API_ANONYMOUS_READ)")  # fmt: skip
    assert result.stdout.strip() == "published"
