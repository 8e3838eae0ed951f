from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorlab.accounts.models import User

from .models import (
    ENERGY_MAX,
    ENERGY_MIN,
    ENGAGEMENT_MAX,
    ENGAGEMENT_MIN,
    GAUGE_MAX,
    GAUGE_MESSAGE,
    GAUGE_MIN,
    JournalEntry,
    Moment,
    OdysseyPlan,
    Prototype,
    Strength,
    Theme,
    ValuesProfile,
    WeeklyReflection,
    plan_questions_clean,
    plan_title_clean,
)

# A starting list to pick from; anyone may add their own.
VALUE_CHOICES = [
    _("Autonomy"),
    _("Security"),
    _("Creativity"),
    _("Helping others"),
    _("Learning"),
    _("Achievement"),
    _("Recognition"),
    _("Sustainability"),
    _("Fairness"),
    _("Family"),
    _("Adventure"),
    _("Community"),
    _("Craftsmanship"),
    _("Influence"),
    _("Balance"),
    _("Curiosity"),
]


class JournalEntryForm(forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = [
            "day",
            "activity",
            "engagement",
            "energy",
            "flow",
            "note",
            "tag_activities",
            "tag_environment",
            "tag_interactions",
            "tag_objects",
            "tag_users",
            "shared",
        ]
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}),
            "engagement": forms.NumberInput(attrs={"min": ENGAGEMENT_MIN, "max": ENGAGEMENT_MAX}),
            "energy": forms.NumberInput(attrs={"min": ENERGY_MIN, "max": ENERGY_MAX}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "activity": {"required": _("Say in a few words what you were doing.")},
            "engagement": {"required": _("Rate your engagement from 1 to 10.")},
            "energy": {"required": _("Rate your energy from −5 to +5.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The form field's own bounds check runs before the model's; same messages.
        engagement = _("Engagement goes from 1 (not at all) to 10 (fully absorbed).")
        self.fields["engagement"].error_messages.update(min_value=engagement, max_value=engagement)


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = WeeklyReflection
        fields = ["week", "text", "shared"]
        widgets = {
            "week": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {"text": {"required": _("Write a few lines before saving.")}}


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"name": {"required": _("Give the theme a name.")}}


class MomentForm(forms.ModelForm):
    class Meta:
        model = Moment
        fields = ["title", "when", "description", "theme", "shared"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": _("Give the moment a short title.")}}

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)
        theme.queryset = Theme.objects.filter(owner=owner)


class ValuesPickForm(forms.Form):
    """Pick values from the list or add your own, then rank them (1 = most important)."""

    picked = forms.MultipleChoiceField(
        label=_("Values that matter to me"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    own = forms.CharField(
        label=_("Values of my own"),
        required=False,
        max_length=400,
        help_text=_("Comma-separated, e.g. honesty, humour."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        picked = self.fields["picked"]
        assert isinstance(picked, forms.MultipleChoiceField)
        picked.choices = [(str(v), str(v)) for v in VALUE_CHOICES]

    def chosen(self) -> list[str]:
        names = list(self.cleaned_data.get("picked") or [])
        names += [n.strip() for n in (self.cleaned_data.get("own") or "").split(",") if n.strip()]
        seen: set[str] = set()
        unique = []
        for name in names:
            if name.casefold() not in seen:
                seen.add(name.casefold())
                unique.append(name[:80])
        return unique


class ValuesRankForm(forms.Form):
    """One rank field per value the owner has, named rank_<id>."""

    def __init__(self, *args: Any, values: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.values = values
        for value in values:
            self.fields[f"rank_{value.pk}"] = forms.IntegerField(
                label=value.name,
                initial=value.rank,
                min_value=1,
                max_value=max(len(values), 1),
                error_messages={
                    "min_value": _("Rank from 1 (most important) to %(n)d.") % {"n": len(values)},
                    "max_value": _("Rank from 1 (most important) to %(n)d.") % {"n": len(values)},
                    "required": _("Give every value a rank."),
                },
            )
            self.fields[f"note_{value.pk}"] = forms.CharField(
                label=_("What “%(value)s” means to me") % {"value": value.name},
                initial=value.note,
                required=False,
                max_length=300,
            )

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(v, self[f"rank_{v.pk}"], self[f"note_{v.pk}"]) for v in self.values]

    def ranks(self) -> dict[int, tuple[int, str]]:
        return {
            v.pk: (self.cleaned_data[f"rank_{v.pk}"], self.cleaned_data.get(f"note_{v.pk}", ""))
            for v in self.values
        }


class StrengthForm(forms.ModelForm):
    class Meta:
        model = Strength
        fields = ["kind", "name", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2}), "kind": forms.RadioSelect}
        error_messages = {"name": {"required": _("Name the strength or the thing to develop.")}}


class CompassForm(forms.ModelForm):
    class Meta:
        model = ValuesProfile
        fields = ["workview", "lifeview", "shared"]
        widgets = {
            "workview": forms.Textarea(attrs={"rows": 4}),
            "lifeview": forms.Textarea(attrs={"rows": 4}),
        }


class OdysseyPlanForm(forms.ModelForm):
    class Meta:
        model = OdysseyPlan
        fields = [
            "plan_kind",
            "title",
            "year1",
            "year2",
            "year3",
            "year4",
            "year5",
            "questions",
            "resources",
            "likability",
            "confidence",
            "coherence",
            "shared",
        ]
        widgets = {
            **{f"year{i}": forms.Textarea(attrs={"rows": 2}) for i in range(1, 6)},
            "questions": forms.Textarea(attrs={"rows": 3}),
            **{
                g: forms.NumberInput(attrs={"min": GAUGE_MIN, "max": GAUGE_MAX})
                for g in OdysseyPlan.GAUGES
            },
        }
        error_messages = {
            "title": {"required": _("Give the plan a title of six words or fewer.")},
            "questions": {"required": _("Write at least one question this plan raises.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for gauge in OdysseyPlan.GAUGES:
            # The form field's own bounds check runs before the model's; same message.
            self.fields[gauge].error_messages.update(
                min_value=GAUGE_MESSAGE, max_value=GAUGE_MESSAGE
            )

    def clean_title(self) -> str:
        return plan_title_clean(self.cleaned_data["title"])

    def clean_questions(self) -> str:
        return plan_questions_clean(self.cleaned_data["questions"])


class PrototypeForm(forms.ModelForm):
    class Meta:
        model = Prototype
        fields = [
            "prototype_kind",
            "question",
            "plan",
            "what",
            "who_where",
            "status",
            "learned",
            "mentor_can_help",
            "shared",
        ]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 2}),
            "learned": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "question": {"required": _("Write the question this experiment answers.")}
        }

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan = self.fields["plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        plan.queryset = OdysseyPlan.objects.filter(owner=owner)


class StoryForm(forms.Form):
    text = forms.CharField(
        label=_("My career story"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": _("The story is empty; write something before saving.")},
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment before sending.")},
    )


SUMMARY_SECTIONS = [
    ("journal", _("Good Time Journal")),
    ("moments", _("Meaningful moments")),
    ("values", _("Values, strengths and compass")),
    ("odyssey", _("Odyssey plans")),
    ("prototypes", _("Prototypes")),
    ("story", _("Career story")),
]


class SummaryForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Include these sections"),
        choices=SUMMARY_SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one section to print.")},
    )


# Forms for editing one item of each kind on its own page (kind key -> form class).
EDIT_FORMS: dict[str, type[forms.ModelForm]] = {
    "entry": JournalEntryForm,
    "reflection": ReflectionForm,
    "moment": MomentForm,
    "values": CompassForm,
    "plan": OdysseyPlanForm,
    "prototype": PrototypeForm,
}
NEEDS_OWNER = {"moment", "prototype"}
