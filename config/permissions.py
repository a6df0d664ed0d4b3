"""Who may read what through the API (README "Operating it", "What is public").

Signed-in users read everything; writes need a sign-in (and the view's own rules). Anonymous
readers get what API_ANONYMOUS_READ allows: "published" (the default) is the published
verdicts and their schema.org ClaimReviews, which are meant for the public, plus the API root
and schema; "all" opens every read endpoint (article bodies are third-party text: mind the
licence); "none" closes the API to anonymous users altogether.
"""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

#: Router basenames anonymous users may read under "published".
PUBLISHED_ROUTES = frozenset({"verdict", "claimreview"})


class PublicRead(BasePermission):
    """Published verdicts and ClaimReviews: anyone may read them unless API_ANONYMOUS_READ is
    "none"; writes need a sign-in (and the view's own rules)."""

    def has_permission(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        return request.method in SAFE_METHODS and settings.CLAIMTRACKER_API_ANONYMOUS_READ != "none"


class ReadPolicy(BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        if request.method not in SAFE_METHODS:
            return False
        policy = settings.CLAIMTRACKER_API_ANONYMOUS_READ
        if policy == "all":
            return True
        if policy == "published":
            # rest_framework.routers imports the permissions: look the root view up lazily.
            from rest_framework.routers import APIRootView

            return isinstance(view, APIRootView) or getattr(view, "basename", None) in (
                PUBLISHED_ROUTES
            )
        return False
