from __future__ import annotations

from django.urls import path

from tongban.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.profile, name="profile"),
    path("workbench/", views.workbench, name="workbench"),
]
