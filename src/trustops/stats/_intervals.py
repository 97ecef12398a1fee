"""Confidence intervals: the normal quantile, the Wilson score interval, the normal interval."""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import NamedTuple

from ._beta import beta_ppf
from ._checks import check_confidence, check_count, check_finite, check_positive
from ._errors import StatsError

__all__ = [
    "Interval",
    "normal_interval",
    "se_from_interval",
    "t_value",
    "wilson_interval",
    "z_value",
]


class Interval(NamedTuple):
    """A two-sided confidence interval, ``low <= high``."""

    low: float
    """Lower bound."""
    high: float
    """Upper bound."""


def z_value(confidence: float = 0.95) -> float:
    """Two-sided standard normal quantile for a confidence level.

    ``z = Φ⁻¹(1 − (1 − confidence)/2)``, computed with ``statistics.NormalDist``.
    ``confidence`` must lie strictly between 0 and 1; the result is positive.

    >>> from trustops.stats import z_value
    >>> round(z_value(0.95), 4)
    1.96
    >>> round(z_value(0.90), 4)
    1.6449
    """
    if type(confidence) is float:  # a level checked before is looked up, not checked again
        known = _Z_KNOWN.get(confidence)
        if known is not None:
            return known
    level = check_confidence(confidence)
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    if len(_Z_KNOWN) < 64:
        _Z_KNOWN[level] = z
    return z


_Z_KNOWN: dict[float, float] = {}
"""The quantile of each level already computed (at most 64 of them)."""


def t_value(df: float, confidence: float = 0.95) -> float:
    """Two-sided quantile of Student's t with ``df`` degrees of freedom (any positive real).

    From ``P(|T| > x) = I_{df/(df + x²)}(df/2, 1/2)``: ``x = √(df·(1/u − 1))`` with
    ``u`` the Beta(df/2, 1/2) quantile at ``1 − confidence``. Agrees with
    ``scipy.stats.t.ppf(1 − (1 − confidence)/2, df)``.

    >>> from trustops.stats import t_value
    >>> round(t_value(10), 4), round(t_value(3.5), 4)
    (2.2281, 2.9401)
    """
    level = check_confidence(confidence)
    degrees = check_positive("df", df)
    u = beta_ppf(1 - level, degrees / 2, 0.5)
    return math.sqrt(degrees * (1 / u - 1))


def wilson_interval(successes: float, n: float, *, confidence: float = 0.95) -> Interval:
    """Wilson score interval for a proportion of ``successes`` out of ``n``.

    With ``p = successes / n`` and ``z`` from :func:`z_value`::

        (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)

    ``n`` may be an effective (non-integer) sample size, as for weighted shares. The bounds
    lie in ``[0, 1]`` and contain ``p``; unlike the normal interval the Wilson interval stays
    sensible for small ``n`` and for shares near 0 or 1.

    Raises :class:`~trustops.stats.StatsError` when ``n <= 0``, when ``successes`` is outside
    ``[0, n]``, or when either is not finite.

    References: Wilson, E. B. (1927), *Probable inference, the law of succession, and
    statistical inference*, JASA 22:209–212.

    >>> from trustops.stats import wilson_interval
    >>> low, high = wilson_interval(8, 10)
    >>> round(low, 4), round(high, 4)
    (0.4902, 0.9433)
    >>> wilson_interval(0, 20).low
    0.0
    """
    k, size = check_count(successes, n)
    z = z_value(confidence)
    p = k / size
    z2 = z * z
    centre = p + z2 / (2 * size)
    half = z * math.sqrt(p * (1 - p) / size + z2 / (4 * size * size))
    scale = 1 + z2 / size
    low = 0.0 if k == 0 else max(0.0, min(p, (centre - half) / scale))
    high = 1.0 if k == size else min(1.0, max(p, (centre + half) / scale))
    return Interval(low, high)


def normal_interval(estimate: float, se: float, *, confidence: float = 0.95) -> Interval:
    """Normal-approximation interval ``estimate ± z·se``.

    ``se`` is the standard error (0 or more); ``z`` comes from :func:`z_value`.
    Raises :class:`~trustops.stats.StatsError` for a negative or non-finite ``se`` or a
    non-finite ``estimate``.

    >>> from trustops.stats import normal_interval
    >>> low, high = normal_interval(50.0, 2.0, confidence=0.95)
    >>> round(low, 2), round(high, 2)
    (46.08, 53.92)
    """
    centre = check_finite("estimate", estimate)
    spread = check_finite("se", se)
    if spread < 0:
        raise StatsError(f"se: expected a standard error of 0 or more, got {se!r}")
    margin = z_value(confidence) * spread
    return Interval(centre - margin, centre + margin)


def se_from_interval(interval: Interval, *, confidence: float = 0.95) -> float:
    """The standard error a symmetric normal interval implies: ``(high − low) / (2·z)``.

    Used to carry the uncertainty of a figure that is published with its interval only
    (a Wilson interval is not symmetric, so this is an approximation for shares).

    >>> from trustops.stats import Interval, se_from_interval
    >>> round(se_from_interval(Interval(40.0, 60.0)), 4)
    5.1021
    """
    low = check_finite("interval.low", interval.low)
    high = check_finite("interval.high", interval.high)
    if high < low:
        raise StatsError(f"interval: expected low <= high, got {interval!r}")
    return (high - low) / (2 * z_value(confidence))
