from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from . import message_views, views, workspace_views

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, so the page needs no
    # inline script under the site's Content-Security-Policy (script-src 'self'); the UI
    # comes from drf-spectacular-sidecar's static files, its page from
    # templates/drf_spectacular/swagger_ui.html (no inline style either). Redoc is left out:
    # it injects <style> elements, which the policy refuses.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("programmes/", views.ProgrammeList.as_view(), name="programmes"),
    path("programmes/<slug:slug>/", views.ProgrammeDetail.as_view(), name="programme"),
    path(
        "programmes/<slug:slug>/applications/",
        views.ApplicationList.as_view(),
        name="applications",
    ),
    path(
        "programmes/<slug:slug>/applications/<str:role>/<int:pk>/",
        views.ApplicationDetail.as_view(),
        name="application",
    ),
    path(
        "programmes/<slug:slug>/applications/<str:role>/<int:pk>/decision/",
        views.ApplicationDecision.as_view(),
        name="application_decision",
    ),
    path("programmes/<slug:slug>/match-runs/", views.MatchRunList.as_view(), name="match_runs"),
    path(
        "programmes/<slug:slug>/match-runs/<int:pk>/",
        views.MatchRunDetail.as_view(),
        name="match_run",
    ),
    path(
        "programmes/<slug:slug>/match-runs/<int:pk>/publish/",
        views.MatchRunPublish.as_view(),
        name="match_run_publish",
    ),
    path(
        "programmes/<slug:slug>/mentorships/",
        views.ProgrammeMentorshipList.as_view(),
        name="programme_mentorships",
    ),
    path("programmes/<slug:slug>/surveys/", views.SurveyList.as_view(), name="surveys"),
    path(
        "programmes/<slug:slug>/surveys/<int:pk>/results/",
        views.SurveyResults.as_view(),
        name="survey_results",
    ),
    path("me/applications/", views.MyApplicationList.as_view(), name="my_applications"),
    path("mentorships/", views.MentorshipList.as_view(), name="mentorships"),
    path("mentorships/<int:pk>/", views.MentorshipDetail.as_view(), name="mentorship"),
    path("mentorships/<int:pk>/goals/", workspace_views.GoalList.as_view(), name="goals"),
    path("mentorships/<int:pk>/meetings/", workspace_views.MeetingList.as_view(), name="meetings"),
    path(
        "mentorships/<int:pk>/messages/",
        message_views.MentorshipMessageList.as_view(),
        name="mentorship_messages",
    ),
    path("goals/<int:pk>/", workspace_views.GoalDetail.as_view(), name="goal"),
    path(
        "goals/<int:pk>/comments/", workspace_views.GoalCommentList.as_view(), name="goal_comments"
    ),
    path("meetings/<int:pk>/", workspace_views.MeetingDetail.as_view(), name="meeting"),
    path(
        "meetings/<int:pk>/status/",
        workspace_views.MeetingStatusView.as_view(),
        name="meeting_status",
    ),
    path("meetings/<int:pk>/notes/", workspace_views.MeetingNotes.as_view(), name="meeting_notes"),
    path(
        "meetings/<int:pk>/reflection/",
        workspace_views.MeetingReflection.as_view(),
        name="meeting_reflection",
    ),
    path(
        "peer-groups/<int:pk>/messages/",
        message_views.GroupMessageList.as_view(),
        name="group_messages",
    ),
    path("messages/<int:pk>/", message_views.MessageDetail.as_view(), name="message"),
    path("events/", views.EventList.as_view(), name="events"),
    path("events/<int:pk>/", views.EventDetail.as_view(), name="event"),
    path(
        "events/<int:pk>/registration/",
        views.EventRegistration.as_view(),
        name="event_registration",
    ),
    path(
        "events/<int:pk>/registrations/",
        views.EventRegistrationList.as_view(),
        name="event_registrations",
    ),
]
