"""The mentorship workspace through the API: goals (with comments) and meetings (book,
change, cancel or mark held, shared notes, one's own private reflection). Everything is
looked up through the mentorships app's `*_or_404` selectors and written through its
services, so the same people see the same things and the same notices go out as from the
pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from mentorlab.mentorships import selectors as mentorship_selectors
from mentorlab.mentorships import services as mentorship_services
from mentorlab.mentorships.models import Reflection

from . import serializers as s
from .views import _ListView, _user


# --- goals --------------------------------------------------------------------------------
class GoalList(_ListView):
    """The goals you may see: your own (private ones too) and the others' shared goals.
    POST sets a goal of your own: a student's goal, or a mentor's own learning goal."""

    serializer_class = s.GoalSerializer

    def get(self, request: Request, pk: int) -> Response:
        mentorship = mentorship_selectors.mentorship_for_participant_or_404(request.user, pk)
        return self.paginated(mentorship_selectors.goals_visible_to(mentorship, request.user))

    @extend_schema(request=s.GoalInputSerializer, responses={201: s.GoalSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        mentorship = mentorship_selectors.mentorship_for_participant_or_404(user, pk)
        data = s.GoalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = mentorship_services.goal_create(
            mentorship=mentorship, by=user, **data.validated_data
        )
        return Response(s.GoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalDetail(GenericAPIView[Any]):
    """A goal you may see; PATCH changes it, for its owner only (403 for the others)."""

    serializer_class = s.GoalSerializer

    def get(self, request: Request, pk: int) -> Response:
        goal = mentorship_selectors.goal_for_viewer_or_404(request.user, pk)
        return Response(s.GoalSerializer(goal).data)

    @extend_schema(request=s.GoalInputSerializer, responses=s.GoalSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        user = _user(request)
        goal = mentorship_selectors.goal_for_viewer_or_404(user, pk)
        data = s.GoalInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        goal = mentorship_services.goal_update(goal=goal, by=user, **data.validated_data)
        return Response(s.GoalSerializer(goal).data)


class GoalCommentList(_ListView):
    """The comments on a goal you may see; POST adds yours (the goal's owner is told)."""

    serializer_class = s.GoalCommentSerializer

    def get(self, request: Request, pk: int) -> Response:
        goal = mentorship_selectors.goal_for_viewer_or_404(request.user, pk)
        return self.paginated(goal.comments.select_related("author").order_by("created_at", "pk"))

    @extend_schema(request=s.CommentInputSerializer, responses={201: s.GoalCommentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        goal = mentorship_selectors.goal_for_viewer_or_404(user, pk)
        data = s.CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = mentorship_services.goal_comment_add(
            goal=goal, by=user, text=data.validated_data["text"]
        )
        return Response(s.GoalCommentSerializer(comment).data, status=status.HTTP_201_CREATED)


# --- meetings -----------------------------------------------------------------------------
class MeetingList(_ListView):
    """A mentorship's meetings in time order; POST books one (the others are told)."""

    serializer_class = s.MeetingSerializer

    def get(self, request: Request, pk: int) -> Response:
        mentorship = mentorship_selectors.mentorship_for_participant_or_404(request.user, pk)
        return self.paginated(mentorship_selectors.meetings_of(mentorship))

    @extend_schema(request=s.MeetingInputSerializer, responses={201: s.MeetingDetailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        mentorship = mentorship_selectors.mentorship_for_participant_or_404(user, pk)
        data = s.MeetingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = mentorship_services.meeting_schedule(
            mentorship=mentorship, by=user, **data.validated_data
        )
        return Response(s.MeetingDetailSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingDetail(GenericAPIView[Any]):
    """A meeting with its agenda; PATCH moves a planned one or changes where it is held
    (fields left out keep their values)."""

    serializer_class = s.MeetingDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        meeting = mentorship_selectors.meeting_for_participant_or_404(request.user, pk)
        return Response(s.MeetingDetailSerializer(meeting).data)

    @extend_schema(request=s.MeetingInputSerializer, responses=s.MeetingDetailSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        user = _user(request)
        meeting = mentorship_selectors.meeting_for_participant_or_404(user, pk)
        current = {
            "start": meeting.start,
            "end": meeting.end,
            "mode": meeting.mode,
            "place": meeting.place,
            "video_link": meeting.video_link,
        }
        given = request.data
        data = s.MeetingInputSerializer(
            data={**current, **given} if isinstance(given, dict) else given
        )
        data.is_valid(raise_exception=True)
        meeting = mentorship_services.meeting_update(
            meeting=meeting, by=user, **data.validated_data
        )
        return Response(s.MeetingDetailSerializer(meeting).data)


class MeetingStatusView(GenericAPIView[Any]):
    """Mark a meeting held (once it has started) or cancel it, as on the meeting page."""

    serializer_class = s.MeetingStatusSerializer

    @extend_schema(request=s.MeetingStatusSerializer, responses=s.MeetingDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        meeting = mentorship_selectors.meeting_for_participant_or_404(user, pk)
        data = s.MeetingStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = mentorship_services.meeting_set_status(
            meeting=meeting, by=user, status=data.validated_data["status"]
        )
        return Response(s.MeetingDetailSerializer(meeting).data)


class MeetingNotes(GenericAPIView[Any]):
    """The pair's shared notes of a meeting: every participant reads and writes them."""

    serializer_class = s.NotesSerializer

    @extend_schema(request=s.NotesSerializer, responses=s.MeetingDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        meeting = mentorship_selectors.meeting_for_participant_or_404(user, pk)
        data = s.NotesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = mentorship_services.meeting_notes_save(
            meeting=meeting, by=user, text=data.validated_data["text"]
        )
        return Response(s.MeetingDetailSerializer(meeting).data)


class MeetingReflection(GenericAPIView[Any]):
    """Your own private reflection on a meeting: nobody else reads it, through the API or
    anywhere else. POST an empty text to delete it."""

    serializer_class = s.ReflectionSerializer

    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        meeting = mentorship_selectors.meeting_for_participant_or_404(user, pk)
        mine = Reflection.objects.filter(meeting=meeting, author=user).first()
        return Response(_reflection(mine))

    @extend_schema(request=s.ReflectionSerializer, responses=s.ReflectionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        meeting = mentorship_selectors.meeting_for_participant_or_404(user, pk)
        data = s.ReflectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mine = mentorship_services.reflection_save(
            meeting=meeting, by=user, text=data.validated_data["text"]
        )
        return Response(_reflection(mine))


def _reflection(mine: Reflection | None) -> Any:
    return s.ReflectionSerializer(
        {"text": mine.text if mine else "", "updated_at": mine.updated_at if mine else None}
    ).data
