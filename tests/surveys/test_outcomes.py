"""Outcome evidence: d_z with its interval, response and attrition rates, and the "too few
to report" rule, against numbers worked out by hand in the comments."""

from __future__ import annotations

import math

import pytest

from mentorlab.surveys.report import programme_outcomes
from tests.surveys.conftest import answer, close, make_survey

pytestmark = pytest.mark.django_db

# Five people answer both surveys.
# courage: diffs 1 2 3 2 2 -> mean 2, sd sqrt(2/4) = 0.70711, d_z = 2.82843
# network: diffs 1 0 1 0 0 -> mean 0.4, squared deviations 0.36+0.16+0.36+0.16+0.16 = 1.2,
#          sd sqrt(1.2/4) = 0.54772, d_z = 0.4 / 0.54772 = 0.73030
BEFORE = {"courage": [1, 1, 1, 1, 1], "network": [2, 2, 3, 3, 4]}
AFTER = {"courage": [2, 3, 4, 3, 3], "network": [3, 2, 4, 3, 4]}
DZ = {"courage": 2 / math.sqrt(0.5), "network": 0.4 / math.sqrt(0.3)}


@pytest.fixture
def surveys(programme, coordinator, make_actors):
    both = make_actors(5)
    (dropped,) = make_actors(1, prefix="dropped")  # answers the baseline only: attrition
    make_actors(1, prefix="silent")  # invited to both, answers neither
    baseline = make_survey(programme, coordinator, kind="baseline", title="Start")
    final = make_survey(programme, coordinator, kind="final", title="End")
    for i, person in enumerate(both):
        answer(baseline, person, {k: v[i] for k, v in BEFORE.items()})
        answer(final, person, {k: v[i] for k, v in AFTER.items()})
    answer(baseline, dropped, {"courage": 5, "network": 5})
    close(baseline)
    close(final)
    return baseline, final


def test_programme_outcomes_by_hand(surveys, programme):
    (outcome,) = programme_outcomes(programme)
    assert outcome.audience == "actor"
    # 7 invited to each; baseline sent by 6, final by 5; 1 of the 6 did not send the final.
    assert (outcome.baseline.invited, outcome.baseline.answered) == (7, 6)
    assert (outcome.final.invited, outcome.final.answered) == (7, 5)
    assert outcome.baseline.rate == pytest.approx(6 / 7)
    assert outcome.final.rate == pytest.approx(5 / 7)
    assert outcome.paired == 5
    assert outcome.attrition == 1
    assert outcome.attrition_rate == pytest.approx(1 / 6)
    assert not outcome.too_few and outcome.note == ""
    by_key = {m.key: m for m in outcome.measures}
    for key, d_z in DZ.items():
        m = by_key[key]
        assert m.reported and m.pairs == 5
        assert m.d_z == pytest.approx(d_z)
        assert m.d_z_low < m.d_z < m.d_z_high
    assert by_key["courage"].mean_change == pytest.approx(2)
    assert by_key["network"].mean_change == pytest.approx(0.4)


def test_too_few_pairs_reports_no_effect_size(programme, coordinator, make_actors):
    people = make_actors(4)
    baseline = make_survey(programme, coordinator, kind="baseline", anonymous=False)
    final = make_survey(programme, coordinator, kind="final", anonymous=False)
    for person, (b, a) in zip(people, [(1, 3), (2, 3), (2, 4), (3, 3)], strict=True):
        answer(baseline, person, {"courage": b})
        answer(final, person, {"courage": a})
    (outcome,) = programme_outcomes(programme)
    assert outcome.paired == 4 and outcome.too_few
    assert "at least 5 people" in outcome.note
    courage = next(m for m in outcome.measures if m.key == "courage")
    assert courage.pairs == 4 and not courage.reported and courage.d_z is None


def test_only_a_baseline_gives_turnout_without_change(programme, coordinator, make_actors):
    make_actors(3)
    make_survey(programme, coordinator, kind="baseline")
    (outcome,) = programme_outcomes(programme)
    assert outcome.final is None and outcome.baseline.invited == 3
    assert outcome.measures == [] and outcome.too_few


def test_no_surveys_no_outcomes(programme):
    assert programme_outcomes(programme) == []


def _report_html(client, survey) -> str:
    response = client.get(f"/surveys/p/{survey.programme.slug}/{survey.pk}/report/")
    assert response.status_code == 200
    return response.content.decode()


def test_report_page_shows_dz_turnout_and_attrition(surveys, coordinator, as_user):
    _baseline, final = surveys
    html = _report_html(as_user(coordinator), final)
    start = html.index('data-benefit="courage"')
    row = html[start : html.index("</tr>", start)]
    assert f"{DZ['courage']:.2f} [" in row  # 2.83 [low, high]
    start = html.index('data-turnout="baseline"')
    assert "86%" in html[start : html.index("</tr>", start)]  # 6 of 7
    start = html.index('data-turnout="final"')
    assert "71%" in html[start : html.index("</tr>", start)]  # 5 of 7
    assert "Attrition: 1 of the 6 people who sent the baseline did not send the final (17%)" in (
        " ".join(html.split())
    )
    assert "Too few to report" not in html


def test_report_page_says_too_few_and_hides_attrition_when_anonymous(
    programme, coordinator, make_actors, as_user
):
    people = make_actors(4)
    baseline = make_survey(programme, coordinator, kind="baseline")
    final = make_survey(programme, coordinator, kind="final")
    for person in people:
        answer(baseline, person, {"courage": 2})
        answer(final, person, {"courage": 4})
    html = _report_html(as_user(coordinator), final)
    assert "Too few to report: effect sizes and reliabilities need at least 5 people" in html
    assert "Attrition:" not in html
    (outcome,) = programme_outcomes(programme)
    assert outcome.attrition is None and outcome.paired == 0


@pytest.mark.parametrize("who", ["other_coordinator", "actor", "mentor"])
def test_report_with_outcomes_only_for_the_programmes_coordinators(surveys, who, request, as_user):
    _baseline, final = surveys
    user = request.getfixturevalue(who)
    url = f"/surveys/p/{final.programme.slug}/{final.pk}/report/"
    assert as_user(user).get(url).status_code == 404
