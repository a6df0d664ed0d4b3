"""Content-Security-Policy header (Django 5.2 has none built in): one policy for the site,
another for paths that need more (the Swagger page). Settings: CONTENT_SECURITY_POLICY and
CONTENT_SECURITY_POLICY_PATHS ({path prefix: policy}); an empty policy sends no header."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = settings.CONTENT_SECURITY_POLICY
            for prefix, special in settings.CONTENT_SECURITY_POLICY_PATHS.items():
                if request.path.startswith(prefix):
                    policy = special
                    break
            if policy:
                response["Content-Security-Policy"] = policy
        return response
