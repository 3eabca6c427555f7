from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from tongban.api.urls import api
from tongban.licences.urls import verify_patterns, wallet_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("o/", include("tongban.identity.urls")),  # django-oauth-toolkit, Tongban's pages
    path("verify/", include(verify_patterns)),
    path("my/licences/", include(wallet_patterns)),
    path("my/data-access/", include("tongban.exchange.urls")),
    path("", include("tongban.web.urls")),
]
