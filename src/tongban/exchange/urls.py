"""Portal pages of the exchange, mounted at /my/data-access/."""

from __future__ import annotations

from django.urls import path

from tongban.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.data_access, name="data_access"),
    path("applications/<str:number>/reuse/", views.reuse, name="reuse"),
]
