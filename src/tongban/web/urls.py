from __future__ import annotations

from django.urls import path

from tongban.web import catalog_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.profile, name="profile"),
    path("workbench/", views.workbench, name="workbench"),
    path("items/", catalog_views.catalogue, name="catalogue"),
    path("items/search/", catalog_views.search_results, name="search"),
    path("items/theme/<slug:code>/", catalog_views.life_event, name="life_event"),
    path("items/department/<str:uscc>/", catalog_views.department, name="department"),
    path("items/<str:code>/", catalog_views.service_guide, name="service_guide"),
    path("items/<str:code>/guide/", catalog_views.situational_guide, name="situational_guide"),
    path(
        "items/<str:code>/guide/materials/",
        catalog_views.situational_guide_panel,
        name="situational_guide_panel",
    ),
]
