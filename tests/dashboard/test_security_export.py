"""Exports quote every cell a spreadsheet could run as a formula, including ones that
start with a tab or carriage return (spreadsheets skip those and read the formula)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_cells_starting_with_tab_or_return_are_quoted(as_user, coordinator, programme, actor):
    application = actor.actor_applications.get(programme=programme)
    application.city = "\t=1+1"
    application.field_of_study = "\r=2+2"
    application.save(update_fields=["city", "field_of_study"])
    url = reverse("dashboard:export", args=[programme.slug, "applications", "csv"])
    body = as_user(coordinator).get(url).content.decode("utf-8-sig")
    assert "'\t=1+1" in body
    assert "'\r=2+2" in body
