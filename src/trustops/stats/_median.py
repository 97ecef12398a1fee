"""The median, as the midpoint of the two middle values for an even count."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from ._checks import check_finite
from ._errors import StatsError

__all__ = ["median", "median_of_counts"]


def median(values: Iterable[float]) -> float:
    """Median of the values: the middle one, or the midpoint of the two middle ones.

    For sorted values ``x₁ ≤ … ≤ xₙ`` the median is ``x₍ₙ₊₁₎/₂`` for odd ``n`` and
    ``(xₙ/₂ + xₙ/₂₊₁) / 2`` for even ``n``. Raises :class:`~trustops.stats.StatsError` for no
    values or for a NaN or infinite value.

    >>> from trustops.stats import median
    >>> median([3, 1, 2])
    2.0
    >>> median([4, 1, 3, 2])
    2.5
    """
    ordered = [check_finite(f"values[{index}]", value) for index, value in enumerate(values)]
    if not ordered:
        raise StatsError("values: expected at least one value for a median, got none")
    ordered.sort()
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return _midpoint(ordered[middle - 1], ordered[middle])


def median_of_counts(counts: Mapping[float, int]) -> float:
    """Median of values given with how often each occurs: :func:`median` of every value
    repeated its count of times, without repeating them.

    A histogram of many repeated values (such as the hours to report of a programme's
    reports) keeps its size; the distinct values are sorted once and the middle found by
    their running counts. Raises :class:`~trustops.stats.StatsError` for no values, a NaN
    or infinite value, or a count that is not a whole number of at least 1.

    >>> from trustops.stats import median, median_of_counts
    >>> median_of_counts({2.0: 3, 10.0: 1})
    2.0
    >>> median_of_counts({1.0: 1, 4.0: 1}) == median([1.0, 4.0])
    True
    """
    values, tallies = counts.keys(), counts.values()
    # checked in bulk; the first bad one is named
    if not set(map(type, values)) <= {float, int} or not all(map(math.isfinite, values)):
        for value in values:
            check_finite(f"counts key {value!r}", value)
    if tallies and (set(map(type, tallies)) != {int} or min(tallies) < 1):
        for value, count in counts.items():
            if type(count) is not int or count < 1:
                raise StatsError(
                    f"counts[{value!r}]: expected a whole number of at least 1, got {count!r}"
                )
    ordered = sorted(counts.items())
    total = sum(tallies)
    if not total:
        raise StatsError("counts: expected at least one value for a median, got none")
    # the values at (1-based) places low and high of the repeated, sorted values
    low, high = (total + 1) // 2, total // 2 + 1
    seen = 0
    below: float | None = None
    for value, count in ordered:
        seen += count
        if below is None and seen >= low:
            below = value
        if seen >= high:
            assert below is not None  # low <= high
            return value if total % 2 else _midpoint(below, value)
    raise AssertionError("unreachable: the running count reaches the total")  # pragma: no cover


def _midpoint(low: float, high: float) -> float:
    # Halving each first keeps the midpoint finite for values near the float limits.
    return low / 2 + high / 2
