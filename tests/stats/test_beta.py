"""Tests for the Beta CDF and quantile, against scipy across a grid of shapes."""

from __future__ import annotations

import itertools
import math
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special
from scipy import stats as scipy_stats

from trustops import StatsError
from trustops.stats import beta_cdf, beta_ppf

SHAPES = [0.05, 0.1, 0.5, 1, 2, 5, 20, 100, 1000]
LEVELS = [1e-6, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-9]


def test_hand_computed() -> None:
    # Beta(1, 1) is uniform; Beta(2, 1) has CDF x², Beta(1, 2) has 1 − (1 − x)².
    assert beta_ppf(0.3, 1, 1) == pytest.approx(0.3, rel=1e-14)
    assert beta_ppf(0.25, 2, 1) == pytest.approx(0.5, rel=1e-14)
    assert beta_ppf(0.75, 1, 2) == pytest.approx(0.5, rel=1e-14)
    assert beta_cdf(0.5, 2, 1) == pytest.approx(0.25, rel=1e-14)
    # Beta(2, 5): CDF 1 − (1 − x)^5 (1 + 5x) ... at 0.3 = 1 − 0.16807·2.5 = 0.579825
    assert beta_cdf(0.3, 2, 5) == pytest.approx(0.579825, rel=1e-12)


def _scipy_ppf(q: float, a: float, b: float) -> float | None:
    """scipy's quantile, or None where its root finder reports that it gave up."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            return float(scipy_stats.beta.ppf(q, a, b))
        except RuntimeWarning:
            return None


@pytest.mark.parametrize(("a", "b"), list(itertools.product(SHAPES, SHAPES)))
def test_ppf_matches_scipy(a: float, b: float) -> None:
    for q in LEVELS:
        expected = _scipy_ppf(q, a, b)
        if expected is None:
            # Check the mirrored quantile's round trip through scipy's CDF instead:
            # the x-quantile of Beta(a, b) at q is 1 − the quantile of Beta(b, a) at 1 − q.
            mirror = beta_ppf(1 - q, b, a)
            assert special.betainc(b, a, mirror) == pytest.approx(1 - q, rel=1e-8), q
            assert beta_ppf(q, a, b) == pytest.approx(1 - mirror, abs=1e-15), q
        else:
            assert beta_ppf(q, a, b) == pytest.approx(expected, rel=1e-9, abs=1e-300), q


@pytest.mark.parametrize(("a", "b"), [(0.05, 1e5), (0.5, 1e5), (1e5, 2), (3e4, 5e4)])
def test_ppf_matches_scipy_for_very_large_shapes(a: float, b: float) -> None:
    # log B(a, b) from lgamma loses a few digits when a shape is huge.
    for q in [0.001, 0.025, 0.5, 0.975, 0.999]:
        assert beta_ppf(q, a, b) == pytest.approx(scipy_stats.beta.ppf(q, a, b), rel=1e-7)


@pytest.mark.parametrize(("a", "b"), [(0.5, 2), (2, 0.5), (100, 0.05), (0.05, 100)])
def test_extreme_tails_keep_relative_precision(a: float, b: float) -> None:
    # scipy's ppf itself gives up in some of these tails, so check the round trip instead.
    lower = beta_ppf(1e-12, a, b)
    assert special.betainc(a, b, lower) == pytest.approx(1e-12, rel=1e-8)
    upper = beta_ppf(1 - 1e-12, a, b)
    assert special.betaincc(a, b, upper) == pytest.approx(1 - (1 - 1e-12), rel=1e-3)


@pytest.mark.parametrize(("a", "b"), list(itertools.product([0.3, 1, 4, 50], [0.3, 1, 4, 50])))
def test_cdf_matches_scipy(a: float, b: float) -> None:
    for x in [1e-8, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-8]:
        assert beta_cdf(x, a, b) == pytest.approx(special.betainc(a, b, x), rel=1e-10, abs=1e-300)


def test_cdf_clamps_outside_unit_interval() -> None:
    assert beta_cdf(-0.5, 2, 3) == 0.0
    assert beta_cdf(0.0, 2, 3) == 0.0
    assert beta_cdf(1.0, 2, 3) == 1.0
    assert beta_cdf(7.0, 2, 3) == 1.0


def test_ppf_ends() -> None:
    assert beta_ppf(0, 2, 3) == 0.0
    assert beta_ppf(1, 2, 3) == 1.0


@pytest.mark.parametrize(
    ("q", "a", "b", "message"),
    [
        (-0.1, 1, 1, "q: expected a probability"),
        (1.1, 1, 1, "q: expected a probability"),
        (math.nan, 1, 1, "q: expected a finite number"),
        (0.5, 0, 1, "a: expected a number above 0"),
        (0.5, 1, -2, "b: expected a number above 0"),
        (0.5, math.inf, 1, "a: expected a finite number"),
    ],
)
def test_ppf_bad_input(q: float, a: float, b: float, message: str) -> None:
    with pytest.raises(StatsError, match=message):
        beta_ppf(q, a, b)


def test_cdf_bad_input() -> None:
    with pytest.raises(StatsError, match="x: expected a finite number"):
        beta_cdf(math.nan, 1, 1)
    with pytest.raises(StatsError, match="b: expected a number above 0"):
        beta_cdf(0.5, 1, 0)


def test_continued_fraction_gives_up_on_absurd_shapes() -> None:
    with pytest.raises(StatsError, match="did not converge"):
        beta_cdf(0.5, 1e12, 1e12)


@given(
    st.floats(0.01, 0.99),
    st.floats(0.01, 0.99),
    st.floats(0.5, 200),
    st.floats(0.5, 200),
)
def test_ppf_is_monotone_and_inverts_cdf(q1: float, q2: float, a: float, b: float) -> None:
    # Shapes below 1/2 can put the quantile within a few ulps of 1, where the CDF of the
    # nearest float is far from q; the grid tests above cover those shapes.
    low, high = sorted((q1, q2))
    assert beta_ppf(low, a, b) <= beta_ppf(high, a, b)
    assert beta_cdf(beta_ppf(q1, a, b), a, b) == pytest.approx(q1, rel=1e-8)
