"""Tests for raking (iterative proportional fitting) of respondent weights."""

from __future__ import annotations

import math
import pickle
from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import RakingError, StatsError
from trustops.stats import rake

AGE = {"16-34": 0.3, "35-64": 0.5, "65+": 0.2}
SEX = {"f": 0.52, "m": 0.48}


def _share(
    weights: Sequence[float], rows: Sequence[Mapping[str, str]], dimension: str, category: str
) -> float:
    hit = math.fsum(w for w, row in zip(weights, rows, strict=True) if row[dimension] == category)
    return hit / math.fsum(weights)


def _sample(count: int, seed: int) -> list[dict[str, str]]:
    rng = np.random.default_rng(seed)
    ages = rng.choice(list(AGE), size=count, p=[0.15, 0.45, 0.40])
    sexes = rng.choice(list(SEX), size=count, p=[0.6, 0.4])
    return [{"age": str(a), "sex": str(s)} for a, s in zip(ages, sexes, strict=True)]


def _numpy_ipf(rows: list[dict[str, str]], margins: dict[str, dict[str, float]]) -> list[float]:
    weights = np.ones(len(rows))
    for _ in range(1000):
        for dimension, targets in margins.items():
            column = np.array([row[dimension] for row in rows])
            for category, share in targets.items():
                mask = column == category
                weights[mask] *= share * weights.sum() / weights[mask].sum()
    result: list[float] = (weights / weights.mean()).tolist()
    return result


def test_one_dimension_hand_computed() -> None:
    rows = [{"age": "young"}, {"age": "old"}, {"age": "old"}, {"age": "old"}]
    # young carries 1/2 of 4 → weight 2; each old carries (1/2 of 4)/3
    assert rake(rows, {"age": {"young": 0.5, "old": 0.5}}) == pytest.approx(
        [2, 2 / 3, 2 / 3, 2 / 3]
    )


def test_two_dimensions_hit_targets_and_match_numpy_ipf() -> None:
    rows = _sample(300, seed=5)
    margins = {"age": AGE, "sex": SEX}
    weights = rake(rows, margins, tol=1e-10, max_iter=500)
    assert len(weights) == len(rows)
    assert math.fsum(weights) / len(weights) == pytest.approx(1.0)
    for dimension, targets in margins.items():
        for category, share in targets.items():
            assert _share(weights, rows, dimension, category) == pytest.approx(share, abs=1e-10)
    assert weights == pytest.approx(_numpy_ipf(rows, margins), rel=1e-8)


def test_base_weights_are_the_starting_point() -> None:
    rows = [{"g": "a"}, {"g": "a"}, {"g": "b"}]
    weights = rake(rows, {"g": {"a": 0.5, "b": 0.5}}, base_weights=[3, 1, 2])
    # a: 3 and 1 scaled together to carry half; b carries the other half
    assert weights == pytest.approx([1.125, 0.375, 1.5])


def test_zero_base_weight_stays_zero() -> None:
    rows = [{"g": "a"}, {"g": "a"}, {"g": "b"}]
    weights = rake(rows, {"g": {"a": 0.5, "b": 0.5}}, base_weights=[1, 0, 1])
    assert weights[1] == 0.0
    assert weights == pytest.approx([1.5, 0.0, 1.5])


def test_category_with_zero_target_gets_zero_weight() -> None:
    rows = [{"g": "a"}, {"g": "b"}, {"g": "c"}]
    assert rake(rows, {"g": {"a": 0.25, "b": 0.75, "c": 0.0}}) == pytest.approx([0.75, 2.25, 0])


def test_zero_target_category_over_several_passes() -> None:
    rows = [
        {"g": "a", "h": "x"},
        {"g": "a", "h": "x"},
        {"g": "a", "h": "y"},
        {"g": "b", "h": "x"},
        {"g": "b", "h": "y"},
        {"g": "c", "h": "y"},
    ]
    margins = {"g": {"a": 0.4, "b": 0.6, "c": 0.0}, "h": {"x": 0.3, "y": 0.7}}
    weights = rake(rows, margins, tol=1e-12)
    assert weights[5] == 0.0
    for dimension, targets in margins.items():
        for category, share in targets.items():
            assert _share(weights, rows, dimension, category) == pytest.approx(share, abs=1e-12)


def test_cap_clips_several_weights_at_once() -> None:
    rows = [{"g": "a"}] * 3 + [{"g": "b"}] * 17
    base = [1, 1.2, 1.4] + [1] * 17
    # Uncapped, a's weights are 10/3.6 × (1, 1.2, 1.4) = 2.78, 3.33, 3.89 (mean weight 1).
    # With a cap of 3.5 the two largest end at 3.5 and the third carries the rest of a's
    # half: 10 − 7 = 3.
    weights = rake(rows, {"g": {"a": 0.5, "b": 0.5}}, cap=3.5, base_weights=base, tol=1e-12)
    assert weights == pytest.approx([3.0, 3.5, 3.5] + [10 / 17] * 17, rel=1e-9)


def test_targets_within_tolerance_of_one_are_renormalised() -> None:
    rows = [{"g": "a"}, {"g": "b"}]
    weights = rake(rows, {"g": {"a": 0.5, "b": 0.5 + 5e-7}})
    assert math.fsum(weights) == pytest.approx(2.0)


def test_empty_margins_give_scaled_base_weights() -> None:
    assert rake([{"g": "a"}, {"g": "b"}], {}) == [1.0, 1.0]
    assert rake([{}, {}], {}, base_weights=[1, 3]) == [0.5, 1.5]


def test_cap_holds_and_margins_still_match() -> None:
    rows = _sample(400, seed=11)
    margins = {"age": AGE, "sex": SEX}
    uncapped = rake(rows, margins)
    ceiling = 0.9 * max(uncapped)
    weights = rake(rows, margins, cap=ceiling, max_iter=2000)
    mean = math.fsum(weights) / len(weights)
    assert max(weights) <= ceiling * mean * (1 + 1e-12)
    assert max(weights) == pytest.approx(ceiling * mean)
    for dimension, targets in margins.items():
        for category, share in targets.items():
            assert _share(weights, rows, dimension, category) == pytest.approx(share, abs=1e-6)


def test_cap_that_is_not_needed_changes_nothing() -> None:
    rows = _sample(200, seed=2)
    margins = {"age": AGE, "sex": SEX}
    assert rake(rows, margins, cap=50) == rake(rows, margins)


def test_cap_too_tight_raises_raking_error_with_gap() -> None:
    rows = [{"g": "a"}] + [{"g": "b"}] * 9
    with pytest.raises(RakingError, match="did not converge after 7 passes") as info:
        rake(rows, {"g": {"a": 0.5, "b": 0.5}}, cap=2, max_iter=7)
    assert info.value.iterations == 7
    assert info.value.gap > 0.1
    assert info.value.tol == 1e-6
    assert isinstance(info.value, StatsError)
    assert isinstance(info.value, ValueError)


def test_unattainable_margins_raise_raking_error() -> None:
    # Nobody is both young and female, yet the margins need both young people and women.
    rows = [{"age": "y", "sex": "m"}, {"age": "o", "sex": "f"}]
    margins = {"age": {"y": 0.5, "o": 0.5}, "sex": {"f": 0.2, "m": 0.8}}
    with pytest.raises(RakingError) as info:
        rake(rows, margins, max_iter=20)
    assert info.value.gap == pytest.approx(0.3)


def test_raking_error_pickles() -> None:
    error = RakingError(0.25, 100, 1e-6)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.gap, copy.iterations, copy.tol, str(copy)) == (0.25, 100, 1e-6, str(error))


@pytest.mark.parametrize(
    ("rows", "margins", "kwargs", "message"),
    [
        ([], {"g": {"a": 1.0}}, {}, "rows: expected at least one respondent"),
        ([{"g": "a"}], {"g": {"a": 0.5, "b": 0.4}}, {}, r"margins\['g'\]: .*sum to 0.9"),
        ([{"g": "a"}], {"g": {"a": 1.5, "b": -0.5}}, {}, r"margins\['g'\]\['a'\]: .*between 0"),
        ([{"g": "a"}], {"g": {"a": math.nan}}, {}, r"margins\['g'\]\['a'\]: .*finite"),
        ([{"g": "a"}], {"g": {}}, {}, r"margins\['g'\]: expected at least one category"),
        (
            [{"g": "a"}, {"h": "x"}],
            {"g": {"a": 1.0}},
            {},
            r"rows\[1\]: has no value for the margin dimension 'g'",
        ),
        (
            [{"g": "a"}, {"g": "z"}],
            {"g": {"a": 1.0}},
            {},
            r"rows\[1\]: g = 'z' has no target in the margins \(expected one of \['a'\]\)",
        ),
        (
            [{"g": "a"}, {"g": "a"}],
            {"g": {"a": 0.6, "b": 0.4}},
            {},
            r"margins\['g'\]\['b'\]: has a target share of 0.4 but no respondents",
        ),
        (
            [{"g": "a"}, {"g": "b"}],
            {"g": {"a": 0.6, "b": 0.4}},
            {"base_weights": [1, 0]},
            r"margins\['g'\]\['b'\]: .*no respondents",
        ),
        (
            [{"g": "a", "h": "x"}, {"g": "b", "h": "y"}],
            {"g": {"a": 0.6, "b": 0.4}, "h": {"x": 1.0, "y": 0.0}},
            {},
            r"margins\['g'\]\['b'\]: .*no respondents",
        ),
        ([{"g": "a"}], {"g": {"a": 1.0}}, {"base_weights": [1, 2]}, "one weight per row"),
        ([{"g": "a"}], {"g": {"a": 1.0}}, {"base_weights": [-1]}, r"base_weights\[0\]"),
        ([{"g": "a"}], {"g": {"a": 1.0}}, {"max_iter": 0}, "max_iter"),
        ([{"g": "a"}], {"g": {"a": 1.0}}, {"max_iter": 2.5}, "max_iter"),
        ([{"g": "a"}], {"g": {"a": 1.0}}, {"max_iter": True}, "max_iter"),
        ([{"g": "a"}], {"g": {"a": 1.0}}, {"tol": 0}, "tol: expected a tolerance above 0"),
        ([{"g": "a"}], {"g": {"a": 1.0}}, {"tol": math.nan}, "tol"),
        ([{"g": "a"}], {"g": {"a": 1.0}}, {"cap": 1.0}, "cap: expected a ratio"),
        (
            [{"g": "a"}, {"g": "a"}, {"g": "a"}],
            {"g": {"a": 1.0}},
            {"cap": 2, "base_weights": [1, 0, 0]},
            "cap: 2 × mean weight cannot hold when only 1 of 3 respondents",
        ),
    ],
)
def test_bad_input(
    rows: list[dict[str, str]],
    margins: dict[str, dict[str, float]],
    kwargs: dict[str, object],
    message: str,
) -> None:
    with pytest.raises(StatsError, match=message) as info:
        rake(rows, margins, **kwargs)  # type: ignore[arg-type]
    assert not isinstance(info.value, RakingError)


@st.composite
def _survey(draw: st.DrawFn) -> tuple[list[dict[str, str]], dict[str, dict[str, float]]]:
    margins: dict[str, dict[str, float]] = {}
    levels: dict[str, list[str]] = {}
    for dimension in ("age", "sex", "tenure")[: draw(st.integers(1, 3))]:
        size = draw(st.integers(1, 4))
        raw = draw(st.lists(st.floats(0.2, 1.0), min_size=size, max_size=size))
        total = math.fsum(raw)
        levels[dimension] = [f"{dimension}{i}" for i in range(size)]
        margins[dimension] = {c: v / total for c, v in zip(levels[dimension], raw, strict=True)}
    # Every combination of categories appears, so the margins are always attainable.
    cells: list[dict[str, str]] = [{}]
    for dimension, names in levels.items():
        cells = [{**cell, dimension: name} for cell in cells for name in names]
    extra = draw(st.lists(st.sampled_from(cells), max_size=30))
    return cells + extra, margins


@given(_survey())
def test_raked_margins_match_targets(
    survey: tuple[list[dict[str, str]], dict[str, dict[str, float]]],
) -> None:
    rows, margins = survey
    weights = rake(rows, margins, max_iter=2000)
    assert math.fsum(weights) / len(weights) == pytest.approx(1.0)
    assert min(weights) > 0
    for dimension, targets in margins.items():
        for category, share in targets.items():
            assert _share(weights, rows, dimension, category) == pytest.approx(share, abs=1e-6)
