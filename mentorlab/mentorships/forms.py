from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorlab.accounts.models import User
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel
from mentorlab.programmes.models import Programme

from .attention import Condition
from .models import (
    AgreementVersion,
    Goal,
    Meeting,
    MeetingMode,
    MentorshipActor,
    MentorshipState,
)
from .selectors import ATTENTION, PairQuery, PairSort

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AgreementForm(forms.ModelForm):
    class Meta:
        model = AgreementVersion
        fields = (
            "objectives",
            "topics",
            "topics_out",
            "confidentiality",
            "frequency",
            "mode",
            "duration_months",
            "who_books",
            "progress_recording",
            "comment",
        )
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "topics_out": forms.Textarea(attrs={"rows": 2}),
            "confidentiality": forms.Textarea(attrs={"rows": 2}),
            "progress_recording": forms.Textarea(attrs={"rows": 2}),
            "comment": forms.Textarea(attrs={"rows": 2}),
            "mode": forms.RadioSelect,
        }
        help_texts = {
            "frequency": _("For example: once a month, about 90 minutes."),
            "comment": _("What you changed and why, for the others to read."),
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ("title", "why", "success", "target_date", "status", "progress", "visibility")
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "success": forms.Textarea(attrs={"rows": 3}),
            "target_date": DATE_INPUT,
            "visibility": forms.RadioSelect,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        error_messages = {
            "progress": {
                "max_value": _("Progress is a percentage: at most 100."),
                "min_value": _("Progress is a percentage: at least 0."),
            }
        }


class GoalCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeetingForm(forms.Form):
    """Date, start and end time in the user's time zone; the service checks the times."""

    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("Starts"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=_("Ends"), widget=TIME_INPUT)
    mode = forms.ChoiceField(
        label=_("How you meet"),
        choices=[
            (MeetingMode.ON_SITE, MeetingMode.ON_SITE.label),
            (MeetingMode.ONLINE, MeetingMode.ONLINE.label),
        ],
        widget=forms.RadioSelect,
        initial=MeetingMode.ON_SITE,
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), max_length=300, required=False)

    # Service errors on these keys are shown on the matching field.
    field_for_error = {"start": "start_time", "end": "end_time"}

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        start = timezone.localtime(meeting.start)
        end = timezone.localtime(meeting.end)
        return {
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "mode": meeting.mode,
            "place": meeting.place,
            "video_link": meeting.video_link,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == MeetingMode.ONLINE and not data.get("video_link"):
            self.add_error("video_link", _("Add the video link for an online meeting."))
        if data.get("mode") == MeetingMode.ON_SITE and not data.get("place"):
            self.add_error("place", _("Say where you meet."))
        return data

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(data["date"], data["start_time"], tzinfo=tz)
        end = dt.datetime.combine(data["date"], data["end_time"], tzinfo=tz)
        return {
            "start": start,
            "end": end,
            "mode": data["mode"],
            "place": data["place"],
            "video_link": data["video_link"],
        }


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=200)
    link = forms.CharField(
        label=_("Link inside Mentorlab (optional)"), max_length=300, required=False
    )


class NotesForm(forms.Form):
    text = forms.CharField(
        label=_("Shared notes"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Everyone in this mentorship can read and edit these notes."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The meeting page shows the notes and the reflection forms together; both have a
        # `text` field, so distinct ids keep each label tied to its own box.
        kwargs.setdefault("auto_id", "id_notes_%s")
        super().__init__(*args, **kwargs)


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("My private reflection"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you can read this."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The meeting page shows the notes and the reflection forms together; both have a
        # `text` field, so distinct ids keep each label tied to its own box.
        kwargs.setdefault("auto_id", "id_reflection_%s")
        super().__init__(*args, **kwargs)


class CompleteForm(forms.Form):
    reflection = forms.CharField(
        label=_("Your closing reflection"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you take away from this mentorship. Only you can read it."),
    )


class EndEarlyForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the mentorship end?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The coordinators read this."),
    )


class CoordinatorEndForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the mentorship end?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The mentor and the students receive this reason by e-mail."),
        error_messages={"required": _("Tell the participants briefly why the mentorship ends.")},
    )


class CreateMentorshipForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=User.objects.none())
    actors = forms.ModelMultipleChoiceField(
        label=_("Students (one to three)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentor_field = self.fields["mentor"]
        actors_field = self.fields["actors"]
        assert isinstance(mentor_field, forms.ModelChoiceField)
        assert isinstance(actors_field, forms.ModelMultipleChoiceField)
        mentor_field.queryset = User.objects.filter(
            mentor_applications__programme=programme,
            mentor_applications__status=ApplicationStatus.ACCEPTED,
        ).order_by("full_name")
        matched = (
            MentorshipActor.objects.live().matched().filter(programme=programme).values("actor_id")
        )
        actors_field.queryset = (
            User.objects.filter(
                actor_applications__programme=programme,
                actor_applications__status=ApplicationStatus.ACCEPTED,
            )
            .exclude(pk__in=matched)
            .order_by("full_name")
        )
        actors_field.widget.choices = actors_field.choices

    def clean_actors(self) -> Any:
        actors = self.cleaned_data["actors"]
        if not 1 <= len(actors) <= 3:
            raise forms.ValidationError(_("Choose one to three students."))
        return actors


class NudgeForm(forms.Form):
    # Empty or too long is refused by the service, with a message that says which.
    text = forms.CharField(
        label=_("Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Sent as you write it to the mentor and the students of each pair, in the app and "
            "by e-mail; at most 300 characters. A reply reaches the programme's coordinators."
        ),
    )


class PairFilterForm(forms.Form):
    """The pairs overview's search, filters and order, read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A name or an e-mail address of the mentor or a student."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    flag = forms.ChoiceField(label=_("Needs attention"), required=False)
    track = forms.ChoiceField(label=_("Track"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=PairSort.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts(state_counts=None, flag_counts=None)
        cast(forms.ChoiceField, self.fields["track"]).choices = [
            ("", _("Every track")),
            *DegreeLevel.choices,
        ]

    def counts(
        self, *, state_counts: dict[str, int] | None, flag_counts: dict[str, int] | None
    ) -> None:
        """Show how many pairs each choice gives (over the search), once they are known."""

        def label(text: Any, n: int | None) -> str:
            return str(text) if n is None else f"{text} ({n})"

        states = state_counts or {}
        flags = flag_counts or {}
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            ("", _("Every state")),
            *((s, label(text, states.get(s))) for s, text in MentorshipState.choices),
        ]
        cast(forms.ChoiceField, self.fields["flag"]).choices = [
            ("", _("Flagged or not")),
            (ATTENTION, label(_("Needs attention, any reason"), flags.get(ATTENTION))),
            *((c, label(text, flags.get(c))) for c, text in Condition.choices),
        ]

    def query(self) -> PairQuery:
        """The valid part of what was asked (an invalid field is shown as an error and left
        out, so the page still lists the pairs)."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()  # cleaned_data keeps the valid fields only
            data = self.cleaned_data
        return PairQuery(
            q=(data.get("q") or "").strip(),
            state=data.get("state") or "",
            flag=data.get("flag") or "",
            track=data.get("track") or "",
            sort=data.get("sort") or PairSort.NAME,
        )
