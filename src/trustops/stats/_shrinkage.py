"""Empirical-Bayes shrinkage of proportions across groups (areas) towards a fitted Beta prior."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from ._beta import beta_ppf
from ._checks import check_confidence, check_count
from ._errors import StatsError
from ._intervals import Interval, wilson_interval

__all__ = ["BetaPrior", "ShrunkProportion", "fit_beta_prior", "shrink_proportions"]


class BetaPrior(NamedTuple):
    """A Beta(α₀, β₀) prior for group proportions; its mean is ``α₀ / (α₀ + β₀)``."""

    alpha: float
    """α₀, the prior's pseudo-count of successes."""
    beta: float
    """β₀, the prior's pseudo-count of failures."""


def _groups(successes: Sequence[float], trials: Sequence[float]) -> list[tuple[float, float]]:
    if len(successes) != len(trials):
        raise StatsError(
            f"trials: expected one number of trials per group ({len(successes)}), got {len(trials)}"
        )
    groups: list[tuple[float, float]] = []
    for index, (k, n) in enumerate(zip(successes, trials, strict=True)):
        groups.append(
            check_count(
                k,
                n,
                names=(f"successes[{index}]", f"trials[{index}]"),
                bound="trials",
                size="a number of trials",
            )
        )
    return groups


def _fit(groups: list[tuple[float, float]]) -> BetaPrior | None:
    count = len(groups)
    if count < 2:
        return None
    rates = [k / n for k, n in groups]
    mean = math.fsum(rates) / count
    observed = math.fsum((rate - mean) ** 2 for rate in rates) / (count - 1)
    sampling = math.fsum(mean * (1 - mean) / n for _, n in groups) / count
    between = observed - sampling
    if between <= 0:
        return None
    strength = mean * (1 - mean) / between - 1
    if strength <= 0:
        return None
    return BetaPrior(mean * strength, (1 - mean) * strength)


def fit_beta_prior(successes: Sequence[float], trials: Sequence[float]) -> BetaPrior | None:
    """Fit a Beta prior to groups' proportions by the method of moments.

    With ``m`` groups, rates ``pᵢ = kᵢ / nᵢ`` (``nᵢ`` may be an effective n)::

        p̄   = Σpᵢ / m                            (unweighted: every group counts once)
        s²  = Σ(pᵢ − p̄)² / (m − 1)               (observed variance of the rates)
        τ²  = s² − Σ p̄(1 − p̄)/nᵢ / m              (minus the average binomial sampling variance)
        α₀ + β₀ = p̄(1 − p̄) / τ² − 1,   α₀ = p̄·(α₀ + β₀),   β₀ = (1 − p̄)·(α₀ + β₀)

    ``τ²`` estimates the *between-group* variance: how much the true rates differ once the
    noise of small samples is taken out. Groups are not weighted by size, so one large area
    cannot dominate the prior; small areas' noise is what ``τ²`` subtracts.

    Returns None (no shrinkage) with fewer than 2 groups, when ``τ² <= 0`` (the rates differ
    no more than sampling noise explains) or when ``τ² >= p̄(1 − p̄)`` (no Beta prior is that
    dispersed). Raises :class:`~trustops.stats.StatsError` for sequences of different lengths,
    trials ``<= 0``, successes outside ``[0, trials]`` or non-finite values.

    Reference: Efron, B. & Morris, C. (1975), *Data analysis using Stein's estimator and its
    generalizations*, JASA 70:311–319.

    >>> from trustops.stats import fit_beta_prior
    >>> prior = fit_beta_prior([40, 50, 60, 70], [200, 200, 200, 200])
    >>> round(prior.alpha, 2), round(prior.beta, 2)
    (17.02, 44.88)
    >>> fit_beta_prior([10, 10], [20, 20]) is None
    True
    """
    return _fit(_groups(successes, trials))


class ShrunkProportion(NamedTuple):
    """One group's proportion after empirical-Bayes shrinkage."""

    estimate: float
    """Posterior mean ``(k + α₀)/(n + α₀ + β₀)``, or the raw share when there is no prior."""
    interval: Interval
    """Equal-tailed Beta(α₀ + k, β₀ + n − k) interval, or Wilson's when there is no prior."""
    raw: float
    """The unshrunk share ``k / n``."""
    n: float
    """The group's number of trials (possibly effective)."""
    prior: BetaPrior | None
    """The fitted prior shared by all groups, or None when no shrinkage was applied."""


def shrink_proportions(
    successes: Sequence[float], trials: Sequence[float], *, confidence: float = 0.95
) -> list[ShrunkProportion]:
    """Shrink each group's proportion towards the groups' common Beta prior.

    The prior comes from :func:`fit_beta_prior`. Each group's estimate is the posterior
    mean ``(k + α₀) / (n + α₀ + β₀)`` — a weighted average of its raw share ``k/n`` and the
    prior mean, pulling small groups further — with the equal-tailed interval of the
    posterior Beta(α₀ + k, β₀ + n − k) (quantiles by :func:`beta_ppf`). When no prior can be
    fitted, every group keeps its raw share with a Wilson interval and ``prior`` is None.

    Returns one result per group, in order. Errors as for :func:`fit_beta_prior`, plus a
    confidence outside ``(0, 1)``.

    Reference: Efron, B. & Morris, C. (1975), JASA 70:311–319.

    >>> from trustops.stats import shrink_proportions
    >>> small, *_ = shrink_proportions([3, 50, 60, 70], [5, 200, 200, 200])
    >>> small.raw, round(small.estimate, 3)
    (0.6, 0.421)
    """
    level = check_confidence(confidence)
    groups = _groups(successes, trials)
    prior = _fit(groups)
    tail = (1 - level) / 2
    results: list[ShrunkProportion] = []
    for k, n in groups:
        raw = k / n
        if prior is None:
            results.append(
                ShrunkProportion(raw, wilson_interval(k, n, confidence=level), raw, n, None)
            )
            continue
        a, b = prior.alpha + k, prior.beta + n - k
        interval = Interval(beta_ppf(tail, a, b), beta_ppf(1 - tail, a, b))
        results.append(ShrunkProportion(a / (a + b), interval, raw, n, prior))
    return results
