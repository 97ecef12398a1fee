"""Tests for the difference of two estimates and the pooled two-proportion z-test."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportions_ztest

from trustops import StatsError
from trustops.stats import Interval, difference_of_estimates, two_proportion_z_test


def test_difference_hand_computed() -> None:
    # se = √(1.5² + 2²) = 2.5; z = 4/2.5 = 1.6; p = 2·(1 − Φ(1.6)) = 0.109599
    change = difference_of_estimates(62.0, 1.5, 66.0, 2.0)
    assert change.difference == 4.0
    assert change.se == 2.5
    assert change.z == pytest.approx(1.6)
    assert change.p_value == pytest.approx(0.1095986, abs=1e-7)
    assert not change.significant
    assert change.interval == pytest.approx((4 - 1.959964 * 2.5, 4 + 1.959964 * 2.5), abs=1e-5)


def test_difference_direction_and_significance() -> None:
    change = difference_of_estimates(70.0, 1.0, 64.0, 1.0, confidence=0.99)
    assert change.difference == -6.0
    assert change.z < 0
    assert change.significant
    assert change.interval.high < 0


def test_difference_with_exact_estimates() -> None:
    same = difference_of_estimates(1.0, 0.0, 1.0, 0.0)
    assert (same.z, same.p_value, same.significant) == (0.0, 1.0, False)
    assert same.interval == Interval(0.0, 0.0)
    up = difference_of_estimates(1.0, 0.0, 2.0, 0.0)
    assert (up.z, up.p_value, up.significant) == (math.inf, 0.0, True)
    assert difference_of_estimates(2.0, 0.0, 1.0, 0.0).z == -math.inf


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1.0, -1.0, 2.0, 1.0), "se1: expected a standard error of 0 or more"),
        ((1.0, 1.0, 2.0, math.nan), "se2: expected a finite number"),
        ((math.inf, 1.0, 2.0, 1.0), "estimate1"),
        ((1.0, 1.0, None, 1.0), "estimate2: expected a number"),
    ],
)
def test_difference_bad_input(args: tuple[float, float, float, float], message: str) -> None:
    with pytest.raises(StatsError, match=message):
        difference_of_estimates(*args)


def test_difference_bad_confidence() -> None:
    with pytest.raises(StatsError, match="confidence"):
        difference_of_estimates(1, 1, 2, 1, confidence=0)


@given(
    st.floats(-1e3, 1e3),
    st.floats(0.01, 100),
    st.floats(-1e3, 1e3),
    st.floats(0.01, 100),
)
def test_significance_agrees_with_interval(e1: float, s1: float, e2: float, s2: float) -> None:
    change = difference_of_estimates(e1, s1, e2, s2)
    assert 0 <= change.p_value <= 1
    excludes_zero = change.interval.low > 0 or change.interval.high < 0
    if abs(abs(change.z) - 1.959963984540054) > 1e-9:
        assert change.significant == excludes_zero


def test_two_proportion_hand_computed() -> None:
    # p1 = .40, p2 = .55, pooled .475: se₀ = √(.475·.525·.02) = .0706222; z = .15/.0706222
    test = two_proportion_z_test(40, 100, 55, 100)
    assert test.difference == pytest.approx(0.15)
    assert test.z == pytest.approx(0.15 / math.sqrt(0.475 * 0.525 * 0.02))
    unpooled = math.sqrt(0.4 * 0.6 / 100 + 0.55 * 0.45 / 100)
    assert test.se == pytest.approx(unpooled)
    assert test.interval == pytest.approx((0.15 - 1.959964 * unpooled, 0.15 + 1.959964 * unpooled))
    assert test.significant


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"),
    [(40, 100, 55, 100), (12, 30, 9, 45), (0, 10, 3, 12), (300, 1000, 280, 950), (5, 5, 1, 9)],
)
def test_two_proportion_matches_statsmodels(k1: int, n1: int, k2: int, n2: int) -> None:
    z, p_value = proportions_ztest([k2, k1], [n2, n1])
    test = two_proportion_z_test(k1, n1, k2, n2)
    assert test.z == pytest.approx(z, rel=1e-12)
    assert test.p_value == pytest.approx(p_value, rel=1e-9)
    assert test.significant == (p_value < 0.05)


def test_two_proportion_on_effective_n_and_alpha() -> None:
    test = two_proportion_z_test(0.45 * 37.5, 37.5, 0.62 * 41.2, 41.2, alpha=0.2)
    assert test.difference == pytest.approx(0.17)
    assert test.significant
    assert not two_proportion_z_test(0.45 * 37.5, 37.5, 0.62 * 41.2, 41.2, alpha=0.01).significant


def test_two_proportion_all_zero_or_all_one() -> None:
    for test in (two_proportion_z_test(0, 10, 0, 20), two_proportion_z_test(10, 10, 20, 20)):
        assert (test.difference, test.se, test.z, test.p_value) == (0.0, 0.0, 0.0, 1.0)
        assert not test.significant


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((1, 0, 1, 10), {}, "n1: expected a sample size above 0"),
        ((1, 10, 11, 10), {}, r"successes2: expected a count between 0 and n2 = 10"),
        ((-1, 10, 1, 10), {}, "successes1"),
        ((1, 10, 1, math.nan), {}, "n2: expected a finite number"),
        ((1, 10, 1, 10), {"alpha": 0}, "alpha: expected a significance level"),
        ((1, 10, 1, 10), {"alpha": 1}, "alpha"),
        ((1, 10, 1, 10), {"alpha": 1e-20}, "alpha"),
        ((1, 10, 1, 10), {"alpha": math.nan}, "alpha: expected a finite number"),
    ],
)
def test_two_proportion_bad_input(
    args: tuple[float, float, float, float], kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises(StatsError, match=message):
        two_proportion_z_test(*args, **kwargs)
