"""Reads that already apply who may see what."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from mentorlab.mentorships.models import Mentorship
from mentorlab.programmes.access import coordinated_programme_or_404
from mentorlab.programmes.models import Programme

from .models import HelpRequest, Invitation, Survey, SurveyState


def invitation_for_invitee_or_404(user: Any, token: str) -> Invitation:
    """The invitation behind a response link, only for its own invitee: a wrong token or
    someone else's link is a 404 (existence is not revealed)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(
        Invitation.objects.select_related("survey__programme", "user"), token=token, user=user
    )


def survey_for_coordinator_or_404(user: Any, slug: str, pk: int) -> Survey:
    programme = coordinated_programme_or_404(user, slug)
    return get_object_or_404(Survey.objects.select_related("programme"), programme=programme, pk=pk)


def surveys_of(programme: Programme) -> QuerySet[Survey]:
    return programme.surveys.all()


def open_invitations(user: Any) -> list[Invitation]:
    """The person's invitations to surveys that take answers now, for the home page."""
    invitations = (
        Invitation.objects.filter(user=user, survey__state=SurveyState.OPEN)
        .select_related("survey__programme", "response")
        .order_by("survey__closes_at")
    )
    return [i for i in invitations if i.survey.accepts_answers()]


def my_invitations(user: Any) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(user=user)
        .exclude(survey__state=SurveyState.DRAFT)
        .select_related("survey__programme", "response")
        .order_by("-survey__opens_at")
    )


def help_requests(programme: Programme, *, open_only: bool = False) -> QuerySet[HelpRequest]:
    """Help requests from the programme's surveys (these name the person, who agreed)."""
    requests = HelpRequest.objects.filter(survey__programme=programme)
    if open_only:
        requests = requests.filter(resolved_at__isnull=True)
    return requests.select_related("survey", "user", "resolved_by").prefetch_related(
        "mentorships__mentor", "mentorships__members__actor"
    )


def flagged_mentorships(programme: Programme) -> QuerySet[Mentorship]:
    """Mentorships in which someone asked a coordinator for help in a survey and the
    request is not yet marked handled — for the coordinator dashboard."""
    return (
        Mentorship.objects.filter(
            programme=programme,
            survey_help_requests__resolved_at__isnull=True,
            survey_help_requests__survey__programme=programme,
        )
        .distinct()
        .select_related("mentor")
        .prefetch_related("members__actor")
    )


def live_mentorships(programme: Programme, user: Any) -> list[Mentorship]:
    """The person's live mentorships in the programme, as mentor or as actor."""
    return list(
        Mentorship.objects.live()
        .filter(programme=programme)
        .filter(Q(mentor=user) | Q(members__actor=user, members__live=True))
        .distinct()
    )
