"""Reads that already apply who may see what."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from mentorlab.mentorships.models import Mentorship
from mentorlab.programmes.access import coordinated_programme_or_404
from mentorlab.programmes.models import Programme

from .models import HelpRequest, Invitation, Item, Response, Scale, Survey, SurveyState


def invitation_for_invitee_or_404(user: Any, token: str) -> Invitation:
    """The invitation behind a response link, only for its own invitee: a wrong token or
    someone else's link is a 404 (existence is not revealed)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(
        Invitation.objects.select_related("survey__programme", "user"), token=token, user=user
    )


def answering_blocker(
    survey: Survey, items: list[Item], now: dt.datetime | None = None
) -> str | None:
    """Why the survey cannot be answered now (translated), or None when it can. The answer
    page disables the form exactly when this is not None, and `response_save` refuses with
    the same words."""
    if not survey.accepts_answers(now):
        if survey.is_closed(now):
            return _("This survey has closed, so answers can no longer be changed.")
        return _("This survey is not open for answers yet.")
    if not items:
        return _("This survey has no questions to answer.")
    return None


def invitation_response(invitation: Invitation) -> Response | None:
    """The invitee's response (draft or sent) with its answers, if they have saved one."""
    return Response.objects.filter(invitation=invitation).prefetch_related("answers").first()


def saved_answers(response: Response | None) -> dict[int, Any]:
    """The response's answers keyed by question id, to fill the answer form."""
    return {a.item_id: a.value for a in response.answers.all()} if response else {}


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


def help_requesters_by_mentorship(programme: Programme) -> dict[int, set[int]]:
    """The open help requests of the programme as an attention condition (registered with
    `mentorships.attention`): by mentorship, the people who asked. The same requests as
    `flagged_mentorships`."""
    asked: dict[int, set[int]] = {}
    for mentorship_id, user_id in HelpRequest.mentorships.through.objects.filter(
        helprequest__survey__programme=programme,
        helprequest__resolved_at__isnull=True,
        mentorship__programme=programme,
    ).values_list("mentorship_id", "helprequest__user_id"):
        asked.setdefault(mentorship_id, set()).add(user_id)
    return asked


def live_mentorships(programme: Programme, user: Any) -> list[Mentorship]:
    """The person's live mentorships in the programme, as mentor or as actor."""
    return list(
        Mentorship.objects.live()
        .filter(programme=programme)
        .filter(Q(mentor=user) | Q(members__actor=user, members__live=True))
        .distinct()
    )


def programme_scales(programme: Programme) -> QuerySet[Scale]:
    """The programme's scored scales with their subscales and items, built-in ones first."""
    return (
        Scale.objects.filter(programme=programme)
        .prefetch_related("subscales__items")
        .order_by("-built_in", "pk")
    )
