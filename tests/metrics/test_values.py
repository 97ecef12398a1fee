"""Tests for trustops.metrics._values."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from trustops.metrics import METRIC_NAMES, MetricValue
from trustops.stats import Interval

METHODS = Path("/work/shared/METHODS.md")


def test_metric_names_are_those_of_the_methods_notes_in_order() -> None:
    expected = (
        "interactions", "residents_reached", "reach_per_1000", "repeat_engagement_rate",
        "returning_share", "resident_initiated_share", "positive_share", "net_sentiment",
        "complaints_per_1000", "reports", "reports_per_1000_residents", "median_hours_to_report",
        "attendance_rate", "volunteer_hours", "active_staff", "interactions_per_staff",
    )  # fmt: skip
    assert expected == METRIC_NAMES


@pytest.mark.skipif(not METHODS.exists(), reason="the methods notes live outside the repository")
def test_metric_names_match_the_table_in_the_methods_notes() -> None:
    section = METHODS.read_text(encoding="utf-8").split("## 3.")[1].split("## 4.")[0]
    assert tuple(re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)) == METRIC_NAMES


def test_metric_value_is_frozen() -> None:
    value = MetricValue(name="positive_share", value=0.5, n=4, interval=Interval(0.15, 0.85))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        value.value = 1.0  # type: ignore[misc]
    assert value == MetricValue(
        name="positive_share", value=0.5, n=4, interval=Interval(0.15, 0.85)
    )
