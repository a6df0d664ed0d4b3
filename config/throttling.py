"""Per-token throttling (its own module: DRF resolves throttle classes while defining APIView,
before config.api, which imports DRF's views, could be imported)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    """One bucket per API token (settings.CLAIMTRACKER_API_RATES["token"]); a session user has
    one per user, an anonymous client one per address ("anon"). Rates are read per request."""

    def __init__(self) -> None:  # the scope, hence the rate, is known only per request
        pass

    def allow_request(self, request, view) -> bool:
        if getattr(request.auth, "key", None):  # a rest_framework.authtoken Token
            scope = "token"
            ident = "t:" + hashlib.sha256(request.auth.key.encode()).hexdigest()[:32]
        elif request.user and request.user.is_authenticated:
            scope, ident = "token", f"u:{request.user.pk}"
        else:
            scope, ident = "anon", f"a:{self.get_ident(request)}"
        self.scope = scope
        self.rate = settings.CLAIMTRACKER_API_RATES[scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self._key = f"throttle:{scope}:{ident}"
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return self._key
