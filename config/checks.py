"""Refusals and checks for production: a server never runs with the development SECRET_KEY."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_production_secret_key() -> None:
    """Raise ImproperlyConfigured when serving with DEBUG off and the development key (settings
    already refuse any weak key that is set explicitly). Called by the WSGI entry point."""
    if not settings.DEBUG and settings.SECRET_KEY_IS_DEVELOPMENT:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off: refusing to serve with the development "
            "key. Set SECRET_KEY (python -c 'import secrets; print(secrets.token_urlsafe(50))') "
            "or DEBUG=true for local use."
        )
