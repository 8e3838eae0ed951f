"""Paired before/after statistics for the benefit-change report. No Django import."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

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
