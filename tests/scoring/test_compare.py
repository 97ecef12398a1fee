"""Tests for comparisons of scores, metrics and indexes between periods or areas."""

from __future__ import annotations

import math

import pendulum
import pytest

from trustops import SurveyInstrument, SurveyItem, SurveyResponse
from trustops.metrics import MetricValue
from trustops.privacy import NO_SUPPRESSION
from trustops.scoring import (
    DEFAULT_MODEL,
    ComponentInput,
    ConstructScore,
    ScoringError,
    combine_components,
    compare,
    survey_scores,
)
from trustops.stats import Interval, difference_of_estimates, two_proportion_z_test, z_value

INSTRUMENT = SurveyInstrument(
    id="pulse",
    name="Pulse",
    items=(
        SurveyItem(id="t", construct="trust", text="T", scale_min=1, scale_max=5),
        SurveyItem(id="s", construct="safety", text="S", scale_min=1, scale_max=5),
    ),
)


def _rows(area: str, answers: list[int]) -> dict[str, ConstructScore]:
    responses = [
        SurveyResponse(
            id=f"{area}{i}",
            instrument_id="pulse",
            area_id=area,
            collected_at=pendulum.datetime(2026, 1, 5, tz="UTC"),
            answers={"t": a, "s": a},
        )
        for i, a in enumerate(answers)
    ]
    table = survey_scores(INSTRUMENT, responses, weighting="none", policy=NO_SUPPRESSION)
    return {row.construct: row for row in table}


BEFORE = _rows("a", [1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 4, 4])
AFTER = _rows("b", [4, 5, 5, 4, 5, 3, 4, 5, 5, 4, 2, 5])


def test_mean_scores_by_difference_of_estimates() -> None:
    one, two = BEFORE["trust"].mean_score, AFTER["trust"].mean_score
    assert one is not None
    assert two is not None
    got = compare(BEFORE["trust"], AFTER["trust"])
    expected = difference_of_estimates(one.value, one.se, two.value, two.se)
    assert got.method == "difference_of_estimates"
    assert got.measure == "trust.mean_score"
    assert (got.first, got.second) == (one.value, two.value)
    assert got.difference == pytest.approx(two.value - one.value)
    assert (got.se, got.z, got.p_value) == pytest.approx(
        (expected.se, expected.z, expected.p_value)
    )
    assert got.interval == pytest.approx(expected.interval)
    assert got.significant is expected.significant


def test_net_scores_by_difference_of_estimates() -> None:
    got = compare(BEFORE["trust"], AFTER["trust"], statistic="net_score", confidence=0.9)
    one, two = BEFORE["trust"].net_score, AFTER["trust"].net_score
    assert one is not None
    assert two is not None
    expected = difference_of_estimates(one.value, one.se, two.value, two.se, confidence=0.9)
    assert got.interval == pytest.approx(expected.interval)


def test_top_box_by_pooled_z_test_on_effective_n() -> None:
    got = compare(BEFORE["trust"], AFTER["trust"], statistic="top_box_share")
    # top box = 4–5 of 5: 6/12 before, 10/12 after
    expected = two_proportion_z_test(6, 12, 10, 12)
    assert got.method == "two_proportion_z_test"
    assert got.difference == pytest.approx(100 * (10 / 12 - 6 / 12))
    assert got.z == pytest.approx(expected.z)
    assert got.p_value == pytest.approx(expected.p_value)
    assert got.se == pytest.approx(100 * expected.se)
    assert got.interval == pytest.approx(
        (100 * expected.interval.low, 100 * expected.interval.high)
    )


def test_share_metrics_by_pooled_z_test() -> None:
    before = MetricValue(name="positive_share", value=0.40, n=100, interval=None)
    after = MetricValue(name="positive_share", value=0.55, n=100, interval=None)
    got = compare(before, after)
    assert got.p_value == pytest.approx(two_proportion_z_test(40, 100, 55, 100).p_value)
    assert got.significant
    assert compare(before, after, confidence=0.999).significant is False


def test_other_metrics_use_their_intervals() -> None:
    z = z_value(0.95)
    before = MetricValue(name="median_hours_to_report", value=10.0, n=40, interval=Interval(8, 12))
    after = MetricValue(name="median_hours_to_report", value=6.0, n=40, interval=Interval(5, 7))
    got = compare(before, after)
    assert got.difference == -4.0
    assert got.se == pytest.approx(math.hypot(2 / z, 1 / z))
    assert got.significant


def test_indexes() -> None:
    inputs = {
        "perceived_trust": ComponentInput(60.0, n=100, interval=Interval(55.0, 65.0)),
        "reach": ComponentInput(50.0, n=1000),
    }
    first = combine_components(DEFAULT_MODEL, inputs, area="a")
    second = combine_components(
        DEFAULT_MODEL,
        {**inputs, "perceived_trust": ComponentInput(70.0, n=100, interval=Interval(66.0, 74.0))},
        area="a",
    )
    got = compare(first, second)
    assert first.index is not None
    assert second.index is not None
    assert first.se is not None
    assert second.se is not None
    assert got.measure == "trust_index"
    assert got.difference == pytest.approx(second.index - first.index)
    assert got.se == pytest.approx(math.hypot(first.se, second.se))


@pytest.mark.parametrize(
    ("first", "second", "fragment"),
    [
        (BEFORE["trust"], AFTER["safety"], "construct 'trust' with 'safety'"),
        (
            MetricValue(name="positive_share", value=0.4, n=10, interval=None),
            MetricValue(name="repeat_engagement_rate", value=0.4, n=10, interval=None),
            "metric 'positive_share' with 'repeat_engagement_rate'",
        ),
        (
            MetricValue(name="positive_share", value=None, n=0, interval=None),
            MetricValue(name="positive_share", value=0.4, n=10, interval=None),
            "first: positive_share has no value",
        ),
        (
            MetricValue(name="interactions", value=4, n=None, interval=None),
            MetricValue(name="interactions", value=9, n=None, interval=None),
            "interactions has no interval",
        ),
        (BEFORE["trust"], MetricValue(name="x", value=1, n=1, interval=None), "cannot compare a"),
        ("a", "b", "expected two ConstructScore"),
    ],
)
def test_incomparable(first: object, second: object, fragment: str) -> None:
    with pytest.raises(ScoringError, match=fragment):
        compare(first, second)  # type: ignore[call-overload]


def test_withheld_values_cannot_be_compared() -> None:
    withheld = survey_scores(
        INSTRUMENT,
        [
            SurveyResponse(
                id="x",
                instrument_id="pulse",
                area_id="a",
                collected_at=pendulum.datetime(2026, 1, 5, tz="UTC"),
                answers={"t": 3},
            )
        ],
    ).row("trust")
    with pytest.raises(ScoringError, match=r"first: the mean_score .*\(withheld: fewer than 10"):
        compare(withheld, AFTER["trust"])
    with pytest.raises(ScoringError, match="statistic: expected mean_score"):
        compare(BEFORE["trust"], AFTER["trust"], statistic="median")  # type: ignore[arg-type]
    no_index = combine_components(DEFAULT_MODEL, {}, area="a")
    with pytest.raises(ScoringError, match="second: the index of 'a' is withheld"):
        compare(
            combine_components(
                DEFAULT_MODEL,
                {"perceived_trust": ComponentInput(50.0), "reach": ComponentInput(3.0)},
                area="b",
            ),
            no_index,
        )
    other = combine_components(
        DEFAULT_MODEL.__class__.from_dict({**DEFAULT_MODEL.to_dict(), "version": "2"}),
        {"perceived_trust": ComponentInput(50.0), "reach": ComponentInput(3.0)},
        area="a",
    )
    with pytest.raises(ScoringError, match="different scoring models"):
        compare(no_index, other)
