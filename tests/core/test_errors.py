"""The one way a service's ValidationError reaches the person: on the form's fields, above
the form, or as messages on the next page."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.test import RequestFactory

from mentorlab.core.errors import add_errors_to_form, messages_from_error


class MeetingForm(forms.Form):
    title = forms.CharField(required=False)
    start_time = forms.CharField(required=False)


def _valid_form() -> MeetingForm:
    form = MeetingForm({"title": "Coffee", "start_time": "10:00"})
    assert form.is_valid()
    return form


def test_a_field_error_lands_on_that_field():
    form = _valid_form()
    add_errors_to_form(form, ValidationError({"title": "Give the meeting a title."}))
    assert form.errors["title"] == ["Give the meeting a title."]
    assert form.non_field_errors() == []
    assert "title" not in form.cleaned_data


def test_a_plain_error_is_shown_above_the_form():
    form = _valid_form()
    add_errors_to_form(form, ValidationError(["The mentorship has ended.", "Ask again."]))
    assert form.non_field_errors() == ["The mentorship has ended.", "Ask again."]
    assert "title" not in form.errors


def test_an_error_about_a_field_the_form_lacks_is_shown_above_the_form():
    form = _valid_form()
    add_errors_to_form(
        form,
        ValidationError({"mentorship": "Not yours.", NON_FIELD_ERRORS: "Too late.", "title": "x"}),
    )
    assert form.non_field_errors() == ["Not yours.", "Too late."]
    assert form.errors["title"] == ["x"]


def test_model_field_names_can_be_renamed_to_the_forms():
    form = _valid_form()
    add_errors_to_form(
        form,
        ValidationError({"start": "Starts in the past."}),
        field_names={"start": "start_time"},
    )
    assert form.errors["start_time"] == ["Starts in the past."]


def test_other_errors_can_go_on_the_forms_one_input():
    form = _valid_form()
    add_errors_to_form(form, ValidationError("Too long."), default_field="title")
    assert form.errors["title"] == ["Too long."]
    assert form.non_field_errors() == []


@pytest.fixture
def request_with_messages():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _shown(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_each_message_of_an_error_becomes_one_error_message(request_with_messages):
    messages_from_error(request_with_messages, ValidationError(["Full.", "Closed."]))
    assert _shown(request_with_messages) == [("error", "Full."), ("error", "Closed.")]


def test_field_keyed_messages_become_messages_too(request_with_messages):
    messages_from_error(request_with_messages, ValidationError({"title": "No title."}))
    assert _shown(request_with_messages) == [("error", "No title.")]


def test_a_refusal_becomes_a_message(request_with_messages):
    messages_from_error(request_with_messages, PermissionDenied("Only the author can."))
    messages_from_error(request_with_messages, PermissionDenied())
    assert _shown(request_with_messages) == [
        ("error", "Only the author can."),
        ("error", "You cannot do that here."),
    ]
