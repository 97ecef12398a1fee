"""Tests of trustops.effects.estimate_effect(s): exact point estimates against an independent
pandas computation, standard errors against csdid, honesty rules, properties, recovery of the
sample's planted effects and a small coverage simulation."""

from __future__ import annotations

import math
import random
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from trustops.effects import (
    CONTRASTS,
    OBSERVATIONAL,
    RECORD_COLUMNS,
    EffectPanel,
    EffectResult,
    EffectsError,
    EffectTable,
    build_panel,
    construct_outcome,
    estimate_effect,
    estimate_effects,
)
from trustops.sample import (
    PATROL_WITHDRAWAL_SAFETY_EFFECT,
    SURVEILLANCE_REPORTING_CHANGE,
    WORKSHOP_TRUST_EFFECT,
    bundled,
)

KIND = "educational_workshop"
LABELS = tuple(f"P{i}" for i in range(6))


def simulated(
    rng: random.Random,
    *,
    areas: int,
    periods: int = 4,
    effect: float = 0.0,
    missing: float = 0.0,
    trend_gap: float = 0.0,
) -> EffectPanel:
    """Areas with their own level, a common trend, noise, and ``effect`` once a workshop runs;
    a third never run one and the rest start in periods 1.. (staggered)."""
    names = tuple(f"a{i:02d}" for i in range(areas))
    outcomes: dict[str, tuple[float | None, ...]] = {}
    active: dict[str, tuple[bool, ...]] = {}
    for index, name in enumerate(names):
        start = None if index % 3 == 0 else 1 + index % (periods - 1)
        level = rng.gauss(50, 8)
        values: list[float | None] = []
        flags = []
        for t in range(periods):
            on = start is not None and t >= start
            drift = trend_gap * t if start is not None else 0.0
            value = level + 1.0 * t + drift + rng.gauss(0, 2) + (effect if on else 0.0)
            values.append(None if rng.random() < missing else value)
            flags.append(on)
        outcomes[name] = tuple(values)
        active[name] = tuple(flags)
    return EffectPanel(
        periods=LABELS[:periods],
        areas=names,
        outcomes={"score": outcomes},
        active={KIND: active},
    )


def independent(panel: EffectPanel, outcome: str, window: int) -> dict[str, object]:
    """ATT(g,t), ATT(e) and the overall effect with pandas, written from METHODS §8."""
    rows = []
    for area in panel.areas:
        flags = panel.active.get(KIND, {}).get(area, (False,) * len(panel.periods))
        first = next((t for t, on in enumerate(flags) if on), None)
        for t, value in enumerate(panel.outcomes[outcome].get(area, ())):
            rows.append({"area": area, "t": t, "y": value, "g": first})
    frame = pd.DataFrame(rows)
    frame = frame[frame["g"] != 0]  # treated in the first period: dropped
    cohort_of = frame.groupby("area")["g"].first()
    wide = frame.pivot(index="area", columns="t", values="y")
    size = cohort_of.value_counts(dropna=True)
    cells = {}
    for g in sorted(size.index):
        for t in range(1, len(panel.periods)):
            b = int(g) - 1 if t >= g else t - 1
            change = (wide[t] - wide[b]).dropna()
            treated = change[cohort_of[change.index] == g]
            control = change[cohort_of[change.index].isna()]
            if len(treated) and len(control):
                cells[int(g), t] = treated.mean() - control.mean()
    events = {}
    for e in range(-window, window + 1):
        parts = [(size[g], att) for (g, t), att in cells.items() if t - g == e]
        if parts:
            events[e] = sum(n * a for n, a in parts) / sum(n for n, _ in parts)
    overall = np.mean([a for e, a in events.items() if e >= 0])
    return {"cells": cells, "events": events, "overall": overall}


@pytest.mark.parametrize("seed", range(8))
def test_point_estimates_equal_an_independent_computation(seed: int) -> None:
    rng = random.Random(seed)
    panel = simulated(rng, areas=14, periods=5, effect=3.0, missing=0.08)
    result = estimate_effect(panel, kind=KIND, outcome="score")
    expected = independent(panel, "score", window=3)
    raw = estimate_effect(panel, kind=KIND, outcome="score")
    assert result.window == 3
    cells = expected["cells"]
    assert isinstance(cells, dict)
    for estimate in raw.group_time:
        key = (raw.periods.index(estimate.cohort or ""), raw.periods.index(estimate.period or ""))
        if estimate.att is not None:
            assert estimate.att == pytest.approx(cells[key], abs=1e-9)
    events = expected["events"]
    assert isinstance(events, dict)
    published = {e.event_time: e.att for e in result.event_time if e.att is not None}
    for event_time, att in published.items():
        assert att == pytest.approx(events[event_time], abs=1e-9)
    if result.overall.att is not None:
        assert result.overall.att == pytest.approx(expected["overall"], abs=1e-9)


def test_hand_built_panel_with_known_answers() -> None:
    panel = EffectPanel(
        periods=("2025-Q1", "2025-Q2", "2025-Q3"),
        areas=("a", "b", "c", "d", "e"),
        outcomes={
            "score": {
                "a": (50, 51, 57),
                "b": (60, 62, 67),
                "c": (55, 56, 57),
                "d": (40, 42, 43),
                "e": (45, 45, 47),
            }
        },
        active={KIND: {"a": (False, False, True), "b": (False, False, True)}},
    )
    result = estimate_effect(panel, kind=KIND, outcome="score", inference="asymptotic")
    # post: treated changes 6 and 5, comparisons 1, 1 and 2
    assert result.overall.att == pytest.approx(5.5 - 4 / 3, abs=1e-12)
    # pre (Q1 → Q2): treated 1 and 2, comparisons 1, 2 and 0
    assert result.at(-1).att == pytest.approx(0.5, abs=1e-12)
    # SE: √(Σ_T (Δ−Δ̄_T)²/n_T² + Σ_C (Δ−Δ̄_C)²/n_C²)
    se = math.sqrt((0.25 + 0.25) / 4 + ((1 / 3) ** 2 * 2 + (2 / 3) ** 2) / 9)
    assert result.overall.se == pytest.approx(se, abs=1e-12)
    assert result.overall.low == pytest.approx(result.overall.att - 1.959963984540054 * se)
    assert result.overall.df is None
    # The default, small-sample inference: unbiased variances s²_T/n_T + s²_C/n_C (CR2), and
    # Student's t on Welch's equal-variance degrees of freedom (Bell–McCaffrey).
    small = estimate_effect(panel, kind=KIND, outcome="score")
    se2 = math.sqrt(0.5 / 2 + (1 / 3) / 3)
    df = (1 / 2 + 1 / 3) ** 2 / (1 / (4 * 1) + 1 / (9 * 2))
    assert small.overall.att == result.overall.att
    assert small.overall.se == pytest.approx(se2, abs=1e-12)
    assert small.overall.df == pytest.approx(df, abs=1e-12)
    critical = scipy_stats.t.ppf(0.975, df)
    assert small.overall.low == pytest.approx(small.overall.att - critical * se2, abs=1e-9)
    assert small.overall.high == pytest.approx(small.overall.att + critical * se2, abs=1e-9)
    assert (result.overall.n_treated, result.overall.n_comparison) == (2, 3)
    assert result.treated_areas == ("a", "b")
    assert result.comparison_areas == ("c", "d", "e")
    assert result.statement == OBSERVATIONAL
    assert "observational" in result.statement


def _csdid_dynamic(
    panel: EffectPanel, control: str, covariates: tuple[str, ...] = ()
) -> dict[str, Any]:
    """csdid's dynamic aggregation (bootstrap off) of the panel's "score" outcome."""
    from csdid.att_gt import ATTgt

    rows = []
    for unit, area in enumerate(panel.areas, start=1):
        flags = panel.active[KIND][area]
        first = next((t for t, on in enumerate(flags) if on), None)
        for t, value in enumerate(panel.outcomes["score"][area]):
            row = {"id": unit, "t": t + 1, "y": value, "g": 0 if first is None else first + 1}
            rows.append(row | {name: panel.covariates[name][area] for name in covariates})
    formula = {"xformla": "y ~ " + " + ".join(covariates)} if covariates else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = ATTgt(
            yname="y",
            gname="g",
            idname="id",
            tname="t",
            data=pd.DataFrame(rows),
            control_group=control,
            panel=True,
            **formula,
        ).fit(est_method="dr", bstrap=False)
        return dict(fitted.aggte(typec="dynamic", bstrap=False).atte)


def _csdid_overall(panel: EffectPanel, control: str) -> tuple[float, float]:
    dynamic = _csdid_dynamic(panel, control)
    return float(dynamic["overall_att"]), float(dynamic["overall_se"])


@pytest.mark.parametrize(
    ("comparison", "control"),
    [("never_treated", "nevertreated"), ("not_yet_treated", "notyettreated")],
)
def test_overall_effect_and_interval_equal_csdid(comparison: str, control: str) -> None:
    panel = simulated(random.Random(11), areas=18, periods=4, effect=2.0)
    result = estimate_effect(
        panel,
        kind=KIND,
        outcome="score",
        comparison=comparison,  # type: ignore[arg-type]
        inference="asymptotic",
    )
    att, se = _csdid_overall(panel, control)
    assert result.overall.att == pytest.approx(att, abs=1e-9)
    assert result.overall.se == pytest.approx(se, abs=1e-9)
    assert result.overall.high == pytest.approx(att + 1.959963984540054 * se, abs=1e-9)


def test_first_period_areas_are_dropped_and_late_events_are_never_treated() -> None:
    panel = EffectPanel(
        periods=("m1", "m2", "m3"),
        areas=("early", "mid1", "mid2", "never1", "never2"),
        outcomes={
            "y": dict.fromkeys(("early", "mid1", "mid2", "never1", "never2"), (1.0, 2.0, 3.0))
        },
        active={
            KIND: {
                "early": (True, True, True),
                "mid1": (False, True, True),
                "mid2": (False, True, False),
            }
        },
    )
    result = estimate_effect(panel, kind=KIND, outcome="y")
    assert result.dropped == ("early",)
    assert result.areas == 4
    assert any("early" in note for note in result.notes)
    stop = estimate_effect(panel, kind=KIND, outcome="y", event="stop")
    # only "early" is active in the first period; its kind never stops: no event at all
    assert stop.not_applicable == ("mid1", "mid2", "never1", "never2")
    assert stop.areas == 1
    assert "insufficient" in stop.flags


def test_stop_events_use_areas_active_in_the_first_period() -> None:
    areas = ("s1", "s2", "k1", "k2", "k3", "none")
    flags = {
        "s1": (True, True, False, False),
        "s2": (True, True, False, False),
        "k1": (True, True, True, True),
        "k2": (True, True, True, True),
        "k3": (True, True, True, False),  # stops after the last period's start: no, at period 3
    }
    values = {a: (10.0, 11.0, 12.0 - (3 if a.startswith("s") else 0), 13.0) for a in areas}
    panel = EffectPanel(
        periods=("q1", "q2", "q3", "q4"),
        areas=areas,
        outcomes={"y": values},
        active={"visible_patrol": flags},
    )
    result = estimate_effect(panel, kind="visible_patrol", outcome="y", event="stop")
    assert result.not_applicable == ("none",)
    assert result.areas == 5
    assert result.treated_areas == ("k3", "s1", "s2")
    assert result.comparison_areas == ("k1", "k2")
    assert result.at(0).att == pytest.approx(-2.0)  # two cohorts: s (−3) and k3 (0), sizes 2 and 1


def test_insufficient_is_decided_for_every_estimate() -> None:
    panel = EffectPanel(
        periods=("1", "2", "3"),
        areas=("one", "two", "three", "c1", "c2"),
        outcomes={"y": dict.fromkeys(("one", "two", "three", "c1", "c2"), (1.0, 2.0, 4.0))},
        active={
            KIND: {
                "one": (False, True, True),  # a cohort of one
                "two": (False, False, True),
                "three": (False, False, True),
            }
        },
    )
    result = estimate_effect(panel, kind=KIND, outcome="y")
    by_cell = {(e.cohort, e.period): e for e in result.group_time}
    lone = by_cell["2", "2"]
    assert lone.att is None
    assert lone.flags == ("insufficient",)
    assert lone.n_treated == 1
    assert "at least 2" in (lone.withheld or "")
    assert by_cell["3", "3"].att == pytest.approx(0.0)
    assert result.at(0).att == pytest.approx(0.0)  # three treated areas over both cohorts
    assert result.at(1).att is None  # only the cohort of one reaches e = 1
    assert result.overall.att is not None
    assert result.overall.significant is False


def test_insufficient_comparisons_withhold_the_overall_effect() -> None:
    panel = EffectPanel(
        periods=("1", "2"),
        areas=("t1", "t2", "c1"),
        outcomes={"y": {"t1": (1.0, 3.0), "t2": (2.0, 4.0), "c1": (1.0, 2.0)}},
        active={KIND: {"t1": (False, True), "t2": (False, True)}},
    )
    result = estimate_effect(panel, kind=KIND, outcome="y")
    assert result.overall.att is None
    assert result.overall.n_comparison == 1
    assert result.flags == ("insufficient",)
    assert result.overall.significant is None
    assert result.pre_trend is None


def test_missing_outcomes_are_counted() -> None:
    values = {
        "t1": (1.0, 2.0, 5.0),
        "t2": (1.0, None, 5.0),
        "t3": (2.0, 3.0, 6.0),
        "c1": (1.0, 2.0, 3.0),
        "c2": (4.0, 5.0, 6.0),
        "c3": (None, 5.0, 6.0),
    }
    flags = dict.fromkeys(("t1", "t2", "t3"), (False, False, True))
    panel = EffectPanel(
        periods=("1", "2", "3"), areas=tuple(values), outcomes={"y": values}, active={KIND: flags}
    )
    result = estimate_effect(panel, kind=KIND, outcome="y")
    assert result.missing_outcome == ("c3", "t2")
    post = next(e for e in result.group_time if e.period == "3")
    assert (post.n_treated, post.n_comparison, post.n_missing) == (2, 3, 1)
    pre = next(e for e in result.group_time if e.period == "2")
    assert (pre.n_treated, pre.n_comparison, pre.n_missing) == (2, 2, 2)
    assert any("2 area(s) left out" in note for note in result.notes)


def test_not_yet_treated_areas_compare_until_their_own_event() -> None:
    values = {
        "early1": (0.0, 5.0, 6.0, 7.0),
        "early2": (0.0, 5.0, 6.0, 7.0),
        "late1": (0.0, 1.0, 2.0, 9.0),
        "late2": (0.0, 1.0, 2.0, 9.0),
        "never": (0.0, 1.0, 2.0, 3.0),
    }
    flags = {
        "early1": (False, True, True, True),
        "early2": (False, True, True, True),
        "late1": (False, False, False, True),
        "late2": (False, False, False, True),
    }
    panel = EffectPanel(
        periods=("1", "2", "3", "4"),
        areas=tuple(values),
        outcomes={"y": values},
        active={KIND: flags},
    )
    nyt = estimate_effect(panel, kind=KIND, outcome="y", comparison="not_yet_treated")
    cell = next(e for e in nyt.group_time if e.cohort == "2" and e.period == "2")
    assert cell.n_comparison == 3  # never + both late areas (their event is in period 4)
    assert cell.att == pytest.approx(4.0)
    last = next(e for e in nyt.group_time if e.cohort == "2" and e.period == "4")
    assert last.n_comparison == 1  # the late areas are treated by then
    never = estimate_effect(panel, kind=KIND, outcome="y")
    assert (
        next(e for e in never.group_time if e.cohort == "2" and e.period == "2").n_comparison == 1
    )


def test_pre_trend_is_flagged_with_the_number_of_areas() -> None:
    panel = simulated(random.Random(5), areas=30, periods=5, trend_gap=3.0)
    result = estimate_effect(panel, kind=KIND, outcome="score", inference="asymptotic")
    assert result.pre_trend is not None
    assert result.pre_trend.flagged
    assert result.pre_trend.k == 3
    # G counts the areas behind the pre-event estimates: the 10 never-treated comparisons and
    # the 15 areas whose event comes in period 2..4; the 5 whose event is in period 1 have no
    # pre-event estimate (no base period before period 0), so they do not count.
    contributing = [
        area for area, flags in panel.active[KIND].items() if not any(flags) or not any(flags[:2])
    ]
    assert len(contributing) == 25 < result.areas == 30
    assert result.pre_trend.areas == 25
    assert result.pre_trend.df == 24
    assert "pre_trend" in result.flags
    assert any("with 25 areas" in note for note in result.notes)
    record = result.to_records()[-1]
    assert record["pre_trend_p"] == result.pre_trend.p_value
    assert "pre_trend" in str(record["result_flags"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"outcome": "happiness"}, "outcome"),
        ({"window": 3}, "window"),
        ({"window": -1}, "window"),
        ({"window": True}, "window"),
        ({"event": "pause"}, "event"),
        ({"comparison": "everyone"}, "comparison"),
        ({"kind": "juggling"}, "kind"),
    ],
)
def test_bad_arguments_are_named(changes: dict[str, object], field: str) -> None:
    panel = simulated(random.Random(1), areas=6, periods=4)
    arguments: dict[str, object] = {"kind": KIND, "outcome": "score", **changes}
    with pytest.raises(EffectsError) as info:
        estimate_effect(panel, **arguments)  # type: ignore[arg-type]
    assert info.value.field == field
    if field == "window":
        assert "longer than the data" in str(info.value) or "whole number" in str(info.value)


def test_periods_with_no_areas_and_too_few_periods_are_errors() -> None:
    panel = EffectPanel(
        periods=("1", "2", "3"),
        areas=("a", "b"),
        outcomes={"y": {"a": (1.0, None, 2.0), "b": (1.0, None, 3.0)}},
    )
    with pytest.raises(EffectsError, match=r"no area with a value in period\(s\) 2") as info:
        estimate_effect(panel, kind=KIND, outcome="y")
    assert info.value.field == "outcome"
    single = EffectPanel(periods=("1",), areas=("a",), outcomes={"y": {"a": (1.0,)}})
    with pytest.raises(EffectsError) as short:
        estimate_effect(single, kind=KIND, outcome="y")
    assert short.value.field == "periods"


def test_a_kind_no_area_has_is_insufficient_not_an_error() -> None:
    panel = simulated(random.Random(2), areas=6, periods=3)
    result = estimate_effect(panel, kind="surveillance_measure", outcome="score")
    assert result.flags == ("insufficient",)
    assert result.overall.att is None
    assert result.event_time == ()
    stop = estimate_effect(panel, kind="surveillance_measure", outcome="score", event="stop")
    assert stop.areas == 0
    assert any("No area takes part" in note for note in stop.notes)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), shift=st.floats(-500, 500), data=st.data())
def test_reordering_areas_and_adding_a_constant_change_nothing(
    seed: int, shift: float, data: st.DataObject
) -> None:
    panel = simulated(random.Random(seed), areas=9, periods=4, effect=1.0, missing=0.05)
    order = data.draw(st.permutations(panel.areas))
    moved = EffectPanel(
        periods=panel.periods,
        areas=tuple(order),
        outcomes={
            "score": {
                a: tuple(None if v is None else v + shift for v in panel.outcomes["score"][a])
                for a in reversed(order)
            }
        },
        active={KIND: {a: panel.active[KIND][a] for a in order}},
    )
    first = estimate_effect(panel, kind=KIND, outcome="score")
    second = estimate_effect(moved, kind=KIND, outcome="score")
    for a, b in zip(
        (*first.group_time, *first.event_time, first.overall),
        (*second.group_time, *second.event_time, second.overall),
        strict=True,
    ):
        assert (a.n_treated, a.n_comparison, a.n_missing, a.flags) == (
            b.n_treated,
            b.n_comparison,
            b.n_missing,
            b.flags,
        )
        for x, y in ((a.att, b.att), (a.se, b.se)):
            assert (x is None) == (y is None)
            if x is not None and y is not None:
                assert y == pytest.approx(x, abs=1e-6)
    assert first.treated_areas == second.treated_areas


def test_a_planted_zero_effect_is_not_significant_too_often() -> None:
    """200 programmes of 40 areas with no effect: the 95% interval of the overall effect
    excludes zero about 5% of the time (at most 12%: a binomial bound at this size)."""
    rng = random.Random(2024)
    rejections = 0
    runs = 200
    for _ in range(runs):
        result = estimate_effect(simulated(rng, areas=40), kind=KIND, outcome="score")
        rejections += bool(result.overall.significant)
    assert rejections / runs <= 0.12


def test_coverage_of_a_planted_effect_with_40_areas() -> None:
    rng = random.Random(7)
    covered = 0
    runs = 200
    for _ in range(runs):
        result = estimate_effect(simulated(rng, areas=40, effect=2.5), kind=KIND, outcome="score")
        low, high = result.overall.low, result.overall.high
        assert low is not None
        assert high is not None
        covered += low <= 2.5 <= high
    assert 0.88 <= covered / runs <= 0.99


# --- the bundled sample: recovery of the planted effects -------------------------------------


@pytest.fixture(scope="module")
def sample_panel() -> EffectPanel:
    return build_panel(bundled(), period="quarter")


def _planted(result: EffectResult, truth: float) -> None:
    low, high = result.overall.low, result.overall.high
    assert low is not None
    assert high is not None
    assert low <= truth <= high, (result.outcome, result.overall)


@pytest.mark.parametrize("construct", ["trust", "voice", "fairness"])
def test_sample_workshops_raise_trust_by_the_planted_points(
    sample_panel: EffectPanel, construct: str
) -> None:
    result = estimate_effect(sample_panel, kind=KIND, outcome=construct_outcome(construct))
    _planted(result, WORKSHOP_TRUST_EFFECT)
    assert result.overall.significant
    assert result.dropped == ("riverside",)  # workshops there since January


def test_sample_cctv_lowers_reporting_by_the_planted_share(sample_panel: EffectPanel) -> None:
    result = estimate_effect(
        sample_panel, kind="surveillance_measure", outcome="reports_per_1000_residents"
    )
    treated = set(result.treated_areas)
    # the planted effect in reports per 1,000: the treated areas' rate after the event
    # divided by (1 + change), minus that rate
    after = [
        value
        for area in treated
        for value, on in zip(
            sample_panel.series("reports_per_1000_residents", area),
            sample_panel.active["surveillance_measure"][area],
            strict=True,
        )
        if on and value is not None
    ]
    rate = sum(after) / len(after)
    truth = rate - rate / (1 + SURVEILLANCE_REPORTING_CHANGE)
    _planted(result, truth)
    assert result.overall.high is not None
    assert result.overall.high < 0
    trust = estimate_effect(sample_panel, kind="surveillance_measure", outcome="trust_mean_score")
    _planted(trust, 0.0)  # lower trust in CCTV areas is a level, not an effect


def test_sample_withdrawn_patrols_lower_safety(sample_panel: EffectPanel) -> None:
    result = estimate_effect(
        sample_panel, kind="visible_patrol", event="stop", outcome="safety_mean_score"
    )
    _planted(result, PATROL_WITHDRAWAL_SAFETY_EFFECT)
    assert result.areas == 12
    assert len(result.treated_areas) == 5


def test_sample_town_halls_have_no_effect_on_trust(sample_panel: EffectPanel) -> None:
    result = estimate_effect(sample_panel, kind="community_meeting", outcome="trust_mean_score")
    _planted(result, 0.0)


def test_estimate_effects_and_the_contrast(sample_panel: EffectPanel) -> None:
    table = estimate_effects(sample_panel, outcomes=["trust_mean_score", "safety_mean_score"])
    assert len(table) == len(list(table))
    pairs = table.contrast("safety_mean_score")
    assert [group for group, _ in pairs] == [
        group for group, kind, _ in CONTRASTS if kind.value in sample_panel.kinds
    ]
    assert pairs[-1][1].kind == "visible_patrol"
    assert pairs[-1][1].event == "stop"
    assert table.result("educational_workshop", "start", "trust_mean_score").overall.att
    with pytest.raises(KeyError):
        table.result("surveillance_measure", "stop", "trust_mean_score")  # none in Q1
    overall_rows = table.to_records(overall_only=True)
    assert len(overall_rows) == len(table)
    assert {row["level"] for row in overall_rows} == {"overall"}
    every_row = table.to_records()
    assert len(every_row) > len(overall_rows)
    assert all(OBSERVATIONAL in str(row["statement"]) for row in overall_rows)


def test_estimate_effects_defaults_skip_outcomes_with_empty_periods() -> None:
    panel = EffectPanel(
        periods=("1", "2", "3"),
        areas=("a", "b"),
        outcomes={"full": {"a": (1.0, 2.0, 3.0)}, "gappy": {"a": (1.0, None, 3.0)}},
        active={KIND: {"a": (False, True, True)}},
    )
    table = estimate_effects(panel)
    assert {r.outcome for r in table} == {"full"}
    assert {r.event for r in table} == {"start"}
    with pytest.raises(KeyError, match="no estimate at event time 5"):
        table.results[0].at(5)


def test_the_table_moves_to_arrow_pandas_and_polars(sample_panel: EffectPanel) -> None:
    import polars as pl
    import pyarrow as pa

    from trustops.effects import RECORD_COLUMNS

    table = estimate_effects(
        sample_panel, kinds=["surveillance_measure"], outcomes=["reports_per_1000_residents"]
    )
    records = table.to_records()
    arrow = pa.table(table)  # through __arrow_c_stream__
    assert arrow.column_names == list(RECORD_COLUMNS)
    assert arrow.num_rows == len(records)
    assert arrow.schema.field("att").type == pa.float64()
    assert arrow.schema.field("n_treated").type == pa.int64()
    assert arrow.column("att").to_pylist() == [row["att"] for row in records]
    frame = table.to_pandas()
    assert list(frame.columns) == list(RECORD_COLUMNS)
    assert pl.DataFrame(table).height == len(records)
    assert table.to_polars()["level"].to_list() == [row["level"] for row in records]


def test_small_sample_inference_is_the_default_and_widens_intervals_honestly() -> None:
    panel = simulated(random.Random(21), areas=16, periods=5, effect=2.0, missing=0.05)
    small = estimate_effect(panel, kind=KIND, outcome="score")
    plain = estimate_effect(panel, kind=KIND, outcome="score", inference="asymptotic")
    assert small.overall.att == plain.overall.att
    assert small.overall.df is not None
    assert plain.overall.df is None
    assert small.overall.se is not None
    assert plain.overall.se is not None
    assert small.overall.se > plain.overall.se  # HC2 undoes the 1/n variances' downward bias
    for estimate in small.event_time:
        if estimate.att is None:
            assert estimate.df is None
            assert estimate.band_low is None
            continue
        assert estimate.df is not None
        assert estimate.df > 0
        assert estimate.low is not None
        assert estimate.high is not None
        width = estimate.high - estimate.low
        assert width == pytest.approx(
            2 * scipy_stats.t.ppf(0.975, estimate.df) * (estimate.se or 0.0), rel=1e-9
        )
    assert small.pre_trend is not None
    assert small.pre_trend.inference == "small_sample"
    assert small.pre_trend.wald == small.pre_trend.statistic
    test = small.pre_trend
    nu = test.df + test.k - 1  # Hotelling: F = W·(ν − k + 1)/(ν·k) on F(k, ν − k + 1)
    assert test.f_statistic == pytest.approx(test.wald * test.df / (nu * test.k), rel=1e-12)
    assert test.p_value == pytest.approx(
        scipy_stats.f.sf(test.f_statistic, test.k, test.df), rel=1e-9
    )
    record = small.to_records()[-1]
    assert record["df"] == small.overall.df


@pytest.mark.parametrize("inference", ["small_sample", "asymptotic"])
def test_simultaneous_band_covers_every_pointwise_interval_and_is_seeded(inference: str) -> None:
    panel = simulated(random.Random(8), areas=24, periods=5, effect=1.0)
    first = estimate_effect(panel, kind=KIND, outcome="score", inference=inference)  # type: ignore[arg-type]
    again = estimate_effect(panel, kind=KIND, outcome="score", inference=inference)  # type: ignore[arg-type]
    other = estimate_effect(panel, kind=KIND, outcome="score", inference=inference, seed=99)  # type: ignore[arg-type]
    published = [e for e in first.event_time if e.att is not None]
    assert len(published) >= 3
    for estimate in published:
        assert estimate.band_low is not None
        assert estimate.band_high is not None
        assert estimate.low is not None
        assert estimate.high is not None
        assert estimate.band_low <= estimate.low <= estimate.high <= estimate.band_high
    assert [e.band_low for e in first.event_time] == [e.band_low for e in again.event_time]
    assert [e.band_low for e in first.event_time] != [e.band_low for e in other.event_time]
    assert first.overall.band_low is None  # a band is over event times only


def test_asymptotic_band_equals_a_numpy_multiplier_bootstrap() -> None:
    """The sup-t critical value from the same Rademacher draws, computed with numpy."""
    panel = simulated(random.Random(4), areas=20, periods=4, effect=1.0)
    result = estimate_effect(
        panel, kind=KIND, outcome="score", inference="asymptotic", draws=499, seed=5
    )
    from trustops.stats import event_time_effects, group_time_effects

    found = panel.cohorts(KIND, "start")
    outcomes = [list(panel.series("score", a)) for a in found.units]
    cells = group_time_effects(outcomes, list(found.cohorts))
    effects = event_time_effects(cells, list(found.cohorts), window=result.window)
    published = [e for e in result.event_time if e.att is not None]
    keep = [e for e in effects if e.event_time in {p.event_time for p in published}]
    influence = np.array([e.influence for e in keep])
    n = influence.shape[1]
    ses = np.array([e.se for e in keep])
    rng = random.Random(5)
    maxima = []
    for _ in range(499):
        bits = rng.getrandbits(n)
        xi = np.array([1.0 if bits >> i & 1 else -1.0 for i in range(n)])
        maxima.append(float(np.max(np.abs(influence @ xi / n) / ses)))
    critical = max(sorted(maxima)[math.ceil(0.95 * 499) - 1], 1.959963984540054)
    for estimate in published:
        assert estimate.band_high == pytest.approx(
            (estimate.att or 0.0) + critical * (estimate.se or 0.0), rel=1e-9
        )


def test_inference_draws_and_seed_are_checked() -> None:
    panel = simulated(random.Random(1), areas=9, periods=4)
    with pytest.raises(EffectsError, match="inference"):
        estimate_effect(panel, kind=KIND, outcome="score", inference="bootstrap")  # type: ignore[arg-type]
    with pytest.raises(EffectsError, match="draws"):
        estimate_effect(panel, kind=KIND, outcome="score", draws=0)
    with pytest.raises(EffectsError, match="seed"):
        estimate_effect(panel, kind=KIND, outcome="score", seed="x")  # type: ignore[arg-type]


def test_coverage_smoke_small_sample_holds_where_asymptotic_falls_short() -> None:
    """A fixed-seed slice of benchmarks/bench_effects_coverage.py: 16 areas, planted effect."""
    covered = {"small_sample": 0, "asymptotic": 0}
    rejected = {"small_sample": 0, "asymptotic": 0}
    total = tests = 0
    rng = random.Random(20261207)
    for _ in range(80):
        panel = simulated(rng, areas=16, periods=5, effect=2.0, missing=0.1)
        results = {
            inference: estimate_effect(
                panel,
                kind=KIND,
                outcome="score",
                inference=inference,  # type: ignore[arg-type]
                draws=19,
            )
            for inference in covered
        }
        if any(r.overall.low is None for r in results.values()):
            continue
        total += 1
        for inference, result in results.items():
            low, high = result.overall.low or 0.0, result.overall.high or 0.0
            covered[inference] += low <= 2.0 <= high
        if all(r.pre_trend is not None for r in results.values()):
            tests += 1
            for inference, result in results.items():
                rejected[inference] += (result.pre_trend.p_value if result.pre_trend else 1) < 0.05
    assert total >= 60
    assert covered["small_sample"] / total >= 0.9
    assert covered["small_sample"] > covered["asymptotic"]
    assert rejected["small_sample"] / tests <= 0.1
    assert rejected["small_sample"] <= rejected["asymptotic"]


def _with_covariates(rng: random.Random, areas: int, periods: int) -> EffectPanel:
    """Staggered starts more likely in larger, poorer areas, whose trends differ by covariate:
    parallel trends hold only given the covariates."""
    names = tuple(f"a{i:02d}" for i in range(areas))
    outcomes: dict[str, tuple[float | None, ...]] = {}
    active: dict[str, tuple[bool, ...]] = {}
    population: dict[str, float] = {}
    deprivation: dict[str, float] = {}
    for index, name in enumerate(names):
        size, poor = rng.uniform(1, 9), rng.gauss(0, 1)
        population[name], deprivation[name] = size, poor
        starts = index % 5 != 0 and rng.random() < 0.3 + 0.05 * size + 0.1 * poor
        start = 1 + rng.randrange(periods - 1) if starts else None
        level = rng.gauss(50, 5)
        values = []
        for t in range(periods):
            on = start is not None and t >= start
            values.append(level + t * (0.4 * size - 0.8 * poor) + rng.gauss(0, 1) + 2.0 * on)
        outcomes[name] = tuple(values)
        active[name] = tuple(start is not None and t >= start for t in range(periods))
    return EffectPanel(
        periods=LABELS[:periods],
        areas=names,
        outcomes={"score": outcomes},
        active={KIND: active},
        covariates={"population": population, "deprivation": deprivation},
    )


@pytest.mark.parametrize(
    ("comparison", "control"),
    [("never_treated", "nevertreated"), ("not_yet_treated", "notyettreated")],
)
def test_doubly_robust_effects_equal_csdid_with_covariates(comparison: str, control: str) -> None:
    panel = _with_covariates(random.Random(3), areas=60, periods=4)
    result = estimate_effect(
        panel,
        kind=KIND,
        outcome="score",
        comparison=comparison,  # type: ignore[arg-type]
        inference="asymptotic",
        covariates=["population", "deprivation"],
    )
    dynamic = _csdid_dynamic(panel, control, ("population", "deprivation"))
    found = {e.event_time: e for e in result.event_time if e.att is not None}
    for event_time, att, se in zip(
        dynamic["egt"], dynamic["att_egt"], dynamic["se_egt"], strict=True
    ):
        assert found[int(event_time)].att == pytest.approx(float(att), abs=1e-6)
        assert found[int(event_time)].se == pytest.approx(float(se), abs=1e-6)
    assert result.overall.att == pytest.approx(float(dynamic["overall_att"]), abs=1e-6)
    assert result.overall.se == pytest.approx(float(dynamic["overall_se"]), abs=1e-6)
    # Without covariates the trends differ by design, so the plain estimate is off.
    plain = estimate_effect(panel, kind=KIND, outcome="score", comparison=comparison)  # type: ignore[arg-type]
    assert plain.overall.att != pytest.approx(result.overall.att, abs=1e-3)


def test_covariates_must_be_known_and_given_for_every_area() -> None:
    panel = _with_covariates(random.Random(3), areas=20, periods=4)
    with pytest.raises(EffectsError, match="unknown covariate 'income'"):
        estimate_effect(panel, kind=KIND, outcome="score", covariates=["income"])
    with pytest.raises(EffectsError, match="covariates: expected a sequence of names, got str"):
        estimate_effect(panel, kind=KIND, outcome="score", covariates="population")
    partial = EffectPanel(
        periods=panel.periods,
        areas=panel.areas,
        outcomes=panel.outcomes,
        active=panel.active,
        covariates={"population": {"a00": 1.0}},
    )
    with pytest.raises(EffectsError, match="area 'a01' has no value of 'population'"):
        estimate_effect(partial, kind=KIND, outcome="score", covariates=["population"])
    # small-sample inference takes covariates too
    small = estimate_effect(panel, kind=KIND, outcome="score", covariates=["population"])
    assert small.overall.df is not None


def test_one_result_goes_out_as_a_frame_like_the_table() -> None:
    pa = pytest.importorskip("pyarrow")
    panel = simulated(random.Random(8), areas=12, periods=4, effect=1.0)
    result = estimate_effect(panel, kind=KIND, outcome="score")
    frame = result.to_pandas()
    assert list(frame.columns) == list(RECORD_COLUMNS)
    assert len(frame) == len(result.to_records())
    table = pa.table(result)
    for column in ("df", "band_low", "band_high", "att"):
        assert table.schema.field(column).type == pa.float64()
    assert table.to_pylist() == EffectTable(results=(result,)).to_arrow().to_pylist()


def test_the_panel_argument_must_be_a_panel_and_names_are_checked_up_front() -> None:
    import pandas as pd

    frame = pd.DataFrame({"area": ["a"], "period": ["2025-Q1"], "y": [1.0]})
    for call in (
        lambda: estimate_effect(frame, kind=KIND, outcome="y"),  # type: ignore[arg-type]
        lambda: estimate_effects(frame),  # type: ignore[arg-type]
    ):
        with pytest.raises(EffectsError, match=r"EffectPanel\.from_frame") as caught:
            call()
        assert caught.value.field == "panel"
    with pytest.raises(EffectsError, match=r"got dict$"):
        estimate_effect({}, kind=KIND, outcome="y")  # type: ignore[arg-type]
    panel = _with_covariates(random.Random(3), areas=20, periods=4)
    wrong: list[tuple[dict[str, object], str]] = [
        ({"kind": None}, "kind"),
        ({"outcome": 3}, "outcome"),
        ({"outcome": ""}, "outcome"),
        ({"covariates": None}, "covariates"),
    ]
    for changes, field in wrong:
        arguments: dict[str, object] = {"kind": KIND, "outcome": "score", **changes}
        with pytest.raises(EffectsError) as named:
            estimate_effect(panel, **arguments)  # type: ignore[arg-type]
        assert named.value.field == field
    for changes, field in [({"kinds": KIND}, "kinds"), ({"events": "start"}, "events"),
                           ({"outcomes": "score"}, "outcomes"), ({"kinds": [None]}, "kinds")]:  # fmt: skip
        with pytest.raises(EffectsError) as listed:
            estimate_effects(panel, **changes)  # type: ignore[arg-type]
        assert listed.value.field == field
