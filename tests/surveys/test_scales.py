"""Scored scales: built-ins, reverse and subscale scoring, alpha, the paired analysis per
scale, and importing an instrument from a file. Figures worked out by hand in comments."""

from __future__ import annotations

import csv
import io
import math

import pytest
from django.core.exceptions import ValidationError

from mentorlab.surveys import services
from mentorlab.surveys.models import Invitation, Scale, ScaleItem, Subscale
from mentorlab.surveys.report import programme_outcomes
from mentorlab.surveys.scales import (
    built_ins_ensure,
    scale_add_to_survey,
    scale_import,
    score_survey,
)
from tests.surveys.conftest import close, make_survey

pytestmark = pytest.mark.django_db


def with_scale(programme, coordinator, kind: str, key: str = "career-confidence"):
    survey = make_survey(programme, coordinator, kind=kind, open_it=False)
    scale = next(s for s in built_ins_ensure(programme=programme) if s.key == key)
    scale_add_to_survey(survey=survey, scale=scale, by=coordinator)
    services.survey_open(survey=survey, by=coordinator)
    return survey, scale


def answer_scale(survey, user, raw: list[int]) -> None:
    """Answer the scale's items in order with `raw`; other required items a middle value."""
    invitation = Invitation.objects.get(survey=survey, user=user)
    scale_items = [i for i in survey.items.all() if i.scale_item_id]
    answers = {item.pk: value for item, value in zip(scale_items, raw, strict=True)}
    for item in survey.items.all():
        if item.required and item.pk not in answers:
            answers[item.pk] = item.choice_list[0] if item.choice_list else 3
    services.response_save(invitation=invitation, user=user, answers=answers, submit=True)


def test_built_ins_are_three_short_scales_in_three_languages(programme):
    scales = built_ins_ensure(programme=programme)
    assert {s.key for s in scales} == {"career-confidence", "relationship-quality", "mentor-gains"}
    for scale in scales:
        items = ScaleItem.objects.filter(subscale__scale=scale)
        assert 4 <= items.count() <= 6
        assert items.filter(reverse=True).exists()
        for item in items:
            assert item.text_en and item.text_fi and item.text_sv
            assert len({item.text_en, item.text_fi, item.text_sv}) == 3
        assert scale.name_fi and scale.name_sv
    assert len(built_ins_ensure(programme=programme)) == 3  # not made twice


def test_reverse_and_subscale_scores_and_alpha_by_hand(programme, coordinator, make_actors):
    a, b = make_actors(2)
    survey, scale = with_scale(programme, coordinator, "baseline")
    # Items: direction (d1, d2 reversed), strengths (s1, s2), courage (c1, c2 reversed).
    answer_scale(survey, a, [5, 1, 4, 4, 3, 2])  # scored 5 5 4 4 3 4
    answer_scale(survey, b, [2, 4, 3, 3, 2, 5])  # scored 2 2 3 3 2 1
    scored = score_survey(survey, scale)
    assert sorted(scored.total.values()) == pytest.approx([13 / 6, 25 / 6])
    assert sorted(scored.by_subscale["direction"].values()) == [2, 5]
    assert sorted(scored.by_subscale["strengths-values"].values()) == [3, 4]
    assert sorted(scored.by_subscale["courage"].values()) == [1.5, 3.5]
    # Item variances (two people: diff^2 / 2) 4.5 4.5 .5 .5 .5 4.5 sum 15;
    # totals 25 and 13, variance 72; alpha = 6/5 * (1 - 15/72) = 0.95
    assert scored.alpha is not None
    assert scored.alpha.alpha == pytest.approx(0.95)


def uniform(v: int) -> list[int]:
    """Raw answers whose scored values are all v (reversed items d2 and c2 get 6 - v)."""
    return [v, 6 - v, v, v, v, 6 - v]


def test_paired_scale_analysis_in_outcomes_and_page(programme, coordinator, make_actors, as_user):
    people = make_actors(5)
    baseline, _scale = with_scale(programme, coordinator, "baseline")
    final, _scale = with_scale(programme, coordinator, "final")
    # Baseline scores 1 2 1 2 1, final 2 4 4 4 3: diffs 1 2 3 2 2, mean 2, sd sqrt(0.5),
    # d_z = 2.82843. Final: everyone answers uniformly, so items agree perfectly:
    # item variance 0.8 each (values 2 4 4 4 3), sum 4.8; totals 6v variance 36 * 0.8 = 28.8;
    # alpha = 6/5 * (1 - 4.8/28.8) = 1.0.
    for person, before, after in zip(people, [1, 2, 1, 2, 1], [2, 4, 4, 4, 3], strict=True):
        answer_scale(baseline, person, uniform(before))
        answer_scale(final, person, uniform(after))
    close(baseline)
    close(final)
    (outcome,) = programme_outcomes(programme)
    by_key = {m.key: m for m in outcome.measures}
    whole = by_key["scale:career-confidence"]
    assert whole.kind == "scale" and whole.items == 6 and whole.pairs == 5
    assert whole.d_z == pytest.approx(2 / math.sqrt(0.5))
    assert whole.mean_change == pytest.approx(2)
    assert whole.alpha_final == pytest.approx(1.0)
    assert by_key["scale:career-confidence/courage"].kind == "subscale"
    assert by_key["scale:career-confidence/courage"].d_z == pytest.approx(2 / math.sqrt(0.5))

    html = as_user(coordinator).get(f"/surveys/p/{programme.slug}/{final.pk}/report/")
    html = html.content.decode()
    start = html.index('data-scale="scale:career-confidence"')
    row = html[start : html.index("</tr>", start)]
    assert "2.83 [" in row and "1.00" in row

    csv_text = (
        as_user(coordinator)
        .get(f"/surveys/p/{programme.slug}/{final.pk}/benefit-change.csv")
        .content.decode("utf-8-sig")
    )
    rows = list(csv.reader(io.StringIO(csv_text)))
    found = next(r for r in rows if r[0] == "scale:career-confidence")
    scale_row = dict(zip(rows[0], found, strict=True))
    assert float(scale_row["Effect size d_z"]) == pytest.approx(2 / math.sqrt(0.5))


def test_scale_too_few_pairs_not_reported(programme, coordinator, make_actors):
    people = make_actors(3)
    baseline, _scale = with_scale(programme, coordinator, "baseline")
    final, _scale = with_scale(programme, coordinator, "final")
    for person, v in zip(people, [1, 2, 3], strict=True):
        answer_scale(baseline, person, uniform(v))
        answer_scale(final, person, uniform(v + 1))
    (outcome,) = programme_outcomes(programme)
    whole = next(m for m in outcome.measures if m.key == "scale:career-confidence")
    assert whole.pairs == 3 and not whole.reported and whole.d_z is None
    assert whole.alpha_final is None


GOOD = (
    "scale,scale_name_en,scale_name_fi,rule,answer,subscale,subscale_name_en,item_en,item_fi,"
    "reverse\n"
    "hope,Hope,Toivo,sum,1-5,agency,Agency,I can reach my goals,Saavutan tavoitteeni,\n"
    ",,,,,agency,,I give up easily,Luovutan helposti,yes\n"
    ",,,,,paths,Pathways,I can find many ways forward,Löydän monta tietä,no\n"
)


def test_import_creates_the_scale(programme, coordinator):
    scale = scale_import(
        programme=programme, by=coordinator, content=GOOD.encode(), filename="hope.csv"
    )
    assert (scale.key, scale.name_en, scale.name_fi, scale.rule) == ("hope", "Hope", "Toivo", "sum")
    assert [s.key for s in scale.subscales.all()] == ["agency", "paths"]
    items = list(ScaleItem.objects.filter(subscale__scale=scale))
    assert [i.reverse for i in items] == [False, True, False]
    assert items[1].text_fi == "Luovutan helposti"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (GOOD.replace("sum,1-5", "median,1-5"), "Row 2, column “rule”"),
        (GOOD.replace("1-5", "1-7"), "Row 2, column “answer”"),
        (
            GOOD.replace("Luovutan helposti,yes", "Luovutan helposti,maybe"),
            "Row 3, column “reverse”",
        ),
        (GOOD.replace("I can find many ways forward", ""), "Row 4, column “item_en”"),
        (GOOD.replace(",paths,Pathways,", ",paths,,"), "Row 4, column “subscale_name_en”"),
        (GOOD.replace(",,,,,agency,,", "other,,,,,agency,,"), "Row 3, column “scale”"),
        (GOOD.replace("item_en", "statement"), "missing: item_en"),
        ("", "The file is empty."),
    ],
)
def test_import_errors_name_row_and_column_and_create_nothing(
    programme, coordinator, content, message
):
    with pytest.raises(ValidationError) as excinfo:
        scale_import(programme=programme, by=coordinator, content=content.encode())
    assert any(message in m for m in excinfo.value.messages), excinfo.value.messages
    assert not Scale.objects.exists() and not Subscale.objects.exists()


def test_import_refuses_a_key_the_programme_has(programme, coordinator):
    scale_import(programme=programme, by=coordinator, content=GOOD.encode())
    with pytest.raises(ValidationError, match="already has a scale"):
        scale_import(programme=programme, by=coordinator, content=GOOD.encode())
    assert Scale.objects.count() == 1


def test_only_the_programmes_coordinator_imports_or_adds(programme, coordinator, other_coordinator):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises((PermissionDenied, Http404)):
        scale_import(programme=programme, by=other_coordinator, content=GOOD.encode())
    survey = make_survey(programme, coordinator, open_it=False)
    scale = built_ins_ensure(programme=programme)[0]
    with pytest.raises((PermissionDenied, Http404)):
        scale_add_to_survey(survey=survey, scale=scale, by=other_coordinator)
    scale_add_to_survey(survey=survey, scale=scale, by=coordinator)
    with pytest.raises(ValidationError, match="already asks"):
        scale_add_to_survey(survey=survey, scale=scale, by=coordinator)


# --- pages -------------------------------------------------------------------------------


def test_scales_page_adds_built_ins_and_imports_a_file(programme, coordinator, as_user):
    client = as_user(coordinator)
    base = f"/surveys/p/{programme.slug}/scales/"
    assert "Add Mentorlab's built-in scales" in client.get(base).content.decode()
    client.post(f"{base}built-in/")
    html = client.get(base).content.decode()
    assert "Career-design confidence" in html and "reverse-scored" in html
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("hope.csv", GOOD.replace("1-5", "1-7").encode())
    response = client.post(f"{base}import/", {"file": bad})
    assert response.status_code == 400
    assert "Row 2, column “answer”" in response.content.decode()
    assert not Scale.objects.filter(key="hope").exists()
    good = SimpleUploadedFile("hope.csv", GOOD.encode())
    response = client.post(f"{base}import/", {"file": good}, follow=True)
    assert "The scale “Hope” was imported." in response.content.decode()


def test_adding_a_scale_to_a_draft_survey_from_its_question_page(programme, coordinator, as_user):
    survey = make_survey(programme, coordinator, open_it=False)
    scale = next(s for s in built_ins_ensure(programme=programme) if s.key == "mentor-gains")
    client = as_user(coordinator)
    url = f"/surveys/p/{programme.slug}/{survey.pk}/questions/"
    assert "Add a scored scale" in client.get(url).content.decode()
    html = client.post(f"{url}add-scale/", {"scale": scale.pk}, follow=True).content.decode()
    assert "I have learned something from my mentee." in html
    assert survey.items.filter(scale_item__subscale__scale=scale).count() == 4


@pytest.mark.parametrize("who", ["other_coordinator", "actor", "mentor"])
def test_scale_pages_are_only_for_the_programmes_coordinators(
    programme, coordinator, who, request, as_user
):
    survey = make_survey(programme, coordinator, open_it=False)
    scale = built_ins_ensure(programme=programme)[0]
    client = as_user(request.getfixturevalue(who))
    base = f"/surveys/p/{programme.slug}"
    assert client.get(f"{base}/scales/").status_code == 404
    assert client.post(f"{base}/scales/built-in/").status_code == 404
    assert client.post(f"{base}/scales/import/", {}).status_code == 404
    response = client.post(f"{base}/{survey.pk}/questions/add-scale/", {"scale": scale.pk})
    assert response.status_code == 404
    assert not survey.items.filter(scale_item__isnull=False).exists()


def test_halfway_relationship_scale_summary_in_report_and_outcomes(
    programme, coordinator, make_actors, as_user
):
    people = make_actors(5)
    halfway, _scale = with_scale(programme, coordinator, "halfway", key="relationship-quality")
    # Five items, the third reversed (raw 6 - v). Scored rows:
    rows = [[3, 3, 3, 3, 3], [4, 4, 4, 4, 4], [4, 4, 4, 4, 4], [5, 5, 5, 5, 5], [4, 4, 4, 4, 3]]
    for person, scored in zip(people, rows, strict=True):
        raw = [6 - v if i == 2 else v for i, v in enumerate(scored)]
        answer_scale(halfway, person, raw)
    # Means per person 3, 4, 4, 5, 3.8: mean 19.8 / 5 = 3.96;
    # squared deviations .9216 .0016 .0016 1.0816 .0256 = 2.032, sd = sqrt(2.032 / 4) = 0.71274
    # alpha: item variances .5 .5 .5 .5 .7 = 2.7; totals 15 20 20 25 19, mean 19.8,
    # squared deviations 23.04 .04 .04 27.04 .64 = 50.8 / 4 = 12.7; alpha = 5/4 (1 - 2.7/12.7)
    (outcome,) = programme_outcomes(programme)
    (summary,) = outcome.single_scales
    assert (summary.key, summary.n, summary.items) == ("scale:relationship-quality", 5, 5)
    assert summary.mean == pytest.approx(3.96)
    assert summary.sd == pytest.approx(math.sqrt(2.032 / 4))
    assert summary.alpha == pytest.approx(5 / 4 * (1 - 2.7 / 12.7))
    html = as_user(coordinator).get(f"/surveys/p/{programme.slug}/{halfway.pk}/report/")
    html = html.content.decode()
    start = html.index('data-scale-summary="scale:relationship-quality"')
    row = html[start : html.index("</tr>", start)]
    assert "3.96" in row and "0.71" in row and f"{5 / 4 * (1 - 2.7 / 12.7):.2f}" in row


def test_a_programme_with_scales_in_answered_surveys_can_be_deleted(
    programme, coordinator, make_actors
):
    (person,) = make_actors(1)
    survey, scale = with_scale(programme, coordinator, "baseline")
    answer_scale(survey, person, [3, 3, 3, 3, 3, 3])
    from django.db.models import RestrictedError

    with pytest.raises(RestrictedError):  # the scale is in use by a survey: it stays
        scale.delete()
    programme.delete()
    assert not Scale.objects.exists() and not ScaleItem.objects.exists()


def test_a_copied_programme_takes_its_scales_and_keeps_questions_on_them(programme, coordinator):
    import datetime as dt

    from mentorlab.programmes import setup

    with_scale(programme, coordinator, "baseline")
    values = setup.shifted_settings(programme, dt.date(2032, 1, 5))
    values.update(name="Mentoring 2032", slug="mentoring-2032")
    copy = setup.programme_copy(source=programme, by=coordinator, values=values)
    copied = copy.surveys.get(kind="baseline")
    linked = copied.items.filter(scale_item__isnull=False)
    assert linked.count() == 6
    assert {i.scale_item.subscale.scale.programme_id for i in linked} == {copy.pk}
    assert Scale.objects.filter(programme=copy, key="career-confidence").exists()
