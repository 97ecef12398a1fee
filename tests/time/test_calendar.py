"""Tests for trustops.time._calendar: the cached bucketing agrees with exact conversion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
from hypothesis import given
from hypothesis import strategies as st
from pendulum.tz.timezone import FixedTimezone

from trustops import Interaction
from trustops.model import hours_to_report
from trustops.testing import AWKWARD_TIMEZONES, aware_datetimes, timezones
from trustops.time import Granularity, LocalCalendar, Period, local_date


def calendar(zone: str, granularity: Granularity | None = Granularity.MONTH) -> LocalCalendar:
    return LocalCalendar({"a": zone}, granularity)


@given(aware_datetimes(), timezones(), st.sampled_from([*Granularity, None]))
def test_cell_agrees_with_exact_conversion(
    instant: pendulum.DateTime, zone: str, granularity: Granularity | None
) -> None:
    cache = calendar(zone, granularity)
    day, key = cache.cell("a", instant)
    expected = local_date(instant, zone)
    assert day == expected.toordinal()
    if granularity is None:
        assert key is None
    else:
        assert key is not None
        assert cache.period(key) == Period.containing(expected, granularity)
    assert cache.cell("a", instant) == (day, key)  # and again, from the cache


@given(st.lists(aware_datetimes(timezones=list(AWKWARD_TIMEZONES)), max_size=30), timezones())
def test_many_instants_share_tables_and_stay_exact(
    instants: list[pendulum.DateTime], zone: str
) -> None:
    cache = calendar(zone)
    for instant in instants:
        assert cache.cell("a", instant)[0] == local_date(instant, zone).toordinal()


def test_every_hour_of_a_dst_change_day() -> None:
    # Clocks in London go forward at 01:00 UTC on 29 March 2026; Kolkata's midnight is at 18:30 UTC.
    for zone in ("Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "America/New_York"):
        cache = calendar(zone, Granularity.DAY)
        start = pendulum.datetime(2026, 3, 27, tz="UTC")
        for step in range(4 * 24 * 4):
            instant = start.add(minutes=15 * step)
            assert cache.cell("a", instant)[0] == local_date(instant, zone).toordinal()


def test_instants_in_a_daylight_saving_zone_of_their_own() -> None:
    cache = calendar("Asia/Tokyo")
    london = pendulum.timezone("Europe/London")
    # 01:30 on 25 October 2026 happens twice in London (fold 0 is BST, fold 1 is GMT).
    for fold in (0, 1):
        instant = dt.datetime(2026, 10, 25, 1, 30, fold=fold, tzinfo=london)
        assert cache.cell("a", instant)[0] == local_date(instant, "Asia/Tokyo").toordinal()
    ordinary = pendulum.datetime(2026, 7, 1, 16, tz="Europe/London")
    assert cache.cell("a", ordinary)[0] == dt.date(2026, 7, 2).toordinal()


class _Generic(dt.tzinfo):
    """A tzinfo that is neither a fixed offset nor a ZoneInfo (always two hours ahead)."""

    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return None if moment is None else dt.timedelta(hours=2)

    def dst(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return dt.timedelta(0)

    def tzname(self, moment: dt.datetime | None) -> str:
        return "PLUS2"


def test_other_tzinfo_classes_and_odd_offsets_take_the_exact_path() -> None:
    cache = calendar("UTC")
    generic = dt.datetime(2026, 3, 1, 1, tzinfo=_Generic())
    assert cache.cell("a", generic)[0] == dt.date(2026, 2, 28).toordinal()
    odd = dt.datetime(2026, 3, 1, 0, 0, 0, tzinfo=dt.timezone(dt.timedelta(microseconds=1)))
    assert cache.cell("a", odd)[0] == dt.date(2026, 2, 28).toordinal()


def test_unknown_area_is_bucketed_in_utc() -> None:
    cache = calendar("Asia/Tokyo")
    instant = pendulum.datetime(2026, 3, 31, 23, 30, tz="UTC")
    assert cache.cell("elsewhere", instant)[0] == dt.date(2026, 3, 31).toordinal()
    assert cache.cell("a", instant)[0] == dt.date(2026, 4, 1).toordinal()


def report(occurred: dt.datetime, observed: dt.datetime) -> Interaction:
    fields: dict[str, Any] = {"occurred_at": occurred, "observed_at": observed, "channel": "app",
                              "initiator": "resident", "kind": "suspicious_activity_report"}  # fmt: skip
    return Interaction(id="i", area_id="a", **fields)


@given(aware_datetimes(), st.integers(0, 10**11), st.booleans())
def test_hours_to_report_is_bit_for_bit_the_models(
    occurred: pendulum.DateTime, micros: int, same_zone: bool
) -> None:
    observed = occurred - dt.timedelta(microseconds=micros)
    if not same_zone:
        observed = pendulum.instance(observed).in_timezone("UTC")
    item = report(occurred, observed)
    assert hours_to_report(item.occurred_at, item.observed_at) == item.hours_to_report  # type: ignore[arg-type]


def test_hours_to_report_with_fixed_offsets() -> None:
    zone = FixedTimezone(-5 * 3600 - 1800)
    occurred = pendulum.DateTime(2026, 3, 1, 4, 0, 0, 123_457, tzinfo=zone)
    observed = pendulum.DateTime(2026, 2, 28, 23, 59, 59, 999_999, tzinfo=zone)
    item = report(occurred, observed)
    assert hours_to_report(occurred, observed) == item.hours_to_report


def test_an_offset_change_inside_an_hour_of_the_source_clock_is_converted_exactly() -> None:
    # London springs forward at 01:00 UTC, which is 01:30 on a +00:30 clock: that clock's
    # hour 01 has two local offsets, so its instants are converted one by one.
    cache = calendar("Europe/London", Granularity.DAY)
    half_hour = FixedTimezone(1800)
    for minute in (0, 29, 31, 59):
        instant = pendulum.DateTime(2026, 3, 29, 1, minute, tzinfo=half_hour)
        assert cache.cell("a", instant)[0] == local_date(instant, "Europe/London").toordinal()
    # On 25 October London falls back at 01:00 UTC (the same 01:30 on the +00:30 clock).
    late = pendulum.DateTime(2026, 10, 25, 23, 50, tzinfo=half_hour)
    assert cache.cell("a", late)[0] == local_date(late, "Europe/London").toordinal()


def test_an_hour_holding_a_local_midnight_is_split_at_that_second() -> None:
    # Midnight in Kolkata (+05:30) is 18:30 UTC: the UTC hour 18 holds two local days.
    cache = calendar("Asia/Kolkata", Granularity.MONTH)
    utc = FixedTimezone(0)
    before = pendulum.DateTime(2026, 3, 31, 18, 29, 59, 999_999, tzinfo=utc)
    after = pendulum.DateTime(2026, 3, 31, 18, 30, tzinfo=utc)
    assert cache.cell("a", before)[0] == dt.date(2026, 3, 31).toordinal()
    assert cache.cell("a", after)[0] == dt.date(2026, 4, 1).toordinal()
    assert cache.period(cache.cell("a", after)[1] or 0).label == "2026-04"
