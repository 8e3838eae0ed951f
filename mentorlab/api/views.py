"""The API's endpoints. Each one looks its object up through the same `*_or_404` selector as
the page does and writes through the same service, so the rules cannot drift apart: what a
person may not see is a 404, what they may see but not change is a 403."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from mentorlab.accounts.models import User
from mentorlab.events import selectors as event_selectors
from mentorlab.events import services as event_services
from mentorlab.events.models import EventStatus
from mentorlab.matching import selectors as matching_selectors
from mentorlab.matching import services as matching_services
from mentorlab.matching.engine import Weights
from mentorlab.mentorships import selectors as mentorship_selectors
from mentorlab.mentorships.models import MentorshipState
from mentorlab.programmes import selectors as programme_selectors
from mentorlab.programmes import services as programme_services
from mentorlab.programmes.access import coordinated_programme_or_404
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel, Role, Track
from mentorlab.surveys import selectors as survey_selectors
from mentorlab.surveys.report import survey_report

from . import serializers as s


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User), "every endpoint requires a signed-in person"
    return user


def _choice(request: Request, name: str, choices: Sequence[str]) -> str:
    """A filter from the query string; an unknown value is a 400 naming the parameter."""
    value = request.query_params.get(name, "")
    if value and value not in choices:
        raise ValidationError(
            {
                name: [
                    _("Unknown value %(value)s. Choose one of: %(choices)s.")
                    % {"value": value, "choices": ", ".join(choices)}
                ]
            }
        )
    return value


def _param(name: str, enum: Sequence[str] | None = None, description: str = "") -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, enum=enum, description=description)


ROLE_IN_PATH = OpenApiParameter(
    "role", OpenApiTypes.STR, OpenApiParameter.PATH, enum=[Role.ACTOR, Role.MENTOR]
)


class _ListView(ListAPIView[Any]):
    """A paged list. Each subclass writes its own `get` around a selector (ListAPIView only
    tells the schema that the GET answers a page of rows)."""

    def paginated(self, rows: Any, **context: Any) -> Response:
        page = self.paginate_queryset(rows)
        serializer = self.get_serializer_class()(
            page, many=True, context={**self.get_serializer_context(), **context}
        )
        return self.get_paginated_response(serializer.data)


# --- programmes --------------------------------------------------------------------------
class ProgrammeList(_ListView):
    """Programmes open to everyone signed in, and those you coordinate (with counts)."""

    serializer_class = s.ProgrammeSerializer

    @extend_schema(parameters=[_param("track", Track.values)])
    def get(self, request: Request) -> Response:
        track = _choice(request, "track", Track.values)
        programmes = programme_selectors.programmes_visible_to(_user(request))
        if track:
            programmes = programmes.filter(track=track)
        page = self.paginate_queryset(programmes)
        return self.get_paginated_response(_programme_data(request, page or []))


def _programme_data(request: Request, programmes: Sequence[Any]) -> Any:
    coordinated = programme_selectors.coordinated_ids(_user(request))
    shown = {p.pk for p in programmes} & coordinated
    counts = programme_selectors.application_counts(shown)
    return s.ProgrammeSerializer(
        programmes, many=True, context={"coordinated": coordinated, "counts": counts}
    ).data


class ProgrammeDetail(GenericAPIView[Any]):
    serializer_class = s.ProgrammeSerializer

    def get(self, request: Request, slug: str) -> Response:
        programme = programme_selectors.programme_visible_or_404(_user(request), slug)
        return Response(_programme_data(request, [programme])[0])


# --- applications --------------------------------------------------------------------------
class ApplicationList(_ListView):
    """A programme's applications, for its coordinators (404 for anyone else)."""

    serializer_class = s.ApplicationSerializer

    @extend_schema(
        parameters=[
            _param("role", [Role.ACTOR, Role.MENTOR]),
            _param("status", ApplicationStatus.values),
            _param("level", DegreeLevel.values),
            _param("q", description="Search names, e-mail, city and studies."),
        ]
    )
    def get(self, request: Request, slug: str) -> Response:
        programme = coordinated_programme_or_404(request.user, slug)
        criteria = {
            "role": _choice(request, "role", [Role.ACTOR, Role.MENTOR]),
            "status": _choice(request, "status", ApplicationStatus.values),
            "level": _choice(request, "level", DegreeLevel.values),
            "q": request.query_params.get("q", "").strip(),
        }
        return self.paginated(
            programme_selectors.applications_for_review(programme, **criteria, topics=True)
        )


class MyApplicationList(_ListView):
    """Your own applications, in every programme."""

    serializer_class = s.ApplicationSerializer

    def get(self, request: Request) -> Response:
        return self.paginated(programme_selectors.own_applications(_user(request)))


class ApplicationDetail(GenericAPIView[Any]):
    """One application: for its applicant and the programme's coordinators."""

    serializer_class = s.ApplicationSerializer

    @extend_schema(parameters=[ROLE_IN_PATH])
    def get(self, request: Request, slug: str, role: str, pk: int) -> Response:
        application = programme_selectors.application_for_viewer_or_404(
            request.user, slug=slug, role=role, pk=pk
        )
        return Response(s.ApplicationSerializer(application).data)


class ApplicationDecision(GenericAPIView[Any]):
    """Accept, waitlist or decline (coordinators; the applicant gets the usual e-mail)."""

    serializer_class = s.DecisionSerializer

    @extend_schema(
        parameters=[ROLE_IN_PATH],
        request=s.DecisionSerializer,
        responses=s.DecisionResultSerializer,
    )
    def post(self, request: Request, slug: str, role: str, pk: int) -> Response:
        application = programme_selectors.application_for_viewer_or_404(
            request.user, slug=slug, role=role, pk=pk
        )
        data = s.DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = programme_services.application_decide(
            programme=application.programme,
            applications=[application],
            status=data.validated_data["status"],
            by=_user(request),
        )
        return Response({"changed": changed})


# --- matching ------------------------------------------------------------------------------
class MatchRunList(_ListView):
    """A programme's recent match runs; POST starts one (queued, as on the page)."""

    serializer_class = s.MatchRunSerializer

    def get(self, request: Request, slug: str) -> Response:
        programme = coordinated_programme_or_404(request.user, slug)
        return self.paginated(matching_selectors.recent_runs(programme))

    @extend_schema(request=s.MatchRunStartSerializer, responses={202: s.MatchRunSerializer})
    def post(self, request: Request, slug: str) -> Response:
        programme = coordinated_programme_or_404(request.user, slug)
        data = s.MatchRunStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        weights = Weights(**data.validated_data.get("weights", {}))
        run = matching_services.match_run_start(
            programme=programme,
            by=_user(request),
            weights=weights,
            mode=data.validated_data["mode"],
            k=data.validated_data["k"],
        )
        return Response(s.MatchRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class MatchRunDetail(GenericAPIView[Any]):
    serializer_class = s.MatchRunDetailSerializer

    def get(self, request: Request, slug: str, pk: int) -> Response:
        run = matching_selectors.run_or_404(coordinated_programme_or_404(request.user, slug), pk)
        run.api_pairs = list(matching_selectors.run_pairs(run))  # type: ignore[attr-defined]
        return Response(s.MatchRunDetailSerializer(run).data)


class MatchRunPublish(GenericAPIView[Any]):
    """Turn the proposal into mentorships and introduce every pair by e-mail."""

    serializer_class = s.PublishResultSerializer

    @extend_schema(request=None, responses=s.PublishResultSerializer)
    def post(self, request: Request, slug: str, pk: int) -> Response:
        run = matching_selectors.run_or_404(coordinated_programme_or_404(request.user, slug), pk)
        count = matching_services.match_publish(run=run, by=_user(request))
        return Response({"mentorships": count})


# --- mentorships -------------------------------------------------------------------------
class ProgrammeMentorshipList(_ListView):
    """Every mentorship of a programme, for its coordinators: dates, counts and flags only."""

    serializer_class = s.CoordinatorMentorshipSerializer

    @extend_schema(parameters=[_param("state", MentorshipState.values)])
    def get(self, request: Request, slug: str) -> Response:
        programme = coordinated_programme_or_404(request.user, slug)
        state = _choice(request, "state", MentorshipState.values)
        rows = mentorship_selectors.coordinator_rows(programme)
        return self.paginated([r for r in rows if not state or r.state == state])


class MentorshipList(_ListView):
    """The mentorships you take part in, as mentor or as student."""

    serializer_class = s.MentorshipSerializer

    @extend_schema(parameters=[_param("programme"), _param("state", MentorshipState.values)])
    def get(self, request: Request) -> Response:
        mentorships = mentorship_selectors.mentorships_of(_user(request)).order_by("pk")
        if programme := request.query_params.get("programme"):
            mentorships = mentorships.filter(programme__slug=programme)
        if state := _choice(request, "state", MentorshipState.values):
            mentorships = mentorships.filter(state=state)
        return self.paginated(mentorships)


class MentorshipDetail(GenericAPIView[Any]):
    serializer_class = s.MentorshipSerializer

    def get(self, request: Request, pk: int) -> Response:
        mentorship = mentorship_selectors.mentorship_for_participant_or_404(request.user, pk)
        return Response(s.MentorshipSerializer(mentorship).data)


# --- events ----------------------------------------------------------------------------------
class EventList(_ListView):
    """Events meant for you in every programme you take part in, upcoming first."""

    serializer_class = s.EventSerializer

    @extend_schema(parameters=[_param("programme"), _param("status", EventStatus.values)])
    def get(self, request: Request) -> Response:
        wanted = _choice(request, "status", EventStatus.values)
        programme = request.query_params.get("programme", "")
        rows = [
            (event, registration)
            for event, registration in event_selectors.events_for(_user(request))
            if (not wanted or event.status == wanted)
            and (not programme or event.programme.slug == programme)
        ]
        mine = {event.pk: registration for event, registration in rows}
        return self.paginated([event for event, _r in rows], mine=mine)


class EventDetail(GenericAPIView[Any]):
    serializer_class = s.EventSerializer

    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        event, _role = event_selectors.visible_event_or_404(user, pk)
        mine = {event.pk: event_selectors.my_registration(event, user)}
        return Response(s.EventSerializer(event, context={"mine": mine}).data)


class EventRegistration(GenericAPIView[Any]):
    """POST registers you (or puts you on the waitlist); DELETE cancels your registration."""

    serializer_class = s.RegistrationSerializer

    @extend_schema(request=s.RegisterSerializer, responses={201: s.RegistrationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        event, _role = event_selectors.visible_event_or_404(user, pk)
        data = s.RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = event_services.event_register(
            event=event, user=user, note=data.validated_data["note"]
        )
        return Response(s.RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        user = _user(request)
        event, _role = event_selectors.visible_event_or_404(user, pk)
        registration = event_selectors.my_registration(event, user)
        if registration is None:
            raise ValidationError(_("You are not registered for this event."))
        event_services.registration_cancel(registration=registration, by=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EventRegistrationList(_ListView):
    """An event's registrations, seated first and then the waitlist in order: for the
    coordinators of its programme (404 for anyone else)."""

    serializer_class = s.AttendeeSerializer

    def get(self, request: Request, pk: int) -> Response:
        event = event_selectors.coordinated_event_or_404(_user(request), pk)
        return self.paginated(event_selectors.event_registrations(event))


# --- surveys ---------------------------------------------------------------------------------
class SurveyList(_ListView):
    serializer_class = s.SurveySerializer

    def get(self, request: Request, slug: str) -> Response:
        programme = coordinated_programme_or_404(request.user, slug)
        return self.paginated(survey_selectors.surveys_of(programme).select_related("programme"))


class SurveyResults(GenericAPIView[Any]):
    """A survey's results as aggregates, with the report page's anonymity rules."""

    serializer_class = s.SurveyResultsSerializer

    def get(self, request: Request, slug: str, pk: int) -> Response:
        survey = survey_selectors.survey_for_coordinator_or_404(request.user, slug, pk)
        return Response(s.SurveyResultsSerializer(survey_report(survey)).data)
