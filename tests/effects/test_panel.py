"""Tests of trustops.effects.build_panel and EffectPanel: outcomes equal the scoring and
metrics tables, activity and events follow initiatives in each area's local calendar,
exposure counts sessions and interactions, and bad input names the argument."""

from __future__ import annotations

import math
from collections import Counter

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustops import (
    Area,
    Dataset,
    Initiative,
    Interaction,
    Session,
    SessionStatus,
)
from trustops.effects import (
    METRIC_OUTCOMES,
    TRUST_INDEX,
    EffectPanel,
    EffectsError,
    build_panel,
    construct_outcome,
    estimate_effect,
    estimate_effects,
)
from trustops.metrics import daily_statistics, engagement_table
from trustops.privacy import PrivacyKey
from trustops.sample import bundled
from trustops.scoring import survey_scores, trust_index
from trustops.time import period_of


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return bundled()


@pytest.fixture(scope="module")
def panel(sample: Dataset) -> EffectPanel:
    return build_panel(sample, period="quarter")


def test_sample_panel_shape(sample: Dataset, panel: EffectPanel) -> None:
    assert panel.periods == ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
    assert panel.areas == tuple(area.id for area in sample.areas)
    constructs = [construct_outcome(c) for c in sample.instruments[0].constructs]
    assert panel.outcome_names == (TRUST_INDEX, *constructs, *METRIC_OUTCOMES)
    assert len(panel.to_records()) == len(panel.areas) * len(panel.periods)
    record = panel.to_records()[0]
    assert record["area"] == "riverside"
    assert record["period"] == "2025-Q1"
    assert record["active_educational_workshop"] is True


def test_outcomes_equal_the_published_tables(sample: Dataset, panel: EffectPanel) -> None:
    scores = survey_scores(
        sample.instruments[0], sample.responses, areas=sample.areas, by=("area",), period="quarter"
    )
    for row in scores:
        index = panel.periods.index(row.keys["period"])
        expected = None if row.mean_score is None else row.mean_score.value
        got = panel.series(construct_outcome(row.construct), row.keys["area"])[index]
        assert got == expected
    table = engagement_table(
        sample.interactions,
        by=("area",),
        period="quarter",
        areas=sample.areas,
    )
    for metric_row in table:
        index = panel.periods.index(metric_row.keys["period"] or "")
        for name in METRIC_OUTCOMES:
            got = panel.series(name, metric_row.keys["area"] or "")[index]
            assert got == metric_row.metric(name).value
    index_table = trust_index(
        sample.interactions,
        sample.responses,
        sample.instruments[0],
        areas=sample.areas,
    )
    for result in index_table:
        assert result.period is not None
        got = panel.series(TRUST_INDEX, result.area)[panel.periods.index(result.period.label)]
        assert got == result.index


def test_sample_events_follow_the_generator(panel: EffectPanel) -> None:
    workshops = panel.cohorts("educational_workshop", "start")
    assert workshops.dropped == ("riverside",)
    by_area = dict(zip(workshops.units, workshops.cohorts, strict=True))
    assert {a for a, g in by_area.items() if g == 1} == {"old-town", "millbrook", "canalside"}
    assert {a for a, g in by_area.items() if g == 2} == {
        "northgate",
        "station-quarter",
        "westfield",
    }
    assert {a for a, g in by_area.items() if g == 3} == {"elm-park"}
    assert sum(g is None for g in by_area.values()) == 4
    patrols = panel.cohorts("visible_patrol", "stop")
    assert patrols.not_applicable == ()
    stops = dict(zip(patrols.units, patrols.cohorts, strict=True))
    assert {a for a, g in stops.items() if g == 2} == {"old-town", "westfield", "harbour-row"}
    assert {a for a, g in stops.items() if g == 3} == {"millbrook", "hillcrest"}
    partnerships = panel.cohorts("local_partnership", "stop")
    assert partnerships.not_applicable  # areas without partnerships take no part
    assert "old-town" in partnerships.not_applicable


def test_exposure_counts_sessions_and_linked_interactions(
    sample: Dataset, panel: EffectPanel
) -> None:
    zones = {a.id: a.timezone for a in sample.areas}
    kinds = {i.id: (i.area_id, i.kind.value) for i in sample.initiatives}
    held: Counter[tuple[str, str, str]] = Counter()
    for session in sample.sessions:
        if session.status is SessionStatus.HELD:
            area, kind = kinds[session.initiative_id]
            held[area, period_of(session.start, zones[area], "quarter").label, kind] += 1
    linked: Counter[tuple[str, str, str]] = Counter()
    for interaction in sample.interactions:
        if interaction.initiative_id:
            _, kind = kinds[interaction.initiative_id]
            label = period_of(interaction.occurred_at, zones[interaction.area_id], "quarter").label
            linked[interaction.area_id, label, kind] += 1
    populations = {a.id: a.population for a in sample.areas}
    assert panel.exposure
    for row in panel.exposure:
        assert row.sessions_held == held[row.area, row.period, row.kind]
        assert row.interactions == linked[row.area, row.period, row.kind]
        population = populations[row.area]
        assert population is not None
        assert row.interactions_per_1000 == pytest.approx(row.interactions / population * 1000)
        assert row.active == panel.active[row.kind][row.area][panel.periods.index(row.period)]
    running = [r for r in panel.exposure if r.kind == "educational_workshop" and r.active]
    assert running
    assert all(r.sessions_held > 0 for r in running)
    assert all(
        r.sessions_held == 0
        for r in panel.exposure
        if r.kind == "educational_workshop" and not r.active
    )
    assert sum(held.values()) == sum(r.sessions_held for r in panel.exposure)
    assert panel.exposure[0].to_record()["area"] == panel.exposure[0].area


def _small(**changes: object) -> Dataset:
    """Two areas, London and Tokyo, with conversations around the March/April boundary."""
    areas = (
        Area(id="ldn", name="London", timezone="Europe/London", population=2000),
        Area(id="tky", name="Tokyo", timezone="Asia/Tokyo", population=1000),
    )
    interactions = []
    for number, (area, when) in enumerate(
        [
            ("ldn", pendulum.datetime(2025, 2, 10, 12, tz="UTC")),
            ("ldn", pendulum.datetime(2025, 3, 31, 20, tz="UTC")),
            ("tky", pendulum.datetime(2025, 2, 10, 12, tz="UTC")),
            ("tky", pendulum.datetime(2025, 3, 31, 20, tz="UTC")),  # 1 April in Tokyo
        ]
    ):
        interactions.append(
            Interaction(
                id=f"i{number}",
                occurred_at=when,
                area_id=area,
                kind="conversation",
                initiator="staff",
                channel="in_person",
                outcome="positive",
                initiative_id="tky-talks" if area == "tky" else None,
            )
        )
    initiatives = (
        Initiative(
            id="tky-talks",
            programme_id="p",
            area_id="tky",
            name="Talks",
            kind="educational_workshop",
        ),
        Initiative(
            id="ldn-cams",
            programme_id="p",
            area_id="ldn",
            name="Cameras",
            kind="surveillance_measure",
            status="cancelled",
        ),
    )
    sessions = (
        Session(
            id="s1",
            initiative_id="tky-talks",
            start=pendulum.datetime(2025, 4, 2, 18, tz="Asia/Tokyo"),
            end=pendulum.datetime(2025, 4, 2, 20, tz="Asia/Tokyo"),
            status="held",
        ),
    )
    fields: dict[str, object] = {
        "areas": areas,
        "interactions": tuple(interactions),
        "initiatives": initiatives,
        "sessions": sessions,
    }
    fields.update(changes)
    return Dataset(**fields)  # type: ignore[arg-type]


def test_periods_and_activity_are_in_each_areas_local_calendar() -> None:
    panel = build_panel(_small(), period="month")
    assert panel.periods == ("2025-02", "2025-03", "2025-04")
    assert panel.series("positive_share", "tky") == (1.0, None, 1.0)
    assert panel.series("positive_share", "ldn") == (1.0, 1.0, None)
    # no start date: the workshop runs from its first held session, in April
    assert panel.active["educational_workshop"]["tky"] == (False, False, True)
    # a cancelled initiative without an end never runs
    assert "surveillance_measure" not in panel.active
    assert any("ldn-cams" in note for note in panel.notes)
    assert any("no survey instrument" in note for note in panel.notes)
    april = next(r for r in panel.exposure if r.period == "2025-04")
    assert (april.sessions_held, april.interactions, april.interactions_per_1000) == (1, 1, 1.0)
    quarterly = build_panel(_small(), period="quarter")
    assert quarterly.periods == ("2025-Q1", "2025-Q2")


def _at(*instants: pendulum.DateTime) -> tuple[Interaction, ...]:
    return tuple(
        Interaction(
            id=f"x{number}",
            occurred_at=when,
            area_id="ldn",
            kind="conversation",
            initiator="staff",
            channel="in_person",
        )
        for number, when in enumerate(instants)
    )


@pytest.mark.parametrize(
    ("extra", "periods", "left_out"),
    [
        # a stray record decades early or late is left out, and the note says so
        ((pendulum.datetime(1970, 1, 1, 12, tz="UTC"),), ("2025-Q1", "2025-Q2"), "1970-Q1"),
        ((pendulum.datetime(2199, 6, 1, tz="UTC"),) * 2, ("2025-Q1", "2025-Q2"), "2199-Q2"),
        # a year without records (four empty quarters) still joins: a baseline a year before
        ((pendulum.datetime(2023, 12, 1, tz="UTC"),),
         ("2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"), None),
        # five empty quarters split; the stretch with more records is the panel
        ((pendulum.datetime(2023, 9, 1, tz="UTC"),), ("2025-Q1", "2025-Q2"), "2023-Q3"),
        (tuple(pendulum.datetime(2023, 9, d, tz="UTC") for d in range(1, 6)),
         ("2023-Q3",), "2025-Q1, 2025-Q2"),
    ],
)  # fmt: skip
def test_the_panel_covers_the_stretch_of_records_with_the_most_of_them(
    extra: tuple[pendulum.DateTime, ...], periods: tuple[str, ...], left_out: str | None
) -> None:
    dataset = _small()
    dataset = _small(interactions=(*dataset.interactions, *_at(*extra)))
    panel = build_panel(dataset, period="quarter")
    assert panel.periods == periods
    notes = [note for note in panel.notes if "left out of the panel" in note]
    if left_out is None:
        assert notes == []
    else:
        [note] = notes
        assert f" in {left_out} lie more than a year from the rest of the data" in note
        assert f"({periods[0]} to {periods[-1]})" in note


def test_a_monthly_panel_leaves_out_scattered_records_and_names_the_first_few() -> None:
    dataset = _small()
    early = [pendulum.datetime(2010 + 2 * n, 1, 15, tz="UTC") for n in range(6)]  # apart
    monthly = build_panel(
        _small(interactions=(*dataset.interactions, *_at(*early))), period="month"
    )
    assert monthly.periods == ("2025-02", "2025-03", "2025-04")
    [note] = [note for note in monthly.notes if "left out" in note]
    assert note.startswith("6 record(s) in 2010-01, 2012-01, 2014-01, 2016-01, 2018-01, ... lie")


def test_a_monthly_panel_of_a_quarterly_survey_refuses_survey_outcomes(sample: Dataset) -> None:
    monthly = build_panel(sample, period="month")
    assert len(monthly.periods) == 12
    with pytest.raises(EffectsError, match="coarser period") as info:
        estimate_effect(monthly, kind="educational_workshop", outcome="trust_mean_score")
    assert info.value.field == "outcome"
    table = estimate_effects(monthly, kinds=["surveillance_measure"], events=["start"])
    outcomes = {r.outcome for r in table}
    assert {"reports_per_1000_residents", "complaints_per_1000"} <= outcomes
    assert "trust_mean_score" not in outcomes
    assert table.result("surveillance_measure", "start", "reports_per_1000_residents").window == 10


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: build_panel(_small(), period="week"), "period"),
        (lambda: build_panel(_small(), period="fortnight"), "period"),
        (lambda: build_panel(_small(areas=())), "dataset"),
        (lambda: build_panel(_small(interactions=())), "dataset"),
        (lambda: build_panel(_small(), instrument="pulse"), "instrument"),
    ],
)
def test_build_panel_names_the_bad_argument(call: object, field: str) -> None:
    with pytest.raises(EffectsError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field


def test_several_instruments_must_be_named(sample: Dataset) -> None:
    import attrs

    other = attrs.evolve(sample.instruments[0], id="second")
    doubled = attrs.evolve(sample, instruments=(*sample.instruments, other))
    with pytest.raises(EffectsError, match="name one of") as info:
        build_panel(doubled)
    assert info.value.field == "instrument"
    named = build_panel(doubled, instrument=sample.instruments[0].id)
    assert "trust_mean_score" in named.outcome_names


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"periods": ()}, "periods"),
        ({"areas": ()}, "areas"),
        ({"periods": ("1", "1")}, "periods"),
        ({"areas": ("a", "")}, "areas"),
        ({"outcomes": {"y": {"z": (1.0, 2.0)}}}, "outcomes['y']"),
        ({"outcomes": {"y": {"a": (1.0,)}}}, "outcomes['y']['a']"),
        ({"outcomes": {"y": {"a": "12"}}}, "outcomes['y']['a']"),
        ({"outcomes": {"y": {"a": (1.0, math.inf)}}}, "outcomes['y']['a'][1]"),
        ({"outcomes": {"y": {"a": (1.0, True)}}}, "outcomes['y']['a'][1]"),
        ({"active": {"k": {"z": (True, False)}}}, "active['k']"),
        ({"active": {"k": {"a": (True, 1)}}}, "active['k']['a'][1]"),
        ({"active": {"k": {"a": (True,)}}}, "active['k']['a']"),
        ({"periods": ("2025-Q1", "2025-Q3")}, "periods"),
        ({"periods": ("2025-Q2", "2025-Q1")}, "periods"),
        ({"periods": ("2025-Q1", "2025-04")}, "periods"),
    ],
)
def test_a_bad_panel_names_the_field(changes: dict[str, object], field: str) -> None:
    fields: dict[str, object] = {
        "periods": ("1", "2"),
        "areas": ("a", "b"),
        "outcomes": {"y": {"a": (1.0, 2.0)}},
        **changes,
    }
    with pytest.raises(EffectsError) as info:
        EffectPanel(**fields)  # type: ignore[arg-type]
    assert info.value.field == field


def test_a_hand_built_panel_fills_missing_areas_and_refuses_unknown_outcomes() -> None:
    panel = EffectPanel(periods=("1", "2"), areas=("a", "b"), outcomes={"y": {"a": (1, 2)}})
    assert panel.series("y", "b") == (None, None)
    assert panel.series("y", "a") == (1.0, 2.0)
    assert panel.kinds == ()
    with pytest.raises(EffectsError, match="unknown outcome 'z'") as info:
        panel.series("z", "a")
    assert info.value.field == "outcome"
    with pytest.raises(EffectsError) as bad:
        panel.cohorts("educational_workshop", "pause")  # type: ignore[arg-type]
    assert bad.value.field == "event"


def test_missing_values_and_numpy_scalars_of_any_dtype_are_taken() -> None:
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    panel = EffectPanel(
        periods=("2025-01", "2025-02", "2025-03"),
        areas=("a", "b"),
        outcomes={
            "y": {
                "a": np.array([1, 2, 3], dtype=np.int16),
                "b": (np.float32(1.5), math.nan, pd.NA),
            }
        },
        active={"k": {"a": np.array([False, True, True]), "b": (np.bool_(False),) * 3}},
    )
    assert panel.series("y", "a") == (1.0, 2.0, 3.0)
    assert panel.series("y", "b") == (1.5, None, None)
    assert panel.active["k"]["a"] == (False, True, True)
    assert all(type(flag) is bool for flag in panel.active["k"]["b"])


def test_period_labels_must_be_consecutive_and_in_order() -> None:
    with pytest.raises(EffectsError, match=r"2025-Q3 follows 2025-Q1 \(not consecutive"):
        EffectPanel(periods=("2025-Q1", "2025-Q3", "2024-Q2"), areas=("a",), outcomes={})
    with pytest.raises(EffectsError, match="out of order"):
        EffectPanel(periods=("2025-Q1", "2024-Q4"), areas=("a",), outcomes={})
    # labels of one's own are taken in the order given
    assert EffectPanel(periods=("late", "early"), areas=("a",), outcomes={}).periods == (
        "late",
        "early",
    )


LONG = {
    "area": ["north", "north", "north", "south", "south", "south", "east", "east"],
    "period": [
        "2025-Q3",
        "2025-Q1",
        "2025-Q2",
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q1",
        "2025-Q3",
    ],
    "score": [57.0, 50.0, 51.0, 60.0, None, 67.0, 55.0, 57.0],
    "workshop": [True, False, False, False, False, True, False, False],
    "workshop_from": ["2025-Q3", "2025-Q3", "2025-Q3", "2025-Q3", "2025-Q3", "2025-Q3", None, None],
}


def _check_long(panel: EffectPanel) -> None:
    assert panel.periods == ("2025-Q1", "2025-Q2", "2025-Q3")
    assert panel.areas == ("north", "south", "east")
    assert panel.outcome_names == ("score",)
    assert panel.series("score", "north") == (50.0, 51.0, 57.0)
    assert panel.series("score", "south") == (60.0, None, 67.0)
    assert panel.series("score", "east") == (55.0, None, 57.0)  # no row for 2025-Q2
    assert panel.active["educational_workshop"]["north"] == (False, False, True)
    assert panel.active["educational_workshop"]["east"] == (False, False, False)


@pytest.mark.parametrize("form", ["mapping", "pandas", "polars", "pyarrow"])
def test_from_frame_takes_every_kind_of_long_table(form: str) -> None:
    data: object = LONG
    if form == "pandas":
        data = pytest.importorskip("pandas").DataFrame(LONG)
    elif form == "polars":
        data = pytest.importorskip("polars").DataFrame(LONG)
    elif form == "pyarrow":
        data = pytest.importorskip("pyarrow").table(LONG)
    by_flags = EffectPanel.from_frame(
        data, outcomes=["score"], active={"educational_workshop": "workshop"}
    )
    by_events = EffectPanel.from_frame(
        data, outcomes=["score"], events={"educational_workshop": "workshop_from"}
    )
    _check_long(by_flags)
    _check_long(by_events)
    assert by_flags.outcomes == by_events.outcomes
    assert by_flags.active == by_events.active


def test_from_frame_takes_nan_and_pandas_na_as_missing() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "area": ["a", "a", "b", "b"],
            "period": ["2025-01", "2025-02"] * 2,
            "y": pd.array([1, pd.NA, 3, 4], dtype="Int64"),
            "z": [1.0, math.nan, 2.0, 2.5],
        }
    )
    panel = EffectPanel.from_frame(frame)
    assert panel.outcome_names == ("y", "z")
    assert panel.series("y", "a") == (1.0, None)
    assert panel.series("z", "a") == (1.0, None)


@pytest.mark.parametrize(
    ("frame", "kwargs", "message"),
    [
        ({"area": ["a"], "period": ["2025-Q1"], "y": [1.0]}, {"area": "unit"}, "no column 'unit'"),
        (
            {"area": ["a", "a"], "period": ["2025-Q1", "2025-Q3"], "y": [1.0, 2.0]},
            {},
            r"2025-Q3 follows 2025-Q1",
        ),
        (
            {"area": ["a", "a"], "period": ["2025-Q1", "2025-Q1"], "y": [1.0, 2.0]},
            {},
            "rows 0 and 1 both hold area 'a', 2025-Q1",
        ),
        ({"area": ["a"], "period": [None], "y": [1.0]}, {}, "expected a label"),
        ({"area": ["a"], "period": ["2025-Q1"], "y": ["x"]}, {}, "expected a finite number"),
        ({"area": [], "period": [], "y": []}, {}, "at least one row"),
        ({"area": ["a"], "period": ["2025-Q1", "2025-Q2"]}, {}, "columns of one length"),
        (
            {"area": ["a", "a"], "period": ["2025-Q1", "2025-Q2"], "s": ["2025-Q1", "2025-Q2"]},
            {"events": {"k": "s"}},
            "starts k in 2025-Q1 on one row and 2025-Q2",
        ),
        (
            {"area": ["a"], "period": ["2025-Q1"], "s": [True]},
            {"events": {"k": "s"}, "active": {"k": "s"}},
            "not both",
        ),
        (
            {"area": ["a"], "period": ["2025-Q1"], "s": ["2026-Q1"]},
            {"events": {"k": "s"}},
            "not one of the periods",
        ),
        ({"area": ["a"], "period": ["2025-Q1"], "s": [1]}, {"active": {"k": "s"}}, "True or False"),
    ],
)
def test_from_frame_names_what_is_wrong(
    frame: dict[str, list[object]], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(EffectsError, match=message):
        EffectPanel.from_frame(frame, **kwargs)  # type: ignore[arg-type]


def test_from_frame_refuses_what_is_not_a_table() -> None:
    with pytest.raises(EffectsError, match="expected a pandas or polars DataFrame"):
        EffectPanel.from_frame([("a", "2025-Q1", 1.0)])


def test_a_panel_from_a_frame_gives_the_same_effects_as_one_built_by_hand() -> None:
    pd = pytest.importorskip("pandas")
    from trustops.effects import estimate_effect

    hand = EffectPanel(
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
        active={"educational_workshop": {"a": (False, False, True), "b": (False, False, True)}},
    )
    long = pd.DataFrame(hand.to_records())
    framed = EffectPanel.from_frame(
        long, active={"educational_workshop": "active_educational_workshop"}
    )
    assert framed.outcomes == hand.outcomes
    first = estimate_effect(hand, kind="educational_workshop", outcome="score")
    again = estimate_effect(framed, kind="educational_workshop", outcome="score")
    assert first == again


def test_from_frame_takes_covariates_fixed_per_area() -> None:
    frame = {
        "area": ["a", "a", "b", "b"],
        "period": ["2025-Q1", "2025-Q2"] * 2,
        "y": [1.0, 2.0, 3.0, 4.0],
        "population": [7400, 7400, 900, 900],
    }
    panel = EffectPanel.from_frame(frame, covariates=["population"])
    assert panel.outcome_names == ("y",)
    assert panel.covariates == {"population": {"a": 7400.0, "b": 900.0}}
    frame["population"] = [7400, 7500, 900, 900]
    with pytest.raises(EffectsError, match="fixed per area, but 'a' has 7400"):
        EffectPanel.from_frame(frame, covariates=["population"])
    with pytest.raises(EffectsError, match="no column 'income'"):
        EffectPanel.from_frame(frame, covariates=["income"])
    with pytest.raises(EffectsError, match=r"covariates\['population'\]\['a'\]"):
        EffectPanel(
            periods=("1", "2"),
            areas=("a",),
            outcomes={},
            covariates={"population": {"a": "big"}},  # type: ignore[dict-item]
        )


@st.composite
def _panels(draw: st.DrawFn) -> EffectPanel:
    width = draw(st.integers(1, 5))
    first = draw(st.integers(2020, 2030))
    periods = tuple(f"{first + q // 4}-Q{q % 4 + 1}" for q in range(width))
    areas = tuple(draw(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=5, unique=True)))
    value = st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False))
    outcomes = {
        name: {area: tuple(draw(value) for _ in periods) for area in areas}
        for name in draw(st.lists(st.sampled_from(["y", "z"]), max_size=2, unique=True))
    }
    active = {
        kind: {area: tuple(draw(st.booleans()) for _ in periods) for area in areas}
        for kind in draw(st.lists(st.sampled_from(["k1", "k2"]), max_size=2, unique=True))
    }
    return EffectPanel(periods=periods, areas=areas, outcomes=outcomes, active=active)


@settings(max_examples=60, deadline=None)
@given(_panels())
def test_a_panel_survives_a_round_trip_through_a_long_table(panel: EffectPanel) -> None:
    rows = panel.to_records()
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    again = EffectPanel.from_frame(
        columns,
        outcomes=list(panel.outcomes),
        active={kind: f"active_{kind}" for kind in panel.active},
        periods=panel.periods,
    )
    assert again.periods == panel.periods
    assert again.areas == panel.areas
    assert again.outcomes == panel.outcomes
    assert again.active == panel.active


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"outcomes": {"y": [1.0, 2.0]}}, "outcomes['y']", "a mapping of areas"),
        ({"outcomes": None}, "outcomes", "a mapping of names"),
        ({"outcomes": [("y", {})]}, "outcomes", "got list"),
        ({"outcomes": {3: {}}}, "outcomes", "names as non-empty text"),
        ({"outcomes": {"y": {"a": 5.0}}}, "outcomes['y']['a']", "expected 2 values"),
        ({"active": None}, "active", "got NoneType"),
        ({"active": {"educational_workshop": [True, False]}}, "active['educational_workshop']",
         "a mapping of areas"),
        ({"covariates": None}, "covariates", "got NoneType"),
        ({"covariates": {"income": 3.0}}, "covariates['income']", "got float"),
        ({"periods": "2025-Q1"}, "periods", "a sequence of labels (text), got str"),
        ({"periods": None}, "periods", "got NoneType"),
        ({"periods": ("2025-Q1", 2)}, "periods", "non-empty strings"),
        ({"areas": 7}, "areas", "got int"),
        ({"notes": None}, "notes", "got NoneType"),
        ({"exposure": [1]}, "exposure[0]", "expected an Exposure, got int"),
        ({"outcomes": {"y": {"a": (1e308, 1.0)}}}, "outcomes['y']['a'][0]", "-10^12 to 10^12"),
        ({"outcomes": {"y": {"a": (1.0, -1e13)}}}, "outcomes['y']['a'][1]", "rescale"),
        ({"covariates": {"income": {"a": 1e200}}}, "covariates['income']['a'][0]", "10^12"),
    ],
)  # fmt: skip
def test_every_argument_of_a_panel_is_checked_by_name(
    changes: dict[str, object], field: str, fragment: str
) -> None:
    fields: dict[str, object] = {
        "periods": ("2025-Q1", "2025-Q2"),
        "areas": ("a", "b"),
        "outcomes": {"y": {"a": (1.0, 2.0)}},
        **changes,
    }
    with pytest.raises(EffectsError) as caught:
        EffectPanel(**fields)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert fragment in caught.value.message
    assert EffectPanel(
        periods=("2025-Q1", "2025-Q2"), areas=("a",), outcomes={"y": {"a": (1e12, -1e12)}}
    ).series("y", "a") == (1e12, -1e12)


def test_a_panel_from_daily_statistics_is_the_panel_of_the_interactions(sample: Dataset) -> None:
    stray = Interaction(id="stray", occurred_at=pendulum.datetime(2025, 5, 1, tz="UTC"),
                        area_id="nowhere", kind="conversation", initiator="staff",
                        channel="phone")  # fmt: skip
    with_stray = attrs.evolve(sample, interactions=[*sample.interactions, stray])
    counted = daily_statistics(
        with_stray.interactions, areas=sample.areas, initiatives=sample.initiatives,
        privacy=PrivacyKey("panel"),
    )  # fmt: skip
    rest = attrs.evolve(sample, interactions=[])
    assert build_panel(rest, daily=counted) == build_panel(with_stray)
    assert build_panel(with_stray) == build_panel(sample)  # an unknown area is left out
    with pytest.raises(EffectsError, match=r"expected trustops\.metrics\.DailyStatistics"):
        build_panel(rest, daily=engagement_table([]))  # type: ignore[arg-type]
