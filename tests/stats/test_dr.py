"""Tests of trustops.stats.doubly_robust_att against drdid, the Python port of R DRDID."""

from __future__ import annotations

import numpy as np
import pytest
from drdid.drdid import drdid_panel

from trustops.stats import StatsError, doubly_robust_att


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("covariates", [0, 1, 3])
def test_doubly_robust_att_equals_drdid(seed: int, covariates: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(12, 60))
    x = rng.normal(size=(n, covariates))
    lean = x[:, 0] if covariates else 0.0
    treated = rng.random(n) < 0.35 + 0.15 * np.tanh(lean)
    treated[:2], treated[2:5] = True, False
    before = rng.normal(size=n) + (x.sum(axis=1) if covariates else 0.0)
    after = before + 0.5 + 2.0 * treated + rng.normal(size=n)
    expected_att, expected_influence = drdid_panel(
        after, before, treated.astype(float), x if covariates else None
    )
    att, influence = doubly_robust_att((after - before).tolist(), treated.tolist(), x.tolist())
    assert att == pytest.approx(float(expected_att), abs=1e-9)
    assert influence == pytest.approx(np.asarray(expected_influence).tolist(), abs=1e-8)


def test_without_covariates_it_is_the_difference_of_mean_changes() -> None:
    changes = [3.0, 5.0, 1.0, 2.0, 0.0]
    att, influence = doubly_robust_att(changes, [True, True, False, False, False], [[]] * 5)
    assert att == pytest.approx(4.0 - 1.0)
    assert sum(influence) == pytest.approx(0.0, abs=1e-12)


def test_a_constant_covariate_or_separation_is_a_named_error() -> None:
    with pytest.raises(StatsError, match="covariate is constant"):
        doubly_robust_att([1.0, 2.0, 0.0, 1.0], [True, True, False, False], [[1.0]] * 4)
    with pytest.raises(StatsError, match="does not converge"):
        doubly_robust_att(
            [1.0, 2.0, 0.0, 1.0, 0.5],
            [True, True, False, False, False],
            [[5.0], [6.0], [-1.0], [-2.0], [-3.0]],
        )
    with pytest.raises(StatsError, match="one entry per unit"):
        doubly_robust_att([1.0], [True, False], [[1.0]])
