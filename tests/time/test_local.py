"""Tests for trustops.time._local: local dates and periods of instants in an area's zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops.testing import timezones
from trustops.time import Period, TimeError, day_start, local_date, period_of, zone

ZONES = ["UTC", "Asia/Tokyo", "Europe/London", "America/New_York", "Asia/Kolkata",
         "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"]  # fmt: skip


def test_tokyo_is_already_april() -> None:
    instant = pendulum.datetime(2026, 3, 31, 23, 30, tz="UTC")
    assert local_date(instant, "Asia/Tokyo") == pendulum.Date(2026, 4, 1)
    assert period_of(instant, "Asia/Tokyo", "month") == Period.parse("2026-04")
    assert period_of(instant, "UTC", "month") == Period.parse("2026-03")
    assert period_of(instant, "America/Los_Angeles", "day").label == "2026-03-31"


def test_near_midnight_utc_falls_on_the_previous_local_day_west_of_greenwich() -> None:
    instant = pendulum.datetime(2026, 1, 1, 0, 15, tz="UTC")
    assert local_date(instant, "America/New_York") == pendulum.Date(2025, 12, 31)
    assert period_of(instant, "America/New_York", "year").label == "2025"
    assert period_of(instant, "Europe/Berlin", "year").label == "2026"


def test_result_is_a_pendulum_date() -> None:
    day = local_date(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), "Europe/London")
    assert type(day) is pendulum.Date


def test_dst_change_in_london_neither_loses_nor_duplicates_an_instant() -> None:
    # Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
    london = "Europe/London"
    start = pendulum.datetime(2026, 3, 28, 0, tz="UTC")
    days = [local_date(start.add(minutes=15 * step), london) for step in range(4 * 72)]
    counts = {day: days.count(day) for day in set(days)}
    # 28 March has 24 local hours; 29 March only 23 (clocks skip from 01:00 to 02:00).
    assert counts[pendulum.Date(2026, 3, 28)] == 4 * 24
    assert counts[pendulum.Date(2026, 3, 29)] == 4 * 23
    autumn = pendulum.datetime(2026, 10, 24, 23, tz="UTC")
    octobers = [local_date(autumn.add(minutes=15 * s), london) for s in range(4 * 26)]
    assert octobers.count(pendulum.Date(2026, 10, 25)) == 4 * 25


def test_dst_week_in_new_york() -> None:
    # 8 March 2026 (Sunday) is the spring-forward day; 05:30 UTC on the 9th is 01:30 EDT on the 9th.
    ny = "America/New_York"
    assert local_date(pendulum.datetime(2026, 3, 9, 3, 30, tz="UTC"), ny) == pendulum.Date(
        2026, 3, 8
    )
    assert local_date(pendulum.datetime(2026, 3, 9, 4, 30, tz="UTC"), ny) == pendulum.Date(
        2026, 3, 9
    )
    assert period_of(pendulum.datetime(2026, 3, 9, 3, 30, tz="UTC"), ny, "week").label == "2026-W10"
    assert period_of(pendulum.datetime(2026, 3, 9, 4, 30, tz="UTC"), ny, "week").label == "2026-W11"


def test_instant_in_a_fixed_offset_is_converted() -> None:
    instant = pendulum.parse("2026-03-31T20:30:00-05:00")
    assert isinstance(instant, pendulum.DateTime)
    assert local_date(instant, "Asia/Tokyo") == pendulum.Date(2026, 4, 1)


@given(
    st.datetimes(
        min_value=dt.datetime(1971, 1, 1),
        max_value=dt.datetime(2037, 12, 31),
        timezones=st.just(dt.UTC),
    ),
    st.sampled_from(ZONES),
)
def test_agrees_with_the_standard_library(instant: dt.datetime, name: str) -> None:
    expected = instant.astimezone(zoneinfo.ZoneInfo(name)).date()
    assert local_date(instant, name) == expected
    assert local_date(pendulum.instance(instant), name) == expected


def test_naive_instant_is_refused() -> None:
    with pytest.raises(TimeError, match="timezone-aware"):
        local_date(dt.datetime(2026, 3, 1, 12), "UTC")
    with pytest.raises(TimeError, match="timezone-aware"):
        local_date(dt.date(2026, 3, 1), "UTC")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["Mars/Olympus", "+01:00", "", 3])
def test_unknown_zone_is_refused(name: object) -> None:
    with pytest.raises(TimeError, match="IANA time zone name"):
        local_date(pendulum.datetime(2026, 3, 1, tz="UTC"), name)  # type: ignore[arg-type]


def test_zone_is_a_zoneinfo() -> None:
    assert isinstance(zone("Asia/Tokyo"), zoneinfo.ZoneInfo)
    assert zone("Asia/Tokyo") is zone("Asia/Tokyo")


@given(st.dates(min_value=dt.date(1970, 1, 2), max_value=dt.date(2100, 1, 1)), timezones())
def test_day_start_is_the_first_instant_of_the_local_day(day: dt.date, name: str) -> None:
    first = day_start(day, name)
    assert local_date(first, name) == day
    assert local_date(first - dt.timedelta(microseconds=1), name) < day


def test_day_start_where_midnight_is_skipped() -> None:
    # Santiago skipped from 00:00 to 01:00 on 8 September 2024.
    assert day_start(dt.date(2024, 9, 8), "America/Santiago") == pendulum.datetime(
        2024, 9, 8, 4, tz="UTC"
    )


@pytest.mark.parametrize(
    ("instant", "zone_name", "expected"),
    [
        # 03:00 UTC on 4 November 2007 is 23:00 EDT on the 3rd, hours before New York's clocks
        # go back; converting the pendulum DateTime directly gave the 4th.
        (
            pendulum.datetime(2007, 11, 4, 3, tz="UTC"),
            "America/New_York",
            pendulum.date(2007, 11, 3),
        ),
        (
            pendulum.datetime(2026, 3, 8, 4, 30, tz="UTC"),
            "America/New_York",
            pendulum.date(2026, 3, 7),
        ),
        (
            pendulum.DateTime(2026, 10, 25, 0, 30, tzinfo=pendulum.FixedTimezone(0)),
            "Europe/London",
            pendulum.date(2026, 10, 25),
        ),
    ],
)
def test_local_date_next_to_a_daylight_saving_change(
    instant: pendulum.DateTime, zone_name: str, expected: pendulum.Date
) -> None:
    assert local_date(instant, zone_name) == expected


def test_local_date_agrees_with_the_standard_library_every_half_hour_of_a_year() -> None:
    for name in ("America/New_York", "Europe/London", "Australia/Lord_Howe", "America/St_Johns"):
        target = zoneinfo.ZoneInfo(name)
        start = pendulum.datetime(2007, 1, 1, tz="UTC")
        for step in range(365 * 48):
            instant = start.add(minutes=30 * step)
            plain = dt.datetime.fromtimestamp(instant.int_timestamp, dt.UTC)
            assert local_date(instant, name) == plain.astimezone(target).date(), (name, instant)
