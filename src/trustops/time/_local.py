"""Local dates of instants in a named time zone, and the periods they fall in."""

from __future__ import annotations

import datetime as _dt
import functools

import pendulum

from ._errors import TimeError
from ._granularity import Granularity
from ._period import Period

_SECOND = _dt.timedelta(seconds=1)

__all__ = ["day_start", "local_date", "period_of", "zone"]


@functools.lru_cache(maxsize=1024)
def zone(timezone: str) -> pendulum.Timezone:
    """The :class:`pendulum.Timezone` named ``timezone`` (an IANA name such as ``"Asia/Tokyo"``).

    An unknown name or a fixed offset such as ``"+01:00"`` raises
    :class:`~trustops.time.TimeError`. pendulum's ``Timezone`` is a ``zoneinfo.ZoneInfo``,
    so it also works with the standard library's ``datetime.astimezone``.

    >>> from trustops.time import zone
    >>> zone("Asia/Tokyo").key
    'Asia/Tokyo'
    """
    found: object = None
    if isinstance(timezone, str):
        try:
            found = pendulum.timezone(timezone)
        except ValueError:  # pendulum's InvalidTimezone is a ValueError
            found = None
    if not isinstance(found, pendulum.Timezone):
        raise TimeError(
            f"expected an IANA time zone name such as 'Europe/London', got {timezone!r}"
        )
    return found


def local_date(instant: _dt.datetime, timezone: str) -> pendulum.Date:
    """The calendar date that ``instant`` falls on in ``timezone``.

    ``instant`` must be timezone-aware; a naive datetime raises
    :class:`~trustops.time.TimeError` (trustops never guesses a zone). The conversion is exact
    across daylight-saving changes.

    >>> import pendulum
    >>> from trustops.time import local_date
    >>> local_date(pendulum.datetime(2026, 3, 31, 23, 30, tz="UTC"), "Asia/Tokyo")
    Date(2026, 4, 1)
    >>> local_date(pendulum.datetime(2026, 3, 31, 23, 30, tz="UTC"), "America/New_York")
    Date(2026, 3, 31)
    """
    if not isinstance(instant, _dt.datetime) or instant.utcoffset() is None:
        raise TimeError(f"expected a timezone-aware date and time, got {instant!r}")
    # Through a plain datetime: the standard library's astimezone on a pendulum DateTime goes
    # through pendulum's own arithmetic and lands an hour off next to daylight-saving changes.
    offset = instant.utcoffset()
    assert offset is not None  # checked above
    utc = _dt.datetime(
        instant.year, instant.month, instant.day, instant.hour, instant.minute, instant.second,
        instant.microsecond, tzinfo=_dt.UTC,
    ) - offset  # fmt: skip
    local = utc.astimezone(zone(timezone))
    return pendulum.Date(local.year, local.month, local.day)


def period_of(instant: _dt.datetime, timezone: str, granularity: Granularity | str) -> Period:
    """The period of ``granularity`` that ``instant`` falls in, in the local time of ``timezone``.

    >>> import pendulum
    >>> from trustops.time import period_of
    >>> period_of(pendulum.datetime(2026, 3, 31, 23, 30, tz="UTC"), "Asia/Tokyo", "month").label
    '2026-04'
    """
    return Period.containing(local_date(instant, timezone), granularity)


def day_start(day: _dt.date, timezone: str) -> pendulum.DateTime:
    """The first instant of the local date ``day`` in ``timezone``, in UTC.

    Exact where a daylight-saving change skips or repeats local midnight: the day starts at
    the earliest instant whose local date is ``day``.

    >>> import pendulum
    >>> from trustops.time import day_start
    >>> day_start(pendulum.date(2026, 4, 1), "Asia/Tokyo")
    DateTime(2026, 3, 31, 15, 0, 0, tzinfo=Timezone('UTC'))
    >>> day_start(pendulum.date(2024, 9, 8), "America/Santiago")  # 00:00 is skipped
    DateTime(2024, 9, 8, 4, 0, 0, tzinfo=Timezone('UTC'))
    """
    target = zone(timezone)
    candidates = []
    for fold in (0, 1):
        local = _dt.datetime(day.year, day.month, day.day, fold=fold, tzinfo=target)
        candidates.append(local.astimezone(_dt.UTC))
    low, high = min(candidates), max(candidates)
    if low.astimezone(target).date() < day:  # midnight falls inside a gap: find its end
        while high - low > _SECOND:
            middle = low + (high - low) // 2
            if middle.astimezone(target).date() < day:
                low = middle
            else:
                high = middle
        low = high
    return pendulum.instance(low, tz="UTC")
