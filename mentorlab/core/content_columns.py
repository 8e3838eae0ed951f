"""Which columns hold a piece of content that may be written in each of the site's
languages. With per-language columns (`name_en`, `name_fi`, `name_sv`, as
django-modeltranslation adds them) a set-up form edits and a copy takes every one of them;
without, the plain column. Forms and services build their field lists from here, so the
same code serves both."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def column(name: str, code: str) -> str:
    return f"{name}_{code.replace('-', '_')}"


def content_columns(model: type[models.Model], names: Iterable[str]) -> tuple[str, ...]:
    """`names` with each translated one replaced by its per-language columns, default
    language first."""
    present = {field.name for field in model._meta.get_fields()}
    codes = language_codes()
    columns: list[str] = []
    for name in names:
        variants = [column(name, code) for code in codes]
        columns.extend(variants if all(v in present for v in variants) else [name])
    return tuple(columns)


def split_column(model: type[models.Model], name: str) -> tuple[str, str | None]:
    """("name", "fi") for `name_fi` of a translated field, (name, None) otherwise."""
    present = {field.name for field in model._meta.get_fields()}
    for code in language_codes():
        suffix = "_" + code.replace("-", "_")
        base = name.removesuffix(suffix)
        if base != name and base in present and name in present:
            return base, code
    return name, None
