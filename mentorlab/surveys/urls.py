from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.my_surveys, name="mine"),
    path("answer/<str:token>/", views.respond, name="respond"),
    path("p/<slug:slug>/", views.programme_surveys, name="programme"),
    path("p/<slug:slug>/benefits/", views.benefits, name="benefits"),
    path(
        "p/<slug:slug>/benefits/built-in/",
        views.benefits_add_built_in,
        name="benefits_add_built_in",
    ),
    path("p/<slug:slug>/scales/", views.scales, name="scales"),
    path("p/<slug:slug>/scales/import/", views.scale_import, name="scale_import"),
    path("p/<slug:slug>/scales/built-in/", views.scales_add_built_in, name="scales_add_built_in"),
    path("p/<slug:slug>/<int:pk>/questions/add-scale/", views.scale_add, name="scale_add"),
    path("p/<slug:slug>/help/", views.help_requests, name="help_requests"),
    path("p/<slug:slug>/help/<int:pk>/handled/", views.help_request_resolve, name="help_resolve"),
    path("p/<slug:slug>/<int:pk>/", views.survey_detail, name="detail"),
    path("p/<slug:slug>/<int:pk>/open/", views.survey_open, name="open"),
    path("p/<slug:slug>/<int:pk>/close/", views.survey_close, name="close"),
    path("p/<slug:slug>/<int:pk>/report/", views.report, name="report"),
    path("p/<slug:slug>/<int:pk>/questions/", views.survey_items, name="items"),
    path("p/<slug:slug>/<int:pk>/questions/preview/", views.item_preview, name="item_preview"),
    path("p/<slug:slug>/<int:pk>/questions/<int:item_pk>/", views.item_edit, name="item_edit"),
    path(
        "p/<slug:slug>/<int:pk>/questions/<int:item_pk>/remove/",
        views.item_remove,
        name="item_remove",
    ),
    path(
        "p/<slug:slug>/<int:pk>/questions/<int:item_pk>/move/",
        views.item_move,
        name="item_move",
    ),
    path(
        "p/<slug:slug>/<int:pk>/responses.csv",
        views.export_responses_csv,
        name="export_responses_csv",
    ),
    path(
        "p/<slug:slug>/<int:pk>/benefit-change.csv",
        views.export_benefit_csv,
        name="export_benefit_csv",
    ),
    path("p/<slug:slug>/<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
