"""Tests for the method-of-moments Beta prior and empirical-Bayes shrinkage of proportions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as scipy_stats
from statsmodels.stats.proportion import proportion_confint

from trustops import StatsError
from trustops.stats import BetaPrior, Interval, fit_beta_prior, shrink_proportions

SUCCESSES = [40, 50, 60, 70]
TRIALS = [200, 200, 200, 200]


def test_fit_hand_computed() -> None:
    # rates .20 .25 .30 .35: mean .275; observed variance .0125/3; sampling variance
    # .275·.725/200 = .000996875; τ² = .0031697917; α₀ + β₀ = .199375/τ² − 1 = 61.898455
    strength = 0.275 * 0.725 / (0.0125 / 3 - 0.275 * 0.725 / 200) - 1
    prior = fit_beta_prior(SUCCESSES, TRIALS)
    assert prior is not None
    assert prior.alpha == pytest.approx(0.275 * strength, rel=1e-12)
    assert prior.beta == pytest.approx(0.725 * strength, rel=1e-12)
    assert strength == pytest.approx(61.898455, rel=1e-7)


def test_fit_does_not_weight_groups_by_size() -> None:
    # Same rates, one group ten times larger: the mean of the prior is still the plain mean.
    prior = fit_beta_prior([40, 50, 60, 700], [200, 200, 200, 2000])
    assert prior is not None
    assert prior.alpha / (prior.alpha + prior.beta) == pytest.approx(0.275)


@pytest.mark.parametrize(
    ("successes", "trials"),
    [
        ([], []),
        ([3], [10]),
        ([10, 10], [20, 20]),  # no spread at all
        ([8, 10, 12, 14], [40, 40, 40, 40]),  # spread no larger than sampling noise
        ([0, 200, 0, 200], [200, 200, 200, 200]),  # more spread than any Beta prior allows
        ([0, 0, 0], [5, 10, 20]),  # every rate 0
    ],
)
def test_no_prior(successes: list[float], trials: list[float]) -> None:
    assert fit_beta_prior(successes, trials) is None


def test_shrink_hand_computed_and_intervals_from_scipy() -> None:
    results = shrink_proportions([3, *SUCCESSES[1:]], [5, *TRIALS[1:]], confidence=0.9)
    prior = results[0].prior
    assert prior is not None
    assert all(result.prior == prior for result in results)
    for result, k, n in zip(results, [3, *SUCCESSES[1:]], [5, *TRIALS[1:]], strict=True):
        a, b = prior.alpha + k, prior.beta + n - k
        assert result.raw == k / n
        assert result.n == n
        assert result.estimate == pytest.approx((k + prior.alpha) / (n + prior.alpha + prior.beta))
        expected = scipy_stats.beta.ppf([0.05, 0.95], a, b)
        assert result.interval == pytest.approx(tuple(expected), rel=1e-10)


def test_small_groups_move_further_than_large_ones() -> None:
    small, large, *_ = shrink_proportions([4, 120, 50, 60], [5, 150, 200, 200])
    assert small.raw == large.raw == 0.8
    assert abs(small.estimate - small.raw) > abs(large.estimate - large.raw)


def test_without_a_prior_raw_shares_with_wilson_intervals() -> None:
    results = shrink_proportions([10, 10], [20, 20])
    assert [result.prior for result in results] == [None, None]
    assert [result.estimate for result in results] == [0.5, 0.5]
    expected = proportion_confint(10, 20, method="wilson")
    assert results[0].interval == pytest.approx(expected)
    assert isinstance(results[0].interval, Interval)
    assert shrink_proportions([], []) == []


def test_effective_trials_are_accepted() -> None:
    results = shrink_proportions([2.5, 30.2, 18.0, 40.1], [7.3, 41.0, 40.0, 44.5])
    assert [round(result.raw, 4) for result in results] == [0.3425, 0.7366, 0.45, 0.9011]


@pytest.mark.parametrize(
    ("successes", "trials", "message"),
    [
        ([1, 2], [10], r"trials: expected one number of trials per group \(2\), got 1"),
        ([1, 2], [10, 0], r"trials\[1\]: expected a number of trials above 0"),
        ([1, 12], [10, 10], r"successes\[1\]: expected a count between 0 and trials = 10"),
        ([-1, 2], [10, 10], r"successes\[0\]"),
        ([1, math.nan], [10, 10], r"successes\[1\]: expected a finite number"),
        ([1, 2], [10, math.inf], r"trials\[1\]: expected a finite number"),
    ],
)
def test_bad_input(successes: list[float], trials: list[float], message: str) -> None:
    with pytest.raises(StatsError, match=message):
        fit_beta_prior(successes, trials)
    with pytest.raises(StatsError, match=message):
        shrink_proportions(successes, trials)


def test_bad_confidence() -> None:
    with pytest.raises(StatsError, match="confidence"):
        shrink_proportions(SUCCESSES, TRIALS, confidence=1)


groups = st.lists(
    st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    min_size=2,
    max_size=12,
)


@given(groups)
def test_estimate_lies_between_raw_share_and_prior_mean(pairs: list[tuple[int, int]]) -> None:
    results = shrink_proportions([k for k, _ in pairs], [n for _, n in pairs])
    for result in results:
        if result.prior is None:
            assert result.estimate == result.raw
            continue
        prior_mean = result.prior.alpha / (result.prior.alpha + result.prior.beta)
        low, high = sorted((result.raw, prior_mean))
        assert low - 1e-12 <= result.estimate <= high + 1e-12
        assert 0 <= result.interval.low <= result.interval.high <= 1


@given(groups)
def test_prior_is_positive_when_fitted(pairs: list[tuple[int, int]]) -> None:
    prior = fit_beta_prior([k for k, _ in pairs], [n for _, n in pairs])
    if prior is not None:
        assert isinstance(prior, BetaPrior)
        assert prior.alpha > 0
        assert prior.beta > 0
