"""Tests for the recency decay weight."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import StatsError
from trustops.stats import decay_weight


def test_hand_computed() -> None:
    assert decay_weight(0) == 1.0
    assert decay_weight(90) == 0.5
    assert decay_weight(180) == 0.25
    assert decay_weight(45) == pytest.approx(math.sqrt(0.5))
    assert decay_weight(30, half_life_days=30) == 0.5
    assert decay_weight(1e9) == 0.0


@pytest.mark.parametrize(
    ("age", "half_life", "message"),
    [
        (-1, 90, "age_days: expected an age of 0 days or more"),
        (math.nan, 90, "age_days: expected a finite number"),
        (math.inf, 90, "age_days"),
        (10, 0, "half_life_days: expected a number above 0"),
        (10, -5, "half_life_days"),
        (10, math.inf, "half_life_days"),
    ],
)
def test_bad_input(age: float, half_life: float, message: str) -> None:
    with pytest.raises(StatsError, match=message):
        decay_weight(age, half_life_days=half_life)


@given(st.floats(0, 1e5), st.floats(0, 1e5), st.floats(0.1, 1e4))
def test_monotone_decreasing_in_age(age1: float, age2: float, half_life: float) -> None:
    younger, older = sorted((age1, age2))
    assert (
        0
        <= decay_weight(older, half_life_days=half_life)
        <= decay_weight(younger, half_life_days=half_life)
        <= 1
    )


@given(st.floats(0, 1e3), st.floats(1, 1e3))
def test_strictly_decreasing_for_moderate_ages(age: float, half_life: float) -> None:
    assert decay_weight(age + half_life, half_life_days=half_life) < decay_weight(
        age, half_life_days=half_life
    )
