"""Tests for trustops.engines.spark._zones: the offset tables equal the reference engine's
zone database, and local days are the same under every session time zone (DST edges,
half-hour and second-level offsets, the model's whole range of years)."""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyspark.sql import SparkSession

from trustops.engines.spark import BUCKET_BITS, local_day, offset_rows
from trustops.testing import AWKWARD_TIMEZONES
from trustops.time import local_date, zone

UTC = _dt.UTC
_ZONES = (*AWKWARD_TIMEZONES, "Europe/Amsterdam", "America/Santiago", "Asia/Gaza")
_FIRST = _dt.datetime(1899, 12, 31, tzinfo=UTC)
_LAST = _dt.datetime(2200, 1, 1, 23, 59, tzinfo=UTC)


def _offset(instant: _dt.datetime, name: str) -> int:
    micros = (instant - _dt.datetime(1970, 1, 1, tzinfo=UTC)) // _dt.timedelta(microseconds=1)
    table = {bucket: (starts, offsets) for bucket, starts, offsets in offset_rows(name)}
    starts, offsets = table[micros >> BUCKET_BITS]
    return offsets[sum(1 for start in starts if start <= micros) - 1]


@settings(deadline=None)  # the first example of each zone builds its table
@given(
    st.datetimes(min_value=_FIRST.replace(tzinfo=None), max_value=_LAST.replace(tzinfo=None)),
    st.sampled_from(_ZONES),
)
def test_the_tables_give_the_reference_offset_at_any_instant(
    moment: _dt.datetime, name: str
) -> None:
    instant = moment.replace(tzinfo=UTC)
    expected = instant.astimezone(zone(name)).utcoffset()
    assert expected is not None
    assert _offset(instant, name) == expected.total_seconds()


def test_every_change_of_offset_is_at_its_second() -> None:
    """Both sides of each change the tables hold (London: 1900-2199), and Amsterdam's
    +00:19:32 before 1937, which some zone databases drop."""
    for bucket, starts, offsets in offset_rows("Europe/London"):
        assert starts[0] == bucket << BUCKET_BITS
        for start, offset in zip(starts[1:], offsets[1:], strict=True):
            at = _dt.datetime(1970, 1, 1, tzinfo=UTC) + _dt.timedelta(microseconds=start)
            assert at.astimezone(zone("Europe/London")).utcoffset() == _dt.timedelta(seconds=offset)
            before = (at - _dt.timedelta(seconds=1)).astimezone(zone("Europe/London"))
            assert before.utcoffset() != _dt.timedelta(seconds=offset)
    assert _offset(_dt.datetime(1930, 6, 1, tzinfo=UTC), "Europe/Amsterdam") == 4772  # +1:19:32


def _instants(seed: int) -> Iterator[tuple[str, _dt.datetime]]:
    """Instants a second either side of every local midnight and change of offset near the
    changes of 1916, 1940, 2026 and 2150, and random ones over the whole range."""
    chooser = random.Random(seed)
    for name in _ZONES:
        for _, starts, _ in offset_rows(name):
            if len(starts) == 1 or chooser.random() > 0.05:
                continue
            for start in starts[1:]:
                at = _dt.datetime(1970, 1, 1, tzinfo=UTC) + _dt.timedelta(microseconds=start)
                for shift in (-3600, -1, 0, 1, 3600):
                    yield name, at + _dt.timedelta(seconds=shift)
        for _ in range(40):
            seconds = chooser.uniform(0, (_LAST - _FIRST).total_seconds())
            yield name, _FIRST + _dt.timedelta(seconds=seconds)
    tokyo = _dt.datetime(2026, 3, 31, 15, 30, tzinfo=UTC)  # 1 April in Tokyo
    yield "Asia/Tokyo", tokyo
    yield "Asia/Tokyo", tokyo - _dt.timedelta(microseconds=1)


@pytest.mark.parametrize(
    "zone_of_session", ["UTC", "America/New_York", "Asia/Tokyo", "Pacific/Chatham"]
)
def test_local_days_do_not_depend_on_the_session_zone(
    spark: SparkSession,
    session_zone: Callable[[str], AbstractContextManager[None]],
    zone_of_session: str,
) -> None:
    rows = [(n, f"a{_ZONES.index(name)}", at) for n, (name, at) in enumerate(_instants(7))]
    areas = {f"a{index}": name for index, name in enumerate(_ZONES)}
    with session_zone(zone_of_session):
        frame = spark.createDataFrame(rows, ["n", "area_id", "occurred_at"])
        found = local_day(frame, areas, "occurred_at", "day").select("n", "day").collect()
    days = {row["n"]: row["day"] for row in found}
    expected = {n: local_date(at, areas[area]) for n, area, at in rows}
    assert len(rows) > 500
    assert days == expected


def test_areas_without_a_zone_count_in_utc(spark: SparkSession) -> None:
    when = _dt.datetime(2026, 3, 31, 15, 30, tzinfo=UTC)
    frame = spark.createDataFrame([("a", when), ("b", when)], ["area_id", "occurred_at"])
    found = local_day(frame, {"a": "Asia/Tokyo"}, "occurred_at", "day").orderBy("area_id")
    assert [row["day"] for row in found.collect()] == [_dt.date(2026, 4, 1), _dt.date(2026, 3, 31)]
    (row,) = local_day(frame.limit(1), {}, "occurred_at", "day").collect()
    assert row["day"] == _dt.date(2026, 3, 31)
