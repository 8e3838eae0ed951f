from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Item, ItemKind, ProgrammeBenefit, Survey
from .services import HELP_CONSENT_FIELD, item_field_name


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

    def answers(self) -> dict[int, Any]:
        return {item.pk: self.cleaned_data.get(item_field_name(item)) for item in self.items}

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
