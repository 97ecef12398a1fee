"""Tests for the composite trust index: combination, explanation, suppression, properties."""

from __future__ import annotations

import itertools
import math
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import Area, Interaction, SurveyInstrument, SurveyItem, SurveyResponse
from trustops.metrics import engagement_table
from trustops.privacy import NO_SUPPRESSION, SmallCellPolicy
from trustops.scoring import (
    DEFAULT_MODEL,
    Component,
    ComponentInput,
    IndexWindow,
    ScoringError,
    ScoringModel,
    ScoringTypeError,
    TrustIndexResult,
    combine_components,
    compare,
    suppress,
    survey_scores,
    trust_index,
)
from trustops.stats import Interval, normal_interval, shrink_proportions, z_value
from trustops.time import Period

Z = z_value(0.95)
# The window of 2026-Q1 (90 days) under the default model: the trailing 91 days to 31 March.
Q1_WINDOW = IndexWindow(first=pendulum.Date(2025, 12, 31), last=pendulum.Date(2026, 3, 31), days=91)


def _reach_score(per_1000: float, days: float) -> float:
    """METHODS §6: a rate against its annual target scaled to the window, capped at 100."""
    return min(per_1000 / (400 * days / 365.25), 1.0) * 100


REACH = _reach_score(80, 91)  # 80 per 1,000 in 91 days against 400 × 91/365.25: 80.27

FULL = {
    "perceived_trust": ComponentInput(64.0, n=120, interval=Interval(60.0, 68.0)),
    "reach": ComponentInput(80.0, n=12_400, window=Q1_WINDOW),
    "community_reporting": ComponentInput(15.0, n=12_400, window=Q1_WINDOW),
    "interaction_quality": ComponentInput(0.7, n=300, interval=Interval(0.65, 0.75)),
    "continuity": ComponentInput(0.2, n=250, interval=Interval(0.15, 0.25)),
}


def _combine(inputs: dict[str, ComponentInput], **options: Any) -> TrustIndexResult:
    options.setdefault("area", "riverside")
    return combine_components(DEFAULT_MODEL, inputs, **options)


# -- combination, hand-computed ---------------------------------------------------------------


def test_all_components_hand_computed() -> None:
    result = _combine(FULL, period=Period.parse("2026-Q1"))
    # normalised: 64, 80/(400·91/365.25)·100, min(15/(40·91/365.25), 1)·100 = 100, 70, 20
    expected = 0.4 * 64 + 0.15 * REACH + 0.15 * 100 + 0.15 * 70 + 0.15 * 20
    assert result.index == pytest.approx(expected)
    assert result.coverage == pytest.approx(1.0)
    assert [c.normalised for c in result.components] == pytest.approx([64, REACH, 100, 70, 20])
    assert [c.contribution for c in result.components] == pytest.approx(
        [0.4 * 64, 0.15 * REACH, 0.15 * 100, 0.15 * 70, 0.15 * 20]
    )
    # se from the normalised intervals: (68 − 60)/2z, (75 − 65)/2z, (25 − 15)/2z
    se = math.sqrt((0.4 * 8 / (2 * Z)) ** 2 + 2 * (0.15 * 10 / (2 * Z)) ** 2)
    assert result.se == pytest.approx(se)
    assert result.interval == pytest.approx(normal_interval(expected, se))
    assert result.component("interaction_quality").interval == pytest.approx((65.0, 75.0))
    assert result.component("interaction_quality").raw_interval == Interval(0.65, 0.75)
    assert result.component("reach").se == 0.0
    assert result.flags == ()
    assert result.withheld is None
    assert result.period == Period.parse("2026-Q1")
    assert (result.model_name, result.model_version) == ("trustops-default", "3.0")
    # every component carries the window of the period (the model's), given or not
    assert {c.window for c in result.components} == {Q1_WINDOW}
    assert result.model_fingerprint == DEFAULT_MODEL.fingerprint


def test_contributions_renormalise_over_available_components() -> None:
    inputs = {**FULL}
    del inputs["perceived_trust"]
    inputs["reach"] = ComponentInput(None, reason="no interactions")
    result = _combine(inputs)
    assert result.coverage == pytest.approx(0.45)
    assert result.index is None
    assert result.flags == ("low_coverage", "partial")
    assert result.withheld == (
        "coverage 0.45 is below the model's threshold 0.5 "
        "(perceived_trust: no data; reach: no interactions)"
    )
    assert all(c.contribution is None for c in result.components)
    assert result.component("continuity").normalised == pytest.approx(20.0)
    inputs["reach"] = FULL["reach"]
    shown = _combine(inputs)
    assert shown.coverage == pytest.approx(0.6)
    assert shown.index == pytest.approx((REACH + 100 + 70 + 20) / 4)
    assert shown.component("reach").contribution == pytest.approx(REACH / 4)
    assert shown.component("perceived_trust").available is False


def test_coverage_exactly_at_threshold_is_shown() -> None:
    model = ScoringModel(
        name="half",
        version="1",
        components=(
            Component(name="x", source="survey", measure="trust", weight=1),
            Component(name="y", source="survey", measure="safety", weight=1),
        ),
    )
    result = combine_components(model, {"x": ComponentInput(40.0)}, area="a")
    assert (result.coverage, result.index) == (0.5, 40.0)


def test_small_cells_are_withheld_or_flagged() -> None:
    inputs = {
        **FULL,
        "perceived_trust": ComponentInput(64.0, n=9),
        "continuity": ComponentInput(0.2, n=12),
    }
    result = _combine(inputs)
    trust = result.component("perceived_trust")
    assert (trust.available, trust.raw, trust.normalised, trust.n) == (False, None, None, None)
    assert trust.flags == ("insufficient",)
    assert trust.reason == "withheld: fewer than 10"
    assert result.component("continuity").flags == ("caution",)
    assert result.flags == ("caution", "insufficient", "partial")
    assert result.coverage == pytest.approx(0.6)
    raw = _combine(inputs, policy=NO_SUPPRESSION)
    assert raw.coverage == pytest.approx(1.0)
    assert raw.flags == ()


def test_inputs_without_n_are_not_suppressed() -> None:
    result = _combine(
        {"perceived_trust": ComponentInput(50.0), "reach": ComponentInput(20.0, window=Q1_WINDOW)}
    )
    assert result.coverage == pytest.approx(0.55)
    assert result.index == pytest.approx((0.4 * 50 + 0.15 * _reach_score(20, 91)) / 0.55)
    assert result.flags == ("partial",)


def test_negative_direction_component_contributes_100_minus() -> None:
    model = ScoringModel(
        name="m",
        version="1",
        components=(
            Component(name="trust", source="survey", measure="trust", weight=3),
            Component(
                name="complaints",
                source="metric",
                measure="complaints_per_1000",
                normalisation="target",
                target=50,
                direction="negative",
                weight=1,
            ),
        ),
    )
    result = combine_components(
        model,
        {
            "trust": ComponentInput(60.0),
            "complaints": ComponentInput(10.0, interval=Interval(5, 20)),
        },
        area="a",
    )
    assert result.component("complaints").normalised == 80.0
    assert result.component("complaints").interval == (60.0, 90.0)
    assert result.index == pytest.approx((3 * 60 + 80) / 4)


def test_shrunk_inputs_are_flagged() -> None:
    result = _combine({**FULL, "continuity": ComponentInput(0.3, n=250, shrunk=True)})
    assert result.component("continuity").flags == ("shrunk",)
    assert result.flags == ("shrunk",)


def test_non_finite_value_is_an_error() -> None:
    with pytest.raises(ScoringError, match="component 'reach': expected a finite value"):
        _combine({**FULL, "reach": ComponentInput(math.nan, n=100)})


def test_index_interval_is_clipped_to_0_100() -> None:
    wide = {"perceived_trust": ComponentInput(98.0, n=100, interval=Interval(60, 100.0))}
    model = ScoringModel(name="one", version="1", components=(DEFAULT_MODEL.components[0],))
    result = combine_components(model, wide, area="a")
    assert result.interval is not None
    assert result.interval.high == 100.0
    assert result.index == 98.0


def test_explain_and_records() -> None:
    result = _combine(FULL, period=Period.parse("2026-Q1"))
    assert result.component("reach").window_days == 91
    text = result.explain()
    assert text.splitlines()[0].startswith("Trust index for riverside, 2026-Q1: 66.1 (95% interval")
    assert "Model trustops-default 3.0 (sha256 " in text
    assert text.splitlines()[2] == "Measured over 2025-12-31 to 2026-03-31 (91 days)"
    assert "perceived_trust" in text
    # windows that differ between components are noted per component
    mixed = _combine({**FULL, "perceived_trust": ComponentInput(64.0, n=120)})
    assert "Measured over" not in mixed.explain()
    assert "2025-12-31 to 2026-03-31 (91 days)" in mixed.explain().splitlines()[4]
    withheld = _combine({"reach": FULL["reach"]})
    assert "withheld (coverage 0.15" in withheld.explain()
    assert "no data" in withheld.explain()
    record = result.to_record()
    assert record["period"] == "2026-Q1"
    assert record["index"] == result.index
    assert record["model_fingerprint"] == DEFAULT_MODEL.fingerprint
    assert record["reach.normalised"] == pytest.approx(REACH)
    assert (
        record["reach.window_days"],
        record["reach.window_start"],
        record["reach.window_end"],
    ) == (91, "2025-12-31", "2026-03-31")
    assert record["continuity.window_end"] == "2026-03-31"
    assert withheld.to_record()["low"] is None
    assert _combine(FULL).to_record()["period"] is None
    assert _combine(FULL).explain().startswith("Trust index for riverside: ")
    with pytest.raises(KeyError):
        result.component("nope")


# -- suppression of index results ---------------------------------------------------------------


def test_suppress_recombines_and_is_idempotent() -> None:
    raw = _combine(
        {
            **FULL,
            "interaction_quality": ComponentInput(0.7, n=8),
            "continuity": ComponentInput(0.2, n=20),
        },
        policy=NO_SUPPRESSION,
    )
    assert raw.coverage == pytest.approx(1.0)
    published = suppress(raw)
    assert published.coverage == pytest.approx(0.85)
    assert published.component("interaction_quality").flags == ("insufficient",)
    assert published.component("continuity").flags == ("caution",)
    assert published.index == pytest.approx(
        (0.4 * 64 + 0.15 * REACH + 0.15 * 100 + 0.15 * 20) / 0.85
    )
    assert suppress(published) == published
    assert suppress(raw, NO_SUPPRESSION) == raw
    assert published.flags == ("caution", "insufficient", "partial")


def test_suppress_tables() -> None:
    table = trust_index(
        _north_interactions(), _responses("north", 12), INSTRUMENT, areas=[NORTH], weighting="none"
    )
    strict = SmallCellPolicy(withhold_below=15, caution_below=50)
    published = suppress(table, strict)
    assert published.results == tuple(suppress(r, strict) for r in table)
    trust = published.result("north", "2026-Q1").component("perceived_trust")
    assert trust.flags == ("insufficient",)
    scores = survey_scores(
        INSTRUMENT, _responses("north", 12), weighting="none", policy=NO_SUPPRESSION
    )
    assert suppress(scores).rows == tuple(suppress(row) for row in scores)
    assert suppress(scores).rows[0].flags == ("caution",)


def test_suppress_rejects_other_things() -> None:
    with pytest.raises(ScoringError, match="expected a ConstructScore"):
        suppress("text")  # type: ignore[call-overload]


# -- properties ----------------------------------------------------------------------------------

_values = {
    "perceived_trust": st.floats(-10, 110),
    "reach": st.floats(0, 500),
    "community_reporting": st.floats(0, 20),
    "interaction_quality": st.floats(0, 1),
    "continuity": st.floats(0, 1),
}


@st.composite
def _inputs(draw: st.DrawFn) -> dict[str, ComponentInput]:
    inputs: dict[str, ComponentInput] = {}
    for name, values in _values.items():
        if draw(st.booleans()) or name == "perceived_trust":
            value = draw(values)
            n = draw(st.none() | st.integers(0, 100))
            spread = draw(st.none() | st.floats(0, 10))
            interval = None if spread is None else Interval(value - spread, value + spread)
            inputs[name] = ComponentInput(value, n=n, interval=interval)
    return inputs


@given(_inputs())
def test_index_in_range_and_contributions_add_up(inputs: dict[str, ComponentInput]) -> None:
    result = _combine(inputs)
    assert 0.0 <= result.coverage <= 1.0 + 1e-12
    if result.index is None:
        assert "low_coverage" in result.flags
        return
    assert 0.0 <= result.index <= 100.0
    total = math.fsum(c.contribution for c in result.components if c.contribution is not None)
    assert abs(total - result.index) <= 1e-9
    assert result.interval is not None
    assert 0.0 <= result.interval.low <= result.index <= result.interval.high <= 100.0
    assert _combine(dict(reversed(list(inputs.items())))) == result


@given(_inputs(), st.sampled_from(sorted(_values)), st.floats(0, 100))
def test_raising_a_positive_component_never_lowers_the_index(
    inputs: dict[str, ComponentInput], name: str, raise_by: float
) -> None:
    before = _combine(inputs)
    if name not in inputs or before.index is None:
        return
    given_input = inputs[name]
    assert given_input.value is not None
    higher = {**inputs, name: given_input._replace(value=given_input.value + raise_by)}
    after = _combine(higher)
    assert after.index is not None
    assert after.index >= before.index - 1e-9


# -- trust_index on records ------------------------------------------------------------------------

INSTRUMENT = SurveyInstrument(
    id="pulse",
    name="Pulse",
    items=(
        SurveyItem(id="t1", construct="trust", text="I trust them.", scale_min=1, scale_max=5),
        SurveyItem(id="t3", construct="trust", text="They are honest.", scale_min=1, scale_max=5),
    ),
)
NORTH = Area(id="north", name="North", timezone="UTC", population=1000)
SOUTH = Area(id="south", name="South", timezone="UTC", population=2000)
FEB = pendulum.datetime(2026, 2, 1, 10, tz="UTC")


def _interaction(index: int, area: str = "north", **fields: Any) -> Interaction:
    values: dict[str, Any] = {
        "id": f"{area}-i{index:03d}",
        "occurred_at": FEB,
        "area_id": area,
        "kind": "conversation",
        "initiator": "staff",
        "channel": "in_person",
    }
    values.update(fields)
    return Interaction(**values)


def _north_interactions() -> list[Interaction]:
    records = [
        _interaction(i, resident_id=f"r{i:02d}", outcome="positive" if i < 30 else "negative")
        for i in range(40)
    ]
    records += [
        _interaction(100 + i, resident_id=f"r{i:02d}", occurred_at=FEB.add(days=1))
        for i in range(12)
    ]
    records += [
        _interaction(
            200 + i,
            resident_id=f"r{i:02d}",
            kind="suspicious_activity_report",
            initiator="resident",
        )
        for i in range(30)  # 30 reports: a rate on fewer than 10 would be withheld (§7)
    ]
    return records


def _responses(area: str, count: int, answer: int = 4) -> list[SurveyResponse]:
    return [
        SurveyResponse(
            id=f"{area}-s{i:03d}",
            instrument_id="pulse",
            area_id=area,
            collected_at=FEB,
            answers={"t1": answer, "t3": answer},
        )
        for i in range(count)
    ]


def test_trust_index_hand_computed() -> None:
    table = trust_index(
        _north_interactions(), _responses("north", 30), INSTRUMENT, areas=[NORTH], weighting="none"
    )
    assert len(table) == 1
    result = table.result("north", "2026-Q1")
    # Q1 2026 has 90 days, so the window is the trailing 91 (from 31 December). Trust 75;
    # reach 40 per 1000 against 400 × 91/365.25; reports 30 per 1000 against 40 × 91/365.25
    # (capped at 100); positive 30/40 → 75; repeat 12/40 → 30
    reach, reports = _reach_score(40, 91), _reach_score(300, 91)
    assert [c.normalised for c in result.components] == pytest.approx([75, reach, reports, 75, 30])
    assert result.index == pytest.approx(0.4 * 75 + 0.15 * (reach + reports + 75 + 30))
    assert result.component("reach").target == pytest.approx(400 * 91 / 365.25)
    assert {c.window for c in result.components} == {Q1_WINDOW}
    assert result.component("perceived_trust").n == 30
    # a rate's n stays its denominator, the population
    assert result.component("reach").n == result.component("community_reporting").n == 1000
    assert result.flags == ()
    assert table.period is not None
    assert table.model == DEFAULT_MODEL
    assert list(table) == [result]
    assert table.to_records()[0]["index"] == result.index
    with pytest.raises(KeyError):
        table.result("north")


def test_trust_index_agrees_with_its_parts() -> None:
    interactions = _north_interactions() + [
        _interaction(i, area="south", resident_id=f"s{i}", outcome="positive") for i in range(15)
    ]
    interactions.append(  # December: in the window of 2026-Q1 (from 31 December), not in Q1
        _interaction(900, resident_id="r20", occurred_at=pendulum.datetime(2025, 12, 31, 23))
    )
    interactions.append(  # a day before the window: left out
        _interaction(901, resident_id="late", occurred_at=pendulum.datetime(2025, 12, 30, 23))
    )
    responses = _responses("north", 40) + _responses("south", 12, answer=2)
    table = trust_index(interactions, responses, INSTRUMENT, areas=[NORTH, SOUTH])
    assert [str(r.period) for r in table] == ["2025-Q4", "2026-Q1", "2026-Q1"]
    scores = survey_scores(
        INSTRUMENT,
        responses,
        areas=[NORTH, SOUTH],
        period="quarter",
        window_days=91,
        half_life_days=90,
        policy=NO_SUPPRESSION,
    )
    for result in table.results[1:]:
        assert result.period is not None
        window = DEFAULT_MODEL.window(result.period)
        # the metrics of the interactions whose local day lies in the window, counted anew
        inside = [
            i
            for i in interactions
            if i.area_id == result.area and window.first <= i.occurred_at.date() <= window.last
        ]
        row = engagement_table(inside, by=("area",), areas=[NORTH, SOUTH]).rows[0]
        score = scores.row("trust", area=result.area, period=result.period)
        assert score.mean_score is not None
        inputs = {
            "perceived_trust": ComponentInput(
                score.mean_score.value, score.n, score.mean_score.interval
            )
        }
        for component in DEFAULT_MODEL.components[1:]:
            metric = row.metric(component.measure)
            people = None  # a rate per 1,000 rests on the count it is made from (§6, §7)
            if component.is_rate and metric.value is not None and metric.n is not None:
                people = round(metric.value * metric.n / 1000)
            inputs[component.name] = ComponentInput(
                metric.value, metric.n, metric.interval, people=people
            )
        assert result == combine_components(
            DEFAULT_MODEL, inputs, area=result.area, period=result.period
        )
    north = table.result("north", "2026-Q1")
    # r20, met on 1 February, was also met on 31 December: a repeat within the window
    assert north.component("continuity").n == 40
    assert north.component("continuity").raw == pytest.approx(13 / 40)
    assert table.result("south", "2026-Q1").component("perceived_trust").flags == ("caution",)


def test_trust_index_shrinks_share_components_when_asked() -> None:
    model = attrs.evolve(DEFAULT_MODEL, shrinkage=True)
    areas = [Area(id=f"a{k}", name=f"A{k}", timezone="UTC", population=500) for k in range(4)]
    interactions = [
        _interaction(
            i,
            area=f"a{k}",
            resident_id=f"a{k}-r{i}",
            outcome="positive" if i < positives else "negative",
        )
        for k, (size, positives) in enumerate([(12, 12), (60, 20), (60, 45), (40, 10)])
        for i in range(size)
    ]
    interactions.append(_interaction(999, area="a0", resident_id="quiet"))  # no outcome
    interactions += [_interaction(i, area="b", resident_id=f"b{i}") for i in range(5)]
    areas.append(Area(id="b", name="B", timezone="UTC", population=100))
    table = trust_index(interactions, areas=areas, model=model, period="quarter")
    b = table.result("b", "2026-Q1").component("interaction_quality")
    assert (b.available, b.reason) == (False, "no outcomes recorded")
    shrunk = shrink_proportions([12, 20, 45, 10], [12, 60, 60, 40])
    for k, result in enumerate(table.results[:4]):
        quality = result.component("interaction_quality")
        assert quality.raw == pytest.approx(shrunk[k].estimate)
        assert quality.flags == ("shrunk",) or "caution" in quality.flags
        assert "shrunk" in result.flags
    plain = trust_index(interactions, areas=areas, period="quarter")
    assert plain.result("a0", "2026-Q1").component("interaction_quality").raw == 1.0


def test_trust_index_without_instrument_or_period() -> None:
    table = trust_index(_north_interactions(), areas=[NORTH], period=None)
    result = table.result("north")
    assert result.period is None
    assert result.component("perceived_trust").reason == "no survey instrument given"
    assert result.coverage == pytest.approx(0.6)
    # the data span 2 days (1 and 2 February): the window is the trailing 91 days to the
    # last, and the annual targets are scaled to all 91 of them
    assert result.component("reach").window == IndexWindow(
        first=pendulum.Date(2025, 11, 4), last=pendulum.Date(2026, 2, 2), days=91
    )
    reach, reports = _reach_score(40, 91), _reach_score(300, 91)
    assert result.index == pytest.approx((reach + reports + 75 + 30) / 4)


def test_trust_index_survey_only_cells_and_missing_respondents() -> None:
    responses = _responses("south", 40)
    responses.append(
        SurveyResponse(
            id="north-x",
            instrument_id="pulse",
            area_id="north",
            collected_at=FEB,
            answers={"t1": None},
        )
    )
    interactions = [_interaction(1, area="west", resident_id="w1")]
    table = trust_index(interactions, responses, INSTRUMENT, areas=[NORTH, SOUTH])
    west = table.result("west", "2026-Q1")
    assert west.component("perceived_trust").reason == "no survey responses in the window"
    north = table.result("north", "2026-Q1")
    assert north.component("perceived_trust").reason == "no respondent with a score"
    assert north.component("reach").reason == "no interactions in the window"
    south = table.result("south", "2026-Q1")
    assert south.coverage == pytest.approx(0.4)
    assert south.index is None


def test_trust_index_errors() -> None:
    other = SurveyInstrument(
        id="other",
        name="Other",
        items=(SurveyItem(id="v", construct="voice", text="V", scale_min=1, scale_max=5),),
    )
    with pytest.raises(ScoringError, match="scores construct 'trust', but instrument 'other'"):
        trust_index([], [], other, areas=[NORTH])
    whole = trust_index([], _responses("north", 30), INSTRUMENT, areas=[NORTH], period=None)
    assert whole.result("north").component("perceived_trust").raw == pytest.approx(75)


def test_trust_index_decay_uses_model_half_life() -> None:
    decaying = attrs.evolve(DEFAULT_MODEL, decay_half_life_days=30)
    early = _responses("north", 20, answer=1)
    late = [
        attrs.evolve(r, id=f"late-{r.id}", collected_at=pendulum.datetime(2026, 3, 31, tz="UTC"))
        for r in _responses("north", 20, answer=5)
    ]
    undecayed = attrs.evolve(DEFAULT_MODEL, decay_half_life_days=None)
    plain = trust_index([], early + late, INSTRUMENT, areas=[NORTH], model=undecayed)
    decayed = trust_index([], early + late, INSTRUMENT, areas=[NORTH], model=decaying)
    assert plain.result("north", "2026-Q1").component("perceived_trust").raw == pytest.approx(50)
    raw = decayed.result("north", "2026-Q1").component("perceived_trust").raw
    # early answers are 58 days older than the period end: weight 0.5 ** (58 / 30)
    assert raw == pytest.approx(100 / (1 + 0.5 ** (58 / 30)))


_people = st.lists(st.integers(0, 4), min_size=0, max_size=30)


@given(st.randoms(use_true_random=False))
def test_trust_index_ignores_record_order(random: Any) -> None:
    interactions = _north_interactions() + [
        _interaction(i, area="south", resident_id=f"s{i % 7}", outcome="positive")
        for i in range(15)
    ]
    responses = _responses("north", 40) + _responses("south", 12, answer=2)
    first = trust_index(interactions, responses, INSTRUMENT, areas=[NORTH, SOUTH])
    random.shuffle(interactions)
    random.shuffle(responses)
    assert trust_index(interactions, responses, INSTRUMENT, areas=[SOUTH, NORTH]) == first


def test_policy_argument_on_the_model() -> None:
    lenient = attrs.evolve(
        DEFAULT_MODEL, suppression=SmallCellPolicy(withhold_below=0, caution_below=0)
    )
    table = trust_index([], _responses("north", 3), INSTRUMENT, areas=[NORTH], model=lenient)
    assert table.result("north", "2026-Q1").component("perceived_trust").available


# -- comparable across periods (METHODS §6, revised) ------------------------------------------------

STEADY = Area(id="steady", name="Steady", timezone="Europe/London", population=10_000)


def _steady_programme() -> tuple[list[Interaction], list[SurveyResponse]]:
    """A year of unchanging trust: every day 10 new residents (7 talks go well, 1 files a
    report), 20 regulars a month met on the 1st and the 15th, and a survey wave of 42 with the
    same answers on the 15th of the first month of each quarter."""
    interactions: list[Interaction] = []
    day = pendulum.datetime(2025, 1, 1, 12, tz="Europe/London")
    for offset in range(365):
        when = day.add(days=offset)
        for k in range(10):
            interactions.append(
                _interaction(
                    offset * 100 + k,
                    area="steady",
                    occurred_at=when,
                    resident_id=f"d{offset}-{k}",
                    outcome="positive" if k < 7 else "negative",
                    kind="suspicious_activity_report" if k == 0 else "conversation",
                    initiator="resident" if k == 0 else "staff",
                )
            )
        if when.day in (1, 15):
            interactions.extend(
                _interaction(
                    offset * 100 + 50 + k,
                    area="steady",
                    occurred_at=when,
                    resident_id=f"m{when.month}-{k}",
                )
                for k in range(20)
            )
    responses = [
        SurveyResponse(
            id=f"w{month}-{k}",
            instrument_id="pulse",
            area_id="steady",
            collected_at=pendulum.datetime(2025, month, 15, 18, tz="Europe/London"),
            answers={"t1": 3 + k % 3, "t3": 3 + k % 3},
        )
        for month in (1, 4, 7, 10)
        for k in range(42)
    ]
    return interactions, responses


def test_steady_trust_gives_a_steady_monthly_index() -> None:
    interactions, responses = _steady_programme()
    table = trust_index(interactions, responses, INSTRUMENT, areas=[STEADY], period="month")
    results = list(table)
    assert [r.period.label for r in results if r.period] == [
        f"2025-{month:02d}" for month in range(1, 13)
    ]
    indexes = [r.index for r in results]
    assert all(index is not None for index in indexes)
    steady = [index for index in indexes if index is not None]
    # no saw-tooth: every component over the trailing 91 days, survey evidence every month.
    # From April every window lies inside the data; January and February score lower
    # because their windows reach back before the data start and the rate targets are
    # scaled to the whole window (METHODS §6), as an area new to the programme would.
    assert max(steady[3:]) - min(steady[3:]) < 0.5
    assert steady[0] < steady[1] < steady[3]
    for result in results:
        assert result.coverage == pytest.approx(1.0)
        assert "partial" not in result.flags
        trust = result.component("perceived_trust")
        # answers 3, 4, 5 on 1–5 in equal numbers: a mean score of 75 every month
        assert trust.available
        assert trust.raw == pytest.approx(75.0)
        # the residents met in the window per 1,000 of 10,000, counted here one by one,
        # against 400 a year scaled to the window's 91 days
        assert result.period is not None
        window = DEFAULT_MODEL.window(result.period)
        assert (window.last, window.days) == (result.period.end, 91)
        reached = {
            i.resident_id
            for i in interactions
            if window.first <= i.occurred_at.in_timezone("Europe/London").date() <= window.last
        }
        reach = result.component("reach")
        assert reach.window == window
        assert reach.raw == pytest.approx(len(reached) / 10)
        assert reach.normalised == pytest.approx(_reach_score(len(reached) / 10, 91))
    for before, after in itertools.pairwise(results[3:]):
        change = compare(before, after)
        assert change.comparable
        assert not change.significant


def test_compare_refuses_a_change_that_comes_from_missing_components() -> None:
    interactions, responses = _steady_programme()
    early = [r for r in responses if r.collected_at.month == 1]
    table = trust_index(interactions, early, INSTRUMENT, areas=[STEADY], period="month")
    march, june = table.result("steady", "2025-03"), table.result("steady", "2025-06")
    assert "partial" not in march.flags
    assert "partial" in june.flags
    assert june.component("perceived_trust").available is False
    change = compare(march, june)
    assert change.flags == ("not_comparable",)
    assert (change.comparable, change.significant, change.test, change.p_value) == (
        False,
        False,
        None,
        None,
    )
    assert change.method == "none"
    assert change.difference == pytest.approx(june.index - march.index)  # type: ignore[operator]
    parts = {part.name: part for part in change.components}
    assert parts["perceived_trust"].second is None
    assert parts["perceived_trust"].normalised is None
    assert math.fsum(p.contribution for p in change.components) == pytest.approx(change.difference)


# -- a dataset's index, the programme-wide index, choosing the instrument ---------------------


def test_programme_index_weights_areas_and_keeps_contributions_adding_up() -> None:
    from trustops.scoring import programme_index

    period = Period.parse("2026-Q1")
    a = _combine(FULL, area="a", period=period)
    b = _combine({**FULL, "perceived_trust": ComponentInput(40.0, n=200)}, area="b", period=period)
    both = programme_index([a, b], {"a": 3000, "b": 1000})
    assert a.index is not None
    assert b.index is not None
    assert both.index is not None
    assert both.index == pytest.approx(0.75 * a.index + 0.25 * b.index)
    assert both.se == pytest.approx(math.hypot(0.75 * (a.se or 0), 0.25 * (b.se or 0)))
    total = math.fsum(part.contribution or 0.0 for part in both.components)
    assert total == pytest.approx(both.index)
    assert (both.area, both.period, both.flags) == ("all areas", period, ())
    gap = _combine({**FULL, "reach": ComponentInput(None)}, area="c", period=period)
    mixed = programme_index([a, gap], {"a": 1, "c": 1})
    assert not mixed.component("reach").available
    assert "partial" in mixed.flags
    assert compare(both, mixed).flags == ("not_comparable",)
    withheld = _combine({"reach": FULL["reach"]}, area="d", period=period)
    empty = programme_index([withheld], {"d": 1})
    assert (empty.index, empty.withheld) == (None, "no area has an index in this period")
    assert programme_index([a, withheld], {"a": 0, "d": 1}).index is None
    with pytest.raises(ScoringError, match="one period"):
        programme_index([a, _combine(FULL, area="b")], {"a": 1, "b": 1})
    with pytest.raises(ScoringError, match="at least one"):
        programme_index([], {})
    other = ScoringModel(name="x", version="1", components=DEFAULT_MODEL.components[:1])
    lone = combine_components(other, {"perceived_trust": ComponentInput(50.0)}, area="e")
    with pytest.raises(ScoringError, match="different scoring models"):
        programme_index([a, lone], {"a": 1, "e": 1})


def test_to_dict_nests_the_components() -> None:
    result = _combine(FULL, period=Period.parse("2026-Q1"))
    data = result.to_dict()
    assert data["period"] == "2026-Q1"
    assert data["index"] == result.index
    assert [part["name"] for part in data["components"]] == [
        c.name for c in DEFAULT_MODEL.components
    ]
    assert data["components"][1]["window_days"] == 91
    assert data["components"][1]["window_start"] == "2025-12-31"
    assert data["components"][0]["window_end"] == "2026-03-31"


@pytest.mark.parametrize(
    ("inputs", "error", "message"),
    [
        ({"reach": ComponentInput(80.0, n=100, interval=(math.nan, 90.0))}, ScoringError,
         r"inputs\['reach'\].interval: expected two finite numbers"),
        ({"reach": ComponentInput(80.0, n=100, interval=(1.0, math.inf))}, ScoringError,
         r"inputs\['reach'\].interval"),
        ([("reach", ComponentInput(80.0))], ScoringTypeError, r"inputs: expected a mapping"),
        ({"reach": 80.0}, ScoringTypeError, r"inputs\['reach'\]: expected a ComponentInput"),
        ({"reach": ComponentInput("80")}, ScoringTypeError, r"inputs\['reach'\].value"),  # type: ignore[arg-type]
        ({"reach": ComponentInput(80.0, n=math.nan)}, ScoringError, r"inputs\['reach'\].n"),
    ],
)  # fmt: skip
def test_bad_inputs_name_the_argument(inputs: object, error: type[Exception], message: str) -> None:
    for policy in (None, NO_SUPPRESSION):  # withheld or shown, the check is the same
        with pytest.raises(error, match=message):
            combine_components(DEFAULT_MODEL, inputs, area="a", policy=policy)  # type: ignore[arg-type]


def test_a_type_error_is_also_a_type_error() -> None:
    with pytest.raises(TypeError, match="area: expected the area id as text"):
        combine_components(DEFAULT_MODEL, {}, area=3)  # type: ignore[arg-type]


# -- every component over the window (METHODS §6) ---------------------------------------------


def test_a_quarter_longer_than_the_window_is_covered_whole() -> None:
    # 2025-Q3 has 92 days: a response on 1 July (age 91 on 30 September) counts in it
    first_day = [
        attrs.evolve(r, id=f"jul-{r.id}", collected_at=pendulum.datetime(2025, 7, 1, 9))
        for r in _responses("north", 12, answer=5)
    ]
    talks = [
        _interaction(k, resident_id=f"r{k}", occurred_at=pendulum.datetime(2025, 7, 1, 9))
        for k in range(12)
    ]
    table = trust_index(talks, first_day, INSTRUMENT, areas=[NORTH], weighting="none")
    result = table.result("north", "2025-Q3")
    window = IndexWindow(first=pendulum.Date(2025, 7, 1), last=pendulum.Date(2025, 9, 30), days=92)
    assert {part.window for part in result.components} == {window}
    trust = result.component("perceived_trust")
    assert (trust.available, trust.n) == (True, 12)
    assert result.component("reach").raw == pytest.approx(12.0)
    assert result.component("reach").target == pytest.approx(400 * 92 / 365.25)
    assert [str(r.period) for r in table] == ["2025-Q3"]  # Q4's window starts on 1 October


def test_a_period_gets_an_index_only_with_records_of_its_own() -> None:
    january = [
        _interaction(k, resident_id=f"r{k}", occurred_at=pendulum.datetime(2026, 1, 5 + k % 2))
        for k in range(40)
    ]
    table = trust_index(january, areas=[NORTH], period="month")
    assert [str(r.period) for r in table] == ["2026-01"]  # February's window holds January
    april = [_interaction(99, resident_id="r99", occurred_at=pendulum.datetime(2026, 4, 2))]
    later = trust_index(january + april, areas=[NORTH], period="month")
    assert [str(r.period) for r in later] == ["2026-01", "2026-04"]
    # April's window (the 91 days to 30 April, from 30 January) holds April's record alone
    reach = later.result("north", "2026-04").component("reach")
    assert reach.window == IndexWindow(
        first=pendulum.Date(2026, 1, 30), last=pendulum.Date(2026, 4, 30), days=91
    )
    # one resident reached: the rate rests on fewer than 10 and is withheld (§6, §7)
    assert (reach.raw, reach.flags) == (None, ("insufficient",))


def test_window_days_of_the_model_sets_every_window() -> None:
    model = attrs.evolve(DEFAULT_MODEL, window_days=30)
    table = trust_index(
        _north_interactions(), _responses("north", 30), INSTRUMENT, areas=[NORTH], model=model,
        period="month",
    )  # fmt: skip
    result = table.result("north", "2026-02")
    # the month (28 days) is shorter than 30 days: the window is the trailing 30
    window = IndexWindow(first=pendulum.Date(2026, 1, 30), last=pendulum.Date(2026, 2, 28), days=30)
    assert {part.window for part in result.components} == {window}
    assert result.component("reach").target == pytest.approx(400 * 30 / 365.25)
    quarterly = trust_index(_north_interactions(), areas=[NORTH], model=model)
    assert quarterly.result("north", "2026-Q1").component("reach").window_days == 90


def _reports(count: int, population: int) -> tuple[Area, list[Interaction]]:
    area = Area(id="small", name="Small", timezone="UTC", population=population)
    log = [
        Interaction(id=f"r{k}", occurred_at=pendulum.datetime(2026, 2, 1 + k % 20, 10, tz="UTC"),
                    area_id="small", kind="suspicious_activity_report", initiator="resident",
                    channel="app", resident_id=f"p{k}")
        for k in range(count)
    ]  # fmt: skip
    return area, log


def test_a_rate_component_is_withheld_by_the_reports_it_is_made_from() -> None:
    area, log = _reports(3, 900)  # 3 reports in an area of 900: n (the population) is large
    result = trust_index(log, areas=[area], period="quarter").result("small", "2026-Q1")
    reporting = result.component("community_reporting")
    assert not reporting.available
    assert reporting.reason == "withheld: fewer than 10"
    area, log = _reports(12, 900)
    result = trust_index(log, areas=[area], period="quarter").result("small", "2026-Q1")
    assert result.component("community_reporting").available


def test_with_a_privacy_key_components_are_the_published_figures() -> None:
    from trustops.privacy import DEFAULT_POLICY, PrivacyKey
    from trustops.scoring import publish_engagement

    area, log = _reports(40, 900)
    key = PrivacyKey("index")
    result = trust_index(log, areas=[area], period="quarter", privacy=key).result(
        "small", "2026-Q1"
    )
    published = publish_engagement(
        engagement_table(log, areas=[area], privacy=key), policy=DEFAULT_POLICY
    )
    rate = published.rows[0].cells["reports_per_1000_residents"]
    assert rate.perturbed
    assert result.component("community_reporting").raw == rate.value
    row = engagement_table(log, areas=[area], privacy=key).rows[0]
    shown = DEFAULT_POLICY.ptable.perturb(40, row.cell_keys["reports"])
    assert rate.value == shown / 900 * 1000
