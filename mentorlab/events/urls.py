from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path(
        "<int:pk>/registration/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("<int:pk>/publish/", views.event_publish, name="publish"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/registrations/", views.event_registrations, name="registrations"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/check-in/<int:registration_pk>/", views.check_in_toggle, name="check_in_toggle"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("programme/<slug:slug>/", views.programme_events, name="manage"),
    path("programme/<slug:slug>/new/", views.event_create, name="create"),
    path("programme/<slug:slug>/<int:pk>/edit/", views.event_edit, name="edit"),
    path("programme/<slug:slug>/groups/", views.groups_manage, name="groups"),
    path("programme/<slug:slug>/groups/propose/", views.groups_propose, name="groups_propose"),
    path("programme/<slug:slug>/groups/new/", views.group_create, name="group_create"),
    path("programme/<slug:slug>/groups/move/", views.group_member_move, name="group_member_move"),
    path(
        "programme/<slug:slug>/groups/<int:pk>/publish/", views.group_publish, name="group_publish"
    ),
    path(
        "programme/<slug:slug>/groups/<int:pk>/unpublish/",
        views.group_unpublish,
        name="group_unpublish",
    ),
    path("programme/<slug:slug>/groups/<int:pk>/delete/", views.group_delete, name="group_delete"),
    path("programme/<slug:slug>/directory/", views.directory, name="directory"),
    path("programme/<slug:slug>/directory/me/", views.directory_me, name="directory_me"),
    path(
        "programme/<slug:slug>/directory/me/remove/",
        views.directory_remove,
        name="directory_remove",
    ),
]
