"""The median, as the midpoint of the two middle values for an even count."""

from __future__ import annotations

from collections.abc import Iterable

from ._checks import check_finite
from ._errors import StatsError

__all__ = ["median"]


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
    # Halving each first keeps the midpoint finite for values near the float limits.
    return ordered[middle - 1] / 2 + ordered[middle] / 2
