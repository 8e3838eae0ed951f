"""What the API shows of each object: read-only shapes, plus the small inputs of the
actions. Private fields (notes, reflections, coordinator notes to applicants' peers) are
left out by listing the fields that may go out, never by excluding the ones that may not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mentorlab.accounts.models import User
from mentorlab.conversations.models import Message
from mentorlab.events.models import Event, Registration
from mentorlab.matching.models import MatchRun, Mode, ProposedPair
from mentorlab.mentorships.models import (
    AgendaItem,
    Goal,
    GoalComment,
    Meeting,
    MeetingMode,
    MeetingStatus,
    Mentorship,
)
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme
from mentorlab.surveys.models import Survey


class PersonSerializer(serializers.ModelSerializer[User]):
    name = serializers.CharField(source="full_name")

    class Meta:
        model = User
        fields = ("id", "name")


class StatusCountsSerializer(serializers.Serializer[dict[str, int]]):
    submitted = serializers.IntegerField()
    accepted = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    declined = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


class ApplicationCountsSerializer(serializers.Serializer[dict[str, Any]]):
    actor = StatusCountsSerializer()
    mentor = StatusCountsSerializer()


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    phase = serializers.CharField(read_only=True)
    is_coordinator = serializers.SerializerMethodField()
    application_counts = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = (
            "slug",
            "name",
            "track",
            "description",
            "phase",
            "mentor_signup_opens",
            "mentor_signup_closes",
            "actor_applications_open",
            "actor_applications_close",
            "matching_date",
            "kickoff_date",
            "halfway_date",
            "closing_date",
            "end_date",
            "max_mentor_capacity",
            "recommended_meetings",
            "is_public",
            "is_coordinator",
            "application_counts",
        )

    def get_is_coordinator(self, programme: Programme) -> bool:
        return programme.pk in self.context.get("coordinated", set())

    @extend_schema_field(ApplicationCountsSerializer(allow_null=True))
    def get_application_counts(self, programme: Programme) -> dict[str, Any] | None:
        """Counts by role and status, for the programme's coordinators only (null for others)."""
        counts: dict[int, Any] = self.context.get("counts", {})
        return counts.get(programme.pk)


class ApplicationSerializer(serializers.Serializer[Any]):
    """Both kinds of application in one shape; the fields of the other role are null."""

    id = serializers.IntegerField(source="pk")
    role = serializers.CharField()
    programme = serializers.SlugField(source="programme.slug")
    applicant = PersonSerializer(source="user")
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    languages = serializers.ListField(child=serializers.CharField())
    city = serializers.CharField()
    remote_ok = serializers.BooleanField()
    topics = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    degree_level = serializers.CharField(allow_null=True, default=None)
    field_of_study = serializers.CharField(allow_null=True, default=None)
    study_year = serializers.IntegerField(allow_null=True, default=None)
    goals = serializers.CharField(allow_null=True, default=None)
    current_role = serializers.CharField(allow_null=True, default=None)
    employer = serializers.CharField(allow_null=True, default=None)
    industry = serializers.CharField(allow_null=True, default=None)
    levels = serializers.CharField(allow_null=True, default=None)
    capacity = serializers.IntegerField(allow_null=True, default=None)
    offer = serializers.CharField(allow_null=True, default=None)

    def get_topics(self, application: ActorApplication | MentorApplication) -> list[str]:
        return [topic.name for topic in application.topics.all()]


DECISIONS = [
    (ApplicationStatus.ACCEPTED.value, ApplicationStatus.ACCEPTED.label),
    (ApplicationStatus.WAITLISTED.value, ApplicationStatus.WAITLISTED.label),
    (ApplicationStatus.DECLINED.value, ApplicationStatus.DECLINED.label),
]


class DecisionSerializer(serializers.Serializer[dict[str, str]]):
    status = serializers.ChoiceField(choices=DECISIONS)


class DecisionResultSerializer(serializers.Serializer[dict[str, int]]):
    changed = serializers.IntegerField()


class PairSerializer(serializers.ModelSerializer[ProposedPair]):
    actor = PersonSerializer()
    mentor = PersonSerializer()

    class Meta:
        model = ProposedPair
        fields = ("id", "actor", "mentor", "score", "locked", "edited")


RUN_FIELDS: tuple[str, ...] = (
    "id",
    "programme",
    "status",
    "mode",
    "weights",
    "shortlist_size",
    "progress",
    "error",
    "created_by",
    "created_at",
    "finished_at",
    "published_at",
)


class MatchRunSerializer(serializers.ModelSerializer[MatchRun]):
    programme = serializers.SlugField(source="programme.slug", read_only=True)
    created_by = PersonSerializer(allow_null=True)

    class Meta:
        model = MatchRun
        fields = RUN_FIELDS


class MatchRunDetailSerializer(MatchRunSerializer):
    pairs = PairSerializer(many=True, source="api_pairs")

    class Meta(MatchRunSerializer.Meta):
        fields = (*RUN_FIELDS, "pairs")


class WeightsSerializer(serializers.Serializer[dict[str, float]]):
    topics = serializers.FloatField(min_value=0, max_value=10, default=3.0)
    industry = serializers.FloatField(min_value=0, max_value=10, default=1.0)
    text = serializers.FloatField(min_value=0, max_value=10, default=2.0)
    location = serializers.FloatField(min_value=0, max_value=10, default=1.0)
    preference = serializers.FloatField(min_value=0, max_value=10, default=2.0)
    diversity = serializers.FloatField(min_value=0, max_value=10, default=0.0)
    group_cohesion = serializers.FloatField(min_value=0, max_value=10, default=0.0)


class MatchRunStartSerializer(serializers.Serializer[dict[str, Any]]):
    """The same choices as the form on the matching page, with the same limits."""

    mode = serializers.ChoiceField(choices=Mode.choices, default=Mode.BEST)
    k = serializers.IntegerField(min_value=3, max_value=100, default=10)
    weights = WeightsSerializer(required=False)


class PublishResultSerializer(serializers.Serializer[dict[str, int]]):
    mentorships = serializers.IntegerField()


class MentorshipSerializer(serializers.ModelSerializer[Mentorship]):
    """Metadata only: what a coordinator may see too (no notes, no goals, no agreement)."""

    programme = serializers.SlugField(source="programme.slug")
    mentor = PersonSerializer()
    actors = serializers.SerializerMethodField()

    class Meta:
        model = Mentorship
        fields = (
            "id",
            "programme",
            "mentor",
            "actors",
            "state",
            "introduced_at",
            "agreed_at",
            "ended_at",
        )

    @extend_schema_field(PersonSerializer(many=True))
    def get_actors(self, mentorship: Mentorship) -> list[dict[str, Any]]:
        return [PersonSerializer(m.actor).data for m in mentorship.members.all()]


class CoordinatorMentorshipSerializer(serializers.Serializer[Any]):
    """A row of the coordinator's overview: dates, counts and flags, never the content."""

    id = serializers.IntegerField(source="mentorship.pk")
    mentor = serializers.CharField(source="mentor_name")
    actors = serializers.ListField(child=serializers.CharField(), source="actor_names")
    state = serializers.CharField()
    introduced_at = serializers.DateTimeField()
    agreed_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    meetings_held = serializers.IntegerField(source="held")
    meetings_planned = serializers.IntegerField(source="planned")
    last_meeting = serializers.DateTimeField(allow_null=True)
    goals_by_status = serializers.DictField(child=serializers.IntegerField())
    shared_goal_titles = serializers.ListField(child=serializers.CharField())
    flags = serializers.ListField(child=serializers.CharField())


class GoalSerializer(serializers.ModelSerializer[Goal]):
    owner = PersonSerializer()

    class Meta:
        model = Goal
        fields = (
            "id",
            "owner",
            "title",
            "why",
            "success",
            "target_date",
            "status",
            "progress",
            "visibility",
            "created_at",
        )


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    class Meta:
        model = Meeting
        fields: tuple[str, ...] = (
            "id",
            "start",
            "duration_minutes",
            "mode",
            "place",
            "video_link",
            "status",
            "shared_notes",
        )


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    event = serializers.IntegerField(source="event_id")

    class Meta:
        model = Registration
        fields: tuple[str, ...] = ("id", "event", "status", "note", "queued_at", "attended")


class AttendeeSerializer(RegistrationSerializer):
    """A registration as the event's coordinators see it on the check-in page."""

    person = PersonSerializer(source="user")

    class Meta(RegistrationSerializer.Meta):
        fields = ("id", "event", "person", "status", "note", "queued_at", "attended")


class EventSerializer(serializers.ModelSerializer[Event]):
    programme = serializers.SlugField(source="programme.slug")
    my_registration = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = (
            "id",
            "programme",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "audience",
            "capacity",
            "registration_deadline",
            "status",
            "my_registration",
        )

    @extend_schema_field(RegistrationSerializer(allow_null=True))
    def get_my_registration(self, event: Event) -> dict[str, Any] | None:
        mine: dict[int, Registration | None] = self.context.get("mine", {})
        registration = mine.get(event.pk)
        return RegistrationSerializer(registration).data if registration else None


class RegisterSerializer(serializers.Serializer[dict[str, str]]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class SurveySerializer(serializers.ModelSerializer[Survey]):
    programme = serializers.SlugField(source="programme.slug")

    class Meta:
        model = Survey
        fields = (
            "id",
            "programme",
            "title",
            "kind",
            "audience",
            "state",
            "anonymous",
            "min_group_size",
            "opens_at",
            "closes_at",
        )


class BarSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField()


class ItemResultSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="item.pk")
    question = serializers.CharField(source="item.text")
    kind = serializers.CharField(source="item.kind")
    answered = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    distribution = BarSerializer(many=True, source="bars")
    texts = serializers.ListField(child=serializers.CharField())


class SurveyResultsSerializer(serializers.Serializer[Any]):
    """Aggregates only, by the report's own anonymity rules: below the smallest group an
    anonymous survey shows the response rate and nothing else (`suppressed`)."""

    survey = SurveySerializer()
    invited = serializers.IntegerField()
    submitted = serializers.IntegerField()
    rate = serializers.FloatField()
    suppressed = serializers.BooleanField()
    items = ItemResultSerializer(many=True)


# --- the workspace: goals, meetings, messages ---------------------------------------------
class GoalInputSerializer(serializers.ModelSerializer[Goal]):
    """What the goal form takes; the service checks it again (`full_clean`)."""

    class Meta:
        model = Goal
        fields = ("title", "why", "success", "target_date", "status", "progress", "visibility")


class GoalCommentSerializer(serializers.ModelSerializer[GoalComment]):
    author = PersonSerializer()

    class Meta:
        model = GoalComment
        fields = ("id", "author", "text", "created_at")


class CommentInputSerializer(serializers.Serializer[dict[str, str]]):
    # Blank passes here so that the service answers with its own words.
    text = serializers.CharField(allow_blank=True, max_length=2000)


MEETING_MODES = [
    (MeetingMode.ON_SITE.value, MeetingMode.ON_SITE.label),
    (MeetingMode.ONLINE.value, MeetingMode.ONLINE.label),
]
# A calendar's reach, not a rule of the pages: keeps absurd dates (year 9999) from
# overflowing the end-time arithmetic.
FURTHEST_MEETING = dt.timedelta(days=5 * 366)


class MeetingInputSerializer(serializers.Serializer[dict[str, Any]]):
    """The meeting form's fields, with its checks; the service checks the times."""

    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=MEETING_MODES, default=MeetingMode.ON_SITE)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    video_link = serializers.URLField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        now = timezone.now()
        for name in ("start", "end"):
            if name in data and abs(data[name] - now) > FURTHEST_MEETING:
                errors[name] = _("Choose a time within five years from now.")
        if data.get("mode") == MeetingMode.ONLINE and not data.get("video_link"):
            errors["video_link"] = _("Add the video link for an online meeting.")
        if data.get("mode") == MeetingMode.ON_SITE and not data.get("place"):
            errors["place"] = _("Say where you meet.")
        if errors:
            raise serializers.ValidationError(errors)
        return data


class AgendaItemSerializer(serializers.ModelSerializer[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields = ("id", "title", "link")


class MeetingDetailSerializer(MeetingSerializer):
    end = serializers.DateTimeField(read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = (*MeetingSerializer.Meta.fields, "end", "agenda")


class MeetingStatusSerializer(serializers.Serializer[dict[str, str]]):
    status = serializers.ChoiceField(
        choices=[
            (MeetingStatus.HELD.value, MeetingStatus.HELD.label),
            (MeetingStatus.CANCELLED.value, MeetingStatus.CANCELLED.label),
        ]
    )


class NotesSerializer(serializers.Serializer[dict[str, str]]):
    text = serializers.CharField(allow_blank=True, max_length=10000)


class ReflectionSerializer(serializers.Serializer[dict[str, Any]]):
    """Your own private reflection on a meeting; an empty text deletes it."""

    text = serializers.CharField(allow_blank=True, max_length=10000)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class MessageSerializer(serializers.ModelSerializer[Message]):
    """A deleted message keeps its place with an empty text (`deleted` is true)."""

    author = PersonSerializer()
    deleted = serializers.BooleanField(source="is_deleted")

    class Meta:
        model = Message
        fields = ("id", "author", "text", "created_at", "edited_at", "deleted")


class MessageInputSerializer(serializers.Serializer[dict[str, str]]):
    # Neither length nor emptiness is checked here: the service refuses both with its own
    # words, which the view puts on this field.
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
