from django.urls import path

from . import views

app_name = "mentorships"
urlpatterns = [
    path("<int:pk>/", views.mentorship_detail, name="detail"),
    path("<int:pk>/checklist/", views.checklist_tick, name="checklist"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path("<int:pk>/agreement/confirm/", views.agreement_confirm, name="agreement_confirm"),
    path("<int:pk>/agreement/reopen/", views.agreement_reopen, name="agreement_reopen"),
    path("<int:pk>/goals/new/", views.goal_new, name="goal_new"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/close/", views.close, name="close"),
    path("goals/<int:pk>/", views.goal_detail, name="goal"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/status/", views.meeting_status, name="meeting_status"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/agenda/<int:item>/remove/", views.agenda_remove, name="agenda_remove"),
    path("meetings/<int:pk>/notes/", views.meeting_notes, name="meeting_notes"),
    path("meetings/<int:pk>/reflection/", views.meeting_reflection, name="meeting_reflection"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("programme/<slug:slug>/", views.coordinator_overview, name="coordinator"),
    path("programme/<slug:slug>/new/", views.coordinator_create, name="coordinator_create"),
    path("programme/<slug:slug>/nudge/", views.coordinator_nudge, name="coordinator_nudge"),
    path("programme/<slug:slug>/export/", views.coordinator_export, name="coordinator_export"),
    path(
        "programme/<slug:slug>/<int:pk>/close/",
        views.coordinator_close,
        name="coordinator_close",
    ),
]
