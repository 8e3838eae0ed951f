"""Paired before/after statistics for the benefit-change report. No Django import."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class PairedChange:
    n: int
    mean_baseline: float
    mean_final: float
    mean_change: float
    share_improved: float
    ci_low: float | None
    ci_high: float | None
    t_statistic: float | None
    t_pvalue: float | None
    wilcoxon_statistic: float | None
    wilcoxon_pvalue: float | None


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def paired_change(baseline: Sequence[float], final: Sequence[float]) -> PairedChange:
    """Compare the same people's baseline and final ratings.

    The confidence interval is the t interval of the mean change (n - 1 degrees of
    freedom); the paired t-test is the main test and Wilcoxon's signed-rank test is the
    check that suits ordinal answers. Figures that cannot be computed (fewer than two
    pairs, or no variation) are None rather than NaN."""
    if len(baseline) != len(final):
        raise ValueError("baseline and final must pair up")
    if not baseline:
        raise ValueError("no pairs")
    before = np.asarray(baseline, dtype=float)
    after = np.asarray(final, dtype=float)
    diff = after - before
    n = len(diff)
    mean_change = float(diff.mean())
    ci_low = ci_high = t_stat = t_p = w_stat = w_p = None
    if n >= 2:
        sd = float(diff.std(ddof=1))
        margin = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
        ci_low, ci_high = mean_change - margin, mean_change + margin
        if sd > 0:
            result = stats.ttest_rel(after, before)
            t_stat, t_p = _finite(result.statistic), _finite(result.pvalue)
        if np.any(diff != 0):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # small-sample notes from SciPy
                w = stats.wilcoxon(after, before)
            w_stat, w_p = _finite(w.statistic), _finite(w.pvalue)
    return PairedChange(
        n=n,
        mean_baseline=float(before.mean()),
        mean_final=float(after.mean()),
        mean_change=mean_change,
        share_improved=float(np.mean(diff > 0)),
        ci_low=ci_low,
        ci_high=ci_high,
        t_statistic=t_stat,
        t_pvalue=t_p,
        wilcoxon_statistic=w_stat,
        wilcoxon_pvalue=w_p,
    )


# The smallest group for which an effect size, a reliability or a breakdown is reported.
# A survey may raise it (Survey.min_group_size defaults to this); below it the page says
# "too few to report" instead of a figure. One constant, used by every report.
MIN_REPORTED_GROUP = 5


@dataclass(frozen=True)
class EffectSize:
    """Cohen's d_z of paired change with its 95 % confidence interval."""

    n: int
    d_z: float
    ci_low: float
    ci_high: float


def cohens_dz(baseline: Sequence[float], final: Sequence[float]) -> EffectSize | None:
    """Cohen's d_z = mean(final - baseline) / sd(final - baseline) (sd with n - 1), with a
    95 % confidence interval from the noncentral t distribution.

    Method: t = d_z * sqrt(n) follows a noncentral t with n - 1 degrees of freedom and
    noncentrality delta * sqrt(n). The interval inverts it: the noncentralities whose
    distribution puts t at its 97.5th and 2.5th percentiles, divided by sqrt(n)
    (Steiger & Fouladi 1997, "Noncentrality interval estimation"; Cumming & Finch 2001,
    Educational and Psychological Measurement 61(4), 532-574). None when it cannot be
    computed: fewer than two pairs, or everybody changed by the same amount."""
    if len(baseline) != len(final):
        raise ValueError("baseline and final must pair up")
    n = len(baseline)
    if n < 2:
        return None
    diff = np.asarray(final, dtype=float) - np.asarray(baseline, dtype=float)
    sd = float(diff.std(ddof=1))
    if not sd > 0:
        return None
    d_z = float(diff.mean()) / sd
    low, high = _nct_interval(d_z * math.sqrt(n), n - 1)
    return EffectSize(n=n, d_z=d_z, ci_low=low / math.sqrt(n), ci_high=high / math.sqrt(n))


def _nct_interval(t: float, df: int, level: float = 0.95) -> tuple[float, float]:
    """Noncentrality parameters (low, high) with P(T <= t | low) = 1 - a/2 and
    P(T <= t | high) = a/2: the confidence interval of the noncentrality."""
    from scipy.optimize import brentq

    if t < 0:  # the noncentral t is mirror-symmetric: solve for |t| and mirror back
        low, high = _nct_interval(-t, df, level)
        return -high, -low
    tail = (1 - level) / 2

    def cdf_minus(target: float) -> Any:
        def f(ncp: float) -> float:
            p = float(stats.nct.cdf(t, df, ncp))
            # Far in the tail SciPy may return NaN where the probability is ~0 or ~1.
            return (0.0 if ncp > t else 1.0) - target if math.isnan(p) else p - target

        return f

    # The cdf falls as the noncentrality grows; widen the bracket until the signs differ.
    span = t + 10.0
    while cdf_minus(1 - tail)(t - span) < 0 or cdf_minus(tail)(t + span) > 0:
        span *= 2
    low = brentq(cdf_minus(1 - tail), t - span, t + span, xtol=1e-10)
    high = brentq(cdf_minus(tail), t - span, t + span, xtol=1e-10)
    return float(low), float(high)


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha over the respondents who answered every item (listwise)."""

    n: int
    items: int
    alpha: float


def cronbach_alpha(rows: Sequence[Sequence[float | None]]) -> Reliability | None:
    """alpha = k / (k - 1) * (1 - sum of item variances / variance of the total), variances
    with n - 1, over the rows (respondents) that answered every one of the k items
    (listwise deletion; a row with None is left out). None with fewer than two items,
    fewer than two complete rows, or no variation in the totals."""
    complete = [list(row) for row in rows if all(v is not None for v in row)]
    if not complete:
        return None
    data = np.asarray(complete, dtype=float)
    n, k = data.shape
    if k < 2 or n < 2:
        return None
    total_var = float(data.sum(axis=1).var(ddof=1))
    if not total_var > 0:
        return None
    item_var = float(data.var(axis=0, ddof=1).sum())
    return Reliability(n=n, items=k, alpha=k / (k - 1) * (1 - item_var / total_var))


def scale_score(
    values: Sequence[float | None],
    reverse: Sequence[bool],
    low: float,
    high: float,
    rule: str = "mean",
) -> float | None:
    """One respondent's score on a scale or subscale: reverse-scored items count as
    low + high - value, then the mean (rule "mean") or the sum (rule "sum") of the items.
    None unless every item was answered (a partial sum would not be comparable)."""
    if len(values) != len(reverse):
        raise ValueError("one reverse flag per item")
    if not values or any(v is None for v in values):
        return None
    numbers = [float(v) for v in values if v is not None]
    scored = [low + high - v if rev else v for v, rev in zip(numbers, reverse, strict=True)]
    if rule == "sum":
        return float(sum(scored))
    if rule == "mean":
        return float(sum(scored)) / len(scored)
    raise ValueError(f"unknown scoring rule {rule!r}")
