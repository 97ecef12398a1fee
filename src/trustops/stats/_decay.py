"""Recency decay: older evidence counts for less, halving every half-life."""

from __future__ import annotations

import math

from ._checks import check_finite, check_positive
from ._errors import StatsError

__all__ = ["decay_weight"]


def decay_weight(age_days: float, *, half_life_days: float = 90.0) -> float:
    """Exponential recency weight ``0.5 ^ (age / half_life)``.

    1 for age 0, 0.5 at one half-life, 0.25 at two; in ``(0, 1]`` and decreasing with age
    (it underflows to 0.0 only for ages of thousands of half-lives). Raises
    :class:`~trustops.stats.StatsError` for a negative or non-finite age, or a half-life that is
    not a finite number above 0.

    >>> from trustops.stats import decay_weight
    >>> decay_weight(0)
    1.0
    >>> decay_weight(180)
    0.25
    >>> decay_weight(30, half_life_days=30)
    0.5
    """
    age = check_finite("age_days", age_days)
    if age < 0:
        raise StatsError(f"age_days: expected an age of 0 days or more, got {age_days!r}")
    half_life = check_positive("half_life_days", half_life_days)
    return math.exp2(-age / half_life)
