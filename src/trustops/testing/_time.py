"""Strategies for time zones and timezone-aware instants, biased towards awkward cases."""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Sequence
from typing import Final

import pendulum
from hypothesis import strategies as st
from pendulum.tz.timezone import FixedTimezone

__all__ = ["AWKWARD_TIMEZONES", "aware_datetimes", "dates", "timezones"]

AWKWARD_TIMEZONES: Final = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Europe/Dublin",
    "Africa/Casablanca",
    "America/Sao_Paulo",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Pacific/Apia",
)
"""IANA zones that break naive assumptions: UTC, 45- and 30-minute offsets (Kathmandu, Chatham,
St John's, Kolkata), a half-hour daylight-saving shift (Lord Howe), the usual DST gaps and folds
(London, New York), negative DST (Dublin, Casablanca), the date line (Kiritimati +14,
Pago Pago −11, Apia) and zones whose rules changed (São Paulo)."""

_UTC: Final = _dt.UTC
_EPOCH: Final = _dt.datetime(1970, 1, 1, tzinfo=_UTC)
_AWKWARD_OFFSETS: Final = (0, 20_700, 45_900, -34_200, -12_600, 50_400, -43_200, 19_800)
"""Fixed offsets in seconds: 0, +05:45, +12:45, −09:30, −03:30, +14:00, −12:00, +05:30."""


def timezones() -> st.SearchStrategy[str]:
    """IANA time zone names drawn from :data:`~trustops.testing.AWKWARD_TIMEZONES`.

    They shrink towards ``"UTC"``.

    >>> from hypothesis import given
    >>> from trustops import Area
    >>> from trustops.testing import timezones
    >>> @given(timezones())
    ... def test(name):
    ...     assert Area(id="a", name="A", timezone=name).timezone == name
    >>> test()
    """
    return st.sampled_from(AWKWARD_TIMEZONES)


def dates(*, min_year: int = 2000, max_year: int = 2037) -> st.SearchStrategy[pendulum.Date]:
    """Calendar dates as :class:`pendulum.Date` between 1 January ``min_year`` and 31 December
    ``max_year``.

    >>> from hypothesis import given
    >>> from trustops.testing import dates
    >>> @given(dates(min_year=2024, max_year=2024))
    ... def test(day):
    ...     assert day.year == 2024
    >>> test()
    """
    return st.dates(_dt.date(min_year, 1, 1), _dt.date(max_year, 12, 31)).map(
        lambda day: pendulum.Date(day.year, day.month, day.day)
    )


@functools.lru_cache(maxsize=512)
def _transitions(zone: str, year: int) -> tuple[int, ...]:
    """UTC seconds of every change of ``zone``'s offset during ``year`` (to the second)."""
    tz = pendulum.timezone(zone)
    start = int(_dt.datetime(year, 1, 1, tzinfo=_UTC).timestamp())
    end = int(_dt.datetime(year + 1, 1, 1, tzinfo=_UTC).timestamp())
    step = 7 * 86_400

    def offset(seconds: int) -> _dt.timedelta | None:
        return _dt.datetime.fromtimestamp(seconds, tz).utcoffset()

    found: list[int] = []
    low = start
    while low < end:
        high = min(low + step, end)
        if offset(low) != offset(high):
            before, after = low, high
            while after - before > 1:
                middle = (before + after) // 2
                if offset(middle) == offset(before):
                    before = middle
                else:
                    after = middle
            found.append(after)
        low = high
    return tuple(found)


def _in_zone(seconds: int, microseconds: int, zone: str | FixedTimezone) -> pendulum.DateTime:
    instant = _EPOCH + _dt.timedelta(seconds=seconds, microseconds=microseconds)
    return pendulum.instance(instant).in_timezone(zone)


@st.composite
def _near_transition(
    draw: st.DrawFn, zones: st.SearchStrategy[str], min_year: int, max_year: int
) -> pendulum.DateTime:
    zone = draw(zones)
    year = draw(st.integers(min_year, max_year))
    changes = _transitions(zone, year)
    middle = (
        draw(st.sampled_from(changes))
        if changes
        else int(_dt.datetime(year, 7, 1, tzinfo=_UTC).timestamp())
    )
    if draw(st.booleans()):
        # A real instant within three hours of the change (folds appear when clocks go back).
        seconds = middle + draw(st.integers(-3 * 3600, 3 * 3600))
        return _in_zone(seconds, draw(st.integers(0, 999_999)), zone)
    # A wall-clock time near the change, resolved by pendulum (times in a gap move forward).
    local = _in_zone(middle, 0, zone).naive().add(minutes=draw(st.integers(-180, 180)))
    return pendulum.datetime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        tz=zone,
        fold=draw(st.integers(0, 1)),
    )


@st.composite
def _anywhere(
    draw: st.DrawFn,
    zones: st.SearchStrategy[str | FixedTimezone],
    min_year: int,
    max_year: int,
) -> pendulum.DateTime:
    low = int(_dt.datetime(min_year, 1, 1, tzinfo=_UTC).timestamp())
    high = int(_dt.datetime(max_year, 12, 31, 23, 59, 59, tzinfo=_UTC).timestamp())
    return _in_zone(draw(st.integers(low, high)), draw(st.integers(0, 999_999)), draw(zones))


def aware_datetimes(
    *,
    timezones: Sequence[str] | None = None,
    fixed_offsets: bool = True,
    min_year: int = 2000,
    max_year: int = 2037,
) -> st.SearchStrategy[pendulum.DateTime]:
    """Timezone-aware :class:`pendulum.DateTime` instants, biased towards the awkward ones.

    About half are drawn within three hours of a daylight-saving change of their zone (instants
    inside the repeated hour, with ``fold`` set, and wall-clock times that fell in a gap), the
    rest anywhere between ``min_year`` and ``max_year``. Zones come from ``timezones``
    (default :data:`~trustops.testing.AWKWARD_TIMEZONES`); unless ``fixed_offsets`` is false,
    some instants carry a fixed UTC offset instead (+05:45, −09:30, +14:00, ...). Every value
    is a real instant.

    >>> from hypothesis import given
    >>> from trustops.testing import aware_datetimes
    >>> @given(aware_datetimes(timezones=["Australia/Lord_Howe"]))
    ... def test(instant):
    ...     assert instant.utcoffset() is not None
    >>> test()
    """
    return _aware_datetimes(
        AWKWARD_TIMEZONES if timezones is None else tuple(timezones),
        fixed_offsets,
        min_year,
        max_year,
    )


@functools.cache
def _aware_datetimes(
    zone_names: tuple[str, ...], fixed_offsets: bool, min_year: int, max_year: int
) -> st.SearchStrategy[pendulum.DateTime]:
    # Made once per set of arguments: record strategies draw instants for every record.
    names = st.sampled_from(zone_names)
    zones: st.SearchStrategy[str | FixedTimezone] = names
    if fixed_offsets:
        zones = names | st.sampled_from(_AWKWARD_OFFSETS).map(FixedTimezone)
    return _anywhere(zones, min_year, max_year) | _near_transition(names, min_year, max_year)
