"""The Good Time Journal: entries, bad ratings, and a chart drawn from the data."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest
from django.urls import reverse

from mentorlab.careerdesign.models import JournalEntry, WeeklyReflection
from tests.careerdesign.factories import JournalEntryFactory

# Three weeks of entries (Mondays: 2, 9 and 16 March 2026), one on a Sunday to check the
# week boundary.
FIXTURE = [
    (dt.date(2026, 3, 2), 7, 2),
    (dt.date(2026, 3, 4), 9, 4),
    (dt.date(2026, 3, 8), 3, -4),  # Sunday: still the week of 2 March
    (dt.date(2026, 3, 9), 5, 0),
    (dt.date(2026, 3, 12), 6, -1),
    (dt.date(2026, 3, 16), 10, 5),
    (dt.date(2026, 3, 17), 2, -5),
    (dt.date(2026, 3, 20), 8, 3),
]


def independent_weekly_averages():
    weeks = defaultdict(list)
    for day, engagement, energy in FIXTURE:
        monday = day.toordinal() - day.weekday()
        weeks[dt.date.fromordinal(monday)].append((engagement, energy))
    return {
        week.isoformat(): (
            sum(e for e, _ in rows) / len(rows),
            sum(n for _, n in rows) / len(rows),
        )
        for week, rows in weeks.items()
    }


@pytest.fixture
def entries(actor):
    return [
        JournalEntryFactory(owner=actor, day=day, engagement=engagement, energy=energy)
        for day, engagement, energy in FIXTURE
    ]


def test_chart_values_equal_the_weekly_averages_of_the_entries(as_user, actor, entries):
    page = as_user(actor).get(reverse("careerdesign:journal")).content.decode()
    expected = independent_weekly_averages()

    # The SVG bars carry their values.
    svg = re.search(r"<svg[^>]*role=\"img\".*?</svg>", page, re.S).group(0)
    assert "<title" in svg and "<desc" in svg
    bars = defaultdict(dict)
    for week, body in re.findall(r'<g class="week" data-week="([\d-]+)">(.*?)</g>', svg, re.S):
        for series, value in re.findall(r'data-series="(\w+)" data-value="(-?[\d.]+)"', body):
            bars[week][series] = float(value)
    assert set(bars) == set(expected)
    for week, (engagement, energy) in expected.items():
        assert bars[week]["engagement"] == pytest.approx(engagement, abs=0.005)
        assert bars[week]["energy"] == pytest.approx(energy, abs=0.005)

    # The table alternative has the same numbers.
    rows = re.findall(
        r'<tr data-week="([\d-]+)">.*?data-engagement="(-?[\d.]+)".*?data-energy="(-?[\d.]+)"',
        page,
        re.S,
    )
    table = {w: (float(e), float(n)) for w, e, n in rows}
    assert set(table) == set(expected)
    for week, (engagement, energy) in expected.items():
        assert table[week] == pytest.approx((engagement, energy), abs=0.005)


def test_negative_energy_draws_downwards_from_the_zero_line(as_user, actor):
    JournalEntryFactory(owner=actor, engagement=5, energy=-4)
    page = as_user(actor).get(reverse("careerdesign:journal")).content.decode()
    rect = re.search(r'<rect class="bar energy"[^>]*>', page).group(0)
    zero = re.search(r'class="grid zero"', page)
    assert zero
    height = float(re.search(r'height="([\d.]+)"', rect).group(1))
    assert height > 0


def entry_data(**overrides):
    data = {
        "entry-day": "2026-03-02",
        "entry-activity": "Design review with the team",
        "entry-engagement": "8",
        "entry-energy": "3",
        "entry-note": "Loved the whiteboard part",
        "entry-tag_environment": "meeting room, whiteboard",
    }
    data.update(overrides)
    return data


def test_actor_adds_an_entry(as_user, actor):
    response = as_user(actor).post(reverse("careerdesign:journal"), entry_data())
    assert response.status_code == 302
    entry = JournalEntry.objects.get(owner=actor)
    assert entry.engagement == 8 and not entry.shared
    page = as_user(actor).get(reverse("careerdesign:item", args=["entry", entry.pk]))
    assert "whiteboard" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("entry-engagement", "11", "Engagement goes from 1 (not at all) to 10"),
        ("entry-engagement", "0", "Engagement goes from 1 (not at all) to 10"),
        ("entry-engagement", "-1", "Engagement goes from 1 (not at all) to 10"),
        ("entry-energy", "6", "Energy goes from −5 (drained) to +5"),
        ("entry-energy", "-9", "Energy goes from −5 (drained) to +5"),
        ("entry-activity", "", "Say in a few words what you were doing."),
    ],
)
def test_out_of_range_or_missing_values_are_refused_and_input_kept(
    as_user, actor, field, value, message
):
    response = as_user(actor).post(reverse("careerdesign:journal"), entry_data(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Loved the whiteboard part" in page  # what was typed is still there
    assert not JournalEntry.objects.exists()


def test_weekly_reflection_is_saved_and_private(as_user, actor, mentor, mentorship):
    response = as_user(actor).post(
        reverse("careerdesign:journal"),
        {"reflection-week": "2026-03-02", "reflection-text": "Mornings are my best time."},
    )
    assert response.status_code == 302
    reflection = WeeklyReflection.objects.get(owner=actor)
    assert not reflection.shared
    url = reverse("careerdesign:item", args=["reflection", reflection.pk])
    assert as_user(mentor).get(url).status_code == 404


def test_second_reflection_for_the_same_week_is_refused(as_user, actor):
    data = {"reflection-week": "2026-03-02", "reflection-text": "First."}
    as_user(actor).post(reverse("careerdesign:journal"), data)
    response = as_user(actor).post(
        reverse("careerdesign:journal"), {**data, "reflection-text": "Second thoughts."}
    )
    assert response.status_code == 200
    assert "Second thoughts." in response.content.decode()
    assert WeeklyReflection.objects.count() == 1
