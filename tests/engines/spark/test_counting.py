"""Tests for trustops.engines.spark._counting: local days and periods in each area's zone,
DST-exact, and UTC for areas without one."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from pyspark.sql import SparkSession

from trustops.engines.spark._counting import local_columns
from trustops.time import Granularity, local_date

UTC = _dt.UTC
_INSTANTS = [
    _dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # London: still the 28th (GMT)
    _dt.datetime(2026, 3, 29, 23, 30, tzinfo=UTC),  # London: 30 March 00:30 (BST)
    _dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # London: the repeated hour of the fold
    _dt.datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # Kathmandu (+05:45): next year
]


@pytest.mark.parametrize(
    ("zone", "zone_of_session"),
    [
        ("Europe/London", "America/New_York"),
        ("Asia/Kathmandu", "Asia/Tokyo"),
        ("Pacific/Chatham", "UTC"),
        ("Asia/Tokyo", "America/New_York"),
    ],
)
def test_local_days_agree_with_the_python_calendar_under_any_session_zone(
    spark: SparkSession,
    session_zone: Callable[[str], AbstractContextManager[None]],
    zone: str,
    zone_of_session: str,
) -> None:
    instants = [*_INSTANTS, _dt.datetime(2026, 3, 31, 15, 30, tzinfo=UTC)]  # Tokyo: April
    frame = spark.createDataFrame([(k, "a", t) for k, t in enumerate(instants)],
                                  ["n", "area_id", "occurred_at"])  # fmt: skip
    with session_zone(zone_of_session):
        rows = local_columns(frame, {"a": zone}, Granularity.MONTH).orderBy("n").collect()
    days = [row["_day"] for row in rows]
    assert days == [local_date(t, zone) for t in instants]
    assert [row["_period"] for row in rows] == [day.replace(day=1) for day in days]


def test_areas_without_a_zone_use_utc_and_no_period_is_null(spark: SparkSession) -> None:
    frame = spark.createDataFrame([("b", _INSTANTS[1])], ["area_id", "occurred_at"])
    (row,) = local_columns(frame, {"a": "Asia/Tokyo"}, None).collect()
    assert row["_day"] == _dt.date(2026, 3, 29)
    assert row["_period"] is None


@pytest.mark.parametrize(
    ("granularity", "first"),
    [
        (Granularity.DAY, _dt.date(2026, 8, 13)),
        (Granularity.WEEK, _dt.date(2026, 8, 10)),  # weeks start on Monday
        (Granularity.QUARTER, _dt.date(2026, 7, 1)),
        (Granularity.YEAR, _dt.date(2026, 1, 1)),
    ],
)
def test_periods_start_on_their_first_local_day(
    spark: SparkSession, granularity: Granularity, first: _dt.date
) -> None:
    when = _dt.datetime(2026, 8, 13, 12, tzinfo=UTC)
    frame = spark.createDataFrame([("a", when)], ["area_id", "occurred_at"])
    (row,) = local_columns(frame, {"a": "Europe/Paris"}, granularity).collect()
    assert row["_period"] == first
