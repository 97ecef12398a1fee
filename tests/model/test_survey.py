"""Tests of trustops.model.SurveyItem, SurveyInstrument and SurveyResponse."""

from __future__ import annotations

import datetime as dt
import math
import pickle
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import FieldError, SurveyInstrument, SurveyItem, SurveyResponse
from trustops.model import MAX_SURVEY_WEIGHT, MIN_SURVEY_WEIGHT
from trustops.testing import survey_instruments, survey_items, survey_responses


def item(**changes: Any) -> SurveyItem:
    fields: dict[str, Any] = {
        "id": "q1",
        "construct": "trust",
        "text": "I trust them.",
        "scale_min": 1,
        "scale_max": 5,
    }
    fields.update(changes)
    return SurveyItem(**fields)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", ""),
        ("construct", "two words "),
        ("construct", None),
        ("text", " "),
        ("scale_min", 1.0),
        ("scale_min", True),
        ("scale_min", None),
        ("scale_max", "5"),
        ("reverse", 1),
        ("reverse", "yes"),
        ("reverse", None),
        ("top_box_min", 4.5),
        ("bottom_box_max", False),
    ],
)
def test_bad_item_fields(field: str, value: object) -> None:
    with pytest.raises(FieldError) as info:
        item(**{field: value})
    assert info.value.field == field


@pytest.mark.parametrize(("low", "high"), [(1, 1), (5, 1), (0, 101), (-50, 51)])
def test_scales_need_two_to_101_points(low: int, high: int) -> None:
    with pytest.raises(FieldError) as info:
        item(scale_min=low, scale_max=high)
    assert info.value.field == "scale_max"


def test_scale_limits_accepted() -> None:
    assert item(scale_min=0, scale_max=100).points == 101
    assert item(scale_min=-1, scale_max=0).points == 2


@pytest.mark.parametrize(("field", "value"), [("top_box_min", 6), ("bottom_box_max", 0)])
def test_box_overrides_must_be_on_the_scale(field: str, value: int) -> None:
    with pytest.raises(FieldError) as info:
        item(**{field: value})
    assert info.value.field == field


@pytest.mark.parametrize(
    ("low", "high", "top", "bottom"),
    [(1, 9, 6, 4), (1, 5, 4, 2), (0, 10, 9, 6), (1, 7, 6, 2), (1, 10, 9, 2), (1, 2, 1, 2)],
)
def test_default_box_thresholds(low: int, high: int, top: int, bottom: int) -> None:
    made = item(scale_min=low, scale_max=high)
    assert (made.top_box_threshold, made.bottom_box_threshold) == (top, bottom)


def test_box_overrides() -> None:
    made = item(scale_min=0, scale_max=10, top_box_min=7, bottom_box_max=3)
    assert (made.top_box_threshold, made.bottom_box_threshold) == (7, 3)
    assert item(top_box_min=5).bottom_box_threshold == 1


def test_rescale_orient_and_on_scale() -> None:
    plain, reverse = item(), item(reverse=True)
    assert [plain.rescale(x) for x in (1, 2, 5)] == [0.0, 25.0, 100.0]
    assert [reverse.rescale(x) for x in (1, 2, 5)] == [100.0, 75.0, 0.0]
    assert (plain.oriented(2), reverse.oriented(2)) == (2, 4)
    assert plain.on_scale(1)
    assert plain.on_scale(5)
    assert not any(plain.on_scale(v) for v in (0, 6, 3.0, True, "3", None))
    assert item(scale_min=0, scale_max=10).rescale(7) == pytest.approx(70.0)


INSTRUMENT = SurveyInstrument(
    id="pulse",
    name="Pulse",
    items=(
        item(id="t1", scale_min=0, scale_max=10),
        item(id="s1", construct="safety"),
        item(id="t2", reverse=True),
    ),
)


def test_instrument_lookups() -> None:
    assert INSTRUMENT.constructs == ("trust", "safety")
    assert [i.id for i in INSTRUMENT.items_of("trust")] == ["t1", "t2"]
    assert INSTRUMENT.items_of("voice") == ()
    assert INSTRUMENT.item("s1").construct == "safety"
    with pytest.raises(KeyError):
        INSTRUMENT.item("nope")


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ((), "items"),
        ([], "items"),
        ("t1", "items"),
        (None, "items"),
        ([{"id": "t1"}], "items[0]"),
        ([item(id="a"), item(id="a")], "items[1].id"),
    ],
)
def test_bad_instrument_items(items: object, field: str) -> None:
    with pytest.raises(FieldError) as info:
        SurveyInstrument(id="x", name="X", items=items)
    assert info.value.field == field


def test_instrument_fields_and_pickle() -> None:
    with pytest.raises(FieldError) as info:
        SurveyInstrument(id="x", name="X", items=[item()], version=" v1")
    assert info.value.field == "version"
    made = SurveyInstrument(id="x", name="X", items=[item()], version="2025.1")
    assert made.items == (item(),)
    copy = pickle.loads(pickle.dumps(made))
    assert copy == made
    assert copy.item("q1") == item()
    assert hash(copy) == hash(made)


WHEN = pendulum.datetime(2025, 3, 5, 10, tz="Europe/London")


def response(**changes: Any) -> SurveyResponse:
    fields: dict[str, Any] = {
        "id": "r1",
        "instrument_id": "pulse",
        "area_id": "a",
        "collected_at": WHEN,
        "answers": {"t1": 7, "s1": None},
    }
    fields.update(changes)
    return SurveyResponse(**fields)


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("id", "", "id"),
        ("instrument_id", None, "instrument_id"),
        ("collected_at", dt.datetime(2025, 3, 5, 10), "collected_at"),
        ("answers", [("t1", 3)], "answers"),
        ("answers", {1: 3}, "answers"),
        ("answers", {"": 3}, "answers"),
        ("answers", {"t1": 3.0}, "answers.t1"),
        ("answers", {"t1": True}, "answers.t1"),
        ("answers", {"t1": "3"}, "answers.t1"),
        ("answers", {"t1": math.nan}, "answers.t1"),
        ("attributes", ["age"], "attributes"),
        ("attributes", {"": "old"}, "attributes"),
        ("attributes", {3: "old"}, "attributes"),
        ("attributes", {"age": 65}, "attributes.age"),
        ("attributes", {"age": "line\nbreak"}, "attributes.age"),
        ("weight", 0, "weight"),
        ("weight", -1.5, "weight"),
        ("weight", math.nan, "weight"),
        ("weight", math.inf, "weight"),
        ("weight", True, "weight"),
        ("weight", "2", "weight"),
        ("weight", 1e308, "weight"),
        ("weight", 1.7e308, "weight"),
        ("weight", 5e-324, "weight"),
        ("weight", 1e6 * (1 + 2**-52), "weight"),
        ("weight", 1e-6 * (1 - 2**-53), "weight"),
    ],
)
def test_bad_response_fields(field: str, value: object, where: str) -> None:
    with pytest.raises(FieldError) as info:
        response(**{field: value})
    assert info.value.field == where


def test_survey_weights_have_a_supported_range() -> None:
    assert response(weight=MIN_SURVEY_WEIGHT).weight == 1e-6
    assert response(weight=MAX_SURVEY_WEIGHT).weight == 1e6
    with pytest.raises(FieldError, match=r"from 0\.000001 to 1,000,000, got 1e"):
        response(weight=1e308)


def test_response_conversions_and_hash() -> None:
    made = response(attributes={"age": "65+"}, weight=2)
    assert made.weight == 2.0
    assert made.attributes == {"age": "65+"}
    assert type(made.collected_at) is pendulum.DateTime
    # answers and attributes are not hashed, but they are compared
    assert hash(response(attributes={"age": "65+"})) == hash(response())
    assert made != response()
    assert pickle.loads(pickle.dumps(made)) == made


def test_answer_problems_name_each_bad_answer() -> None:
    made = response(answers={"t1": 11, "s1": 0, "t2": 5, "zz": 1, "t1b": None})
    problems = {(p.field, p.message.split(",")[0]) for p in INSTRUMENT.answer_problems(made)}
    assert problems == {
        ("answers.t1", "expected a whole number from 0 to 10"),
        ("answers.s1", "expected a whole number from 1 to 5"),
        ("answers.zz", "no item 'zz' in instrument 'pulse'"),
        ("answers.t1b", "no item 't1b' in instrument 'pulse'"),
    }
    assert list(INSTRUMENT.answer_problems(response())) == []


@given(survey_items())
def test_items_round_trip_and_rescale_within_0_100(made: SurveyItem) -> None:
    assert attrs.evolve(made) == made
    for value in (made.scale_min, made.scale_max):
        assert 0.0 <= made.rescale(value) <= 100.0
        assert made.on_scale(made.oriented(value))
    assert made.scale_min <= made.top_box_threshold <= made.scale_max


@given(survey_instruments())
def test_instruments_round_trip(made: SurveyInstrument) -> None:
    assert attrs.evolve(made) == made
    assert pickle.loads(pickle.dumps(made)) == made
    assert set(made.constructs) == {i.construct for i in made.items}


@given(st.data())
def test_drawn_responses_have_no_answer_problems(data: st.DataObject) -> None:
    instrument = data.draw(survey_instruments())
    made = data.draw(survey_responses(instrument))
    assert attrs.evolve(made) == made
    assert list(instrument.answer_problems(made)) == []


# -- survey designs (METHODS §5a) -------------------------------------------------------------

_WHEN = pendulum.datetime(2026, 3, 1, tz="UTC")


def designed(response_id: str, **design: Any) -> SurveyResponse:
    return SurveyResponse(
        id=response_id, instrument_id="pulse", area_id="a", collected_at=_WHEN, answers={},
        **design,
    )  # fmt: skip


def _instrument(**changes: Any) -> SurveyInstrument:
    return SurveyInstrument(id="pulse", name="Pulse", items=(item(),), **changes)


def test_a_response_declares_its_stratum_psu_fpc_and_replicate_weights() -> None:
    response = designed("r1", stratum="north", psu="elm-st", fpc=40, replicate_weights=[1, 0, 2.5])
    assert (response.stratum, response.psu, response.fpc) == ("north", "elm-st", 40.0)
    assert response.replicate_weights == (1.0, 0.0, 2.5)
    assert response.has_design
    assert not designed("r2").has_design
    assert designed("r3", replicate_weights=()).replicate_weights == ()


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("stratum", "two words ", "stratum"),
        ("psu", "", "psu"),
        ("fpc", 0, "fpc"),
        ("fpc", -3, "fpc"),
        ("fpc", 1e10, "fpc"),
        ("fpc", True, "fpc"),
        ("replicate_weights", [1.0, -0.5], "replicate_weights[1]"),
        ("replicate_weights", [1.0, math.nan], "replicate_weights[1]"),
        ("replicate_weights", [2e6], "replicate_weights[0]"),
        ("replicate_weights", "1;2", "replicate_weights"),
        ("replicate_weights", [1.0] * 10_001, "replicate_weights"),
    ],
)
def test_bad_design_fields_name_the_field(field: str, value: object, where: str) -> None:
    with pytest.raises(FieldError) as raised:
        designed("r1", **{field: value})
    assert raised.value.field == where


def test_a_replicate_design_fills_in_rs_defaults() -> None:
    from trustops.model import ReplicateDesign, ReplicateMethod

    def factors(method: str, **more: Any) -> tuple[float, tuple[float, ...]]:
        return ReplicateDesign(method=method, replicates=4, **more).factors()

    assert factors("jk1") == (0.75, (1.0,) * 4)
    assert factors("brr") == (0.25, (1.0,) * 4)
    assert factors("fay", rho=0.3) == (pytest.approx(1 / (4 * 0.7**2)), (1.0,) * 4)
    assert factors("bootstrap") == (pytest.approx(1 / 3), (1.0,) * 4)
    assert factors("jkn", rscales=[0.5] * 4) == (1.0, (0.5,) * 4)
    assert factors("brr", scale=2.0, rscales=[1, 2, 3, 4]) == (2.0, (1.0, 2.0, 3.0, 4.0))
    assert ReplicateDesign(method=ReplicateMethod.JK1, replicates=2).method == "jk1"


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"method": "jackknife", "replicates": 4}, "method"),
        ({"method": "jk1", "replicates": 1}, "replicates"),
        ({"method": "jk1", "replicates": 4.0}, "replicates"),
        ({"method": "jkn", "replicates": 4}, "rscales"),
        ({"method": "jk1", "replicates": 4, "rscales": [1, 1]}, "rscales"),
        ({"method": "jk1", "replicates": 2, "rscales": [1, 0]}, "rscales[1]"),
        ({"method": "jk1", "replicates": 2, "rscales": "1"}, "rscales"),
        ({"method": "fay", "replicates": 4}, "rho"),
        ({"method": "fay", "replicates": 4, "rho": 1.0}, "rho"),
        ({"method": "brr", "replicates": 4, "rho": 0.5}, "rho"),
        ({"method": "brr", "replicates": 4, "scale": 0}, "scale"),
    ],
)
def test_a_bad_replicate_design_names_the_field(fields: dict[str, Any], where: str) -> None:
    from trustops.model import ReplicateDesign

    with pytest.raises(FieldError) as raised:
        ReplicateDesign(**fields)
    assert raised.value.field == where
    with pytest.raises(FieldError, match="ReplicateDesign"):
        _instrument(replicates={"method": "jk1"})


def _problems(instrument: SurveyInstrument, *responses: SurveyResponse) -> list[str]:
    return [f"{r.id} {e}" for r, e in instrument.design_problems(responses)]


def test_design_problems_name_the_response_and_field() -> None:
    from trustops.model import ReplicateDesign

    plain = _instrument()
    assert _problems(plain, designed("r1"), designed("r2")) == []
    good = [designed("r1", stratum="n", psu="p1", fpc=4), designed("r2", stratum="n", psu="p2",
            fpc=4), designed("r3", stratum="s", fpc=0.5)]  # fmt: skip
    assert _problems(plain, *good) == []
    two_strata = _problems(
        plain, designed("r1", stratum="n", psu="p1"), designed("r2", stratum="s", psu="p1")
    )
    assert two_strata == [
        "r2 psu: PSU 'p1' is in stratum 'n' (response 'r1') and here in 's'; a PSU belongs "
        "to one stratum"
    ]
    assert _problems(plain, designed("r1", stratum="n"), designed("r2")) == [
        "r2 stratum: expected a stratum (response 'r1' of instrument 'pulse' has one, and a "
        "design declares it on every response)"
    ]
    assert _problems(plain, designed("r1", fpc=10), designed("r2", fpc=12))[0].startswith(
        "r2 fpc: expected one fpc per stratum: response 'r1' gives 10"
    )
    below = _problems(plain, designed("r1", psu="p1", fpc=2), designed("r2", psu="p2", fpc=2),
                      designed("r3", psu="p3", fpc=2))  # fmt: skip
    assert below == [
        "r1 fpc: stratum None has 3 sampled PSUs but an fpc (its population of PSUs) of 2; the "
        "population cannot be smaller than the sample"
    ]
    assert _problems(plain, designed("r1", replicate_weights=[1, 2]))[0].startswith(
        "r1 replicate_weights: expected no replicate weights: instrument 'pulse' declares no "
        "replicate design, got 2"
    )
    replicated = _instrument(replicates=ReplicateDesign(method="jk1", replicates=2))
    unequal = _problems(
        replicated, designed("r1", replicate_weights=[1, 2]), designed("r2", replicate_weights=[1])
    )
    assert unequal == [
        "r2 replicate_weights: expected 2 replicate weights (instrument 'pulse' declares 2 jk1 "
        "replicates), got 1"
    ]
    other = attrs.evolve(designed("r9", stratum="x"), instrument_id="other")
    assert _problems(plain, designed("r1"), other) == []
