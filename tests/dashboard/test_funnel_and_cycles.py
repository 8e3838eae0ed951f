"""The funnel, the trends and the across-cycles comparison against a hand-computed cohort.

Cycle B ("Mentoring B", series "mentoring"): kick-off 10 Sep 2025, halfway 15 Jan 2026,
closing 20 Mar 2026. Ten students applied: m1–m8 (master's) and d1, d2 (doctoral);
m1–m6, d1 and d2 were accepted, m7 declined, m8 is still waiting.

    P1  mentor A  m1       agreed, 3 meetings (Sep, Oct, Jan), active
    P2  mentor B  m2       agreed, 1 meeting (Oct), ended early on 1 Nov 2025 (before halfway)
    P3  mentor C  m3       agreed, no meeting, active
    P4  mentor D  m4       no agreement, introduced
    P5  mentor E  d1, d2   agreed, 2 meetings (Sep, Nov), completed 30 Jan 2026

So, every student: applied 10, accepted 8, matched 6 (m1–m4, d1, d2), agreement 5
(m1, m2, m3, d1, d2), first meeting 4 (m1, m2, d1, d2), halfway 3 (m1, d1, d2; m2 ended
before it), completed 2 (d1, d2); ended early 1 (m2). Master's: 8, 6, 4, 3, 2, 1, 0.
Doctoral: 2 at every stage. 6 matched students in 5 mentorships (one group of two).
Meetings per month: Sep 2, Oct 2, Nov 1, Dec 0, Jan 1 (and Feb 0 when "today" is 1 Feb).

Cycle A ("Mentoring A", same series, a year earlier): 4 applied, 3 accepted, 2 mentorships
(one completed with 3 meetings, one ended early after 1), mentor A mentored there too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentorlab.audit.models import AuditEntry
from mentorlab.dashboard import cycles, funnel
from mentorlab.mentorships.models import Meeting, MeetingStatus, Mentorship, MentorshipActor
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel
from mentorlab.surveys.models import (
    Answer,
    Invitation,
    Item,
    ItemKind,
    Response,
    Survey,
    SurveyKind,
    SurveyState,
)
from tests.factories import (
    ActorApplicationFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


def at(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, 12, 0, tzinfo=HELSINKI)


def _cycle(name: str, slug: str, year: int) -> object:
    return ProgrammeFactory(
        name=name,
        slug=slug,
        series="mentoring",
        mentor_signup_opens=dt.date(year, 8, 1),
        mentor_signup_closes=dt.date(year, 8, 20),
        actor_applications_open=dt.date(year, 8, 1),
        actor_applications_close=dt.date(year, 8, 20),
        matching_date=dt.date(year, 9, 1),
        kickoff_date=dt.date(year, 9, 10),
        halfway_date=dt.date(year + 1, 1, 15),
        closing_date=dt.date(year + 1, 3, 20),
        end_date=dt.date(year + 1, 3, 31),
    )


def _pair(programme, mentor, actors, *, state, agreed=True, ended=None, reason="", meetings=()):
    pair = Mentorship.objects.create(programme=programme, mentor=mentor, state=state)
    for actor in actors:
        MentorshipActor.objects.create(mentorship=pair, actor=actor, programme=programme)
    Mentorship.objects.filter(pk=pair.pk).update(
        introduced_at=at(programme.kickoff_date.year, 9, 1),
        agreed_at=at(programme.kickoff_date.year, 9, 15) if agreed else None,
        ended_at=ended,
        end_reason=reason,
    )
    for start in meetings:
        Meeting.objects.create(mentorship=pair, start=start, status=MeetingStatus.HELD)
    return pair


def _survey(programme, kind, *, anonymous, opens):
    survey = Survey.objects.create(
        programme=programme,
        audience="actor",
        kind=kind,
        title=f"{kind} survey",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=14),
        anonymous=anonymous,
        state=SurveyState.CLOSED,
    )
    for order, key in enumerate(("confidence", "clarity")):
        Item.objects.create(survey=survey, order=order, kind=ItemKind.LIKERT, text=key, benefit=key)
    return survey


def _answers(survey, people_ratings):
    items = {i.benefit: i for i in survey.items.all()}
    for person, ratings in people_ratings:
        invitation = Invitation.objects.create(survey=survey, user=person, track="masters")
        response = Response.objects.create(
            survey=survey, invitation=invitation, submitted_at=survey.opens_at
        )
        for key, number in ratings.items():
            Answer.objects.create(response=response, item=items[key], number=number)


@pytest.fixture
def cohort(coordinator):
    b = _cycle("Mentoring B", "mentoring-b", 2025)
    b.coordinators.add(coordinator)
    s = {}
    for i in range(1, 9):
        status = {7: ApplicationStatus.DECLINED, 8: ApplicationStatus.SUBMITTED}.get(
            i, ApplicationStatus.ACCEPTED
        )
        s[f"m{i}"] = UserFactory(full_name=f"Master {i}")
        ActorApplicationFactory(programme=b, user=s[f"m{i}"], status=status)
    for i in (1, 2):
        s[f"d{i}"] = UserFactory(full_name=f"Doctoral {i}")
        ActorApplicationFactory(programme=b, user=s[f"d{i}"], degree_level=DegreeLevel.DOCTORAL)
    mentors = {k: UserFactory(full_name=f"Mentor {k}") for k in "ABCDE"}
    for user in mentors.values():
        MentorApplicationFactory(programme=b, user=user)
    _pair(
        b,
        mentors["A"],
        [s["m1"]],
        state="active",
        meetings=[at(2025, 9, 20), at(2025, 10, 20), at(2026, 1, 25)],
    )
    _pair(
        b,
        mentors["B"],
        [s["m2"]],
        state="ended_early",
        ended=at(2025, 11, 1),
        reason="Moved abroad for an exchange.",
        meetings=[at(2025, 10, 5)],
    )
    _pair(b, mentors["C"], [s["m3"]], state="active")
    _pair(b, mentors["D"], [s["m4"]], state="introduced", agreed=False)
    _pair(
        b,
        mentors["E"],
        [s["d1"], s["d2"]],
        state="completed",
        ended=at(2026, 1, 30),
        meetings=[at(2025, 9, 25), at(2025, 11, 15)],
    )
    # A closed halfway survey: 4 invited, 3 answered.
    halfway = Survey.objects.create(
        programme=b,
        audience="actor",
        kind=SurveyKind.HALFWAY,
        title="Halfway check-in",
        opens_at=at(2026, 1, 10),
        closes_at=at(2026, 1, 24),
        state=SurveyState.CLOSED,
    )
    for key in ("m1", "m2", "m3", "m4"):
        invitation = Invitation.objects.create(survey=halfway, user=s[key])
        if key != "m4":
            Response.objects.create(
                survey=halfway, invitation=invitation, submitted_at=at(2026, 1, 12)
            )
    # Baseline and final, named (not anonymous): m1 goes 2→4 and 3→3, d1 goes 3→4 and 3→4.
    baseline = _survey(b, SurveyKind.BASELINE, anonymous=False, opens=at(2025, 9, 12))
    final = _survey(b, SurveyKind.FINAL, anonymous=False, opens=at(2026, 3, 1))
    _answers(
        baseline,
        [(s["m1"], {"confidence": 2, "clarity": 3}), (s["d1"], {"confidence": 3, "clarity": 3})],
    )
    _answers(
        final,
        [(s["m1"], {"confidence": 4, "clarity": 3}), (s["d1"], {"confidence": 4, "clarity": 4})],
    )

    a = _cycle("Mentoring A", "mentoring-a", 2024)
    a.coordinators.add(coordinator)
    earlier = [UserFactory() for _ in range(4)]
    for i, user in enumerate(earlier):
        ActorApplicationFactory(
            programme=a,
            user=user,
            status=ApplicationStatus.WAITLISTED if i == 3 else ApplicationStatus.ACCEPTED,
        )
    mentor_f = UserFactory(full_name="Mentor F")
    MentorApplicationFactory(programme=a, user=mentors["A"])
    MentorApplicationFactory(programme=a, user=mentor_f)
    _pair(
        a,
        mentors["A"],
        [earlier[0]],
        state="completed",
        ended=at(2025, 3, 20),
        meetings=[at(2024, 9, 20), at(2024, 10, 20), at(2024, 11, 20)],
    )
    _pair(
        a,
        mentor_f,
        [earlier[1]],
        state="ended_early",
        ended=at(2024, 12, 1),
        reason="No time.",
        meetings=[at(2024, 10, 1)],
    )
    # Anonymous surveys with two pairs of answers: fewer than the smallest group (5).
    base_a = _survey(a, SurveyKind.BASELINE, anonymous=True, opens=at(2024, 9, 12))
    final_a = _survey(a, SurveyKind.FINAL, anonymous=True, opens=at(2025, 3, 1))
    _answers(base_a, [(earlier[0], {"confidence": 1}), (earlier[1], {"confidence": 2})])
    _answers(final_a, [(earlier[0], {"confidence": 5}), (earlier[1], {"confidence": 5})])
    return {"a": a, "b": b, "students": s, "mentors": mentors}


def _counts(f: funnel.Funnel) -> list[int]:
    return [s.count for s in f.stages]


def test_funnel_counts_each_stage_per_track(cohort):
    data = funnel.trends(cohort["b"], today=dt.date(2026, 2, 1))
    everyone, masters, doctoral = data.funnels
    assert [s.key for s in everyone.stages] == [
        "applied", "accepted", "matched", "agreement", "first_meeting", "halfway", "completed",
    ]  # fmt: skip
    assert _counts(everyone) == [10, 8, 6, 5, 4, 3, 2]
    assert everyone.ended_early == 1
    assert (masters.label, _counts(masters), masters.ended_early) == (
        "Master's", [8, 6, 4, 3, 2, 1, 0], 1,
    )  # fmt: skip
    assert (doctoral.label, _counts(doctoral)) == ("Doctoral", [2] * 7)
    assert everyone.stages[1].of_applied == pytest.approx(0.8)
    assert everyone.stages[2].of_previous == pytest.approx(6 / 8)
    # On 1 Feb 2026 the closing event (20 Mar) is still ahead: completion is not due yet.
    assert [s.key for s in everyone.stages if s.due] == ["completed"]
    assert (data.students_matched, data.mentorships, data.groups) == (6, 5, 1)


def test_ended_early_reasons_and_meetings_per_month(cohort):
    data = funnel.trends(cohort["b"], today=dt.date(2026, 2, 1))
    assert [(e.ended_on, e.reason, e.meetings_held) for e in data.reasons] == [
        (dt.date(2025, 11, 1), "Moved abroad for an exchange.", 1)
    ]
    assert [(m.month, m.meetings, m.pairs) for m in data.months] == [
        (dt.date(2025, 9, 1), 2, 2),
        (dt.date(2025, 10, 1), 2, 2),
        (dt.date(2025, 11, 1), 1, 1),
        (dt.date(2025, 12, 1), 0, 0),
        (dt.date(2026, 1, 1), 1, 1),
        (dt.date(2026, 2, 1), 0, 0),
    ]
    rates = {r.survey.title: (r.invited, r.answered, r.rate) for r in data.surveys}
    assert rates["Halfway check-in"] == (4, 3, 0.75)


def test_funnel_page_shows_figures_beside_the_chart(as_user, coordinator, cohort):
    page = as_user(coordinator).get(reverse("dashboard:funnel", args=["mentoring-b"]))
    assert page.status_code == 200
    text = " ".join(page.content.decode().split()).replace("> <", "><")
    assert '<svg role="img"' in text
    assert "<title id=" in text  # the chart names itself for screen readers
    assert "Matched with a mentor</th><td>6</td><td>60%</td><td>75%</td>" in text
    assert "Completed</th><td>2</td><td>20%</td>" in text
    assert "Moved abroad for an exchange." in text
    assert "6 matched students are in 5 mentorships: 1 mentorship is a small group" in text
    assert "Halfway check-in</a></th><td>4</td><td>3</td><td>75%</td>" in text
    assert "style=" not in page.content.decode()


def test_a_cohort_that_has_not_started_is_marked_not_due(
    as_user, coordinator, programme, actor, mentor
):
    Mentorship.objects.create(programme=programme, mentor=mentor)
    page = as_user(coordinator).get(reverse("dashboard:funnel", args=[programme.slug]))
    text = " ".join(page.content.decode().split())
    assert 'First meeting held <span class="not-due">(not due until' in text
    assert "No meeting has been held yet, and the kick-off is still ahead." in text


def test_cycles_compare_rates_side_by_side(cohort):
    a, b = cycles.compare([cohort["a"], cohort["b"]])
    assert (a.applied, a.accepted, a.matched, a.mentorships) == (4, 3, 2, 2)
    assert (a.completed, a.ended_early, a.meetings_held, a.returning_mentors) == (1, 1, 4, 0)
    assert a.acceptance == pytest.approx(0.75)
    assert a.matched_share == pytest.approx(2 / 3)
    assert a.meetings_per_pair == pytest.approx(2.0)
    assert (b.applied, b.accepted, b.matched, b.mentorships, b.live) == (10, 8, 6, 5, 3)
    assert (b.completed, b.ended_early, b.meetings_held) == (1, 1, 6)
    assert b.completion == pytest.approx(0.2)
    assert b.early_ending == pytest.approx(0.2)
    assert b.meetings_per_pair == pytest.approx(1.2)
    # Mentor A came back from cycle A: 1 of 5 accepted mentors.
    assert (b.mentors_accepted, b.returning_mentors) == (5, 1)
    assert b.returning_share == pytest.approx(0.2)
    # Benefit change: confidence (+2, +1) → +1.5, clarity (0, +1) → +0.5; mean +1.0.
    assert b.benefit is not None
    assert b.benefit.mean_change == pytest.approx(1.0)
    assert b.benefit.people == 2
    # Cycle A's surveys are anonymous with two pairs of answers: hidden.
    assert a.benefit is not None
    assert a.benefit.mean_change is None
    assert a.benefit.people == 2


def test_cycles_page_and_export(as_user, coordinator, cohort):
    client = as_user(coordinator)
    page = client.get(reverse("dashboard:cycles", args=["mentoring-b"]))
    text = " ".join(page.content.decode().split()).replace("> <", "><")
    table = text[text.index("<table") :]
    assert table.index("Mentoring A") < table.index("Mentoring B")
    assert "<td>10</td>" in text
    assert "+1.00" in text
    assert "hidden: fewer than 5 students answered both" in text
    response = client.get(reverse("dashboard:cycles_export", args=["mentoring-b", "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Cycle", "Kick-off", "Students applied", "Students accepted"]
    assert rows[1][:5] == ["Mentoring A", "2024-09-10", "4", "3", "75.0"]
    assert rows[2][0] == "Mentoring B"
    assert rows[2][rows[0].index("Returning mentors")] == "1"
    assert rows[2][rows[0].index("Mean benefit change")] == "1.0"
    assert AuditEntry.objects.filter(details__what="cycles.csv").count() == 1
    xlsx = client.get(reverse("dashboard:cycles_export", args=["mentoring-b", "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=3, column=1).value == "Mentoring B"
    assert (
        client.get(reverse("dashboard:cycles_export", args=["mentoring-b", "pdf"])).status_code
        == 404
    )


def test_cycles_leave_out_cycles_the_viewer_does_not_coordinate(as_user, coordinator, cohort):
    cohort["a"].coordinators.remove(coordinator)
    page = as_user(coordinator).get(reverse("dashboard:cycles", args=["mentoring-b"]))
    text = page.content.decode()
    assert "Mentoring A" not in text
    assert "1 other cycle of this series is left out because you do not coordinate it." in text


@pytest.mark.parametrize(
    "page", ["dashboard:funnel", "dashboard:cycles", "dashboard:cycles_export"]
)
@pytest.mark.parametrize("persona", ["outsider", "actor", "mentor", "other_coordinator"])
def test_only_the_programmes_coordinators_see_funnel_and_cycles(
    as_user, request, cohort, page, persona
):
    if persona == "outsider":
        user = UserFactory()
    elif persona == "other_coordinator":
        user = request.getfixturevalue("other_programme").coordinators.get()
    else:
        # A student and a mentor of the very programme.
        user = cohort["students"]["m1"] if persona == "actor" else cohort["mentors"]["A"]
    args = ["mentoring-b", "csv"] if page.endswith("export") else ["mentoring-b"]
    assert as_user(user).get(reverse(page, args=args)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, cohort):
    response = client.get(reverse("dashboard:funnel", args=["mentoring-b"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_programme_without_series_compares_with_itself_only(as_user, coordinator, programme):
    page = as_user(coordinator).get(reverse("dashboard:cycles", args=[programme.slug]))
    assert "belongs to no series" in page.content.decode()
    assert timezone.now()  # the page renders without any cycle data
