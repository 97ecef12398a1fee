"""Tests of trustops.stats' difference in differences against independent computations:
numpy for the group-time effects, statsmodels (OLS with HC0 errors) for their standard
errors, csdid (the Python port of R ``did``) for the aggregations, and scipy for the F tail."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from trustops.stats import (
    StatsError,
    clustered_se,
    event_time_effects,
    f_sf,
    group_time_effects,
    mean_effect,
    satterthwaite_df,
    simultaneous_critical_value,
    wald_test,
)

Panel = tuple[list[list[float | None]], list[int | None]]


def make_panel(
    seed: int, *, units: int = 12, periods: int = 5, missing: float = 0.0, effect: float = 1.5
) -> Panel:
    """A staggered panel: unit effects, a common trend, noise and ``effect`` after the event."""
    rng = np.random.default_rng(seed)
    choices: list[int | None] = [None, None, *range(1, periods)]
    cohorts = [choices[int(rng.integers(len(choices)))] for _ in range(units)]
    cohorts[:4] = [1, 1, None, None]  # at least one cohort and two never-treated units
    outcomes: list[list[float | None]] = []
    for cohort in cohorts:
        level = rng.normal()
        row: list[float | None] = []
        for t in range(periods):
            treated = cohort is not None and t >= cohort
            value = level + 0.3 * t + rng.normal() + (effect if treated else 0.0)
            row.append(None if rng.random() < missing else float(value))
        outcomes.append(row)
    return outcomes, cohorts


def independent_cell(
    outcomes: list[list[float | None]], cohorts: list[int | None], g: int, t: int, comparison: str
) -> tuple[float, float] | None:
    """ATT(g,t) and its SE by OLS of the change on a treated dummy with HC0 errors."""
    b = g - 1 if t >= g else t - 1
    frame = pd.DataFrame({"y": outcomes, "g": cohorts})
    frame["after"] = [row[t] for row in outcomes]
    frame["before"] = [row[b] for row in outcomes]
    frame = frame.dropna(subset=["after", "before"])
    never = frame["g"].isna()
    later = frame["g"].fillna(-1).astype(int).gt(max(t, b)) & frame["g"].ne(g)
    control = never | (later if comparison == "not_yet_treated" else False)
    treated = frame["g"].eq(g)
    frame = frame[treated | control]
    if treated[frame.index].sum() == 0 or control[frame.index].sum() == 0:
        return None
    design = sm.add_constant(treated[frame.index].astype(float).to_numpy())
    change = (frame["after"] - frame["before"]).astype(float).to_numpy()
    fit = sm.OLS(change, design).fit(cov_type="HC0")
    return float(fit.params[1]), float(fit.bse[1])


@pytest.mark.parametrize("comparison", ["never_treated", "not_yet_treated"])
@pytest.mark.parametrize("seed", range(6))
def test_group_time_effects_equal_ols_with_hc0_errors(seed: int, comparison: str) -> None:
    outcomes, cohorts = make_panel(seed, units=14, periods=5, missing=0.1)
    cells = group_time_effects(outcomes, cohorts, comparison=comparison)
    assert [(c.group, c.time) for c in cells] == [
        (g, t) for g in sorted({c for c in cohorts if c is not None}) for t in range(1, 5)
    ]
    for cell in cells:
        expected = independent_cell(outcomes, cohorts, cell.group, cell.time, comparison)
        if expected is None:
            assert cell.att is None
            assert cell.se is None
            assert set(cell.influence) == {0.0}
            continue
        assert cell.att == pytest.approx(expected[0], abs=1e-9)
        assert cell.se == pytest.approx(expected[1], abs=1e-9)
        assert cell.base == (cell.group - 1 if cell.time >= cell.group else cell.time - 1)


def _csdid(outcomes: list[list[float | None]], cohorts: list[int | None], control: str) -> object:
    from csdid.att_gt import ATTgt

    rows = [
        {"id": unit + 1, "t": t + 1, "y": value, "g": 0 if cohort is None else cohort + 1}
        for unit, (row, cohort) in enumerate(zip(outcomes, cohorts, strict=True))
        for t, value in enumerate(row)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ATTgt(
            yname="y",
            gname="g",
            idname="id",
            tname="t",
            data=pd.DataFrame(rows),
            control_group=control,
            panel=True,
        ).fit(est_method="dr", bstrap=False)


@pytest.mark.parametrize(
    ("seed", "control"),
    [(1, "nevertreated"), (2, "nevertreated"), (3, "notyettreated"), (4, "notyettreated")],
)
def test_aggregations_equal_csdid(seed: int, control: str) -> None:
    """csdid (R ``did``'s port) on a balanced panel: every ATT(g,t), ATT(e) and the overall
    effect, with the analytic standard errors (bootstrap off)."""
    outcomes, cohorts = make_panel(seed, units=16, periods=5)
    comparison = "never_treated" if control == "nevertreated" else "not_yet_treated"
    fitted = _csdid(outcomes, cohorts, control)
    cells = group_time_effects(outcomes, cohorts, comparison=comparison)
    reference = fitted.results  # type: ignore[attr-defined]
    ours = {(c.group + 1, c.time + 1): c for c in cells}
    for g, t, att, se in zip(
        reference["group"], reference["year"], reference["att"], reference["se"], strict=True
    ):
        cell = ours[int(g), int(t)]
        assert cell.att == pytest.approx(float(att), abs=1e-9)
        assert cell.se == pytest.approx(float(se), abs=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dynamic = fitted.aggte(typec="dynamic", bstrap=False)  # type: ignore[attr-defined]
    summary = dynamic.atte
    window = 3
    events = event_time_effects(cells, cohorts, window=window)
    assert [e.event_time for e in events] == [int(e) for e in summary["egt"]]
    for event, att, se in zip(events, summary["att_egt"], summary["se_egt"], strict=True):
        assert event.att == pytest.approx(float(att), abs=1e-9)
        assert event.se == pytest.approx(float(se), abs=1e-9)
    overall = mean_effect([e for e in events if e.event_time is not None and e.event_time >= 0])
    assert overall.att == pytest.approx(float(summary["overall_att"]), abs=1e-9)
    assert overall.se == pytest.approx(float(summary["overall_se"]), abs=1e-9)


def test_event_time_weights_follow_cohort_sizes() -> None:
    outcomes, cohorts = make_panel(5, units=20, periods=4)
    cells = group_time_effects(outcomes, cohorts)
    for event in event_time_effects(cells, cohorts, window=2):
        sizes = [cohorts.count(cells[k].group) for k in event.cells]
        assert event.weights == pytest.approx([s / sum(sizes) for s in sizes])
        atts = [cells[k].att or 0.0 for k in event.cells]
        assert event.att == pytest.approx(float(np.dot(event.weights, atts)), abs=1e-12)
        assert set(event.treated) == {u for k in event.cells for u in cells[k].treated}


def test_window_limits_event_times_and_cells_without_estimates_are_skipped() -> None:
    outcomes: list[list[float | None]] = [
        [1.0, 2.0, 4.0],
        [1.0, 2.0, 5.0],
        [0.0, 1.0, 2.0],
        [0.0, None, 2.0],
    ]
    cohorts: list[int | None] = [2, 2, None, None]
    cells = group_time_effects(outcomes, cohorts)
    assert [c.comparison for c in cells] == [(2,), (2,)]  # unit 3 misses period 1
    assert [e.event_time for e in event_time_effects(cells, cohorts, window=0)] == [0]
    only_treated = group_time_effects([[1.0, 2.0], [1.0, None]], [1, None])
    assert only_treated[0].att is None
    assert event_time_effects(only_treated, [1, None], window=0) == ()


def test_clustered_se_sums_within_clusters() -> None:
    influence = [1.0, 2.0, -0.5, 3.0, -1.0]
    assert clustered_se(influence) == pytest.approx(math.sqrt(sum(v * v for v in influence)) / 5)
    clusters = ["a", "a", "b", "c", "c"]
    assert clustered_se(influence, clusters) == pytest.approx(
        math.sqrt(3.0**2 + 0.5**2 + 2.0**2) / 5
    )
    with pytest.raises(StatsError, match="clusters"):
        clustered_se(influence, ["a"])
    with pytest.raises(StatsError, match="influence"):
        clustered_se([])
    with pytest.raises(StatsError, match="influence"):
        clustered_se([math.nan])


@settings(max_examples=60, deadline=None)
@given(
    x=st.floats(0.0, 50.0),
    d1=st.integers(1, 12),
    d2=st.integers(1, 60),
)
def test_f_tail_equals_scipy(x: float, d1: int, d2: int) -> None:
    # scipy's sf loses about 1e-9 next to zero (x = 1e-15, F(1, 1)), where its cdf is exact:
    # the reference is whichever of scipy's tails is the small one, computed directly.
    lower = float(scipy_stats.f.cdf(x, d1, d2))
    expected = 1 - lower if lower < 0.5 else float(scipy_stats.f.sf(x, d1, d2))
    assert f_sf(x, d1, d2) == pytest.approx(expected, abs=1e-10)


def test_f_tail_refuses_bad_degrees_of_freedom() -> None:
    assert f_sf(-1.0, 2, 3) == 1.0
    with pytest.raises(StatsError, match="d2"):
        f_sf(1.0, 2, 0)
    with pytest.raises(StatsError, match="x"):
        f_sf(math.inf, 2, 3)


def test_wald_test_equals_a_direct_computation() -> None:
    rng = np.random.default_rng(3)
    influence = rng.normal(size=(3, 15))
    theta = rng.normal(size=3)
    test = wald_test(list(theta), influence.tolist(), df=14)
    assert test is not None
    covariance = influence @ influence.T / 15**2
    statistic = float(theta @ np.linalg.solve(covariance, theta))
    assert test.statistic == pytest.approx(statistic, rel=1e-9)
    assert test.p_value == pytest.approx(float(scipy_stats.f.sf(statistic / 3, 3, 14)), abs=1e-10)
    assert (test.k, test.df) == (3, 14)


def test_wald_test_is_none_when_the_covariance_is_singular() -> None:
    row = [1.0, -1.0, 2.0]
    assert wald_test([0.5, 0.5], [row, row], df=2) is None
    assert wald_test([0.5], [[0.0, 0.0, 0.0]], df=2) is None


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: wald_test([], [], df=2), "estimates"),
        (lambda: wald_test([1.0], [[1.0], [2.0]], df=2), "influences"),
        (lambda: wald_test([1.0], [[1.0]], df=0), "df"),
        (lambda: wald_test([1.0, 2.0], [[1.0], [2.0, 3.0]], df=1), "influences"),
        (lambda: group_time_effects([], []), "outcomes"),
        (lambda: group_time_effects([[1.0, 2.0]], [1, None]), "cohorts"),
        (lambda: group_time_effects([[1.0]], [None]), "outcomes"),
        (lambda: group_time_effects([[1.0, 2.0], [1.0]], [1, None]), r"outcomes\[1\]"),
        (lambda: group_time_effects([[1.0, math.inf]], [1]), r"outcomes\[0\]\[1\]"),
        (lambda: group_time_effects([[1.0, 2.0]], [0]), r"cohorts\[0\]"),
        (lambda: group_time_effects([[1.0, 2.0]], [2]), r"cohorts\[0\]"),
        (lambda: group_time_effects([[1.0, 2.0]], [1], comparison="all"), "comparison"),  # type: ignore[arg-type]
        (lambda: event_time_effects((), [None], window=-1), "window"),
        (lambda: mean_effect([]), "effects"),
    ],
)
def test_bad_input_names_the_argument(call: object, argument: str) -> None:
    with pytest.raises(StatsError, match=argument):
        call()  # type: ignore[operator]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), shift=st.floats(-1e3, 1e3), data=st.data())
def test_unit_order_and_a_constant_change_nothing(
    seed: int, shift: float, data: st.DataObject
) -> None:
    outcomes, cohorts = make_panel(seed, units=10, periods=4, missing=0.1)
    order = data.draw(st.permutations(range(10)))
    shuffled = [outcomes[i] for i in order]
    shifted = [[None if v is None else v + shift for v in row] for row in shuffled]
    moved = [cohorts[i] for i in order]
    base = event_time_effects(group_time_effects(outcomes, cohorts), cohorts, window=2)
    other = event_time_effects(group_time_effects(shifted, moved), moved, window=2)
    assert [e.event_time for e in base] == [e.event_time for e in other]
    for a, b in zip(base, other, strict=True):
        assert b.att == pytest.approx(a.att, abs=1e-6)
        assert b.se == pytest.approx(a.se, abs=1e-6)
        assert {order[u] for u in b.treated} == set(a.treated)


@pytest.mark.parametrize("x", [0.0, 5e-324, 1e-320])
def test_f_tail_at_and_next_to_zero_is_one(x: float) -> None:
    assert f_sf(x, 1, 2) == pytest.approx(1.0)


def _design_matrix_df(
    cohorts: list[int | None], periods: int, weights: dict[int, float], comparison: str
) -> float:
    """Bell–McCaffrey df by brute force: build every unit's HC2-scaled influence as a linear map
    of the errors (units × periods), then (tr G)² / tr G² with G = Σᵢ gᵢgᵢᵀ."""
    n = len(cohorts)
    outcomes: list[list[float | None]] = [[0.0] * periods for _ in range(n)]
    cells = group_time_effects(outcomes, cohorts, comparison=comparison, small_sample=True)
    g = np.zeros((n, n * periods))
    for index, weight in weights.items():
        cell = cells[index]
        for members, sign in ((cell.treated, 1.0), (cell.comparison, -1.0)):
            size = len(members)
            if size == 0:
                continue
            scale = math.sqrt(size / (size - 1)) if size > 1 else 1.0
            for i in members:
                for j in members:
                    coefficient = ((i == j) - 1 / size) * weight * sign * scale / size
                    g[i, j * periods + cell.time] += coefficient
                    g[i, j * periods + cell.base] -= coefficient
    gram = g.T @ g
    return float(np.trace(gram) ** 2 / np.trace(gram @ gram))


@pytest.mark.parametrize("comparison", ["never_treated", "not_yet_treated"])
@pytest.mark.parametrize("seed", range(5))
def test_satterthwaite_df_equals_the_brute_force_bell_mccaffrey_df(
    seed: int, comparison: str
) -> None:
    rng = np.random.default_rng(seed)
    periods = 5
    cohorts: list[int | None] = [None, None, None, 1, 1, 2, 2, 3, 3, 4]
    cohorts += [[None, 1, 2, 3, 4][int(rng.integers(5))] for _ in range(int(rng.integers(0, 8)))]
    cells = group_time_effects(
        [[0.0] * periods for _ in cohorts], cohorts, comparison=comparison, small_sample=True
    )
    chosen = rng.choice(len(cells), size=min(4, len(cells)), replace=False)
    weights = {int(k): float(rng.uniform(0.1, 1.0)) for k in chosen}
    expected = _design_matrix_df(cohorts, periods, weights, comparison)
    found = satterthwaite_df(cells, cohorts, weights, comparison=comparison)
    assert found == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_small_sample_cell_errors_equal_ols_with_hc2_errors(seed: int) -> None:
    outcomes, cohorts = make_panel(seed, units=14, periods=5)
    cells = group_time_effects(outcomes, cohorts, small_sample=True)
    for cell in cells:
        if cell.att is None or len(cell.treated) < 2:
            continue
        change = np.array(
            [
                outcomes[u][cell.time] - outcomes[u][cell.base]
                for u in (*cell.treated, *cell.comparison)
            ]
        )  # type: ignore[operator]
        dummy = np.array([1.0] * len(cell.treated) + [0.0] * len(cell.comparison))
        fit = sm.OLS(change, sm.add_constant(dummy)).fit(cov_type="HC2")
        assert cell.att == pytest.approx(float(fit.params[1]), abs=1e-9)
        assert cell.se == pytest.approx(float(fit.bse[1]), abs=1e-9)


def test_hotelling_wald_test_follows_its_formula() -> None:
    estimates = [1.0, 0.5]
    influences = [[2.0, -2.0, 1.0, -1.0, 0.5], [1.0, 1.0, -1.0, -1.0, 0.3]]
    plain = wald_test(estimates, influences, df=4)
    small = wald_test(estimates, influences, df=6.5, hotelling=True)
    assert plain is not None
    assert small is not None
    assert small.statistic == plain.statistic
    assert small.f_statistic == pytest.approx(plain.statistic * 5.5 / (6.5 * 2))
    assert small.df == 5.5
    assert small.p_value == pytest.approx(scipy_stats.f.sf(small.f_statistic, 2, 5.5))
    assert plain.f_statistic == pytest.approx(plain.statistic / 2)
    # ν ≤ k − 1 leaves no degrees of freedom for the test
    assert wald_test(estimates, influences, df=1.0, hotelling=True) is None
    with pytest.raises(StatsError, match="df"):
        wald_test(estimates, influences, df=2.5)


def test_simultaneous_critical_value_is_reproducible_and_between_pointwise_and_bonferroni() -> None:
    rng = np.random.default_rng(3)
    influences = rng.normal(size=(6, 400))
    n = influences.shape[1]
    ses = [float(np.sqrt((row**2).sum()) / n) for row in influences]
    first = simultaneous_critical_value(influences.tolist(), ses, draws=999, seed=7)
    assert first == simultaneous_critical_value(influences.tolist(), ses, draws=999, seed=7)
    # six nearly independent estimates: about the Šidák quantile, between 1.96 and Bonferroni
    sidak = scipy_stats.norm.ppf(1 - (1 - 0.95 ** (1 / 6)) / 2)
    assert 1.96 < first < scipy_stats.norm.ppf(1 - 0.025 / 6) + 0.1
    assert first == pytest.approx(sidak, abs=0.15)
    # one estimate: the pointwise quantile (never below it)
    single = simultaneous_critical_value(influences[:1].tolist(), ses[:1], draws=999, seed=7)
    assert single == pytest.approx(1.96, abs=0.15)
    assert single >= 1.959963984540054
    with pytest.raises(StatsError, match="draws"):
        simultaneous_critical_value(influences.tolist(), ses, draws=0)
    with pytest.raises(StatsError, match="ses"):
        simultaneous_critical_value(influences.tolist(), ses[:2])
