"""Tests for trustops.metrics._registry: each metric declared once, finished in one place."""

from __future__ import annotations

import pytest

from trustops.metrics import METRIC_NAMES, METRICS, TOTALS, Metric, MetricKind, finish
from trustops.scoring import SHARE_METRICS


def totals(**changes: object) -> dict[str, object]:
    base: dict[str, object] = dict.fromkeys(TOTALS, 0)
    base.update(report_delays={}, population=None, returning_residents=None)
    base.update(changes)
    return base


def test_the_sixteen_metrics_of_the_methods_notes_in_order() -> None:
    assert METRIC_NAMES == (
        "interactions", "residents_reached", "reach_per_1000", "repeat_engagement_rate",
        "returning_share", "resident_initiated_share", "positive_share", "net_sentiment",
        "complaints_per_1000", "reports", "reports_per_1000_residents",
        "median_hours_to_report", "attendance_rate", "volunteer_hours", "active_staff",
        "interactions_per_staff",
    )  # fmt: skip
    assert all(metric.name == name for name, metric in METRICS.items())
    assert {m.kind for m in METRICS.values()} == set(MetricKind)
    assert METRICS["residents_reached"].title == "Residents reached"
    assert {
        "repeat_engagement_rate", "returning_share", "resident_initiated_share",
        "positive_share", "attendance_rate",
    } == SHARE_METRICS  # fmt: skip


def test_zero_denominators_are_missing_never_zero() -> None:
    values = finish(totals(population=0))
    for name, metric in METRICS.items():
        if metric.kind in {MetricKind.SHARE, MetricKind.RATE, MetricKind.MEDIAN}:
            assert values[name].value is None, name
        else:
            assert values[name].value == 0, name
    assert values["returning_share"].n is None  # not known at all
    assert values["repeat_engagement_rate"].n == 0
    assert values["reach_per_1000"].n == 0


def test_finishing_shares_rates_and_medians() -> None:
    values = finish(
        totals(interactions=8, resident_initiated=2, residents_reached=4, returning_residents=1,
               population=2000, report_delays={1.0: 1, 3.0: 2, 10.0: 1}, with_outcome=4,
               positive=3, net_positive=2)
    )  # fmt: skip
    assert (values["resident_initiated_share"].value, values["resident_initiated_share"].n) == (
        0.25,
        8,
    )
    assert values["returning_share"].interval is not None
    assert values["reach_per_1000"].value == 2.0
    assert (values["median_hours_to_report"].value, values["median_hours_to_report"].n) == (3.0, 4)
    assert values["net_sentiment"].value == 50.0
    two = finish(totals(report_delays={1.0: 1, 4.0: 1}))["median_hours_to_report"]
    assert two.value == 2.5  # the midpoint of the two middle values


def test_a_declaration_is_checked() -> None:
    common = {"title": "T", "topic": "x", "unit": "u", "definition": "d", "value_range": "r",
              "n": "n", "missing_when": "m"}  # fmt: skip
    with pytest.raises(ValueError, match="unknown total"):
        Metric(name="m", kind=MetricKind.COUNT, numerator="nothing", **common)
    with pytest.raises(ValueError, match="has a denominator"):
        Metric(name="m", kind=MetricKind.SHARE, numerator="positive", **common)
