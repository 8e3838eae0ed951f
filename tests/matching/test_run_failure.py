"""A matching run that breaks for any reason ends FAILED with a message the coordinator can
read, so the waiting page stops polling; the details go to the log, not to the page."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from mentorlab.matching import engine, services
from mentorlab.matching.engine import Weights
from mentorlab.matching.models import MatchRun, RunStatus

pytestmark = pytest.mark.django_db


def _queued_run(programme, by) -> MatchRun:
    return MatchRun.objects.create(programme=programme, created_by=by, weights=Weights().as_dict())


def test_an_unexpected_engine_error_fails_the_run_with_a_readable_message(
    monkeypatch, caplog, as_user, coordinator, programme, actor, mentor
):
    def broken_engine(problem):
        raise RuntimeError("solver exploded: secret internals")

    monkeypatch.setattr(engine, "match", broken_engine)
    run = _queued_run(programme, coordinator)
    with caplog.at_level(logging.ERROR, logger="mentorlab.matching.services"):
        services.match_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.is_finished
    assert "unexpected error" in run.error
    assert "secret internals" not in run.error
    assert "solver exploded" in caplog.text  # logged with its traceback for the developers

    client = as_user(coordinator)
    page = client.get(reverse("matching:run", args=[programme.slug, run.pk]))
    body = page.content.decode()
    assert "This run did not produce a proposal:" in body
    assert "unexpected error" in body
    assert "secret internals" not in body and "Traceback" not in body
    # The polling fragment no longer asks to be polled: htmx gets a refresh instead.
    polled = client.get(
        reverse("matching:run", args=[programme.slug, run.pk]), headers={"HX-Request": "true"}
    )
    assert polled["HX-Refresh"] == "true"


def test_an_input_error_keeps_its_own_explanation(monkeypatch, coordinator, programme):
    def refuses(problem):
        raise engine.MatchingInputError("a locked pair breaks a hard rule")

    monkeypatch.setattr(engine, "match", refuses)
    run = _queued_run(programme, coordinator)
    services.match_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "a locked pair breaks a hard rule"
