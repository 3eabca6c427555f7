"""Mounted twice from tongban.urls: ``verify_patterns`` at /verify/, ``wallet_patterns`` at
/my/licences/."""

from __future__ import annotations

from django.urls import path

from tongban.licences import views

verify_patterns = (
    [
        path("", views.verify, name="verify"),
        path("keys", views.keys, name="keys"),
    ],
    "licences_verify",
)
wallet_patterns = (
    [
        path("", views.wallet, name="wallet"),
        path("<str:identifier>/pdf/", views.download, name="download"),
    ],
    "licences",
)
