"""Weighted estimates: Kish's effective sample size, the design effect, means and shares."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ._checks import check_confidence, check_finite, check_weights
from ._errors import StatsError
from ._intervals import Interval, normal_interval, wilson_interval

__all__ = [
    "MeanEstimate",
    "ProportionEstimate",
    "design_effect",
    "effective_sample_size",
    "weighted_mean",
    "weighted_proportion",
]


def _kish(weights: list[float]) -> float:
    # Dividing by the largest weight first keeps (Σw)² and Σw² away from overflow and
    # underflow, and makes equal weights give exactly n.
    largest = max(weights)
    scaled = [weight / largest for weight in weights]
    total = math.fsum(scaled)
    ess = total * total / math.fsum(weight * weight for weight in scaled)
    # Cauchy–Schwarz gives ESS ≤ n; the bound only guards against the last rounding step.
    return min(ess, float(len(weights)))


def effective_sample_size(weights: Iterable[float]) -> float:
    """Kish's effective sample size of a set of weights.

    ``ESS = (Σw)² / Σw²``, between 1 and the number of weights ``n`` (equal weights give
    ``n``; the more unequal the weights, the smaller the ESS). Weights of 0 count in ``n``
    but add nothing. Raises :class:`~trustops.stats.StatsError` for no weights, a negative or
    non-finite weight, or weights that are all 0.

    Reference: Kish, L. (1965), *Survey Sampling*, Wiley.

    >>> from trustops.stats import effective_sample_size
    >>> effective_sample_size([1, 1, 1, 1])
    4.0
    >>> effective_sample_size([1, 1, 1, 3])
    3.0
    """
    return _kish(check_weights(weights))


def design_effect(weights: Iterable[float]) -> float:
    """Kish's design effect due to unequal weights, ``deff = n / ESS``.

    At least 1; equal weights give exactly 1. A design effect of 2 means the weighted
    sample carries as much information as a simple random sample half its size. Errors as
    for :func:`effective_sample_size`.

    Reference: Kish, L. (1965), *Survey Sampling*, Wiley.

    >>> from trustops.stats import design_effect
    >>> design_effect([1, 1, 1, 3])
    1.3333333333333333
    """
    checked = check_weights(weights)
    return len(checked) / _kish(checked)


def _pair(
    values: Sequence[object], weights: Sequence[float] | None, name: str
) -> tuple[int, list[float]]:
    if not values:
        raise StatsError(f"{name}: expected at least one value, got none")
    if weights is None:
        return len(values), [1.0] * len(values)
    if len(weights) != len(values):
        raise StatsError(
            f"weights: expected one weight per value ({len(values)}), got {len(weights)}"
        )
    return len(values), check_weights(weights)


class MeanEstimate(NamedTuple):
    """A (weighted) mean with its standard error, sample sizes and interval."""

    mean: float
    """The weighted mean ``Σwx / Σw``."""
    se: float
    """Standard error of the mean (``inf`` when the effective n is 1)."""
    n: int
    """Number of values."""
    effective_n: float
    """Kish effective sample size of the weights."""
    interval: Interval
    """Normal-approximation interval ``mean ± z·se``."""


def weighted_mean(
    values: Sequence[float], weights: Sequence[float] | None = None, *, confidence: float = 0.95
) -> MeanEstimate:
    """Weighted mean with a normal-approximation confidence interval.

    With weights ``w`` (all 1 when ``weights`` is None), ``ESS`` the Kish effective sample
    size and ``x̄ = Σwx / Σw``::

        s² = ESS / (ESS − 1) · Σw(x − x̄)² / Σw        (weighted variance, bias-corrected)
        se = √(s² / ESS)
        interval = x̄ ± z·se

    With equal weights ``s²`` is the ordinary sample variance (ddof 1) and ``se`` the usual
    ``s/√n``. When the effective n is 1 (a single value, or a single positive weight) the
    spread cannot be estimated: ``se`` is ``inf`` and the interval is ``(−inf, inf)``.

    Raises :class:`~trustops.stats.StatsError` for no values, non-finite values, a weights
    sequence of another length, or bad weights (see :func:`effective_sample_size`).

    Reference: Kish, L. (1965), *Survey Sampling*, Wiley.

    >>> from trustops.stats import weighted_mean
    >>> estimate = weighted_mean([60.0, 70.0, 80.0, 90.0])
    >>> estimate.mean, round(estimate.se, 3), estimate.effective_n
    (75.0, 6.455, 4.0)
    >>> round(weighted_mean([60.0, 90.0], [3, 1]).mean, 2)
    67.5
    """
    level = check_confidence(confidence)
    n, checked = _pair(values, weights, "values")
    numbers = [check_finite(f"values[{index}]", value) for index, value in enumerate(values)]
    total = math.fsum(checked)
    mean = math.fsum(w * x for w, x in zip(checked, numbers, strict=True)) / total
    ess = _kish(checked)
    if ess <= 1:
        return MeanEstimate(mean, math.inf, n, ess, Interval(-math.inf, math.inf))
    spread = math.fsum(w * (x - mean) ** 2 for w, x in zip(checked, numbers, strict=True)) / total
    variance = spread * ess / (ess - 1)
    se = math.sqrt(variance / ess)
    return MeanEstimate(mean, se, n, ess, normal_interval(mean, se, confidence=level))


class ProportionEstimate(NamedTuple):
    """A (weighted) share with its sample sizes and Wilson interval."""

    share: float
    """The weighted share ``Σw·flag / Σw``, in ``[0, 1]``."""
    n: int
    """Number of flags."""
    effective_n: float
    """Kish effective sample size of the weights."""
    interval: Interval
    """Wilson interval computed on the effective n."""


def weighted_proportion(
    flags: Sequence[bool], weights: Sequence[float] | None = None, *, confidence: float = 0.95
) -> ProportionEstimate:
    """Weighted share of true flags, with a Wilson interval on the effective sample size.

    ``share = Σw·flag / Σw`` (in ``[0, 1]``); the interval is
    :func:`wilson_interval` with ``n = ESS`` and ``successes = share · ESS``, so unequal
    weights widen it as a smaller simple random sample would. Without weights this is the
    plain share with the ordinary Wilson interval.

    Raises :class:`~trustops.stats.StatsError` for no flags, a flag that is not a boolean (or 0/1),
    a weights sequence of another length, or bad weights.

    References: Wilson (1927); Kish, L. (1965), *Survey Sampling*, Wiley.

    >>> from trustops.stats import weighted_proportion
    >>> estimate = weighted_proportion([True, True, False, True])
    >>> estimate.share, estimate.effective_n
    (0.75, 4.0)
    >>> weighted_proportion([True, False], [3, 1]).share
    0.75
    """
    level = check_confidence(confidence)
    n, checked = _pair(flags, weights, "flags")
    hits: list[float] = []
    for index, flag in enumerate(flags):
        if flag not in (True, False):
            raise StatsError(f"flags[{index}]: expected True or False, got {flag!r}")
        hits.append(1.0 if flag else 0.0)
    total = math.fsum(checked)
    share = min(1.0, math.fsum(w * hit for w, hit in zip(checked, hits, strict=True)) / total)
    ess = _kish(checked)
    return ProportionEstimate(share, n, ess, wilson_interval(share * ess, ess, confidence=level))
