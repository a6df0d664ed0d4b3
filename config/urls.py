from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.api import json_error_view
from config.api_router import extra_urls, router
from verification.api.pages import claim_review_page

urlpatterns = [
    path("admin/", admin.site.urls),
    *[path(f"api/v1/{route}", view.as_view(), name=name) for route, view, name in extra_urls],
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("fact-checks/<int:pk>/", claim_review_page, name="claim-review-page"),
]

# Errors outside the API's views (an unknown url, a crash) answer JSON too.
handler404 = json_error_view(404, "Not found.", "not_found")
handler500 = json_error_view(500, "Server error.", "error")
