from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import INDUSTRIES, LANGUAGES, SCHOOLS, ApplicationStatus, DegreeLevel, Role, Track
from .models import ActorApplication, CustomQuestion, MentorApplication, Programme, QuestionKind


def question_field_name(question: CustomQuestion) -> str:
    return f"q_{question.pk}"


def question_field(question: CustomQuestion) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    # The stored value is the choice's language-independent key; the reader sees their own
    # language's wording.
    choices = question.choice_options
    if question.kind == QuestionKind.SHORT:
        return forms.CharField(max_length=300, **common)
    if question.kind == QuestionKind.LONG:
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    if question.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)


class ApplicationFormBase(forms.ModelForm):
    """Shared parts of both application forms: languages, consent and the programme's
    own extra questions, whose answers are kept in `answers` keyed by question id."""

    role: str
    languages = forms.MultipleChoiceField(
        label=_("Languages you can use in mentoring"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice. I agree that coordinators process this application "
            "and that my match sees it when we are introduced."
        ),
        required=True,
        error_messages={"required": _("You must agree to the privacy notice to apply.")},
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        if "topics" in self.fields:
            topic_field = self.fields["topics"]
            assert isinstance(topic_field, forms.ModelMultipleChoiceField)
            topic_field.queryset = programme.topics.all()
            topic_field.widget = forms.CheckboxSelectMultiple()
            topic_field.widget.choices = topic_field.choices
        self.questions = [q for q in programme.questions.all() if q.asked_of(self.role)]
        answers = self.instance.answers if self.instance.pk else {}
        for question in self.questions:
            name = question_field_name(question)
            self.fields[name] = question_field(question)
            if str(question.pk) in answers:
                self.initial[name] = answers[str(question.pk)]

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[question_field_name(q)] for q in self.questions]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        skip = {question_field_name(q) for q in self.questions} | {"privacy_consent"}
        return [self[name] for name in self.fields if name not in skip]

    def answers(self) -> dict[int, Any]:
        """The cleaned answers to the programme's own questions, by question id."""
        return {q.pk: self.cleaned_data.get(question_field_name(q)) for q in self.questions}

    def application_values(self) -> dict[str, Any]:
        """The cleaned values of the application's own fields (not the extra questions)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class ActorApplicationForm(ApplicationFormBase):
    role = Role.ACTOR
    industries = forms.MultipleChoiceField(
        label=_("Industries that interest you"),
        choices=INDUSTRIES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    school = forms.ChoiceField(label=_("School"), choices=SCHOOLS)

    class Meta:
        model = ActorApplication
        fields = [
            "degree_level",
            "field_of_study",
            "school",
            "study_year",
            "goals",
            "topics",
            "industries",
            "languages",
            "city",
            "remote_ok",
            "conflict_employer",
            "privacy_consent",
        ]
        widgets = {"goals": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "goals": _("In a few sentences: what would make these six months worth it for you?"),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, programme=programme, **kwargs)
        if programme.track != Track.BOTH:
            self.fields["degree_level"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in DegreeLevel.choices if value == programme.track
            ]

    def clean_degree_level(self) -> str:
        level: str = self.cleaned_data["degree_level"]
        if not self.programme.accepts_level(level):
            raise forms.ValidationError(
                _("This programme is for %(track)s.")
                % {"track": self.programme.get_track_display()}
            )
        return level


class MentorApplicationForm(ApplicationFormBase):
    role = Role.MENTOR

    class Meta:
        model = MentorApplication
        fields = [
            "degree",
            "degree_field",
            "graduation_year",
            "current_role",
            "employer",
            "industry",
            "topics",
            "levels",
            "capacity",
            "offer",
            "languages",
            "city",
            "remote_ok",
            "privacy_consent",
        ]
        widgets = {"offer": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "offer": _(
                "Experiences, perspectives and turning points you could talk about. "
                "Nobody expects you to have every answer."
            ),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, programme=programme, **kwargs)
        self.fields["capacity"].help_text = _("Between 1 and %(max)d.") % {
            "max": programme.max_mentor_capacity
        }
        self.fields["capacity"].widget.attrs.update(
            {"min": 1, "max": programme.max_mentor_capacity}
        )
        if programme.track != Track.BOTH:
            self.fields["levels"].initial = programme.track

    def clean_capacity(self) -> int:
        capacity: int = self.cleaned_data["capacity"]
        if not 1 <= capacity <= self.programme.max_mentor_capacity:
            raise forms.ValidationError(
                _("Choose between 1 and %(max)d students.")
                % {"max": self.programme.max_mentor_capacity}
            )
        return capacity

    def clean_levels(self) -> str:
        levels: str = self.cleaned_data["levels"]
        if self.programme.track != Track.BOTH and levels not in (Track.BOTH, self.programme.track):
            raise forms.ValidationError(
                _("This programme is for %(track)s.")
                % {"track": self.programme.get_track_display()}
            )
        return levels


class ReviewFilterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("Everyone")), (Role.ACTOR, _("Students")), (Role.MENTOR, _("Mentors"))],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ApplicationStatus.choices],
    )
    level = forms.ChoiceField(
        label=_("Degree level"),
        required=False,
        choices=[("", _("Any level")), *DegreeLevel.choices],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


DECISIONS = [
    (ApplicationStatus.ACCEPTED, _("Accept")),
    (ApplicationStatus.WAITLISTED, _("Waitlist")),
    (ApplicationStatus.DECLINED, _("Decline")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    selected = forms.MultipleChoiceField(
        label=_("Applications"),
        choices=[],
        error_messages={"required": _("Select at least one application.")},
    )

    def __init__(self, *args: Any, keys: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(k, k) for k in keys]  # type: ignore[attr-defined]
