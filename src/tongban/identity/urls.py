"""The provider's addresses under /o/: django-oauth-toolkit's, with Tongban's consent and logout
pages in their place. The namespace stays ``oauth2_provider`` because DOT reverses its own
names (the discovery document links every endpoint by name). The application-management and
dynamic-registration pages are left out: department systems are registered by an administrator
with ``tongban oidc add-client``, and the device flow is not offered."""

from __future__ import annotations

from django.urls import path
from oauth2_provider import urls as dot_urls

from tongban.identity import views

app_name = "oauth2_provider"

REPLACED = {"authorize", "rp-initiated-logout"}
OFFERED = {"token", "revoke-token", "introspect"}

urlpatterns = [
    path("authorize/", views.AuthorizationView.as_view(), name="authorize"),
    path("logout/", views.LogoutView.as_view(), name="rp-initiated-logout"),
    *[pattern for pattern in dot_urls.base_urlpatterns if pattern.name in OFFERED],
    *[pattern for pattern in dot_urls.oidc_urlpatterns if pattern.name not in REPLACED],
]
