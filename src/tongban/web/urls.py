from __future__ import annotations

from django.urls import path

from tongban.web import case_views, catalog_views, views, workbench_views
from tongban.web.account_urls import urlpatterns as account_urlpatterns

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.profile, name="profile"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/tasks/", workbench_views.tasks, name="tasks"),
    path("workbench/cases/<str:number>/", workbench_views.case_page, name="workbench_case"),
    path(
        "workbench/cases/<str:number>/tasks/<int:task_id>/",
        workbench_views.act,
        name="workbench_act",
    ),
    path(
        "workbench/cases/<str:number>/materials/<int:material_id>/",
        workbench_views.material_file,
        name="workbench_material",
    ),
    path(
        "workbench/cases/<str:number>/documents/<int:document_id>/",
        workbench_views.document,
        name="workbench_document",
    ),
    path("my/applications/", case_views.my_applications, name="my_applications"),
    path("my/applications/<str:number>/", case_views.application, name="application"),
    path(
        "my/applications/<str:number>/materials/",
        case_views.upload_material,
        name="application_upload",
    ),
    path("my/applications/<str:number>/submit/", case_views.submit, name="application_submit"),
    path(
        "my/applications/<str:number>/correction/",
        case_views.resubmit_correction,
        name="application_correction",
    ),
    path(
        "my/applications/<str:number>/withdraw/",
        case_views.withdraw,
        name="application_withdraw",
    ),
    path(
        "my/applications/<str:number>/documents/<int:document_id>/",
        case_views.document,
        name="application_document",
    ),
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
    path("items/<str:code>/apply/", case_views.apply, name="apply"),
]
urlpatterns += account_urlpatterns
