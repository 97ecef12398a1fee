"""Tests for the argument checks shared by the statistics."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from trustops import StatsError
from trustops.stats._checks import (
    check_confidence,
    check_finite,
    check_finites,
    check_positive,
    check_weights,
)


def test_numbers_of_any_kind_become_floats() -> None:
    for value in (3, 3.0, Fraction(3), Decimal(3), np.float32(3), np.int64(3)):
        assert check_finite("x", value) == 3.0
        assert type(check_finite("x", value)) is float


@pytest.mark.parametrize("value", ["3", b"3", None, [3], 3j])
def test_non_numbers_are_rejected(value: object) -> None:
    with pytest.raises(StatsError, match="x: expected a number, got"):
        check_finite("x", value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_non_finite_numbers_are_rejected(value: float) -> None:
    with pytest.raises(StatsError, match="x: expected a finite number"):
        check_finite("x", value)


def test_positive_and_confidence() -> None:
    assert check_positive("x", 0.5) == 0.5
    with pytest.raises(StatsError, match="x: expected a number above 0, got 0"):
        check_positive("x", 0)
    assert check_confidence(0.9) == 0.9
    with pytest.raises(StatsError, match=r"confidence: .*\(e\.g\. 0\.95\), got 95"):
        check_confidence(95)


def test_weights_keep_order_and_name() -> None:
    assert check_weights(iter([1, 0, 2.5])) == [1.0, 0.0, 2.5]
    with pytest.raises(StatsError, match=r"base_weights\[2\]"):
        check_weights([1, 2, -3], "base_weights")


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ([1.0, 2, math.nan], r"v\[2\]: expected a finite number"),
        ([1.0, "2", 3.0], r"v\[1\]: expected a number"),
        ([math.inf], r"v\[0\]: expected a finite number"),
    ],
)
def test_a_sequence_names_its_first_bad_value(values: list[object], fragment: str) -> None:
    with pytest.raises(StatsError, match=fragment):
        check_finites("v", values)


def test_a_sequence_of_any_numbers_becomes_floats() -> None:
    plain = check_finites("v", [1, 2.5, 3])  # the fast path: plain floats and ints
    assert plain == [1.0, 2.5, 3.0]
    assert all(type(v) is float for v in plain)
    mixed = check_finites("v", [np.float32(1), True, Fraction(1, 2)])  # one value at a time
    assert mixed == [1.0, 1.0, 0.5]
    assert all(type(v) is float for v in mixed)
    assert check_finites("v", []) == []


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ([0, 0.0], "all are 0"),
        ([], "at least one weight, got none"),
        ([1.0, math.nan], r"w\[1\]: expected a finite number"),
        ([np.float64(1), -1], r"w\[1\]: expected a weight of 0 or more"),
        (iter([0.0]), "all are 0"),
        ([np.float64(0), False], "all are 0"),
    ],
)
def test_bad_weights_on_either_path(weights: object, fragment: str) -> None:
    with pytest.raises(StatsError, match=fragment):
        check_weights(weights, "w")  # type: ignore[arg-type]


def test_weights_of_any_number_type_become_floats() -> None:
    found = check_weights([np.float64(2), True, Fraction(1, 2)])
    assert found == [2.0, 1.0, 0.5]
    assert all(type(w) is float for w in found)
