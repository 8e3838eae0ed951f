"""The benefit-change figures, computed here independently by hand arithmetic (and a
t-table value), must match the report page and both exports."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest
from openpyxl import load_workbook
from scipy import stats

from tests.surveys.conftest import answer, close, make_survey

pytestmark = pytest.mark.django_db

BEFORE = {"confidence": [2, 3, 2, 4, 3, 1], "network": [1, 2, 2, 3, 1, 2]}
AFTER = {"confidence": [4, 3, 3, 5, 4, 3], "network": [3, 2, 4, 3, 2, 2]}
T_975_DF5 = 2.570582  # t-table: 97.5th percentile, 5 degrees of freedom


def expected(key: str) -> dict[str, float]:
    before, after = BEFORE[key], AFTER[key]
    diffs = [a - b for a, b in zip(after, before, strict=True)]
    n = len(diffs)
    mean = sum(diffs) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    margin = T_975_DF5 * sd / math.sqrt(n)
    t = mean / (sd / math.sqrt(n))
    return {
        "n": n,
        "mean_baseline": sum(before) / n,
        "mean_final": sum(after) / n,
        "mean_change": mean,
        "share_improved": sum(d > 0 for d in diffs) / n,
        "ci_low": mean - margin,
        "ci_high": mean + margin,
        "t": t,
        "p": 2 * stats.t.sf(abs(t), n - 1),
        "wilcoxon_p": float(stats.wilcoxon(np.array(after), np.array(before)).pvalue),
    }


@pytest.fixture
def paired(programme, coordinator, make_actors):
    people = make_actors(6)
    only_baseline, only_final = make_actors(2, prefix="partial")
    baseline = make_survey(programme, coordinator, kind="baseline", title="Start survey")
    final = make_survey(programme, coordinator, kind="final", title="End survey")
    for i, person in enumerate(people):
        answer(baseline, person, {k: v[i] for k, v in BEFORE.items()})
        answer(final, person, {k: v[i] for k, v in AFTER.items()})
    # People who answered only one of the two are not paired and must not count.
    answer(baseline, only_baseline, {"confidence": 1, "network": 1})
    answer(final, only_final, {"confidence": 5, "network": 5})
    close(baseline)
    close(final)
    return baseline, final


def _row_cells(html: str, key: str) -> str:
    start = html.index(f'data-benefit="{key}"')
    return html[start : html.index("</tr>", start)]


def test_report_page_shows_independently_computed_benefit_change(paired, coordinator, as_user):
    _baseline, final = paired
    page = as_user(coordinator).get(f"/surveys/p/{final.programme.slug}/{final.pk}/report/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "6 people answered both." in html
    for key in BEFORE:
        e = expected(key)
        row = _row_cells(html, key)
        assert f"<td>{e['n']}</td>" in row
        assert f"{e['mean_baseline']:.2f}" in row
        assert f"{e['mean_final']:.2f}" in row
        assert f"{e['mean_change']:+.2f}" in row
        assert f"{round(e['share_improved'] * 100)}%" in row
        assert f"{e['ci_low']:+.2f} … {e['ci_high']:+.2f}" in row
        assert f"{e['p']:.3f}" in row
        assert f"{e['wilcoxon_p']:.3f}" in row
    # The chart is there, as an accessible image.
    assert 'aria-labelledby="change-chart-title"' in html


def test_known_values_for_confidence_by_hand():
    e = expected("confidence")
    assert e["mean_baseline"] == pytest.approx(2.5)
    assert e["mean_final"] == pytest.approx(22 / 6)
    assert e["mean_change"] == pytest.approx(7 / 6)
    assert e["share_improved"] == pytest.approx(5 / 6)
    assert e["ci_low"] == pytest.approx(0.3767, abs=1e-3)
    assert e["ci_high"] == pytest.approx(1.9566, abs=1e-3)


def test_benefit_change_csv_matches_hand_computation(paired, coordinator, as_user):
    _baseline, final = paired
    response = as_user(coordinator).get(
        f"/surveys/p/{final.programme.slug}/{final.pk}/benefit-change.csv"
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    by_key = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:] if r[2] == "All"}
    for key in BEFORE:
        e = expected(key)
        row = by_key[key]
        assert int(row["Pairs"]) == 6
        assert float(row["Mean baseline"]) == pytest.approx(e["mean_baseline"])
        assert float(row["Mean final"]) == pytest.approx(e["mean_final"])
        assert float(row["Mean change"]) == pytest.approx(e["mean_change"])
        assert float(row["Share improved"]) == pytest.approx(e["share_improved"])
        assert float(row["95% CI low"]) == pytest.approx(e["ci_low"], abs=1e-5)
        assert float(row["95% CI high"]) == pytest.approx(e["ci_high"], abs=1e-5)
        assert float(row["Paired t"]) == pytest.approx(e["t"])
        assert float(row["p (t-test)"]) == pytest.approx(e["p"], abs=1e-6)
        # d_z = mean change / sd of the changes = t / sqrt(n)
        assert float(row["Effect size d_z"]) == pytest.approx(e["t"] / math.sqrt(6))
        assert float(row["d_z 95% CI low"]) < float(row["Effect size d_z"])
        assert float(row["d_z 95% CI high"]) > float(row["Effect size d_z"])


def test_excel_export_has_the_same_benefit_change(paired, coordinator, as_user):
    _baseline, final = paired
    response = as_user(coordinator).get(f"/surveys/p/{final.programme.slug}/{final.pk}/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Benefit change"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    confidence = dict(zip(header, next(r for r in rows if r[0] == "confidence"), strict=True))
    e = expected("confidence")
    assert confidence["Mean change"] == pytest.approx(e["mean_change"])
    assert confidence["95% CI low"] == pytest.approx(e["ci_low"], abs=1e-5)


def test_baseline_report_shows_the_same_comparison(paired, coordinator, as_user):
    baseline, _final = paired
    html = (
        as_user(coordinator)
        .get(f"/surveys/p/{baseline.programme.slug}/{baseline.pk}/report/")
        .content.decode()
    )
    assert f"{expected('network')['mean_change']:+.2f}" in _row_cells(html, "network")


def test_track_breakdown_only_when_each_group_is_large_enough(
    programme, coordinator, make_actors, as_user
):
    masters = make_actors(3)
    doctoral = make_actors(2, level="doctoral", prefix="doc")
    baseline = make_survey(
        programme, coordinator, kind="baseline", anonymous=False, min_group_size=3
    )
    final = make_survey(programme, coordinator, kind="final", anonymous=False, min_group_size=3)
    for person in masters + doctoral:
        answer(baseline, person, {"courage": 2})
        answer(final, person, {"courage": 4})
    url = f"/surveys/p/{programme.slug}/{final.pk}/report/"
    html = as_user(coordinator).get(url).content.decode()
    assert "No breakdown by track" in html
    assert "Doctoral (2 people)" not in html

    type(final).objects.filter(pk__in=[baseline.pk, final.pk]).update(min_group_size=2)
    html = as_user(coordinator).get(url).content.decode()
    assert "No breakdown by track" not in html
    assert "Master&#x27;s (3 people)" in html
    assert "Doctoral (2 people)" in html
