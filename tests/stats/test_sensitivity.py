"""Rambachan & Roth's relative-magnitude intervals: equal to the Python ``honestdid`` on the
stored reference cases (scripts/honestdid_reference.py), the fast least-favourable solver equal
to one linear program per draw, the coarse grid search equal to a full scan, and the checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trustops.stats import (
    MBARS,
    RobustInterval,
    StatsError,
    relative_magnitude_interval,
)
from trustops.stats import _sensitivity as module

np = pytest.importorskip("numpy")
REFERENCE = json.loads(
    (Path(__file__).parent / "data" / "honestdid_relative_magnitudes.json").read_text()
)

BETA = [0.1, -0.05, 1.0, 1.2]
SIGMA = [[0.04, 0.01, 0, 0], [0.01, 0.04, 0, 0], [0, 0, 0.04, 0.01], [0, 0, 0.01, 0.04]]


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=lambda case: case["name"])
def test_equals_honestdid_on_its_grid(case: dict[str, Any]) -> None:
    assert case["mbars"] == list(MBARS)
    step = (case["grid"][1] - case["grid"][0]) / (case["points"] - 1)
    for mbar, low, high in zip(case["mbars"], case["low"], case["high"], strict=True):
        found = relative_magnitude_interval(
            case["estimates"],
            case["covariance"],
            pre=case["pre"],
            weights=case["weights"],
            mbar=mbar,
            grid=tuple(case["grid"]),
            points=case["points"],
        )
        assert found.step == pytest.approx(step)
        # the same grid points: equal up to the grid's own float rounding
        assert found.low == pytest.approx(low, abs=1e-9), mbar
        assert found.high == pytest.approx(high, abs=1e-9), mbar


def test_reference_names_what_made_it() -> None:
    assert REFERENCE["versions"]["honestdid"] == "0.1.1"
    assert len(REFERENCE["cases"]) >= 2


def _problem(mbar: float = 1.0, s: int = 0) -> tuple[Any, Any]:
    beta, sigma = np.array(BETA), np.array(SIGMA)
    a = module._a_rm(2, 2, mbar, s, True)
    rows = np.nonzero(np.sum(a[:, 2:] != 0, axis=1) > 0)[0]
    moved = a[:, 2:] @ np.linalg.inv(module._gamma(np.array([0.5, 0.5])))
    sigma_y = (a @ sigma @ a.T)[np.ix_(rows, rows)]
    del beta
    return moved[:, 1:][rows], sigma_y


@pytest.mark.parametrize("mbar", [0.0, 1.0, 2.0])
def test_kept_bases_give_each_programs_optimum_and_multipliers(mbar: float) -> None:
    x, sigma = _problem(mbar)
    solver = module._Eta(x, sigma)
    draws = np.random.RandomState(3).multivariate_normal(np.zeros(len(sigma)), sigma, size=300)
    fast = solver.many(draws)
    assert len(solver.vertices) < 30
    for draw, value in zip(draws[:60], fast[:60], strict=True):
        eta, multipliers, _ = module._eta_lp(draw, x, solver.sd)
        assert value == pytest.approx(eta, abs=1e-9)
        again = solver.solve(draw)
        assert again is not None
        assert again[0] == pytest.approx(eta, abs=1e-9)
        assert np.allclose(again[1], multipliers, atol=1e-7)


def _full_scan(pre: int, weights: list[float], mbar: float, points: int) -> tuple[float, float]:
    beta, sigma = np.array(BETA), np.array(SIGMA)
    post = len(BETA) - pre
    spread = float(np.sqrt(np.array(weights) @ sigma[pre:, pre:] @ np.array(weights)))
    thetas = np.linspace(-20 * spread, 20 * spread, points)
    parts = [
        module._Component(
            beta,
            sigma,
            pre,
            post,
            np.array(weights),
            mbar=mbar,
            s=s,
            positive=positive,
            alpha=0.05,
            sims=200,
            seed=0,
        )
        for s in range(-(pre - 1), 1)
        for positive in (True, False)
    ]
    kept = [float(t) for t in thetas if any(p.accepts(float(t)) for p in parts)]
    return kept[0], kept[-1]


@pytest.mark.parametrize(("pre", "weights"), [(3, [1.0]), (2, [0.5, 0.5]), (2, [0.0, 1.0])])
def test_the_coarse_search_finds_the_full_scans_ends(pre: int, weights: list[float]) -> None:
    found = relative_magnitude_interval(
        BETA, SIGMA, pre=pre, weights=weights, mbar=0.5, points=120, sims=200
    )
    assert (found.low, found.high) == pytest.approx(_full_scan(pre, weights, 0.5, 120))


def test_wider_bounds_give_wider_intervals_around_the_estimate() -> None:
    found = [
        relative_magnitude_interval(BETA, SIGMA, pre=2, weights=[0.5, 0.5], mbar=m, sims=200)
        for m in MBARS
    ]
    assert all(f.low is not None and f.high is not None for f in found)
    assert found[0].low < 1.1 < found[0].high  # type: ignore[operator]
    lows = [f.low for f in found]
    highs = [f.high for f in found]
    assert lows == sorted(lows, reverse=True)
    assert highs == sorted(highs)
    assert found[0].excludes_zero
    assert not found[-1].excludes_zero


def test_a_grid_too_narrow_leaves_the_interval_open() -> None:
    found = relative_magnitude_interval(
        BETA, SIGMA, pre=3, weights=[1.0], mbar=1.0, grid=(1.1, 1.3), points=20, sims=200
    )
    assert found.open_low
    assert found.open_high
    assert not found.excludes_zero
    empty = relative_magnitude_interval(
        BETA, SIGMA, pre=3, weights=[1.0], mbar=0.0, grid=(30.0, 31.0), points=20, sims=200
    )
    assert (empty.low, empty.high, empty.excludes_zero) == (None, None, False)


def test_excludes_zero() -> None:
    assert RobustInterval(1.0, 0.2, 0.9, False, False, 0.01).excludes_zero
    assert RobustInterval(1.0, -0.9, -0.2, False, False, 0.01).excludes_zero
    assert not RobustInterval(1.0, 0.2, 0.9, True, False, 0.01).excludes_zero
    assert not RobustInterval(1.0, -0.2, 0.9, False, False, 0.01).excludes_zero


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pre": 0}, "pre: expected a whole number"),
        ({"pre": 4}, "estimates: expected 4 pre-event"),
        ({"weights": [1.0]}, "weights: expected 2 weights"),
        ({"weights": [0.0, 0.0]}, "weights: expected at least one non-zero"),
        ({"pre": 3, "weights": [0.5]}, "weights: with one post-event estimate"),
        ({"covariance": SIGMA[:3]}, "covariance: expected a 4 × 4 matrix"),
        ({"covariance": [[*row[:3], 0.5] for row in SIGMA]}, "covariance: expected a symmetric"),
        ({"mbar": -1.0}, "mbar: expected a bound"),
        ({"mbar": float("nan")}, "mbar: expected a finite number"),
        ({"alpha": 1.0}, "alpha: expected a level"),
        ({"points": 1}, "points: expected a whole number"),
        ({"sims": 2.5}, "sims: expected a whole number"),
        ({"grid": (1.0, 1.0)}, "grid: expected a low end below"),
        ({"estimates": [0.1, float("inf"), 1.0, 1.2]}, "estimates: expected a finite"),
    ],
)
def test_bad_input_is_named(changes: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {
        "estimates": BETA,
        "covariance": SIGMA,
        "pre": 2,
        "weights": [0.5, 0.5],
        "mbar": 1.0,
        **changes,
    }
    with pytest.raises(StatsError, match=message):
        relative_magnitude_interval(**arguments)


def test_a_narrow_interval_between_coarse_points_is_found_by_a_full_scan() -> None:
    wide = relative_magnitude_interval(
        BETA, SIGMA, pre=2, weights=[0.5, 0.5], mbar=0.0, grid=(-50.0, 50.0), points=201, sims=200
    )
    assert wide.step == pytest.approx(0.5)
    assert wide.low is not None
    assert wide.high is not None
    # no coarse point (every 4.0 from −50) is accepted: one grid point near the estimate is
    assert wide.low == wide.high == 1.0


@pytest.mark.parametrize(
    ("p", "low", "high"),
    [
        (0.95, -1.0, 2.0),
        (0.95, 0.5, 3.0),
        (0.5, -np.inf, 0.2),
        (0.9, 1.0, np.inf),
        (0.95, -np.inf, np.inf),
    ],
)
def test_truncated_normal_quantile_is_scipys(p: float, low: float, high: float) -> None:
    from scipy import stats

    assert module._truncated_quantile(p, low, high) == pytest.approx(
        float(stats.truncnorm.ppf(p, low, high)), abs=1e-12
    )
    assert module._truncated_quantile(p, 2 * low, 2 * high, sd=2.0) == pytest.approx(
        2 * float(stats.truncnorm.ppf(p, low, high)), abs=1e-12
    )


def test_an_empty_truncation_gives_its_lower_end() -> None:
    assert module._truncated_quantile(0.9, 1.5, 1.5, mu=1.0, sd=2.0) == 1.5
