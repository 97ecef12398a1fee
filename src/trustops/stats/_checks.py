"""Argument checks shared by the statistics; each failure is a :class:`~trustops.StatsError`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Final, SupportsFloat

from ._errors import StatsError

__all__ = [
    "check_confidence",
    "check_count",
    "check_finite",
    "check_finites",
    "check_positive",
    "check_weights",
]

_PLAIN: Final = frozenset({float, int})


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


def _plain_finite(values: Sequence[object]) -> list[float] | None:
    """``values`` as floats when every one is a finite plain ``float`` or ``int`` (checked at C
    speed, with no Python call per value), else ``None``."""
    if not set(map(type, values)) <= _PLAIN:
        return None
    numbers = list(map(float, values))  # type: ignore[arg-type]
    return numbers if all(map(math.isfinite, numbers)) else None


def check_finites(name: str, values: Sequence[object]) -> list[float]:
    """Every value as a float, or raise naming the first that is not a finite number
    (``name[index]``), as :func:`check_finite` does for one."""
    fast = _plain_finite(values)
    if fast is not None:
        return fast
    return [check_finite(f"{name}[{index}]", value) for index, value in enumerate(values)]


def check_positive(name: str, value: float) -> float:
    """Return ``value`` as a float, or raise unless it is finite and above zero."""
    number = check_finite(name, value)
    if number <= 0:
        raise StatsError(f"{name}: expected a number above 0, got {value!r}")
    return number


def check_count(
    successes: object,
    n: object,
    *,
    names: tuple[str, str] = ("successes", "n"),
    bound: str | None = None,
    size: str = "a sample size",
) -> tuple[float, float]:
    """Return ``(successes, n)`` as floats, or raise unless ``n`` is above 0 and ``successes``
    lies between 0 and ``n``. ``names`` name the two arguments in messages; ``bound`` names
    ``n`` where the count is compared with it (default: ``names[1]``); ``size`` says what ``n``
    is."""
    count_name, n_name = names
    total = check_finite(n_name, n)
    if total <= 0:
        raise StatsError(f"{n_name}: expected {size} above 0, got {n!r}")
    count = check_finite(count_name, successes)
    if not 0 <= count <= total:
        raise StatsError(
            f"{count_name}: expected a count between 0 and {bound or n_name} = {n!r}, "
            f"got {successes!r}"
        )
    return count, total


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
    given = weights if isinstance(weights, Sequence) else list(weights)
    checked = _plain_finite(given)
    if checked is None or (checked and min(checked) < 0):  # one at a time, to name the culprit
        checked = []
        for index, weight in enumerate(given):
            number = check_finite(f"{name}[{index}]", weight)
            if number < 0:
                raise StatsError(f"{name}[{index}]: expected a weight of 0 or more, got {weight!r}")
            checked.append(number)
    if not checked:
        raise StatsError(f"{name}: expected at least one weight, got none")
    if max(checked) == 0:
        raise StatsError(f"{name}: expected at least one weight above 0, all are 0")
    return checked
