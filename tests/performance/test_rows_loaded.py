"""The coordinator's cohort-scale pages load about one page of rows, whatever the size of the
programme.

test_query_counts.py cannot tell a page that pages in SQL from one that loads every row and
pages in Python: both cost the same number of queries. Here each page is loaded on a
programme well larger than a page (tests/performance/cohort.py: 400 students, 240 mentors,
250 pairs, so 640 applications and 640 people), counting every row the database returns
(tests/performance/rows.py). A page that reads every application, pair or person fails; the
failure message gives the rows per table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings

from mentorlab.events.views import PEOPLE_PAGE_SIZE
from mentorlab.programmes.views import REVIEW_PAGE_SIZE
from tests.performance.cohort import cohort_create
from tests.performance.rows import rows_fetched
from tests.second_factor import sign_in

pytestmark = pytest.mark.django_db

STUDENTS, MENTORS, PAIRS = 400, 240, 250
# Rows a page may read besides its page of rows: the signed-in person, the session, the
# programme, its counts by status and the like (a few dozen), with room to spare.
OVERHEAD = 150
# The coordinator's home also lists the library's articles with their tags (40 in the cohort,
# four rows each): the library's size, not the programme's.
LIBRARY = 40 * 4

# name: (address, rows allowed). Addresses are formatted with the cohort's ids.
PAGES: dict[str, tuple[str, int]] = {
    "review list": ("/programmes/{slug}/review/", REVIEW_PAGE_SIZE + OVERHEAD),
    "review list, mentors, page 2": (
        "/programmes/{slug}/review/?role=mentor&page=2",
        REVIEW_PAGE_SIZE + OVERHEAD,
    ),
    "dashboard overview": ("/dashboard/{slug}/", OVERHEAD),
    "coordinator home (work queue)": ("/", LIBRARY + OVERHEAD),
    # A page of students without a group, a page of groups (11 of about 8 members here).
    "peer groups": ("/events/programme/{slug}/groups/", PEOPLE_PAGE_SIZE + 100 + OVERHEAD),
}


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Build the cohort once, load every page, roll everything back."""
    fast = {
        "LANGUAGE_CODE": "en",
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    }
    name = str(connection.settings_dict["NAME"])
    assert "memory" in name or "test" in name, f"not a test database: {name}"
    with django_db_blocker.unblock(), override_settings(**fast), transaction.atomic():
        cohort = cohort_create(
            students=STUDENTS, mentors=MENTORS, mentorships=PAIRS, events=3, registrations=40
        )
        client = sign_in(Client(), cohort["users"]["coordinator"])
        result = {}
        for page, (address, _bound) in PAGES.items():
            url = address.format(**cohort["ids"])
            client.get(url)  # warm up: caches
            with rows_fetched() as rows:
                response = client.get(url)
            result[page] = (response.status_code, rows, response.content.decode())
        transaction.set_rollback(True)
    yield result


@pytest.mark.parametrize("page", list(PAGES))
def test_a_coordinator_page_loads_about_one_page_of_rows(loaded: dict[str, Any], page: str) -> None:
    status, rows, _body = loaded[page]
    bound = PAGES[page][1]
    assert status == 200
    assert rows.total <= bound, (
        f"{page}: {rows.total} rows fetched, at most {bound} allowed on a programme of "
        f"{STUDENTS + MENTORS} people and {PAIRS} pairs (rows per table: {rows.by_table()})"
    )


def test_the_programme_is_larger_than_a_page(loaded: dict[str, Any]) -> None:
    """The bounds mean something: the review list really has several pages to show."""
    _status, _rows, body = loaded["review list"]
    assert f"{STUDENTS + MENTORS + 2} applications" in body
    assert STUDENTS + MENTORS > 2 * (REVIEW_PAGE_SIZE + OVERHEAD)
