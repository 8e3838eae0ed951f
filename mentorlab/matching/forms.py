from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mentorlab.accounts.models import User

from .engine import Weights
from .explain import CRITERION_LABELS
from .models import Mode

WEIGHT_HELP = {
    "topics": _(
        "How much it counts that the mentor knows the topics the student wants to discuss."
    ),
    "industry": _("The mentor works in an industry the student is curious about."),
    "text": _(
        "The mentor's description of what they offer echoes the student's own goals, word for word or close."
    ),
    "location": _("Both live in the same city, or both are happy to meet online."),
    "preference": _("The student ranked this mentor among their choices."),
    "diversity": _(
        "Prefer a mentor from a different field than the student's own, for a fresh perspective. Off by default."
    ),
    "group_cohesion": _(
        "For mentors with a small group: prefer groups whose students share topics."
    ),
}
WEIGHT_LABELS = {
    "topics": _("Shared topics"),
    "industry": _("Industry of interest"),
    "text": _("Goals and offer in similar words"),
    "location": _("Same city or both remote"),
    "preference": _("Student's own ranking"),
    "diversity": _("A different field"),
    "group_cohesion": _("Groups with shared topics"),
}


class RunForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What matters most"),
        choices=Mode.choices,
        initial=Mode.BEST,
        widget=forms.RadioSelect,
        help_text=_(
            "Every mode first matches as many students as the rules allow. Then: the best total "
            "fit; or the best fit for the worst-off pair, then the total; or as many students as "
            "possible with one of their own choices, then the total."
        ),
    )
    k = forms.IntegerField(
        label=_("Shortlist per person"),
        min_value=3,
        max_value=100,
        initial=10,
        help_text=_(
            "Each student's best mentors and each mentor's best students are considered. The "
            "page reports how far the result can be from the best over all pairs."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        defaults = Weights()
        for name, value in defaults.as_dict().items():
            self.fields[f"w_{name}"] = forms.FloatField(
                label=WEIGHT_LABELS[name],
                min_value=0,
                max_value=10,
                initial=value,
                help_text=WEIGHT_HELP[name],
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("w_")]

    def weights(self) -> Weights:
        return Weights(**{n[2:]: v for n, v in self.cleaned_data.items() if n.startswith("w_")})


class PairForm(forms.Form):
    """Pick an actor and a mentor of the programme (for locks and exclusions)."""

    actor = forms.ModelChoiceField(label=_("Student"), queryset=User.objects.none())
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=User.objects.none())
    note = forms.CharField(label=_("Why (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, actors: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]


class ProposalViewForm(forms.Form):
    """The proposal page's sort and filters, read from the query string (so links, reloads
    and the back button keep them). Unknown values fall back to the defaults."""

    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("weakest", _("Weakest pairs first")),
            ("strongest", _("Strongest pairs first")),
            ("mentor", _("By mentor")),
            ("student", _("By student")),
        ],
    )
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("all", _("All pairs")),
            ("locked", _("Locked")),
            ("swapped", _("Changed by hand")),
        ],
    )
    reason = forms.ChoiceField(label=_("Main reason"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *[(name, capfirst(str(label))) for name, label in CRITERION_LABELS.items()],
            ("-", _("None")),
        ]

    def choice(self) -> dict[str, Any]:
        """{"sort", "show", "reason"}: reason is None for every pair, "" for pairs that no
        criterion gave points."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        reason = data.get("reason") or None
        return {
            "sort": data.get("sort") or "weakest",
            "show": data.get("show") or "all",
            "reason": "" if reason == "-" else reason,
        }


class RankingForm(forms.Form):
    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [("", _("– no choice –")), *choices]
        for rank, label in (
            (1, _("First choice")),
            (2, _("Second choice")),
            (3, _("Third choice")),
        ):
            self.fields[f"rank{rank}"] = forms.ChoiceField(
                label=label, choices=options, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"rank{r}") for r in (1, 2, 3) if data.get(f"rank{r}")]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Each mentor can be ranked only once."))
        data["ranked"] = chosen
        return data
