"""Argument checks shared by the statistics; each failure is a :class:`~trustops.StatsError`."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import SupportsFloat

from ._errors import StatsError

__all__ = ["check_confidence", "check_finite", "check_positive", "check_weights"]


def check_finite(name: str, value: object) -> float:
    """Return ``value`` as a float, or raise if it is not a number, NaN or infinite."""
    if type(value) is float or type(value) is int:  # the common case, without a Protocol check
        if math.isfinite(value):
            return float(value)
        raise StatsError(f"{name}: expected a finite number, got {value!r}")
    if not isinstance(value, SupportsFloat):
        raise StatsError(f"{name}: expected a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise StatsError(f"{name}: expected a finite number, got {value!r}")
    return number


def check_positive(name: str, value: float) -> float:
    """Return ``value`` as a float, or raise unless it is finite and above zero."""
    number = check_finite(name, value)
    if number <= 0:
        raise StatsError(f"{name}: expected a number above 0, got {value!r}")
    return number


def check_confidence(confidence: float) -> float:
    """Return a confidence level, or raise unless it lies strictly between 0 and 1."""
    level = check_finite("confidence", confidence)
    if not 0 < level < 1:
        raise StatsError(
            f"confidence: expected a level between 0 and 1 (e.g. 0.95), got {confidence!r}"
        )
    return level


def check_weights(weights: Iterable[float], name: str = "weights") -> list[float]:
    """Return the weights as floats; raise if one is negative or non-finite, or none is positive."""
    checked: list[float] = []
    for index, weight in enumerate(weights):
        number = check_finite(f"{name}[{index}]", weight)
        if number < 0:
            raise StatsError(f"{name}[{index}]: expected a weight of 0 or more, got {weight!r}")
        checked.append(number)
    if not checked:
        raise StatsError(f"{name}: expected at least one weight, got none")
    if max(checked) == 0:
        raise StatsError(f"{name}: expected at least one weight above 0, all are 0")
    return checked
