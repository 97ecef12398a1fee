"""The trust index of a whole dataset, and the instrument it uses."""

from __future__ import annotations

import pytest

from trustops import Dataset
from trustops.metrics import daily_statistics
from trustops.scoring import (
    DEFAULT_MODEL,
    Component,
    ScoringModel,
    ScoringTypeError,
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
    given = daily_statistics(interactions, areas=[NORTH])
    assert dataset_trust_index(dataset, daily=given) == expected
    monthly = trust_index(interactions, responses, INSTRUMENT, areas=[NORTH], period="month")
    assert dataset_trust_index(dataset, daily=given, period="month") == monthly
    with pytest.raises(ScoringTypeError, match=r"daily: expected trustops\.metrics\.DailyStat"):
        dataset_trust_index(dataset, daily=given.table("month"))  # type: ignore[arg-type]
    whole = dataset_trust_index(dataset, period=None)
    assert whole == trust_index(interactions, responses, INSTRUMENT, areas=[NORTH], period=None)
    voice = ScoringModel(
        name="voice",
        version="1",
        components=(Component(name="v", source="survey", measure="voice", weight=1),),
    )
    assert choose_instrument(dataset, voice) is None


def test_survey_components_publish_perturbed_respondent_counts() -> None:
    from trustops.privacy import PrivacyKey
    from trustops.sample import bundled

    dataset = bundled()
    exact = dataset_trust_index(dataset, period="quarter")
    keyed = dataset_trust_index(dataset, period="quarter", privacy=PrivacyKey("index secret"))
    pairs = []
    for result in keyed:
        part = result.component("perceived_trust")
        true = exact.result(result.area, result.period.label).component("perceived_trust")
        if part.available:
            assert part.n is not None
            assert part.n >= 10
            assert true.available
            assert true.n is not None
            assert abs(part.n - true.n) <= 2
            pairs.append((part.n, true.n))
        elif true.available:  # withheld by the n it would print
            assert true.n is not None
            assert true.n <= 11
    assert len(pairs) > 5
    assert any(shown != n for shown, n in pairs)


def test_an_index_is_computed_once_per_statistics_and_inputs() -> None:
    import attrs

    interactions = _north_interactions()
    responses = _responses("north", 30)
    dataset = Dataset(
        areas=[NORTH], interactions=interactions, instruments=[INSTRUMENT], responses=responses
    )
    given = daily_statistics(interactions, areas=[NORTH])
    first = dataset_trust_index(dataset, daily=given)
    assert dataset_trust_index(dataset, daily=given) is first  # a report and its panel share it
    assert dataset_trust_index(dataset, daily=daily_statistics(interactions, areas=[NORTH])) == (
        first
    )
    # whatever changes the figures is computed anew, never served from the memo
    lower = _responses("north", 30, answer=2)  # the same ids, other answers
    cases = [
        (attrs.evolve(dataset, responses=lower), {}, (lower, {})),
        (attrs.evolve(dataset, responses=responses[:12]), {}, (responses[:12], {})),
        (dataset, {"period": "month"}, (responses, {"period": "month"})),
    ]
    heavier = attrs.evolve(
        DEFAULT_MODEL,
        components=tuple(
            attrs.evolve(c, weight=c.weight * (3 if c.name == "reach" else 1))
            for c in DEFAULT_MODEL.components
        ),
    )
    cases.append((dataset, {"model": heavier}, (responses, {"model": heavier})))
    for data, options, (scored, expected_options) in cases:
        found = dataset_trust_index(data, daily=given, **options)  # type: ignore[arg-type]
        fresh = trust_index(interactions, scored, INSTRUMENT, areas=[NORTH], **expected_options)
        assert found == fresh
        assert found != first
