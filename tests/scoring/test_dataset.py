"""The trust index of a whole dataset, and the instrument it uses."""

from __future__ import annotations

import pytest

from trustops import Dataset
from trustops.metrics import engagement_table
from trustops.scoring import (
    DEFAULT_MODEL,
    Component,
    ScoringError,
    ScoringModel,
    choose_instrument,
    dataset_trust_index,
    trust_index,
)

from .test_index import INSTRUMENT, NORTH, _north_interactions, _responses


def test_dataset_trust_index_is_trust_index_of_its_records() -> None:
    interactions = _north_interactions()
    responses = _responses("north", 30)
    dataset = Dataset(
        areas=[NORTH], interactions=interactions, instruments=[INSTRUMENT], responses=responses
    )
    assert choose_instrument(dataset, DEFAULT_MODEL) is INSTRUMENT
    expected = trust_index(interactions, responses, INSTRUMENT, areas=[NORTH])
    assert dataset_trust_index(dataset) == expected
    given = engagement_table(interactions, by=("area",), period="quarter", areas=[NORTH])
    assert dataset_trust_index(dataset, engagement=given) == expected
    with pytest.raises(ScoringError, match="engagement: expected a table grouped by"):
        dataset_trust_index(dataset, engagement=given, period="month")
    whole = dataset_trust_index(dataset, period=None)
    assert whole == trust_index(interactions, responses, INSTRUMENT, areas=[NORTH], period=None)
    voice = ScoringModel(
        name="voice",
        version="1",
        components=(Component(name="v", source="survey", measure="voice", weight=1),),
    )
    assert choose_instrument(dataset, voice) is None
