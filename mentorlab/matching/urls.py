from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("<slug:slug>/", views.matching_home, name="home"),
    path("<slug:slug>/choose/", views.choose_mentors, name="choose"),
    path("<slug:slug>/rules/<str:kind>/add/", views.rule_add, name="rule_add"),
    path("<slug:slug>/rules/<str:kind>/<int:pk>/remove/", views.rule_remove, name="rule_remove"),
    path("<slug:slug>/people/<str:role>/", views.rule_candidates, name="rule_candidates"),
    path("<slug:slug>/runs/<int:run_id>/", views.run_detail, name="run"),
    path("<slug:slug>/runs/<int:run_id>/export.csv", views.run_export, name="export"),
    path("<slug:slug>/runs/<int:run_id>/publish/", views.run_publish, name="publish"),
    path(
        "<slug:slug>/runs/<int:run_id>/pairs/<int:pair_id>/reject/",
        views.pair_reject,
        name="reject",
    ),
    path("<slug:slug>/runs/<int:run_id>/pairs/<int:pair_id>/lock/", views.pair_lock, name="lock"),
    path("<slug:slug>/runs/<int:run_id>/swap/<int:actor_id>/", views.pair_swap, name="swap"),
]
