"""Forms of the set-up pages. They only turn what was typed into values: every rule
(dates in order, a free address, two choices for a choice question) is the model's, checked
by the services in `setup.py`, whose errors the views put back on these forms by field.

The field lists come from `setup.py` (`settings_fields()` and the like), which lists a text
once per language when the models keep one column per language; the labels then say which
language, and only the site's default language is required (the others fall back to it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mentorlab.core.content_columns import split_column
from mentorlab.core.errors import add_errors_to_form

from . import setup
from .models import CustomQuestion, Programme, Topic

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _model_fields(
    model: type[models.Model], names: Sequence[str], widgets: dict[str, Any] | None = None
) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    made = forms.fields_for_model(model, fields=list(names), widgets=widgets)
    for name in names:
        field = made[name]
        if field is None:
            continue
        base, code = split_column(model, name)
        if code is not None:
            base_field = model._meta.get_field(base)
            assert isinstance(base_field, models.Field)
            field.label = format_lazy(
                "{} ({})", base_field.verbose_name.capitalize(), LANGUAGE_NAMES[code]
            )
            field.required = code == settings.LANGUAGE_CODE and not base_field.blank
            if code != settings.LANGUAGE_CODE:
                field.help_text = _("Leave empty to show the English text.")
        fields[name] = field
    return fields


class _FieldsForm(forms.Form):
    model: type[models.Model]

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def add_service_errors(self, exc: ValidationError) -> None:
        """A service's refusal on the form: an error about a text in general ("name") goes
        on its field in the default language ("name_en") when the form edits each language."""
        rename = {}
        for name in self.fields:
            base, code = split_column(self.model, name)
            if code == settings.LANGUAGE_CODE:
                rename[base] = name
        add_errors_to_form(self, exc, field_names=rename)


def programme_form_class(*, with_slug: bool) -> type[_FieldsForm]:
    """The programme's settings; with the address (slug) when it is being made."""
    names = list(setup.settings_fields())
    if with_slug:
        names.insert(names.index(setup.DATE_FIELDS[0]), "slug")
    widgets: dict[str, Any] = {name: DATE_INPUT for name in setup.DATE_FIELDS}
    widgets.update(
        {
            name: forms.Textarea(attrs={"rows": 4})
            for name in names
            if split_column(Programme, name)[0] == "description"
        }
    )
    fields = _model_fields(Programme, names, widgets)
    if with_slug:
        fields["slug"].help_text = _(
            "Lower-case letters, digits and hyphens, e.g. mentoring-2028. It appears in the "
            "programme's addresses and cannot be changed later."
        )
    return type("ProgrammeSettingsForm", (_FieldsForm,), {"model": Programme, **fields})


def programme_initial(programme: Programme) -> dict[str, Any]:
    return {name: getattr(programme, name) for name in setup.settings_fields()}


class CopyChoiceForm(forms.Form):
    """Step one of a copy: from which programme, starting when."""

    source = forms.ModelChoiceField(
        label=_("Copy this programme"), queryset=Programme.objects.none(), empty_label=None
    )
    first_date = forms.DateField(
        label=_("The new cycle's first day"),
        help_text=_(
            "The day the first application window opens. Every other date moves by as many "
            "days; you can still change each one before saving."
        ),
        widget=DATE_INPUT,
    )

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sources


def question_form_class() -> type[_FieldsForm]:
    names = setup.question_fields()
    widgets: dict[str, Any] = {
        name: forms.Textarea(attrs={"rows": 4})
        for name in names
        if split_column(CustomQuestion, name)[0] == "choices"
    }
    fields = _model_fields(CustomQuestion, names, widgets)
    for name in names:
        if split_column(CustomQuestion, name)[0] == "choices":
            fields[name].help_text = _(
                "For a single or multiple choice question: one choice per line, at least two."
            )
    return type("QuestionForm", (_FieldsForm,), {"model": CustomQuestion, **fields})


def question_initial(question: CustomQuestion) -> dict[str, Any]:
    return {name: getattr(question, name) for name in setup.question_fields()}


def topic_form_class() -> type[_FieldsForm]:
    fields = _model_fields(Topic, setup.topic_fields())
    return type("TopicForm", (_FieldsForm,), {"model": Topic, **fields})


def topic_initial(topic: Topic) -> dict[str, Any]:
    return {name: getattr(topic, name) for name in setup.topic_fields()}


class CoordinatorAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of their account"),
        help_text=_("The person must already have a Mentorlab account."),
    )
