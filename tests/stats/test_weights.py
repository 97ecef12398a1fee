"""Tests for Kish's effective sample size, the design effect, weighted means and shares."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as scipy_stats
from statsmodels.stats.proportion import proportion_confint

from trustops import StatsError
from trustops.stats import (
    Interval,
    design_effect,
    effective_sample_size,
    weighted_mean,
    weighted_proportion,
)

weights_strategy = st.lists(st.floats(min_value=1e-3, max_value=1e3), min_size=1, max_size=60)


def test_effective_sample_size_hand_computed() -> None:
    assert effective_sample_size([1, 1, 1, 1]) == 4.0
    # (1+1+1+3)² / (1+1+1+9) = 36 / 12
    assert effective_sample_size([1, 1, 1, 3]) == 3.0
    assert effective_sample_size([2, 0]) == 1.0
    assert design_effect([1, 1, 1, 3]) == pytest.approx(4 / 3)
    assert design_effect([0.2] * 7) == 1.0


def test_effective_sample_size_survives_extreme_scales() -> None:
    assert effective_sample_size([1e300, 1e300]) == 2.0
    assert effective_sample_size([1e-300, 3e-300, 1e-300]) == pytest.approx(25 / 11)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([], "at least one weight"),
        ([0, 0], "above 0"),
        ([1, -1], r"weights\[1\]: expected a weight of 0 or more"),
        ([1, math.nan], r"weights\[1\]: expected a finite number"),
        ([math.inf], r"weights\[0\]"),
    ],
)
def test_bad_weights(weights: list[float], message: str) -> None:
    with pytest.raises(StatsError, match=message):
        effective_sample_size(weights)
    with pytest.raises(StatsError, match=message):
        design_effect(weights)


@given(weights_strategy)
def test_ess_at_most_n_and_deff_at_least_one(weights: list[float]) -> None:
    ess = effective_sample_size(weights)
    assert 1 - 1e-12 <= ess <= len(weights)
    assert design_effect(weights) >= 1


@given(st.floats(min_value=1e-6, max_value=1e6), st.integers(1, 200))
def test_ess_equals_n_for_equal_weights(weight: float, n: int) -> None:
    assert effective_sample_size([weight] * n) == n


@given(weights_strategy, st.randoms())
def test_ess_ignores_order(weights: list[float], random: object) -> None:
    shuffled = list(weights)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert effective_sample_size(shuffled) == pytest.approx(effective_sample_size(weights))


def test_weighted_mean_unweighted_matches_scipy() -> None:
    values = [60.0, 70.0, 85.0, 90.0, 40.0]
    estimate = weighted_mean(values)
    assert estimate.mean == pytest.approx(69.0)
    assert estimate.se == pytest.approx(scipy_stats.sem(values))
    assert estimate.n == 5
    assert estimate.effective_n == 5.0
    z = scipy_stats.norm.ppf(0.975)
    assert estimate.interval == pytest.approx((69.0 - z * estimate.se, 69.0 + z * estimate.se))


def test_weighted_mean_hand_computed() -> None:
    # weights 3, 1: mean = (180 + 90)/4 = 67.5; Σw(x−m)²/Σw = (3·56.25 + 506.25)/4 = 168.75;
    # ESS = 16/10 = 1.6; s² = 168.75 · 1.6/0.6 = 450; se = √(450/1.6) = 16.770509831
    estimate = weighted_mean([60.0, 90.0], [3, 1], confidence=0.9)
    assert estimate.mean == 67.5
    assert estimate.effective_n == pytest.approx(1.6)
    assert estimate.se == pytest.approx(16.770509831)
    margin = 1.6448536269514722 * 16.770509831
    assert estimate.interval == pytest.approx((67.5 - margin, 67.5 + margin))


def test_weighted_mean_matches_an_independent_numpy_computation() -> None:
    rng = np.random.default_rng(3)
    values = rng.normal(60, 15, size=40)
    weights = rng.uniform(0.2, 3.0, size=40)
    mean = np.average(values, weights=weights)
    ess = weights.sum() ** 2 / (weights**2).sum()
    variance = np.average((values - mean) ** 2, weights=weights) * ess / (ess - 1)
    estimate = weighted_mean(values.tolist(), weights.tolist())
    assert estimate.mean == pytest.approx(mean)
    assert estimate.effective_n == pytest.approx(ess)
    assert estimate.se == pytest.approx(math.sqrt(variance / ess))


def test_weighted_mean_with_one_effective_respondent_has_unbounded_interval() -> None:
    single = weighted_mean([72.0])
    assert single.mean == 72.0
    assert single.se == math.inf
    assert single.interval == Interval(-math.inf, math.inf)
    assert weighted_mean([10.0, 20.0], [0, 5]).mean == 20.0


@pytest.mark.parametrize(
    ("values", "weights", "message"),
    [
        ([], None, "values: expected at least one value"),
        ([1.0, math.nan], None, r"values\[1\]"),
        ([1.0, 2.0], [1.0], "one weight per value"),
        ([1.0, 2.0], [1.0, -2.0], r"weights\[1\]"),
    ],
)
def test_weighted_mean_bad_input(
    values: list[float], weights: list[float] | None, message: str
) -> None:
    with pytest.raises(StatsError, match=message):
        weighted_mean(values, weights)


def test_weighted_mean_bad_confidence() -> None:
    with pytest.raises(StatsError, match="confidence"):
        weighted_mean([1.0, 2.0], confidence=95)


@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(1e-2, 1e2)), min_size=2, max_size=40))
def test_weighted_mean_lies_within_the_values(pairs: list[tuple[float, float]]) -> None:
    values = [value for value, _ in pairs]
    estimate = weighted_mean(values, [weight for _, weight in pairs])
    assert min(values) - 1e-9 <= estimate.mean <= max(values) + 1e-9
    assert estimate.interval.low <= estimate.mean <= estimate.interval.high


def test_weighted_proportion_unweighted_matches_statsmodels() -> None:
    flags = [True] * 13 + [False] * 7
    estimate = weighted_proportion(flags)
    assert estimate.share == 0.65
    assert estimate.n == 20
    assert estimate.effective_n == 20.0
    assert estimate.interval == pytest.approx(proportion_confint(13, 20, method="wilson"))


def test_weighted_proportion_uses_effective_n() -> None:
    # share = 3/4; ESS = 16/10 = 1.6; Wilson on 1.2 successes of 1.6
    estimate = weighted_proportion([True, False], [3, 1])
    assert estimate.share == 0.75
    assert estimate.effective_n == pytest.approx(1.6)
    assert estimate.interval == pytest.approx(proportion_confint(1.2, 1.6, method="wilson"))


def test_weighted_proportion_accepts_zero_one_and_numpy_bools() -> None:
    flags = [1, 0, np.bool_(True), 0]
    assert weighted_proportion(flags).share == 0.5  # type: ignore[arg-type]
    assert weighted_proportion([True, True]).share == 1.0


@pytest.mark.parametrize(
    ("flags", "weights", "message"),
    [
        ([], None, "flags: expected at least one value"),
        ([True, 0.5], None, r"flags\[1\]: expected True or False"),
        ([True, "yes"], None, r"flags\[1\]"),
        ([True], [1.0, 2.0], "one weight per value"),
        ([True, False], [0, 0], "above 0"),
    ],
)
def test_weighted_proportion_bad_input(
    flags: list[object], weights: list[float] | None, message: str
) -> None:
    with pytest.raises(StatsError, match=message):
        weighted_proportion(flags, weights)  # type: ignore[arg-type]


def test_weighted_proportion_bad_confidence() -> None:
    with pytest.raises(StatsError, match="confidence"):
        weighted_proportion([True], confidence=0)


@given(st.lists(st.tuples(st.booleans(), st.floats(1e-3, 1e3)), min_size=1, max_size=50))
def test_weighted_proportion_share_in_unit_interval_and_inside_interval(
    pairs: list[tuple[bool, float]],
) -> None:
    estimate = weighted_proportion([flag for flag, _ in pairs], [weight for _, weight in pairs])
    assert 0 <= estimate.interval.low <= estimate.share <= estimate.interval.high <= 1
    assert estimate.effective_n <= estimate.n
