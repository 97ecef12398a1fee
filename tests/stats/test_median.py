"""Tests for the median."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import StatsError
from trustops.stats import median, median_of_counts


def test_odd_and_even_counts() -> None:
    assert median([5]) == 5.0
    assert median([3, 1, 2]) == 2.0
    assert median([4, 1, 3, 2]) == 2.5
    assert median(iter([1.5, -2.0])) == -0.25


def test_midpoint_of_huge_values_stays_finite() -> None:
    assert median([1.5e308, 1.7e308]) == 1.6e308


@pytest.mark.parametrize("values", [[], [1.0, math.nan], [math.inf], [None]])
def test_rejects_empty_and_non_finite(values: list[float]) -> None:
    with pytest.raises(StatsError, match="values"):
        median(values)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1))
def test_matches_statistics_median_and_ignores_order(values: list[float]) -> None:
    assert median(values) == pytest.approx(statistics.median(values), rel=1e-12, abs=1e-12)
    assert median(reversed(values)) == median(values)


@given(st.dictionaries(st.floats(-1e6, 1e6), st.integers(1, 5), min_size=1))
def test_median_of_counts_is_the_median_of_the_repeated_values(counts: dict[float, int]) -> None:
    repeated = [value for value, count in counts.items() for _ in range(count)]
    assert median_of_counts(counts) == median(repeated)


@pytest.mark.parametrize(
    ("counts", "match"),
    [({}, "at least one"), ({math.nan: 1}, "counts key"), ({1.0: 0}, "whole number"),
     ({1.0: 1.5}, "whole number"), ({math.inf: 2}, "counts key")],
)  # fmt: skip
def test_median_of_counts_rejects_what_median_rejects(counts: dict[float, int], match: str) -> None:
    with pytest.raises(StatsError, match=match):
        median_of_counts(counts)
