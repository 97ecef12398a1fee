"""Published cells: the small-cell policy applied to one figure, and how figures read."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from trustops.metrics import MetricValue
from trustops.privacy import DEFAULT_POLICY, NO_SUPPRESSION, CellStatus, SmallCellPolicy
from trustops.report import Cell, format_value, publish
from trustops.stats import Interval


def share(value: float | None, n: float | None) -> MetricValue:
    interval = None if value is None else Interval(max(value - 0.1, 0.0), min(value + 0.1, 1.0))
    return MetricValue(name="positive_share", value=value, n=n, interval=interval)


def test_small_n_is_withheld_with_reason() -> None:
    cell = publish(share(0.5, 7), DEFAULT_POLICY)
    assert cell == Cell(
        value=None,
        n=7,
        interval=None,
        status=CellStatus.INSUFFICIENT,
        reason="withheld: n = 7 is below 10",
    )
    assert cell.withheld


def test_caution_keeps_value_and_says_why() -> None:
    cell = publish(share(0.5, 12), DEFAULT_POLICY)
    assert (cell.value, cell.status, cell.reason) == (
        0.5,
        CellStatus.CAUTION,
        "caution: n = 12 is below 30",
    )
    assert cell.interval == Interval(0.4, 0.6)
    assert not cell.withheld


def test_large_n_is_ok() -> None:
    cell = publish(share(0.5, 30), DEFAULT_POLICY)
    assert (cell.value, cell.status, cell.reason) == (0.5, CellStatus.OK, None)


def test_no_suppression_shows_everything() -> None:
    cell = publish(share(0.5, 3), NO_SUPPRESSION)
    assert (cell.value, cell.status) == (0.5, CellStatus.OK)


def test_counts_are_not_subject_to_the_policy() -> None:
    cell = publish(
        MetricValue(name="interactions", value=3.0, n=None, interval=None), DEFAULT_POLICY
    )
    assert (cell.value, cell.status, cell.reason) == (3.0, CellStatus.OK, None)


def test_missing_value_stays_empty_without_a_reason() -> None:
    cell = publish(share(None, 0), DEFAULT_POLICY)
    assert (cell.value, cell.n, cell.status, cell.reason) == (None, 0, CellStatus.OK, None)


def test_to_dict() -> None:
    assert publish(share(0.5, 40), DEFAULT_POLICY).to_dict() == {
        "value": 0.5,
        "n": 40,
        "low": 0.4,
        "high": 0.6,
        "status": "ok",
        "reason": None,
    }
    assert Cell(value=None).to_dict()["low"] is None


@given(
    value=st.floats(0, 1),
    n=st.floats(0, 1000, allow_nan=False),
    withhold=st.integers(0, 50),
    extra=st.integers(0, 50),
)
def test_a_value_is_shown_only_at_or_above_the_threshold(
    value: float, n: float, withhold: int, extra: int
) -> None:
    policy = SmallCellPolicy(withhold_below=withhold, caution_below=withhold + extra)
    cell = publish(share(value, n), policy)
    assert (cell.value is None) == (n < withhold)
    assert (cell.value is None) == (cell.interval is None)
    assert (cell.reason is None) == (cell.status is CellStatus.OK)


def test_format_value() -> None:
    assert format_value("positive_share", 0.6234) == "62.3%"
    assert format_value("reports", 12345.0) == "12,345"
    assert format_value("median_hours_to_report", 3.25) == "3.2"
    assert format_value("reach_per_1000", None) == "—"
    assert format_value("reach_per_1000", math.inf) == "—"
