from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorlab.core.translated import add_translation_fields
from mentorlab.programmes.choices import INDUSTRIES, LANGUAGES
from mentorlab.programmes.models import Programme, Topic

from .models import Audience, DirectoryEntry, Event, PeerGroup

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


TRANSLATED = ("title", "description", "place")


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "audience",
            "peer_group",
            "capacity",
            "registration_deadline",
            "reminder_hours",
        ]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "registration_deadline": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.instance.programme = programme
        # The title, description and place boxes hold the English text; Finnish and
        # Swedish boxes follow each.
        add_translation_fields(self, TRANSLATED)
        group_field = self.fields["peer_group"]
        assert isinstance(group_field, forms.ModelChoiceField)
        group_field.queryset = PeerGroup.objects.filter(programme=programme)
        for name in ("starts_at", "ends_at", "registration_deadline"):
            field = self.fields[name]
            assert isinstance(field, forms.DateTimeField)
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def clean_capacity(self) -> int | None:
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(
                _("Seats must be at least 1; leave the field empty for no limit.")
            )
        return capacity

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience") == Audience.GROUP and not data.get("peer_group"):
            self.add_error("peer_group", _("Choose the peer group."))
        return data


class RegistrationForm(forms.Form):
    note = forms.CharField(
        label=_("Dietary or accessibility needs (optional)"),
        help_text=_("Only the coordinators see this."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DirectoryEntryForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DirectoryEntry
        fields = ["field", "industry", "topics", "languages", "intro", "contact_email"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic_field = self.fields["topics"]
        assert isinstance(topic_field, forms.ModelMultipleChoiceField)
        topic_field.queryset = programme.topics.all()
        topic_field.widget = forms.CheckboxSelectMultiple()
        topic_field.widget.choices = topic_field.choices


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic: forms.ModelChoiceField[Topic] = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), required=False
    )
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ModelChoiceField)
        topic_field.queryset = programme.topics.all()
        topic_field.empty_label = _("Any topic")
        industry = self.fields["industry"]
        assert isinstance(industry, forms.ChoiceField)
        industry.choices = [("", _("Any industry")), *INDUSTRIES]
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("Any language")), *LANGUAGES]
