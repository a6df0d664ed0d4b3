"""WSGI entry point (gunicorn config.wsgi). Refuses to serve with the development SECRET_KEY
unless DEBUG is on (see config/checks.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.checks import require_production_secret_key  # noqa: E402  after settings load

require_production_secret_key()
