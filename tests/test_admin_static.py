"""With DEBUG off, as the README runs it, the admin's styles, our own admin assets and Swagger
UI's files are served by the app itself (WhiteNoise), without a CDN."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ASSETS = [
    "/static/admin/css/base.css",
    "/static/verification/admin.css",
    "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
]


def test_static_files_are_served_with_debug_off():
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='localhost')\n"
        f"for url in {ASSETS!r}:\n"
        "    response = client.get(url)\n"
        "    print(url, response.status_code)\n"
        "docs = client.get('/api/docs/').content.decode()\n"
        "print('cdn', 'cdn.jsdelivr' in docs or 'unpkg.com' in docs)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONWARNINGS="ignore",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    for url in ASSETS:
        assert f"{url} 200" in lines
    assert "cdn False" in lines
