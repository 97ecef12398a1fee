"""Tests for the normal quantile, the Wilson interval and the normal interval."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from trustops import StatsError
from trustops.stats import Interval, normal_interval, se_from_interval, wilson_interval, z_value


def test_z_value_hand_computed() -> None:
    assert z_value() == pytest.approx(1.959963984540054, abs=1e-12)
    assert z_value(0.90) == pytest.approx(1.6448536269514722, abs=1e-12)
    assert z_value(0.99) == pytest.approx(2.5758293035489004, abs=1e-12)


@pytest.mark.parametrize("confidence", [0.0, 1.0, -0.5, 1.5, math.nan, math.inf])
def test_z_value_rejects_levels_outside_zero_one(confidence: float) -> None:
    with pytest.raises(StatsError, match="confidence"):
        z_value(confidence)


def test_wilson_hand_computed() -> None:
    # p = 0.8, n = 10, z = 1.959964: centre = 0.8 + 0.192073 = 0.992073,
    # half = z·√(0.016 + 0.0096036) = 0.3136163, scale = 1.3841459.
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx((0.9920730 - 0.3136163) / 1.3841459, abs=1e-6)
    assert high == pytest.approx((0.9920730 + 0.3136163) / 1.3841459, abs=1e-6)


def test_wilson_ends_are_exact() -> None:
    assert wilson_interval(0, 20).low == 0.0
    assert wilson_interval(20, 20).high == 1.0
    assert wilson_interval(0, 20).high > 0
    assert wilson_interval(20, 20).low < 1


@pytest.mark.parametrize(
    ("k", "n"), [(0, 1), (1, 1), (3, 7), (8, 10), (50, 100), (2.5, 7.3), (999, 1000), (1, 1e6)]
)
@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99])
def test_wilson_matches_statsmodels(k: float, n: float, confidence: float) -> None:
    expected = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
    assert wilson_interval(k, n, confidence=confidence) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("k", "n", "field"),
    [
        (1, 0, "n"),
        (0, -3, "n"),
        (-1, 10, "successes"),
        (11, 10, "successes"),
        (math.nan, 10, "successes"),
        (1, math.inf, "n"),
        ("3", 10, "successes"),
    ],
)
def test_wilson_rejects_bad_counts(k: float, n: float, field: str) -> None:
    with pytest.raises(StatsError, match=f"^{field}:"):
        wilson_interval(k, n)


def test_stats_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="n: expected a sample size above 0"):
        wilson_interval(0, 0)


@given(
    n=st.floats(min_value=1e-3, max_value=1e9),
    share=st.floats(min_value=0, max_value=1),
    confidence=st.floats(min_value=0.5, max_value=0.999),
)
def test_wilson_bounds_lie_in_unit_interval_and_contain_share(
    n: float, share: float, confidence: float
) -> None:
    k = min(share * n, n)
    low, high = wilson_interval(k, n, confidence=confidence)
    assert 0 <= low <= k / n <= high <= 1


@given(k=st.integers(0, 50), extra=st.integers(1, 50))
def test_wilson_narrows_with_confidence(k: int, extra: int) -> None:
    n = k + extra
    wide = wilson_interval(k, n, confidence=0.99)
    narrow = wilson_interval(k, n, confidence=0.8)
    assert wide.low <= narrow.low <= narrow.high <= wide.high


def test_normal_interval_hand_computed() -> None:
    assert normal_interval(50.0, 2.0) == pytest.approx((46.0800720, 53.9199280), abs=1e-6)
    assert normal_interval(3.0, 0.0) == Interval(3.0, 3.0)


@pytest.mark.parametrize(
    ("estimate", "se", "field"),
    [(1.0, -0.1, "se"), (1.0, math.nan, "se"), (math.inf, 1.0, "estimate")],
)
def test_normal_interval_rejects_bad_input(estimate: float, se: float, field: str) -> None:
    with pytest.raises(StatsError, match=f"^{field}:"):
        normal_interval(estimate, se)


def test_se_from_interval_inverts_the_normal_interval() -> None:
    assert se_from_interval(normal_interval(50.0, 3.0)) == pytest.approx(3.0)
    assert se_from_interval(normal_interval(0.0, 2.0, confidence=0.9), confidence=0.9) == (
        pytest.approx(2.0)
    )
    with pytest.raises(StatsError, match="low <= high"):
        se_from_interval(Interval(2.0, 1.0))
    with pytest.raises(StatsError, match=r"interval\.low"):
        se_from_interval(Interval(math.nan, 1.0))


@pytest.mark.parametrize("df", [0.5, 1, 2, 3.5, 10, 41.2, 1000])
@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99])
def test_t_value_equals_scipy(df: float, confidence: float) -> None:
    from scipy import stats as scipy_stats

    from trustops.stats import t_value

    expected = scipy_stats.t.ppf(1 - (1 - confidence) / 2, df)
    assert t_value(df, confidence) == pytest.approx(expected, rel=1e-9)
