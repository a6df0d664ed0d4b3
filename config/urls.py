from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.api_router import extra_urls, router

urlpatterns = [
    path("admin/", admin.site.urls),
    *[path(f"api/v1/{route}", view.as_view(), name=name) for route, view, name in extra_urls],
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
