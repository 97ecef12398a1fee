"""Tests of trustops.testing's time zone and instant strategies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pendulum
from hypothesis import given
from pendulum.tz.timezone import FixedTimezone

from trustops.model._checks import is_valid_timezone
from trustops.testing import AWKWARD_TIMEZONES, aware_datetimes, dates, timezones
from trustops.testing._time import _transitions


def test_awkward_timezones_are_all_known_iana_names() -> None:
    assert all(is_valid_timezone(name) for name in AWKWARD_TIMEZONES)
    for name in ("Asia/Kathmandu", "Pacific/Chatham", "Australia/Lord_Howe", "America/St_Johns"):
        assert name in AWKWARD_TIMEZONES


@given(timezones())
def test_timezones_are_valid(name: str) -> None:
    assert is_valid_timezone(name)


@given(aware_datetimes())
def test_aware_datetimes_are_aware_pendulum_instants(instant: pendulum.DateTime) -> None:
    assert type(instant) is pendulum.DateTime
    assert instant.utcoffset() is not None
    assert instant.timezone is not None
    # A real instant: converting to UTC and back gives the same wall clock and offset.
    back = instant.in_timezone("UTC").in_timezone(instant.timezone)
    assert (back.naive(), back.utcoffset()) == (instant.naive(), instant.utcoffset())


@given(aware_datetimes(timezones=["Asia/Tokyo"], fixed_offsets=False, min_year=2024, max_year=2025))
def test_aware_datetimes_respect_zone_and_year_pins(instant: pendulum.DateTime) -> None:
    assert instant.timezone_name == "Asia/Tokyo"
    assert 2023 <= instant.year <= 2026  # within three hours of the range


def test_aware_datetimes_reach_the_repeated_hour_in_london(reach: Callable[..., Any]) -> None:
    found = reach(
        aware_datetimes(timezones=["Europe/London"], fixed_offsets=False),
        lambda d: d.fold == 1 and d.month == 10 and d.hour == 1,
    )
    assert found.utcoffset() == dt.timedelta(0)


def test_aware_datetimes_reach_lord_howe_half_hour_daylight_saving(
    reach: Callable[..., Any],
) -> None:
    found = reach(
        aware_datetimes(timezones=["Australia/Lord_Howe"], fixed_offsets=False),
        lambda d: d.utcoffset() == dt.timedelta(hours=11),
    )
    assert found.timezone_name == "Australia/Lord_Howe"


def test_aware_datetimes_reach_odd_fixed_offsets(reach: Callable[..., Any]) -> None:
    found = reach(
        aware_datetimes(),
        lambda d: (
            isinstance(d.tzinfo, FixedTimezone)
            and d.utcoffset() == dt.timedelta(hours=5, minutes=45)
        ),
    )
    assert found.utcoffset() == dt.timedelta(hours=5, minutes=45)


def test_transitions_find_each_change_to_the_second() -> None:
    # London 2025: clocks forward 30 March 01:00 UTC, back 26 October 01:00 UTC.
    expected = [
        int(dt.datetime(2025, 3, 30, 1, tzinfo=dt.UTC).timestamp()),
        int(dt.datetime(2025, 10, 26, 1, tzinfo=dt.UTC).timestamp()),
    ]
    assert list(_transitions("Europe/London", 2025)) == expected
    assert _transitions("Asia/Tokyo", 2025) == ()


@given(dates(min_year=2020, max_year=2021))
def test_dates_are_pendulum_dates_in_range(day: pendulum.Date) -> None:
    assert type(day) is pendulum.Date
    assert 2020 <= day.year <= 2021
