"""The row counter counts every row a query returns, whatever the kind of query."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.factories import UserFactory
from tests.performance.rows import rows_fetched

pytestmark = pytest.mark.django_db


def test_rows_fetched_counts_instances_values_and_aggregates() -> None:
    for _ in range(5):
        UserFactory()
    users = get_user_model().objects
    with rows_fetched() as rows:
        list(users.all())  # 5 instances
        users.count()  # 1 row
        list(users.values_list("id", flat=True)[:2])  # 2 rows
    assert rows.total == 8
    assert rows.by_table() == {"accounts_user": 8}


def test_rows_fetched_stops_counting_when_the_block_ends() -> None:
    UserFactory()
    with rows_fetched() as rows:
        pass
    list(get_user_model().objects.all())
    assert rows.total == 0
