"""The one way a view shows a service's refusal: on the form, or as messages on the next page.

Services raise `ValidationError`, keyed by field when a message is about one field
(`ValidationError({"title": ...})`) and plain otherwise. A view that has a form puts the
messages on it (`add_errors_to_form`); a view that only redirects shows them as messages
(`messages_from_error`).
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _


def add_errors_to_form(
    form: forms.BaseForm,
    exc: ValidationError,
    *,
    field_names: Mapping[str, str] | None = None,
    default_field: str | None = None,
) -> None:
    """Show the error on the form: a message keyed by a field goes on the form's field of
    that name (`field_names` renames a model field to the form's, e.g. "start" →
    "start_time"); any other message goes above the form, or on `default_field` when the
    form has one input the messages are about."""
    if not hasattr(exc, "error_dict"):
        form.add_error(default_field, exc)
        return
    rename = field_names or {}
    for key, errors in exc.error_dict.items():
        name = rename.get(key, key)
        form.add_error(name if name in form.fields else default_field, errors)


def messages_from_error(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    """Show each of the error's messages as an error message on the next page."""
    if isinstance(exc, PermissionDenied):
        messages.error(request, str(exc) or _("You cannot do that here."))
        return
    for text in exc.messages:
        messages.error(request, text)
