"""Tests for Cronbach's alpha, against hand computation and pingouin."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import StatsError
from trustops.stats import cronbach_alpha

ROWS: list[list[float | None]] = [[4, 5, 4], [2, 3, 3], [5, 5, 4], [3, 2, 2], [4, 4, 5]]


def test_hand_computed() -> None:
    # Item variances 1.3, 1.7, 1.3 (sum 4.3); totals 13, 8, 14, 7, 13 have variance 10.5;
    # α = 3/2 · (1 − 4.3/10.5) = 0.8857142857
    assert cronbach_alpha(ROWS) == pytest.approx(1.5 * (1 - 4.3 / 10.5), abs=1e-12)
    # Item variances 1 and 7/3, total variance 19/3: α = 2 · (1 − (10/3)/(19/3)) = 18/19
    assert cronbach_alpha([[1, 2], [2, 3], [3, 5]]) == pytest.approx(18 / 19, abs=1e-12)


def test_pairwise_hand_computed() -> None:
    # Item 0 answered by rows 0–2 only: var(1, 2, 3) = 1; item 1: var(2, 3, 5, 6) = 10/3;
    # cov over rows 0–2 of (1, 2, 3) and (2, 3, 5) = 1.5; ΣC = 1 + 10/3 + 2·1.5 = 22/3;
    # α = 2 · (1 − (13/3)/(22/3)) = 18/22
    rows: list[list[float | None]] = [[1, 2], [2, 3], [3, 5], [None, 6]]
    assert cronbach_alpha(rows, missing="pairwise") == pytest.approx(18 / 22, abs=1e-12)
    assert cronbach_alpha(rows) == pytest.approx(18 / 19, abs=1e-12)


def test_matches_pingouin_on_complete_data() -> None:
    expected, _ = pingouin.cronbach_alpha(pd.DataFrame(ROWS, dtype=float))
    assert cronbach_alpha(ROWS) == pytest.approx(expected, abs=1e-12)


def _with_gaps(seed: int) -> list[list[float | None]]:
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(60, 1))
    data = latent + rng.normal(scale=0.8, size=(60, 4))
    rows: list[list[float | None]] = [[float(round(v, 1)) for v in row] for row in data]
    for row, item in zip(rng.integers(0, 60, 25), rng.integers(0, 4, 25), strict=True):
        rows[row][item] = None
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
def test_matches_pingouin_with_missing_answers(seed: int, missing: str) -> None:
    rows = _with_gaps(seed)
    frame = pd.DataFrame([[math.nan if v is None else v for v in row] for row in rows])
    expected, _ = pingouin.cronbach_alpha(frame, nan_policy=missing)
    assert cronbach_alpha(rows, missing=missing) == pytest.approx(expected, abs=1e-12)  # type: ignore[arg-type]


def test_nan_counts_as_missing() -> None:
    with_none: list[list[float | None]] = [*ROWS, [None, 3, 4]]
    with_nan: list[list[float | None]] = [*ROWS, [math.nan, 3, 4]]
    assert cronbach_alpha(with_nan) == cronbach_alpha(with_none) == cronbach_alpha(ROWS)
    assert cronbach_alpha(with_nan, missing="pairwise") == cronbach_alpha(
        with_none, missing="pairwise"
    )


def test_negative_alpha_for_opposed_items() -> None:
    assert cronbach_alpha([[1, 5], [2, 4], [3, 3], [4, 1]]) < 0


@pytest.mark.parametrize(
    ("rows", "kwargs", "message"),
    [
        ([], {}, "at least two respondents"),
        ([[1], [2], [3]], {}, "at least 2 items"),
        ([[1, 2], [2, 3, 4]], {}, r"rows\[1\]: expected 2 items"),
        ([[1, 2], [2, None], [None, 3]], {}, "answered every item, got 1"),
        ([[1, None], [2, None], [3, 4]], {"missing": "pairwise"}, "item 0 and item 1, got 1"),
        ([[1, 2], [1, 2], [1, 2]], {}, "no positive variance"),
        ([[1, math.inf], [2, 3]], {}, r"rows\[0\]\[1\]"),
        ([[1, 2], [2, 3]], {"missing": "drop"}, "missing: expected 'listwise' or 'pairwise'"),
    ],
)
def test_bad_input(rows: list[list[float | None]], kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(StatsError, match=message):
        cronbach_alpha(rows, **kwargs)  # type: ignore[arg-type]


answers = st.lists(
    st.lists(st.integers(0, 10), min_size=3, max_size=3), min_size=3, max_size=30
).filter(lambda rows: len({sum(row) for row in rows}) > 1)


@given(answers, st.randoms())
def test_unchanged_by_row_order(rows: list[list[int]], random: object) -> None:
    shuffled = list(rows)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert cronbach_alpha(shuffled) == cronbach_alpha(rows)
    assert cronbach_alpha(shuffled, missing="pairwise") == cronbach_alpha(rows, missing="pairwise")


@given(answers)
def test_at_most_one_and_equal_modes_on_complete_data(rows: list[list[int]]) -> None:
    alpha = cronbach_alpha(rows)
    assert alpha <= 1 + 1e-12
    assert cronbach_alpha(rows, missing="pairwise") == pytest.approx(alpha)
