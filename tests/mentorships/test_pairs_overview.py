"""The coordinator's pairs overview at scale: search, filters, order and pages in the database,
bulk nudge and export of the ticked pairs, and one page of rows loaded whatever the size."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.audit.models import Action, AuditEntry
from mentorlab.mentorships import selectors
from mentorlab.mentorships.attention import own_conditions_sql, own_flags
from mentorlab.mentorships.models import (
    Goal,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipActor,
    Visibility,
)
from mentorlab.programmes.models import ActorApplication
from tests.performance.rows import rows_fetched

pytestmark = pytest.mark.django_db


def overview(programme, query: str = "") -> str:
    return reverse("mentorships:coordinator", args=[programme.slug]) + query


def export(programme, query: str) -> str:
    return reverse("mentorships:coordinator_export", args=[programme.slug]) + query


def listed(body: str) -> list[str]:
    """The mentors' names in the table's rows, in order."""
    return [n for n in ("Maija Mentor", "Niko Othermentor") if f'<th scope="row">{n}</th>' in body]


def order_of(body: str) -> list[str]:
    names = ["Maija Mentor", "Niko Othermentor"]
    found = [(body.index(f'<th scope="row">{n}</th>'), n) for n in names if n in body]
    return [n for _, n in sorted(found)]


@pytest.fixture
def ended_pair(other_pair):
    """The second pair, completed a while ago."""
    Mentorship.objects.filter(pk=other_pair.pk).update(
        state="completed", ended_at=timezone.now() - dt.timedelta(days=3)
    )
    return other_pair


# --- who may see it -----------------------------------------------------------------------
def test_only_the_programmes_coordinator_sees_the_overview_and_its_export(
    as_user, coordinator, other_coordinator, actor, mentor, programme, pair
):
    assert as_user(coordinator).get(overview(programme)).status_code == 200
    assert as_user(coordinator).get(export(programme, f"?pair={pair.pk}")).status_code == 200
    for person in (other_coordinator, actor, mentor):
        assert as_user(person).get(overview(programme)).status_code == 404
        assert as_user(person).get(export(programme, f"?pair={pair.pk}")).status_code == 404


def test_exporting_a_pair_of_another_programme_is_a_404(
    as_user, other_coordinator, other_programme, pair
):
    response = as_user(other_coordinator).get(export(other_programme, f"?pair={pair.pk}"))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=Action.DATA_EXPORTED).exists()


# --- search, filters, order ---------------------------------------------------------------
def test_search_finds_a_pair_by_a_students_name_or_the_mentors_e_mail(
    as_user, coordinator, programme, pair, other_pair
):
    client = as_user(coordinator)
    assert listed(client.get(overview(programme, "?q=aino")).content.decode()) == ["Maija Mentor"]
    body = client.get(overview(programme, "?q=MENTOR2%40example")).content.decode()
    assert listed(body) == ["Niko Othermentor"]
    assert "1 mentorship matches" in body
    body = client.get(overview(programme, "?q=nobody-like-this")).content.decode()
    assert "No mentorship matches these filters." in body


def test_state_filter_shows_the_pairs_in_that_state_with_counts(
    as_user, coordinator, programme, pair, ended_pair
):
    body = as_user(coordinator).get(overview(programme, "?state=completed")).content.decode()
    assert listed(body) == ["Niko Othermentor"]
    assert "Completed (1)" in body
    assert "Introduced (1)" in body


def test_attention_filter_lists_only_running_flagged_pairs(
    as_user, coordinator, programme, pair, other_pair
):
    Mentorship.objects.filter(pk=pair.pk).update(
        introduced_at=timezone.now() - dt.timedelta(weeks=4)
    )
    client = as_user(coordinator)
    body = client.get(overview(programme, "?flag=attention")).content.decode()
    assert listed(body) == ["Maija Mentor"]
    assert "Needs attention, any reason (1)" in body
    body = client.get(overview(programme, "?flag=no_agreement")).content.decode()
    assert listed(body) == ["Maija Mentor"]
    body = client.get(overview(programme, "?flag=no_meeting")).content.decode()
    assert listed(body) == []
    # Ended, the pair no longer needs attention.
    Mentorship.objects.filter(pk=pair.pk).update(state="ended_early", ended_at=timezone.now())
    body = client.get(overview(programme, "?flag=attention")).content.decode()
    assert listed(body) == []


def test_track_filter_follows_the_students_degree_level(
    as_user, coordinator, programme, pair, other_pair, other_actor
):
    ActorApplication.objects.filter(user=other_actor).update(degree_level="doctoral")
    ActorApplication.objects.exclude(user=other_actor).update(degree_level="masters")
    body = as_user(coordinator).get(overview(programme, "?track=doctoral")).content.decode()
    assert listed(body) == ["Niko Othermentor"]


def test_sort_orders_by_name_contact_and_flags(as_user, coordinator, programme, pair, other_pair):
    client = as_user(coordinator)
    assert order_of(client.get(overview(programme)).content.decode()) == [
        "Maija Mentor",
        "Niko Othermentor",
    ]
    assert order_of(client.get(overview(programme, "?sort=-name")).content.decode()) == [
        "Niko Othermentor",
        "Maija Mentor",
    ]
    Mentorship.objects.filter(pk=pair.pk).update(last_contact_at=timezone.now())
    assert order_of(client.get(overview(programme, "?sort=contact")).content.decode()) == [
        "Niko Othermentor",  # never in contact: longest ago first
        "Maija Mentor",
    ]
    Mentorship.objects.filter(pk=other_pair.pk).update(
        introduced_at=timezone.now() - dt.timedelta(weeks=10)
    )
    assert order_of(client.get(overview(programme, "?sort=flags")).content.decode()) == [
        "Niko Othermentor",
        "Maija Mentor",
    ]


def test_an_unknown_filter_value_is_named_and_the_pairs_are_still_listed(
    as_user, coordinator, programme, pair
):
    body = as_user(coordinator).get(overview(programme, "?state=lost&sort=nonsense")).content
    text = body.decode()
    assert "Select a valid choice. lost is not one of the available choices." in text
    assert listed(text) == ["Maija Mentor"]


def test_pages_keep_the_filters_in_the_links(as_user, coordinator, programme, pair):
    make_pairs(programme, 60)
    body = as_user(coordinator).get(overview(programme, "?state=active&sort=-name")).content
    text = body.decode()
    assert "Page 1 of 2" in text
    assert "?state=active&amp;sort=-name&amp;page=2" in text
    assert text.count('name="pair"') == selectors.PAIRS_PAGE_SIZE


# --- the SQL form of "needs attention" -----------------------------------------------------
def test_sql_conditions_flag_exactly_the_pairs_own_flags_flags(programme, mentor):
    """Every combination of agreement, last meeting, last message and state, around each
    limit: the SQL form and `own_flags` agree on every condition."""
    now = timezone.now()
    ages = [None, dt.timedelta(days=2), dt.timedelta(weeks=3, days=1), dt.timedelta(weeks=7)]
    combos = list(
        itertools.product(["introduced", "active", "completed"], ages[1:], ages, ages, ages)
    )
    ships = Mentorship.objects.bulk_create(
        Mentorship(
            programme=programme,
            mentor=mentor,
            state=state,
            agreed_at=None if agreed is None else now - agreed,
            last_contact_at=None if contact is None else now - contact,
        )
        for state, _, agreed, contact, _ in combos
    )
    for m, (_, introduced, _, _, _) in zip(ships, combos, strict=True):
        m.introduced_at = now - introduced
    Mentorship.objects.bulk_update(ships, ["introduced_at"])
    Meeting.objects.bulk_create(
        Meeting(mentorship=m, start=now - met, status=MeetingStatus.HELD)
        for m, (*_, met) in zip(ships, combos, strict=True)
        if met is not None
    )
    annotated = list(
        selectors._annotated(Mentorship.objects.filter(programme=programme), now).order_by("pk")
    )
    expected: dict[str, set[int]] = {}
    for m in annotated:
        for flag in own_flags(
            m, last_meeting=m.last_meeting, quiet_weeks=programme.quiet_weeks, now=now
        ):
            expected.setdefault(flag.code, set()).add(m.pk)
    sql = own_conditions_sql(now=now, quiet_weeks=programme.quiet_weeks)
    base = selectors._annotated(Mentorship.objects.filter(programme=programme), now)
    for code, q in sql.items():
        assert set(base.filter(q).values_list("pk", flat=True)) == expected.get(code, set()), code
    assert all(expected.get(code) for code in sql)  # the fixture reaches every condition


# --- bulk actions ---------------------------------------------------------------------------
def test_export_of_the_ticked_pairs_holds_dates_counts_and_states_never_notes(
    as_user, coordinator, programme, pair, other_pair, private_things
):
    response = as_user(coordinator).get(export(programme, f"?pair={pair.pk}&format=csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Mentor", "Students", "State"]
    assert [r[:2] for r in rows[1:]] == [["Maija Mentor", "Aino Actor"]]
    assert rows[1][6] == "1"  # one meeting held
    for secret in ("SHARED-NOTE-TEXT", "PRIVATE-GOAL-ACTOR", "SHARED-GOAL-ACTOR"):
        assert secret not in text
    entry = AuditEntry.objects.get(details__what=f"{programme.slug}-pairs.csv")
    assert entry.actor == coordinator


def test_excel_export_of_every_pair_that_matches_the_filter(
    as_user, coordinator, programme, pair, ended_pair
):
    response = as_user(coordinator).get(export(programme, "?all=1&state=completed&format=xlsx"))
    assert response["Content-Disposition"].endswith('-pairs.xlsx"')
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Niko Othermentor"]


def test_export_with_nothing_ticked_says_what_to_do_and_keeps_the_filters(
    as_user, coordinator, programme, pair
):
    response = as_user(coordinator).get(export(programme, "?state=active&format=csv"), follow=True)
    assert response.redirect_chain[-1][0] == overview(programme, "?state=active")
    assert "Tick the pairs to export" in response.content.decode()


def test_nudging_all_matching_pairs_lists_only_the_running_ones(
    as_user, coordinator, programme, pair, ended_pair
):
    url = reverse("mentorships:coordinator_nudge", args=[programme.slug])
    body = as_user(coordinator).get(url + "?all=1").content.decode()
    assert "Maija Mentor" in body
    assert "Niko Othermentor" not in body


def test_shared_goal_titles_show_but_private_ones_do_not(
    as_user, coordinator, programme, pair, actor
):
    Goal.objects.create(
        mentorship=pair, owner=actor, title="TOLD-COORDINATORS", visibility=Visibility.COORDINATORS
    )
    Goal.objects.create(mentorship=pair, owner=actor, title="KEPT-PRIVATE")
    body = as_user(coordinator).get(overview(programme)).content.decode()
    assert "TOLD-COORDINATORS" in body
    assert "KEPT-PRIVATE" not in body


# --- scale ----------------------------------------------------------------------------------
def make_pairs(programme, n: int, *, weeks_ago: int = 0) -> list[Mentorship]:
    """`n` running pairs with one student each, in a few statements."""
    people = User.objects.bulk_create(
        User(email=f"bulk{i}-{role}@example.org", full_name=f"Bulk {role} {i:05d}")
        for i in range(n)
        for role in ("mentor", "student")
    )
    mentors, students = people[::2], people[1::2]
    ships = Mentorship.objects.bulk_create(
        Mentorship(programme=programme, mentor=m, state="active") for m in mentors
    )
    if weeks_ago:
        Mentorship.objects.filter(pk__in=[s.pk for s in ships]).update(
            introduced_at=timezone.now() - dt.timedelta(weeks=weeks_ago)
        )
    MentorshipActor.objects.bulk_create(
        MentorshipActor(mentorship=m, actor=s, programme=programme)
        for m, s in zip(ships, students, strict=True)
    )
    return ships


def test_one_page_of_a_2000_pair_programme_loads_about_one_page_of_rows(
    as_user, coordinator, programme
):
    make_pairs(programme, 2000, weeks_ago=8)
    client = as_user(coordinator)
    client.get(overview(programme))  # sessions and caches warm
    for query in ("", "?flag=attention&sort=flags", "?q=bulk&sort=-contact&page=3"):
        with rows_fetched() as rows:
            response = client.get(overview(programme, query))
        assert response.status_code == 200
        assert response.content.decode().count('name="pair"') == selectors.PAIRS_PAGE_SIZE
        assert rows.total < 400, rows.by_table()


def test_sqlite_lists_exports_and_nudges_6500_pairs(as_user, coordinator, programme):
    """Issue 11: a programme of ~6,000 pairs made the overview fail on SQLite ("Expression
    tree is too large")."""
    make_pairs(programme, 6500, weeks_ago=8)
    client = as_user(coordinator)
    body = client.get(overview(programme, "?flag=attention")).content.decode()
    assert "6500 mentorships match" in body
    response = client.get(export(programme, "?all=1&format=csv"))
    assert len(response.content.decode("utf-8-sig").splitlines()) == 6501
    url = reverse("mentorships:coordinator_nudge", args=[programme.slug])
    body = client.get(url + "?flagged=1").content.decode()
    assert "Send the nudge to 6500 pairs" in body
