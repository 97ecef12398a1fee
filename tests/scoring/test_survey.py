"""Tests for survey construct scores, against hand-computed values."""

from __future__ import annotations

import math
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import Area, SurveyInstrument, SurveyItem, SurveyResponse
from trustops.privacy import (
    DEFAULT_POLICY,
    DEFAULT_PTABLE,
    NO_SUPPRESSION,
    PrivacyKey,
    SmallCellPolicy,
    cell_key,
)
from trustops.scoring import MISSING_KEY, ScoringError, suppress, survey_scores
from trustops.stats import Interval, StatsError, normal_interval, wilson_interval
from trustops.time import Granularity, Period

WHEN = pendulum.datetime(2026, 2, 10, 12, tz="UTC")

INSTRUMENT = SurveyInstrument(
    id="pulse",
    name="Pulse",
    items=(
        SurveyItem(id="t1", construct="trust", text="I trust them.", scale_min=1, scale_max=5),
        SurveyItem(
            id="t2",
            construct="trust",
            text="They let me down.",
            scale_min=1,
            scale_max=5,
            reverse=True,
        ),
        SurveyItem(id="t3", construct="trust", text="They are honest.", scale_min=1, scale_max=5),
        SurveyItem(id="s1", construct="safety", text="I feel safe.", scale_min=0, scale_max=10),
    ),
)


def _response(
    index: int,
    answers: dict[str, int | None],
    *,
    area: str = "a",
    when: pendulum.DateTime = WHEN,
    weight: float | None = None,
    instrument: str = "pulse",
    **attributes: str,
) -> SurveyResponse:
    return SurveyResponse(
        id=f"r{index:03d}",
        instrument_id=instrument,
        area_id=area,
        collected_at=when,
        answers=answers,
        attributes=attributes,
        weight=weight,
    )


def _scores(responses: list[SurveyResponse], **options: Any) -> Any:
    options.setdefault("weighting", "none")
    options.setdefault("policy", NO_SUPPRESSION)
    return survey_scores(INSTRUMENT, responses, **options)


# Four respondents; oriented raw answers and 0–100 scores (t2 is reverse-coded):
#   r0: t1=5 t2=1 t3=5 -> oriented 5,5,5 -> 100, 100, 100 -> score 100.0, mean raw 5.0  (top)
#   r1: t1=4 t2=2 t3=3 -> oriented 4,4,3 ->  75,  75,  50 -> score 66.67, mean raw 3.67
#   r2: t1=2 t2=4 t3=2 -> oriented 2,2,2 ->  25,  25,  25 -> score 25.0,  mean raw 2.0  (bottom)
#   r3: t1=3 t2=None t3=4 -> oriented 3,-,4 -> 50, -, 75  -> score 62.5,  mean raw 3.5
FOUR = [
    _response(0, {"t1": 5, "t2": 1, "t3": 5, "s1": 10}),
    _response(1, {"t1": 4, "t2": 2, "t3": 3, "s1": 6}),
    _response(2, {"t1": 2, "t2": 4, "t3": 2, "s1": 9}),
    _response(3, {"t1": 3, "t2": None, "t3": 4, "s1": None}),
]
SCORES = [100.0, 200.0 / 3.0, 25.0, 62.5]


def test_unweighted_scores_hand_computed() -> None:
    row = _scores(FOUR).row("trust", area="a")
    mean = sum(SCORES) / 4
    sd = math.sqrt(sum((x - mean) ** 2 for x in SCORES) / 3)
    assert (row.n, row.missing, row.effective_n, row.design_effect) == (4, 0, 4.0, 1.0)
    assert row.mean_score.value == pytest.approx(mean)
    assert row.mean_score.se == pytest.approx(sd / 2)
    low, high = normal_interval(mean, sd / 2)
    assert row.mean_score.interval == pytest.approx((max(low, 0.0), min(high, 100.0)))
    # top box: mean raw >= 4 (top 2 of 5) -> r0 only; bottom box: mean raw <= 2 -> r2 only
    assert row.top_box_share.value == pytest.approx(25.0)
    assert row.top_box_share.se == pytest.approx(100 * math.sqrt(0.25 * 0.75 / 4))
    wl, wh = wilson_interval(1, 4)
    assert row.top_box_share.interval == pytest.approx((100 * wl, 100 * wh))
    assert row.net_score.value == pytest.approx(0.0)
    assert row.net_score.se == pytest.approx(100 * math.sqrt(0.5 / 4))
    # alpha, listwise on r0..r2 (oriented): items (5,4,2), (5,4,2), (5,3,2); totals 15, 11, 6
    var = lambda xs: sum((x - sum(xs) / 3) ** 2 for x in xs) / 2  # noqa: E731
    items = var([5, 4, 2]) * 2 + var([5, 3, 2])
    assert row.alpha == pytest.approx(1.5 * (1 - items / var([15, 11, 6])))
    assert row.weighting == "none"
    assert row.flags == ()
    assert row.withheld is None


def test_single_item_construct_has_no_alpha_and_nps_boxes() -> None:
    row = _scores(FOUR).row("safety", area="a")
    # 0–10: top box 9–10, bottom box 0–6 (as in NPS); r3 skipped the only item
    assert (row.n, row.missing, row.alpha) == (3, 1, None)
    assert row.mean_score.value == pytest.approx((100 + 60 + 90) / 3)
    assert row.top_box_share.value == pytest.approx(200 / 3)
    assert row.net_score.value == pytest.approx(100 / 3)
    assert "1 respondent(s) answered fewer than half of the 1 'safety' item(s)" in row.notes[0]


def test_design_weights_hand_computed() -> None:
    weighted = [
        _response(0, {"t1": 5, "t2": 1, "t3": 5}, weight=3.0),
        _response(1, {"t1": 2, "t2": 4, "t3": 2}),
    ]
    row = _scores(weighted, weighting="design").row("trust", area="a")
    assert row.mean_score.value == pytest.approx((3 * 100 + 25) / 4)
    assert row.effective_n == pytest.approx(16 / 10)
    assert row.design_effect == pytest.approx(2 / 1.6)
    assert row.top_box_share.value == pytest.approx(75.0)
    assert row.net_score.value == pytest.approx(50.0)
    unweighted = _scores(weighted, weighting="none").row("trust", area="a")
    assert unweighted.mean_score.value == pytest.approx(62.5)


def test_raked_to_area_margins_hand_computed() -> None:
    area = Area(id="a", name="A", timezone="UTC", margins={"sex": {"f": 0.5, "m": 0.5}})
    people = [
        _response(0, {"t1": 5, "t2": 1, "t3": 5}, sex="f"),
        _response(1, {"t1": 2, "t2": 4, "t3": 2}, sex="m"),
        _response(2, {"t1": 2, "t2": 4, "t3": 2}, sex="m"),
        _response(3, {"t1": 2, "t2": 4, "t3": 2}, sex="m"),
    ]
    row = _scores(people, areas=[area], weighting="raked").row("trust", area="a")
    # weights f: 2, m: 2/3 each -> mean (2·100 + 3·(2/3)·25)/4 = 62.5
    assert row.mean_score.value == pytest.approx(62.5)
    assert row.effective_n == pytest.approx(16 / (4 + 3 * 4 / 9))
    assert row.top_box_share.value == pytest.approx(50.0)
    assert row.flags == ()
    assert row.weighting == "raked"


def test_raking_falls_back_to_design_weights_and_says_so() -> None:
    areas = [
        Area(id="plain", name="Plain", timezone="UTC"),
        Area(id="m", name="M", timezone="UTC", margins={"sex": {"f": 0.5, "m": 0.5}}),
    ]
    people = [
        _response(0, {"t1": 5, "t3": 5}, area="plain", weight=2.0),
        _response(1, {"t1": 1, "t3": 1}, area="plain"),
        _response(2, {"t1": 5, "t3": 5}, area="nowhere"),
        _response(3, {"t1": 5, "t3": 5}, area="m", sex="f"),
        _response(4, {"t1": 1, "t3": 1}, area="m"),
        _response(5, {"t1": 5, "t3": 5}, area="m", sex="f"),
    ]
    table = _scores(people, areas=areas, weighting="raked", constructs=["trust"])
    plain = table.row("trust", area="plain")
    assert plain.flags == ("not_raked",)
    assert "no population margins" in plain.notes[0]
    assert plain.mean_score.value == pytest.approx((2 * 100 + 0) / 3)
    nowhere = table.row("trust", area="nowhere")
    assert nowhere.flags == ("not_raked",)
    assert "no Area given" in nowhere.notes[0]
    missing = table.row("trust", area="m")
    assert missing.flags == ("not_raked",)
    assert "raking impossible" in missing.notes[0]
    assert "margin dimension 'sex'" in missing.notes[0]
    design = _scores(people, areas=areas, weighting="design", constructs=["trust"])
    assert all(row.flags == () for row in design)


def test_half_answered_rule() -> None:
    people = [
        _response(0, {"t1": 5}),  # 1 of 3: missing
        _response(1, {"t1": 5, "t3": 1}),  # 2 of 3: scored (100 + 0) / 2
        _response(2, {}),
    ]
    row = _scores(people).row("trust", area="a")
    assert (row.n, row.missing) == (1, 2)
    assert row.mean_score.value == pytest.approx(50.0)
    exactly_half = SurveyInstrument(
        id="two",
        name="Two",
        items=(
            SurveyItem(id="x", construct="c", text="X", scale_min=1, scale_max=5),
            SurveyItem(id="y", construct="c", text="Y", scale_min=1, scale_max=5),
        ),
    )
    one = _response(0, {"x": 4}, instrument="two")
    row = survey_scores(exactly_half, [one], weighting="none", policy=NO_SUPPRESSION).row(
        "c", area="a"
    )
    assert (row.n, row.mean_score.value) == (1, 75.0)
    assert math.isinf(row.mean_score.se)
    assert row.mean_score.interval == Interval(0.0, 100.0)


def test_nobody_scored_gives_an_empty_row() -> None:
    row = _scores([_response(0, {"s1": 3})]).row("trust", area="a")
    assert (row.n, row.missing, row.mean_score, row.top_box_share, row.net_score) == (
        0,
        1,
        None,
        None,
        None,
    )
    assert (row.effective_n, row.design_effect) == (None, None)


def test_alpha_not_computable_is_explained() -> None:
    row = _scores([_response(0, {"t1": 5, "t2": 1, "t3": 5})]).row("trust", area="a")
    assert row.alpha is None
    assert any("Cronbach's alpha not computable" in note for note in row.notes)


def test_period_uses_the_area_time_zone() -> None:
    tokyo = Area(id="a", name="A", timezone="Asia/Tokyo")
    late = pendulum.datetime(2026, 3, 31, 23, 30, tz="UTC")
    people = [_response(0, {"t1": 5, "t3": 5}, when=late), _response(1, {"t1": 1, "t3": 1})]
    table = _scores(people, areas=[tokyo], period="quarter")
    assert [row.keys for row in table if row.construct == "trust"] == [
        {"area": "a", "period": "2026-Q1"},
        {"area": "a", "period": "2026-Q2"},
    ]
    assert table.row("trust", area="a", period="2026-Q2").mean_score.value == 100.0
    assert table.row("trust", area="a", period=Period.parse("2026-Q1")).period == Period.parse(
        "2026-Q1"
    )
    utc = _scores(people, period=Granularity.QUARTER)
    assert [row.keys["period"] for row in utc if row.construct == "trust"] == ["2026-Q1"]
    assert utc.notes == ("No Area given for 'a'; their periods use UTC.",)


def test_group_by_demographic_attribute() -> None:
    people = [
        _response(0, {"t1": 5, "t3": 5}, age="16-34"),
        _response(1, {"t1": 1, "t3": 1}, age="65+"),
        _response(2, {"t1": 3, "t3": 3}),
    ]
    table = _scores(people, by=("area", "age"), constructs=["trust"])
    assert [row.keys for row in table] == [
        {"area": "a", "age": MISSING_KEY},
        {"area": "a", "age": "16-34"},
        {"area": "a", "age": "65+"},
    ]
    assert table.row("trust", age="65+").mean_score.value == 0.0
    programme = _scores(people, by=(), constructs=["trust"])
    assert [row.keys for row in programme] == [{}]
    assert programme.by == ()


def test_mixed_scales_measure_box_distances_per_item() -> None:
    mixed = SurveyInstrument(
        id="mixed",
        name="Mixed",
        items=(
            SurveyItem(id="x", construct="c", text="X", scale_min=1, scale_max=5),
            SurveyItem(id="y", construct="c", text="Y", scale_min=0, scale_max=10),
            SurveyItem(id="r", construct="d", text="R", scale_min=0, scale_max=10, reverse=True),
        ),
    )
    # x: top 4–5, bottom 1–2 (range 4); y: top 9–10, bottom 0–6 (range 10)
    answers = [
        {"x": 4, "y": 9, "r": 1},  # top: 0/4 + 0/10 = 0 -> top; r oriented 9 -> top
        {"x": 5, "y": 8, "r": 4},  # top: 1/4 − 1/10 > 0 -> top; r oriented 6 -> bottom
        {"x": 3, "y": 9, "r": 0},  # top: −1/4 < 0; bottom: 1/4 + 3/10 > 0 -> neither
        {"x": 2, "y": 6, "r": 10},  # bottom: 0 + 0 = 0 -> bottom
        {"x": 1, "y": 8, "r": 3},  # bottom: −1/4 + 2/10 < 0 -> bottom
        {"x": 4, "y": None, "r": 2},  # half answered: top 0 -> top
    ]
    people = [_response(i, a, instrument="mixed") for i, a in enumerate(answers)]
    table = survey_scores(mixed, people, weighting="none", policy=NO_SUPPRESSION)
    row = table.row("c")
    assert row.top_box_share is not None
    assert row.net_score is not None
    assert row.top_box_share.value == pytest.approx(50.0)
    assert row.net_score.value == pytest.approx(50.0 - 100 / 3)
    assert row.flags == ()
    reverse = table.row("d")
    assert reverse.top_box_share is not None
    assert reverse.net_score is not None
    # oriented 9, 6, 10, 0, 7, 8: top (9–10) 2 of 6; bottom (0–6) 2 of 6
    assert reverse.top_box_share.value == pytest.approx(100 / 3)
    assert reverse.net_score.value == pytest.approx(0.0)


def test_recency_decay_weights_by_age_to_period_end() -> None:
    march_end = pendulum.datetime(2026, 3, 31, 12, tz="UTC")
    ninety_before = march_end.subtract(days=90)  # 31 Dec 2025: other quarter
    sixty_before = march_end.subtract(days=60)
    people = [
        _response(0, {"t1": 5, "t3": 5}, when=march_end),
        _response(1, {"t1": 1, "t3": 1}, when=sixty_before),
        _response(2, {"t1": 1, "t3": 1}, when=ninety_before),
    ]
    table = _scores(people, period="quarter", half_life_days=60, constructs=["trust"])
    row = table.row("trust", period="2026-Q1")
    # weights 1 and 0.5 -> (1·100 + 0.5·0) / 1.5
    assert row.mean_score.value == pytest.approx(100 / 1.5)


def test_responses_to_other_instruments_are_ignored_and_counted() -> None:
    table = _scores([*FOUR, _response(9, {"q": 1}, instrument="other")])
    assert table.notes == ("1 response(s) to other instruments ignored.",)
    assert table.row("trust", area="a").n == 4


def test_default_policy_withholds_and_flags() -> None:
    few = survey_scores(INSTRUMENT, FOUR, weighting="none")
    row = few.row("trust", area="a")
    assert row.mean_score is None
    assert row.alpha is None
    assert row.flags == ("insufficient",)
    assert row.withheld == "withheld: fewer than 10"
    assert row.n == 4
    twelve = [_response(i, {"t1": 1 + i % 5, "t3": 3}) for i in range(12)]
    shown = survey_scores(INSTRUMENT, twelve, weighting="none").row("trust", area="a")
    assert shown.mean_score is not None
    assert shown.flags == ("caution",)
    raw = _scores(FOUR).row("trust", area="a")
    assert suppress(raw) == row
    assert suppress(suppress(raw)) == row
    assert suppress(raw, SmallCellPolicy(withhold_below=2, caution_below=3)) == raw


def test_table_access_and_records() -> None:
    table = _scores(FOUR)
    assert len(table) == 2
    assert [row.construct for row in table] == ["trust", "safety"]
    assert (table.instrument_id, table.by, table.period, table.weighting) == (
        "pulse",
        ("area",),
        None,
        "none",
    )
    with pytest.raises(KeyError):
        table.row("voice")
    with pytest.raises(KeyError):
        table.row("trust", area="b")
    records = table.to_records()
    assert records[0]["area"] == "a"
    assert records[0]["construct"] == "trust"
    assert records[0]["mean_score"] == pytest.approx(sum(SCORES) / 4)
    assert records[0]["flags"] == ""
    assert records[1]["alpha"] is None
    assert set(records[0]) >= {"mean_score_low", "top_box_share_high", "net_score_se", "n"}
    empty = _scores([_response(0, {"s1": 3})], constructs=["trust"]).to_records()[0]
    assert empty["mean_score"] is None
    assert empty["mean_score_low"] is None


@pytest.mark.parametrize(
    ("options", "error", "fragment"),
    [
        ({"by": "area"}, ScoringError, "sequence of key names"),
        ({"by": ("period",)}, ScoringError, "period=..."),
        ({"by": ("construct",)}, ScoringError, "not a grouping key"),
        ({"by": ("area", "area")}, ScoringError, "distinct"),
        ({"by": ("",)}, ScoringError, "key names as text"),
        ({"weighting": "raked-ish"}, ScoringError, "weighting"),
        ({"confidence": 1.5}, StatsError, "confidence"),
        ({"half_life_days": 30}, ScoringError, "needs a period"),
        ({"constructs": ["voice"]}, ScoringError, "no construct 'voice'"),
        ({"period": "fortnight"}, ValueError, "granularity"),
    ],
)
def test_bad_options(options: dict[str, Any], error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        _scores(FOUR, **options)


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [({"t1": 6}, "answers.t1: expected a whole number from 1 to 5"), ({"zz": 1}, "no item 'zz'")],
)
def test_bad_answers_name_the_response(answers: dict[str, int | None], fragment: str) -> None:
    with pytest.raises(ScoringError, match=fragment) as caught:
        _scores([_response(7, answers)])
    assert "response 'r007'" in str(caught.value)


def test_matches_statsmodels_weighted_mean_and_pingouin_alpha() -> None:
    pingouin = pytest.importorskip("pingouin")
    pandas = pytest.importorskip("pandas")
    from statsmodels.stats.weightstats import DescrStatsW

    people = [
        _response(
            i,
            {"t1": 1 + (i * 7) % 5, "t2": 1 + (i * 3) % 5, "t3": 1 + (i * 2) % 5},
            weight=1.0 + i % 3,
        )
        for i in range(40)
    ]
    row = _scores(people, weighting="design").row("trust", area="a")
    items = INSTRUMENT.items_of("trust")
    scores = [sum(item.rescale(p.answers[item.id]) for item in items) / 3 for p in people]  # type: ignore[arg-type]
    weights = [p.weight for p in people]
    assert row.mean_score.value == pytest.approx(DescrStatsW(scores, weights=weights).mean)
    frame = pandas.DataFrame(
        [[item.oriented(p.answers[item.id]) for item in items] for p in people]  # type: ignore[arg-type]
    )
    expected, _ = pingouin.cronbach_alpha(frame)
    assert row.alpha == pytest.approx(expected)


_answers = st.fixed_dictionaries(
    {},
    optional={
        "t1": st.none() | st.integers(1, 5),
        "t2": st.none() | st.integers(1, 5),
        "t3": st.none() | st.integers(1, 5),
        "s1": st.none() | st.integers(0, 10),
    },
)
_people = st.lists(
    st.tuples(
        _answers,
        st.sampled_from(["a", "b"]),
        st.sampled_from(["f", "m"]),
        st.floats(0.2, 5),
        st.integers(0, 200),
    ),
    min_size=1,
    max_size=25,
).map(
    lambda rows: [
        _response(i, answers, area=area, weight=w, when=WHEN.add(days=d), sex=sex)
        for i, (answers, area, sex, w, d) in enumerate(rows)
    ]
)
_AREAS = [
    Area(id="a", name="A", timezone="Europe/London", margins={"sex": {"f": 0.5, "m": 0.5}}),
    Area(id="b", name="B", timezone="America/New_York"),
]


@given(_people, st.randoms(use_true_random=False))
def test_order_never_matters(people: list[SurveyResponse], random: Any) -> None:
    shuffled = list(people)
    random.shuffle(shuffled)
    options = {"areas": _AREAS, "weighting": "raked", "period": "quarter"}
    assert _scores(people, **options) == _scores(shuffled, **options)


@given(_people, st.sampled_from(["raked", "design", "none"]))
def test_scores_stay_in_range(people: list[SurveyResponse], weighting: str) -> None:
    for row in _scores(people, areas=_AREAS, weighting=weighting, by=("area", "sex")):
        assert row.n + row.missing >= 1
        for estimate, low, high in (
            (row.mean_score, 0.0, 100.0),
            (row.top_box_share, 0.0, 100.0),
            (row.net_score, -100.0, 100.0),
        ):
            if estimate is not None:
                assert low - 1e-9 <= estimate.value <= high + 1e-9
                assert low <= estimate.interval.low <= estimate.interval.high <= high
        if row.alpha is not None:
            assert row.alpha <= 1.0 + 1e-12


def test_window_days_scores_each_period_over_the_trailing_window() -> None:
    jan = pendulum.datetime(2026, 1, 20, 12, tz="UTC")
    responses = [_response(k, {"s1": 10}, when=jan) for k in range(3)]
    responses += [_response(10 + k, {"s1": 0}, when=jan.add(months=2)) for k in range(3)]
    table = survey_scores(
        INSTRUMENT,
        responses,
        period="month",
        window_days=91,
        half_life_days=30,
        weighting="none",
        constructs=["safety"],
        policy=NO_SUPPRESSION,
    )
    # January's wave (20 Jan) reaches January to March (age < 91 days at each month's end;
    # 100 days at 30 April), March's wave (20 Mar) March to May (102 days at 30 June)
    assert [row.keys["period"] for row in table] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
    ]
    assert [row.n for row in table] == [3, 3, 6, 3, 3]
    march = table.row("safety", period="2026-03")
    assert march.mean_score is not None
    w_jan, w_mar = 0.5 ** (70 / 30), 0.5 ** (11 / 30)  # ages at 31 March
    assert march.mean_score.value == pytest.approx(100 * w_jan / (w_jan + w_mar))
    with pytest.raises(ScoringError, match="window_days: a trailing window ends"):
        survey_scores(INSTRUMENT, responses, window_days=91)
    with pytest.raises(ScoringError, match="window_days: expected a whole number"):
        survey_scores(INSTRUMENT, responses, period="month", window_days=0)


def test_wrong_argument_types_name_the_argument() -> None:
    from trustops.scoring import ScoringTypeError

    with pytest.raises(ScoringTypeError, match="areas: expected Area objects, got str"):
        survey_scores(INSTRUMENT, [], areas=["a"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="responses: expected SurveyResponse objects, got dict"):
        survey_scores(INSTRUMENT, [{"id": "r1"}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="instrument: expected a SurveyInstrument"):
        survey_scores("pulse", [])  # type: ignore[arg-type]


def test_a_withheld_row_keeps_n_in_the_object_but_never_publishes_it() -> None:
    pytest.importorskip("pyarrow")
    table = _scores(FOUR, policy=DEFAULT_POLICY)
    row = table.row("trust", area="a")
    assert row.withheld == "withheld: fewer than 10"
    assert (row.n, row.missing) == (4, 0)  # the caller's own object keeps them
    safety = table.row("safety", area="a")
    assert safety.missing > 0
    assert not any(note[0].isdigit() for note in safety.notes)  # "Some respondents ..."
    for record in table.to_records():
        assert (record["n"], record["missing"], record["effective_n"]) == (None, None, None)
        assert (record["design_effect"], record["alpha"], record["mean_score"]) == (None,) * 3
    arrow = table.to_arrow()
    assert arrow.column("n").null_count == arrow.num_rows
    assert arrow.column("missing").null_count == arrow.num_rows
    published = _scores(FOUR).to_records()
    assert [r["n"] for r in published] == [4, 3]  # without suppression, n is published


def test_respondent_counts_are_perturbed_with_a_privacy_key() -> None:
    key = PrivacyKey("survey secret")
    # 40 respondents, 6 of them without a trust score (one item of three answered)
    people = [_response(i, {"t1": 1 + i % 5, "t3": 3} if i >= 6 else {"t1": 2}) for i in range(40)]
    true = _scores(people, policy=DEFAULT_POLICY).row("trust", area="a")
    row = _scores(people, policy=DEFAULT_POLICY, privacy=key).row("trust", area="a")
    assert (true.n, true.missing, true.perturbed) == (34, 6, False)
    scored = key.keys_sum(p.id for p in people[6:])
    unscored = key.keys_sum(p.id for p in people[:6])
    assert row.n == DEFAULT_PTABLE.perturb(34, cell_key(scored))
    assert row.missing == DEFAULT_PTABLE.perturb(6, cell_key(unscored))
    assert row.perturbed
    assert row.effective_n == pytest.approx(row.n / row.design_effect)
    assert row.mean_score == true.mean_score  # the estimates are the true ones
    assert any(note.startswith(f"{row.missing} respondent(s)") for note in row.notes)
    assert suppress(row) == row  # published once, never perturbed again
    # the same respondents under another construct's row get the same published count
    grouped = _scores(people, policy=DEFAULT_POLICY, privacy=key, period="quarter")
    assert grouped.row("trust", period="2026-Q1").n == row.n
    # without the policy, the counts are exact
    assert _scores(people, privacy=key).row("trust", area="a").n == 34
    # a missing count perturbed to 0 is not printed as "0 respondent(s)"
    for secret in map(str, range(12)):
        few = [*people[6:], people[0]]  # one respondent without a score
        shown = _scores(few, policy=DEFAULT_POLICY, privacy=PrivacyKey(secret)).row(
            "trust", area="a"
        )
        (note,) = [n for n in shown.notes if "fewer than half" in n]
        assert note.startswith("Some respondents" if shown.missing == 0 else f"{shown.missing} ")
        assert shown.missing in {0, 5, 6}


@pytest.mark.parametrize("size", range(1, 13))
def test_a_perturbed_row_never_prints_fewer_than_ten(size: int) -> None:
    people = [_response(i, {"t1": 1 + i % 5, "t3": 3}) for i in range(size)]
    for secret in ("a", "b", "c", "d", "e", "f"):
        row = _scores(people, policy=DEFAULT_POLICY, privacy=PrivacyKey(secret)).row(
            "trust", area="a"
        )
        assert row.perturbed
        if size < 10:
            assert row.withheld is not None
        if row.withheld is None:
            assert row.n >= 10
        else:  # withheld by its true n, or by the n it would print
            assert row.to_record()["n"] is None
