"""Shared fixtures. Tests never reach the network (pytest-socket); only loopback is allowed,
for the PostgreSQL and Redis servers that scripts/services.py provides."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need_service(what: str) -> None:
    """Skip a test whose service is missing; under CI=true fail instead."""
    message = f"{what} is not available (see scripts/services.py)"
    if ON_CI:
        pytest.fail(f"CI=true: {message}")
    pytest.skip(message)


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        need_service("Redis (TEST_REDIS_URL)")
    host, port = url.removeprefix("redis://").split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        need_service(f"Redis at {url}")
    return url


@pytest.fixture
def postgres(db) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        need_service("PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.fixture
def fixture_text():
    """Read a file of our own fixtures (tests/fixtures/...)."""

    def read(relative: str) -> str:
        return (PROJECT / "tests" / "fixtures" / relative).read_text(encoding="utf-8")

    return read


@pytest.fixture
def api_client(settings):
    """An anonymous API client allowed to read every endpoint (API_ANONYMOUS_READ=all), for
    the tests of what endpoints return; tests/test_security.py tests the default policy."""
    from rest_framework.test import APIClient

    settings.CLAIMTRACKER_API_ANONYMOUS_READ = "all"
    return APIClient()


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_superuser("checker", "checker@example.org", "pw")
