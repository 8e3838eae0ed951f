from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorlab.core.translated import OTHER_LANGUAGES, add_translation_fields, field_name

from .models import Item, ItemKind, ProgrammeBenefit, Survey
from .services import HELP_CONSENT_FIELD, QUOTE_CONSENT_FIELD, item_field_name


class ItemField(forms.Field):
    """A form field for one survey item. Validation is the item's own (`clean_value`), so
    the form and the service give the same message for the same bad answer; required
    questions are checked only when the answers are sent, not when a draft is saved."""

    def __init__(self, item: Item, **kwargs: Any) -> None:
        self.item = item
        options = [(str(value), label) for value, label in item.options()]
        widget: forms.Widget
        if item.kind == ItemKind.MULTIPLE:
            widget = forms.CheckboxSelectMultiple(choices=options)
        elif item.kind == ItemKind.TEXT:
            widget = forms.Textarea(attrs={"rows": 4, "maxlength": 4000})
        else:
            widget = forms.RadioSelect(choices=options)
        label = item.text + ("" if item.required else f" ({_('optional')})")
        super().__init__(
            required=False, label=label, help_text=item.help_text, widget=widget, **kwargs
        )

    def clean(self, value: Any) -> Any:
        return self.item.clean_value(value)


class ResponseForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        survey: Survey,
        items: list[Item],
        answers: dict[int, Any] | None = None,
        may_quote: bool = False,
        read_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.items = items
        answers = answers or {}
        for item in items:
            name = item_field_name(item)
            self.fields[name] = ItemField(item)
            value = answers.get(item.pk)
            if value is not None:
                self.initial[name] = (
                    [str(v) for v in value] if isinstance(value, list) else str(value)
                )
        self.asks_help = any(item.help_answer for item in items)
        if self.asks_help and survey.anonymous:
            self.fields[HELP_CONSENT_FIELD] = forms.BooleanField(
                required=False,
                label=_(
                    "If I ask for help above, a coordinator may see my name with the request "
                    "and contact me."
                ),
            )
        self.asks_text = any(item.kind == ItemKind.TEXT for item in items)
        if self.asks_text:
            self.fields[QUOTE_CONSENT_FIELD] = forms.BooleanField(
                required=False,
                label=_("You may quote my written answers anonymously in reports"),
                help_text=_(
                    "Without my name, in the programme's report to its leadership. Leave "
                    "unticked and they are never quoted."
                ),
            )
            self.initial[QUOTE_CONSENT_FIELD] = may_quote
        if read_only:  # the survey is not open: show the saved answers, accept nothing
            for field in self.fields.values():
                field.disabled = True

    def answers(self) -> dict[int, Any]:
        return {item.pk: self.cleaned_data.get(item_field_name(item)) for item in self.items}

    def help_consent(self) -> bool:
        return bool(self.cleaned_data.get(HELP_CONSENT_FIELD))

    def may_quote(self) -> bool:
        return bool(self.cleaned_data.get(QUOTE_CONSENT_FIELD))

    @property
    def item_fields(self) -> list[forms.BoundField]:
        return [self[item_field_name(item)] for item in self.items]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class SurveyCreateForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = (
            "kind",
            "audience",
            "title",
            "intro",
            "opens_at",
            "closes_at",
            "anonymous",
            "min_group_size",
        )
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "intro": forms.Textarea(attrs={"rows": 3}),
        }


class BenefitForm(forms.ModelForm):
    class Meta:
        model = ProgrammeBenefit
        fields = ("statement", "active")


ITEM_TRANSLATED = ("text", "help_text", "choices")


class ItemEditForm(forms.Form):
    """A question as the coordinator writes it. Only the shape is checked here; what makes
    a question possible (enough choices, five labels…) is the service's to say, so the
    page and any other caller get the same message."""

    kind = forms.ChoiceField(label=_("Type of question"), choices=ItemKind.choices)
    text = forms.CharField(
        label=_("Question"),
        max_length=300,
        error_messages={"required": _("Write the question as respondents will read it.")},
    )
    help_text = forms.CharField(
        label=_("Help text"),
        max_length=300,
        required=False,
        help_text=_("Shown under the question, e.g. what a 0 and a 10 mean."),
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line. Single and multiple choice need at least two. For an agreement "
            "question, five lines (1 to 5) replace the usual labels; leave empty otherwise."
        ),
    )
    required = forms.BooleanField(label=_("Answer required before sending"), required=False)
    benefit = forms.ChoiceField(
        label=_("Measures the promised benefit"),
        required=False,
        help_text=_(
            "Only for agreement and 0–10 questions. Baseline and final answers with the same "
            "benefit are compared in the report."
        ),
    )
    help_answer = forms.CharField(
        label=_("Answer that asks for help"),
        max_length=200,
        required=False,
        help_text=_(
            "Single choice only: type one of the choices exactly. Picking it flags the "
            "respondent's mentorship for a coordinator."
        ),
    )

    def __init__(
        self,
        *args: Any,
        benefits: list[tuple[str, str]],
        current_benefit: str = "",
        item: Item | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The question, help text and choices boxes hold the English text; Finnish and
        # Swedish boxes follow each (empty: readers see the English), as in the admin.
        self.instance = item or Item()
        add_translation_fields(self, ITEM_TRANSLATED)
        options = [("", _("None"))] + [(key, f"{statement} ({key})") for key, statement in benefits]
        if current_benefit and current_benefit not in {key for key, _s in benefits}:
            options.append((current_benefit, current_benefit))
        benefit_field = self.fields["benefit"]
        assert isinstance(benefit_field, forms.ChoiceField)
        benefit_field.choices = options

    def translations(self) -> dict[str, str]:
        """The Finnish and Swedish boxes, as `{"text_fi": ..., ...}`."""
        return {
            field_name(name, lang): self.cleaned_data.get(field_name(name, lang)) or ""
            for name in ITEM_TRANSLATED
            for lang in OTHER_LANGUAGES
        }

    @classmethod
    def initial_for(cls, item: Item) -> dict[str, Any]:
        return {
            "kind": item.kind,
            "text": item.text,
            "help_text": item.help_text,
            "choices": item.choices,
            "required": item.required,
            "benefit": item.benefit,
            "help_answer": item.help_answer,
        }


class ItemPreviewForm(forms.Form):
    """One question rendered as a respondent sees it, for the editor's preview."""

    prefix = "preview"

    def __init__(self, item: Item) -> None:
        super().__init__()
        self.fields["answer"] = ItemField(item)


class ScaleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument file (CSV or Excel)"),
        help_text=_(
            "One row per item, with the columns scale, scale_name_en, rule (mean or sum), "
            "answer (1-5 or 0-10), subscale, subscale_name_en, item_en and reverse (yes for a "
            "reverse-scored item); _fi and _sv columns add Finnish and Swedish."
        ),
    )
