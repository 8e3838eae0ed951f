"""Helpers for content stored in several languages by django-modeltranslation: a field `name`
of a registered model has the columns `name_en`, `name_fi` and `name_sv`, and `obj.name` reads
the active language with a fallback. These helpers work on any such model and import no app.

Choice lists ("one choice per line") are the subtle part: an answer must mean the same whatever
language its author read. So a choice's *key* is its line in the first language that has
choices (English, normally), answers store the key, and the reader sees the line at the same
position in their own language."""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT_LANGUAGE: str = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
# The order in which a language's missing text is looked for (the reader's own comes first).
FALLBACK_ORDER: tuple[str, ...] = tuple(settings.MODELTRANSLATION_FALLBACK_LANGUAGES)


LANGUAGE_NAMES = {"en": _("English"), "fi": _("Finnish"), "sv": _("Swedish")}
OTHER_LANGUAGES: tuple[str, ...] = tuple(c for c in CONTENT_LANGUAGES if c != DEFAULT_LANGUAGE)


def field_name(field: str, language: str) -> str:
    return f"{field}_{language}"


def language_fields(field: str) -> list[str]:
    """`["name_en", "name_fi", "name_sv"]` for `"name"`."""
    return [field_name(field, language) for language in CONTENT_LANGUAGES]


def in_each_language(text: Any) -> dict[str, str]:
    """A lazily translated text (or a plain one) as it reads in each content language."""
    values = {}
    for language in CONTENT_LANGUAGES:
        with translation.override(language):
            values[language] = str(text)
    return values


def translated_values(field: str, text: Any) -> dict[str, str]:
    """Keyword arguments that store `text` (usually a gettext_lazy string from the catalogue)
    in every language: `{"name_en": ..., "name_fi": ..., "name_sv": ...}`."""
    return {field_name(field, lang): value for lang, value in in_each_language(text).items()}


def copied_values(source: Any, source_field: str, target_field: str) -> dict[str, Any]:
    """Keyword arguments that copy every language of one object's field to another field."""
    return {
        field_name(target_field, lang): getattr(source, field_name(source_field, lang))
        for lang in CONTENT_LANGUAGES
    }


def read_when_shown(obj: Any, field: str) -> Any:
    """A translated field read only when the text around it is rendered, so it comes out in
    the language active then: a notification names the programme in its recipient's
    language, not in the language of whoever caused it."""
    return lazy(lambda: getattr(obj, field), str)()


def value_in(obj: Any, field: str, language: str) -> str:
    """The field in `language` exactly as written there ("" when it was not)."""
    return getattr(obj, field_name(field, language), None) or ""


def blank_to_null(obj: Any, fields: tuple[str, ...]) -> None:
    """Stores an unwritten translation as NULL rather than "", for fields whose per-language
    unique constraints must ignore languages nobody has written yet."""
    for field in fields:
        for name in language_fields(field):
            value = getattr(obj, name, None)
            if isinstance(value, str) and not value.strip():
                setattr(obj, name, None)


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def choice_keys(obj: Any, field: str = "choices") -> list[str]:
    """The stored values of a choice list: its lines in the first language that has any."""
    for language in FALLBACK_ORDER:
        found = lines(value_in(obj, field, language))
        if found:
            return found
    return []


def choice_labels(obj: Any, field: str = "choices") -> list[str]:
    """The choices as the reader sees them: in the active language when that language has
    the same number of lines as the keys, else the keys themselves."""
    keys = choice_keys(obj, field)
    language = translation.get_language() or DEFAULT_LANGUAGE
    for candidate in (language.split("-")[0], *FALLBACK_ORDER):
        if candidate not in CONTENT_LANGUAGES:
            continue
        labels = lines(value_in(obj, field, candidate))
        if labels and len(labels) == len(keys):
            return labels
    return keys


def choice_options(obj: Any, field: str = "choices") -> list[tuple[str, str]]:
    """(stored value, label in the reader's language) for each choice, in order."""
    return list(zip(choice_keys(obj, field), choice_labels(obj, field), strict=True))


def label_for_choice(obj: Any, value: Any, field: str = "choices") -> Any:
    """A stored answer shown in the reader's language (a list stays a list); a value that is
    no longer one of the choices is shown as it was stored."""
    labels = dict(choice_options(obj, field))
    if isinstance(value, list | tuple):
        return [labels.get(str(v), v) for v in value]
    if isinstance(value, str):
        return labels.get(value, value)
    return value


def choice_count_errors(obj: Any, field: str = "choices") -> dict[str, Any]:
    """Errors for translations of a choice list whose number of lines differs from the
    keys': the n-th line of each language must be the same choice."""
    keys = choice_keys(obj, field)
    errors: dict[str, Any] = {}
    for language in CONTENT_LANGUAGES:
        found = lines(value_in(obj, field, language))
        if found and len(found) != len(keys):
            errors[field_name(field, language)] = _(
                "Give the same choices in every language, one per line in the same order: "
                "this has %(found)d lines, the other language %(keys)d."
            ) % {"found": len(found), "keys": len(keys)}
    return errors


def add_translation_fields(form: Any, fields: tuple[str, ...]) -> None:
    """Gives a ModelForm that edits `fields` (whose own boxes hold the English text) a box
    per other language after each, labelled with the language, filled from the instance.
    Empty boxes mean "show the English text"."""
    instance = form.instance
    new_fields = {}
    for name, bound in form.fields.items():
        new_fields[name] = bound
        if name not in fields:
            continue
        base_label = bound.label
        language = LANGUAGE_NAMES[DEFAULT_LANGUAGE]
        bound.label = _("%(field)s (%(language)s)") % {"field": base_label, "language": language}
        if instance.pk:
            form.initial[name] = value_in(instance, name, DEFAULT_LANGUAGE)
        for code in OTHER_LANGUAGES:
            extra = copy.deepcopy(bound)
            extra.required = False
            extra.label = _("%(field)s (%(language)s)") % {
                "field": base_label,
                "language": LANGUAGE_NAMES[code],
            }
            extra.help_text = _("Leave empty to show the English text.")
            new_fields[field_name(name, code)] = extra
            if instance.pk:
                form.initial[field_name(name, code)] = value_in(instance, name, code)
    form.fields = new_fields
