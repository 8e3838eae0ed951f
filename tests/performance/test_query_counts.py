"""Every main page costs a fixed number of database queries whatever the data size.

Each page is loaded on a small programme (2 units of data, see tests/performance/world.py)
and again after the data has grown fourfold (8 units: 4x the students, mentorships,
meetings, goals, events, registrations, groups, survey answers, articles, toolkit items,
proposal pairs, coordinated programmes and messages). A page whose query count grows with the data
has an N+1 query: a loop in a view, selector, template or template tag that asks the
database once per row. Fix it with select_related/prefetch_related/annotations.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.performance.world import World, world_create, world_grow
from tests.second_factor import sign_in

# Without the marker pytest-django would not create the test database for the module fixture.
pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 8
# A page may cost this many more queries on the larger data set (none so far).
SLACK = 0

# (persona, address). Addresses are formatted with World.ids().
PAGES: dict[str, tuple[str, str]] = {
    "actor-home": ("actor", "/"),
    "mentor-home": ("mentor", "/"),
    "coordinator-home": ("coordinator", "/"),
    "programme-page": ("actor", "/programmes/{slug}/"),
    "review-list": ("coordinator", "/programmes/{slug}/review/"),
    "matching-home": ("coordinator", "/matching/{slug}/"),
    "matching-run": ("coordinator", "/matching/{slug}/runs/{run}/"),
    "actor-workspace": ("actor", "/mentorships/{pair}/"),
    "mentor-workspace": ("mentor", "/mentorships/{pair}/"),
    "mentorship-overview": ("coordinator", "/mentorships/programme/{slug}/"),
    "dashboard-overview": ("coordinator", "/dashboard/{slug}/"),
    "dashboard-funnel": ("coordinator", "/dashboard/{slug}/funnel/"),
    "dashboard-cycles": ("coordinator", "/dashboard/{slug}/cycles/"),
    "actor-events": ("actor", "/events/"),
    "coordinator-events": ("coordinator", "/events/"),
    "programme-events": ("coordinator", "/events/programme/{slug}/"),
    "event-detail": ("actor", "/events/{event}/"),
    "event-registrations": ("coordinator", "/events/{event}/registrations/"),
    "event-check-in": ("coordinator", "/events/{event}/check-in/"),
    "groups-manage": ("coordinator", "/events/programme/{slug}/groups/"),
    "actor-group": ("actor", "/events/groups/{group}/"),
    "actor-conversation": ("actor", "/conversations/mentorship/{pair}/"),
    "actor-notifications": ("actor", "/notifications/"),
    "mentor-notifications": ("mentor", "/notifications/"),
    "mentor-conversation-poll": ("mentor", "/conversations/mentorship/{pair}/messages/"),
    "actor-group-conversation": ("actor", "/conversations/group/{group}/"),
    "directory": ("actor", "/events/programme/{slug}/directory/"),
    "actor-library": ("actor", "/library/"),
    "coordinator-library": ("coordinator", "/library/"),
    "actor-surveys": ("actor", "/surveys/"),
    "mentor-surveys": ("mentor", "/surveys/"),
    "help-requests": ("coordinator", "/surveys/p/{slug}/help/"),
    "programme-surveys": ("coordinator", "/surveys/p/{slug}/"),
    "survey-detail": ("coordinator", "/surveys/p/{slug}/{survey}/"),
    "survey-report": ("coordinator", "/surveys/p/{slug}/{survey}/report/"),
    "toolkit-index": ("actor", "/toolkit/"),
    "toolkit-journal": ("actor", "/toolkit/journal/"),
    "toolkit-shared": ("mentor", "/toolkit/shared/"),
    "toolkit-shared-actor": ("mentor", "/toolkit/shared/{actor}/"),
}


def _measure(world: World) -> dict[str, tuple[int, int]]:
    """(status, queries) per page, each page loaded once to warm caches first."""
    ids = {**world.ids(), "actor": world.actor.pk}
    clients: dict[str, Client] = {}
    for persona in ("actor", "mentor", "coordinator"):
        clients[persona] = sign_in(Client(), getattr(world, persona))
    result = {}
    for name, (persona, address) in PAGES.items():
        url = address.format(**ids)
        client = clients[persona]
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        result[name] = (response.status_code, len(queries))
    return result


@pytest.fixture(scope="module")
def counts(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Build the world once for the module, measure small and large, roll everything back."""
    fast = {
        "LANGUAGE_CODE": "en",
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    }
    # The marker below makes pytest-django create the test database; never write elsewhere.
    name = str(connection.settings_dict["NAME"])
    assert "memory" in name or "test" in name, f"not a test database: {name}"
    with django_db_blocker.unblock(), override_settings(**fast), transaction.atomic():
        world = world_grow(world_create(), SMALL)
        small = _measure(world)
        world_grow(world, LARGE - SMALL)
        large = _measure(world)
        transaction.set_rollback(True)
    yield {"small": small, "large": large}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_costs_the_same_number_of_queries_with_four_times_the_data(
    counts: dict[str, Any], page: str
) -> None:
    status_small, small = counts["small"][page]
    status_large, large = counts["large"][page]
    assert status_small == status_large == 200, (status_small, status_large)
    assert large <= small + SLACK, (
        f"{page}: {small} queries with {SMALL} units of data, {large} with {LARGE} "
        "(an N+1 query: something asks the database once per row)"
    )


def test_the_check_can_fail(counts: dict[str, Any]) -> None:
    """The larger data set really is larger: the pages above show more rows."""
    assert LARGE >= 3 * SMALL
