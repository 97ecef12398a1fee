"""Change between two estimates: the difference with its interval, and the two-proportion z-test."""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import NamedTuple

from ._checks import check_confidence, check_count, check_finite
from ._errors import StatsError
from ._intervals import Interval, normal_interval

__all__ = ["Difference", "difference_of_estimates", "two_proportion_z_test"]


class Difference(NamedTuple):
    """The change from a first estimate to a second, with its uncertainty."""

    difference: float
    """Second estimate minus first."""
    se: float
    """Standard error of the difference (unpooled)."""
    interval: Interval
    """Normal-approximation interval ``difference ± z·se``."""
    z: float
    """Test statistic (``±inf`` when the difference is known exactly and not 0)."""
    p_value: float
    """Two-sided p-value of the test of no difference."""
    significant: bool
    """Whether ``p_value`` is below the significance level."""


def _test(difference: float, se: float, test_se: float, level: float) -> Difference:
    if test_se > 0:
        z = difference / test_se
    else:
        z = 0.0 if difference == 0 else math.copysign(math.inf, difference)
    p_value = 2 * NormalDist().cdf(-abs(z))
    interval = normal_interval(difference, se, confidence=level)
    return Difference(difference, se, interval, z, p_value, p_value < 1 - level)


def difference_of_estimates(
    estimate1: float, se1: float, estimate2: float, se2: float, *, confidence: float = 0.95
) -> Difference:
    """Difference ``estimate2 − estimate1`` of two independent estimates, with a z-test.

    ::

        se = √(se₁² + se₂²),   z = (estimate₂ − estimate₁) / se,   p = 2·Φ(−|z|)
        interval = difference ± z_{confidence}·se

    ``significant`` is ``p < 1 − confidence`` (at the default 0.95: α = 0.05), which is the
    same as the interval excluding 0. When both standard errors are 0 the difference is
    exact: ``z`` is ``±inf`` (p = 0) for a non-zero difference and 0 (p = 1) otherwise.
    Raises :class:`~trustops.stats.StatsError` for non-finite input or a negative standard error.

    >>> from trustops.stats import difference_of_estimates
    >>> change = difference_of_estimates(62.0, 1.5, 66.0, 2.0)
    >>> change.difference, change.se, round(change.p_value, 4), change.significant
    (4.0, 2.5, 0.1096, False)
    """
    level = check_confidence(confidence)
    first, second = check_finite("estimate1", estimate1), check_finite("estimate2", estimate2)
    errors = []
    for name, value in (("se1", se1), ("se2", se2)):
        number = check_finite(name, value)
        if number < 0:
            raise StatsError(f"{name}: expected a standard error of 0 or more, got {value!r}")
        errors.append(number)
    se = math.hypot(*errors)
    return _test(second - first, se, se, level)


def two_proportion_z_test(
    successes1: float, n1: float, successes2: float, n2: float, *, alpha: float = 0.05
) -> Difference:
    """Pooled two-proportion z-test of the change from share 1 to share 2.

    With ``p₁ = k₁/n₁``, ``p₂ = k₂/n₂`` and the pooled share ``p̂ = (k₁ + k₂)/(n₁ + n₂)``::

        z = (p₂ − p₁) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)),   p = 2·Φ(−|z|)

    The reported ``se`` and the ``1 − alpha`` interval use the unpooled standard error
    ``√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂)``: pooling is right for testing "no change", not for
    describing how big the change is. (So, near the threshold, the test and the interval
    can disagree.) ``n₁``, ``n₂`` may be effective sample sizes of weighted shares.
    ``significant`` is ``p < alpha``. Raises :class:`~trustops.stats.StatsError` for ``n <= 0``,
    successes outside ``[0, n]``, non-finite input or ``alpha`` outside ``(0, 1)``.

    >>> from trustops.stats import two_proportion_z_test
    >>> test = two_proportion_z_test(40, 100, 55, 100)
    >>> round(test.difference, 2), round(test.z, 3), round(test.p_value, 4), test.significant
    (0.15, 2.124, 0.0337, True)
    """
    level = 1 - check_finite("alpha", alpha)
    if not 0 < alpha < 1 or level == 1:
        raise StatsError(f"alpha: expected a significance level between 0 and 1, got {alpha!r}")
    k1, size1 = check_count(successes1, n1, names=("successes1", "n1"))
    k2, size2 = check_count(successes2, n2, names=("successes2", "n2"))
    p1, p2 = k1 / size1, k2 / size2
    pooled = (k1 + k2) / (size1 + size2)
    test_se = math.sqrt(pooled * (1 - pooled) * (1 / size1 + 1 / size2))
    se = math.sqrt(p1 * (1 - p1) / size1 + p2 * (1 - p2) / size2)
    return _test(p2 - p1, se, test_se, level)
