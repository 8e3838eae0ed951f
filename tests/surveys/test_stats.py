"""The outcome statistics against small numbers worked out by hand (in the comments)."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from mentorlab.surveys.stats import cohens_dz, cronbach_alpha, scale_score


def test_dz_by_hand():
    # diffs 1, 2, 3, 2, 2: mean 2; squared deviations 1+0+1+0+0 = 2, variance 2/4 = 0.5,
    # sd = 0.70711; d_z = 2 / 0.70711 = 2.82843
    effect = cohens_dz([1, 1, 1, 1, 1], [2, 3, 4, 3, 3])
    assert effect is not None
    assert effect.n == 5
    assert effect.d_z == pytest.approx(2 / math.sqrt(0.5))


def test_dz_interval_is_the_noncentral_t_interval():
    effect = cohens_dz([1, 1, 1, 1, 1], [2, 3, 4, 3, 3])
    assert effect is not None
    n, t = 5, 2 / math.sqrt(0.5) * math.sqrt(5)  # t = d_z * sqrt(n) = 6.32456
    # The defining property, checked with SciPy directly: at the lower bound the observed t
    # is the 97.5th percentile, at the upper bound the 2.5th.
    assert stats.nct.cdf(t, n - 1, effect.ci_low * math.sqrt(n)) == pytest.approx(0.975, abs=1e-6)
    assert stats.nct.cdf(t, n - 1, effect.ci_high * math.sqrt(n)) == pytest.approx(0.025, abs=1e-6)
    # And the interval is close to the large-sample normal one
    # d +- 1.96 * sqrt(1/n + d^2 / (2n)) = 2.828 +- 1.96 * 0.99 = [0.89, 4.77] (Hedges & Olkin),
    # which a five-pair sample only roughly follows.
    assert 0.5 < effect.ci_low < 1.5
    assert 4.0 < effect.ci_high < 5.5
    assert effect.ci_low < effect.d_z < effect.ci_high


def test_dz_of_a_decline_is_negative_and_its_interval_mirrors():
    up = cohens_dz([1, 1, 1, 1, 1], [2, 3, 4, 3, 3])
    down = cohens_dz([2, 3, 4, 3, 3], [1, 1, 1, 1, 1])
    assert up is not None and down is not None
    assert down.d_z == pytest.approx(-up.d_z)
    assert down.ci_low == pytest.approx(-up.ci_high, abs=1e-6)
    assert down.ci_high == pytest.approx(-up.ci_low, abs=1e-6)


def test_dz_not_computed_without_variation_or_pairs():
    assert cohens_dz([1, 2, 3], [2, 3, 4]) is None  # everybody +1: sd 0
    assert cohens_dz([1], [3]) is None
    with pytest.raises(ValueError):
        cohens_dz([1, 2], [1])


def test_alpha_by_hand_with_listwise_deletion():
    # item 1: 1 2 3 4 -> variance 5/3; item 2: 2 3 3 5 -> variance 4.75/3;
    # totals 3 5 6 9 -> variance 18.75/3 = 6.25;
    # alpha = 2/1 * (1 - (9.75/3) / 6.25) = 2 * (1 - 3.25/6.25) = 0.96
    rows = [[1, 2], [2, 3], [3, 3], [4, 5], [5, None]]  # the last one is left out
    result = cronbach_alpha(rows)
    assert result is not None
    assert (result.n, result.items) == (4, 2)
    assert result.alpha == pytest.approx(0.96)


def test_alpha_needs_two_items_two_rows_and_variation():
    assert cronbach_alpha([[1], [2], [3]]) is None
    assert cronbach_alpha([[1, 2]]) is None
    assert cronbach_alpha([[3, 3], [3, 3]]) is None


def test_scale_score_reverses_and_applies_the_rule():
    # 1-5 items; the second is reversed: 1 + 5 - 2 = 4. Scores 4, 4, 5: sum 13, mean 13/3.
    assert scale_score([4, 2, 5], [False, True, False], 1, 5, "sum") == 13
    assert scale_score([4, 2, 5], [False, True, False], 1, 5, "mean") == pytest.approx(13 / 3)
    assert scale_score([4, None, 5], [False, True, False], 1, 5) is None
    with pytest.raises(ValueError):
        scale_score([1], [False], 1, 5, "median")
