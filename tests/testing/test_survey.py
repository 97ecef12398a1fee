"""Tests of trustops.testing's survey strategies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from trustops import SurveyInstrument, SurveyItem, SurveyResponse
from trustops.testing import survey_instruments, survey_items, survey_responses

PULSE = SurveyInstrument(
    id="pulse",
    name="Pulse",
    items=(
        SurveyItem(id="t1", construct="trust", text="I trust them.", scale_min=0, scale_max=10),
        SurveyItem(
            id="s1", construct="safety", text="Unsafe.", scale_min=1, scale_max=5, reverse=True
        ),
    ),
)


@given(survey_items())
def test_survey_items_are_valid(item: SurveyItem) -> None:
    assert attrs.evolve(item) == item
    assert (
        item.scale_min <= item.bottom_box_threshold <= item.scale_max or item.bottom_box_max is None
    )


@given(survey_items(constructs=["voice"]))
def test_survey_items_honour_construct_pin(item: SurveyItem) -> None:
    assert item.construct == "voice"


@given(survey_instruments(max_items=3))
def test_survey_instruments_are_valid(instrument: SurveyInstrument) -> None:
    assert attrs.evolve(instrument) == instrument
    assert 1 <= len(instrument.items) <= 3


@given(survey_responses(PULSE, area_ids=["a"], attributes={"age": ["young", "old"]}))
def test_survey_responses_answer_on_the_instrument_scale(response: SurveyResponse) -> None:
    assert attrs.evolve(response) == response
    assert response.instrument_id == "pulse"
    assert response.area_id == "a"
    assert list(PULSE.answer_problems(response)) == []
    assert set(response.attributes) <= {"age"}
    assert set(response.attributes.values()) <= {"young", "old"}


@given(survey_responses(attributes={}))
def test_survey_responses_without_an_instrument_draw_their_own(response: SurveyResponse) -> None:
    assert response.attributes == {}


@given(st.data())
def test_responses_to_drawn_instruments_have_no_problems(data: st.DataObject) -> None:
    instrument = data.draw(survey_instruments())
    response = data.draw(survey_responses(instrument))
    assert list(instrument.answer_problems(response)) == []


def test_responses_reach_skipped_and_extreme_answers(reach: Callable[..., Any]) -> None:
    skipped = reach(survey_responses(PULSE), lambda r: None in r.answers.values())
    assert any(value is None for value in skipped.answers.values())
    extreme = reach(survey_responses(PULSE), lambda r: r.answers.get("t1") == 10)
    assert extreme.answers["t1"] == 10
