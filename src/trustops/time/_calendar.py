"""Fast, exact bucketing of many instants into local days and periods of their areas' zones.

Converting each instant with ``in_timezone`` costs microseconds; a log of a million
interactions touches only a few thousand distinct (zone, source zone, date) triples. For each
triple the cache holds, per hour of the instant's own clock, the local day in the target zone
and the period that day falls in. An hour in which the local day is not constant is marked:
when a local midnight falls inside it (zones with half-hour offsets) it is split at that
second; when the offset changes inside it, its instants are converted exactly one by one, as
is every instant whose time zone object is neither a fixed offset nor a
``zoneinfo.ZoneInfo``.

The tables rely on one fact of the tz database: a zone's UTC offset never changes twice within
one day, so equal offsets at both ends of a day mean no change inside it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Final
from zoneinfo import ZoneInfo

from ._granularity import Granularity
from ._local import local_date, zone
from ._period import Period

__all__ = ["Cell", "HourTable", "LocalCalendar"]

Cell = tuple[int, int | None]
"""A local day ordinal and the key of the period it falls in (``None`` without periods)."""
HourTable = tuple[Cell | None, ...]
"""One cell per hour 0-23 of the source clock; ``None`` where the hour needs exact conversion."""

_EPOCH_ORDINAL: Final = _dt.date(1970, 1, 1).toordinal()
_DAY: Final = 86_400
_HOUR: Final = 3_600
_UTC: Final = _dt.UTC
_toordinal = _dt.date.toordinal


def _whole_seconds(offset: _dt.timedelta) -> int | None:
    """``offset`` in seconds, or ``None`` for the rare offsets with a fraction of a second."""
    return None if offset.microseconds else offset.days * _DAY + offset.seconds


def _offset_at(seconds: int, target: _dt.tzinfo) -> int:
    """UTC offset of ``target``, in seconds, at ``seconds`` after the Unix epoch."""
    moment = _dt.datetime(1970, 1, 1, tzinfo=_UTC) + _dt.timedelta(seconds=seconds)
    offset = moment.astimezone(target).utcoffset()
    assert offset is not None  # a zone always has an offset for an aware instant
    return int(offset.total_seconds())


def _source_offset(source: _dt.tzinfo, ordinal: int) -> int | None:
    """The one UTC offset of ``source`` throughout the local date ``ordinal``, if it has one."""
    fixed = source.utcoffset(None)
    if fixed is not None:
        return _whole_seconds(fixed)
    if not isinstance(source, ZoneInfo):
        return None
    day = _dt.date.fromordinal(ordinal)
    first = _dt.datetime(day.year, day.month, day.day, tzinfo=source)
    last = _dt.datetime(day.year, day.month, day.day, 23, 59, 59, 999_999, tzinfo=source)
    offsets = {moment.replace(fold=fold).utcoffset() for moment in (first, last) for fold in (0, 1)}
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    assert offset is not None  # ZoneInfo always answers for aware datetimes
    return _whole_seconds(offset)


class LocalCalendar:
    """Local day ordinals and period keys of instants, in the zones of their areas.

    ``zones`` maps an area id to its IANA zone name (areas not in it use UTC).
    Converting each instant with ``in_timezone`` costs microseconds; a log of a million
    instants touches only a few thousand distinct (zone, source zone, date) triples, so the
    calendar caches, per triple, the local day and period of each hour of the source clock
    (see the module notes of :mod:`trustops.time`). The results equal
    :func:`~trustops.time.local_date` and :meth:`~trustops.time.Period.containing` exactly.
    ``granularity`` (or ``None``) chooses the periods; a period key is the ordinal of the
    period's first day, and :meth:`period` turns it back into a :class:`~trustops.time.Period`.
    """

    def __init__(self, zones: dict[str, str], granularity: Granularity | None) -> None:
        self._zone_names = zones
        self._granularity = granularity
        self._periods: dict[int, Period] = {}
        self._cells: dict[int, Cell] = {}
        self._zone_tables: dict[tuple[str, int, int], HourTable] = {}
        # (zone, id of source tzinfo, date, hour) → (second of local midnight, cells before, after)
        self._splits: dict[tuple[str, int, int, int], tuple[int, Cell, Cell]] = {}
        # Per tzinfo (kept alive here, so its id() cannot be reused): area → date → table.
        self._by_source: dict[int, tuple[_dt.tzinfo, dict[str, dict[int, HourTable]]]] = {}

    def period_key(self, day: int) -> int | None:
        """The key of the period that the local day ``day`` (an ordinal) falls in."""
        if self._granularity is None:
            return None
        period = Period.containing(_dt.date.fromordinal(day), self._granularity)
        key = period.start.toordinal()
        self._periods.setdefault(key, period)
        return key

    def period(self, key: int) -> Period:
        """The period whose key is ``key`` (also one found by another process's calendar)."""
        found = self._periods.get(key)
        if found is None:
            found = self._periods[key] = self._period_starting(key)
        return found

    def _period_starting(self, key: int) -> Period:
        assert self._granularity is not None  # keys exist only with a granularity
        return Period.containing(_dt.date.fromordinal(key), self._granularity)

    def tables(self, area: str, source: _dt.tzinfo | None) -> dict[int, HourTable]:
        """The cached hour tables, by local date ordinal, of ``area`` for instants in ``source``.

        Callers may look tables up directly and call :meth:`table` on a miss.
        """
        assert source is not None  # interactions hold aware instants
        entry = self._by_source.get(id(source))
        if entry is None:
            entry = self._by_source[id(source)] = (source, {})
        found = entry[1].get(area)
        if found is None:
            found = entry[1][area] = {}
        return found

    def table(self, area: str, instant: _dt.datetime) -> HourTable:
        """The hour table of ``instant``'s local date and zone for ``area`` (cached)."""
        source = instant.tzinfo
        tables = self.tables(area, source)
        ordinal = _toordinal(instant)
        found = tables.get(ordinal)
        if found is None:
            name = self._zone_names.get(area, "UTC")
            zone_key = (name, id(source), ordinal)
            found = self._zone_tables.get(zone_key)
            if found is None:
                assert source is not None  # checked by self.tables
                found = self._zone_tables[zone_key] = self._build(name, source, ordinal)
            tables[ordinal] = found
        return found

    def cell(self, area: str, instant: _dt.datetime) -> Cell:
        """The local day ordinal and period key of ``instant`` in ``area``'s zone."""
        found = self.table(area, instant)[instant.hour]
        if found is None:
            return self.exact(area, instant)
        return found

    def exact(self, area: str, instant: _dt.datetime) -> Cell:
        """Like :meth:`cell`, for an instant whose hour table has no cell (the slow path).

        An hour with a local midnight inside it (zones with half-hour offsets) is split at
        that second; an hour with an offset change inside it is converted exactly.
        """
        name = self._zone_names.get(area, "UTC")
        split = self._splits.get((name, id(instant.tzinfo), _toordinal(instant), instant.hour))
        if split is not None:
            at, before, after = split
            return before if instant.minute * 60 + instant.second < at else after
        return self._cell(local_date(instant, name).toordinal())

    def _build(self, name: str, source: _dt.tzinfo, ordinal: int) -> HourTable:
        offset = _source_offset(source, ordinal)
        if offset is None:
            return (None,) * 24
        target = zone(name)
        start = (ordinal - _EPOCH_ORDINAL) * _DAY - offset
        local_offset = _offset_at(start, target)
        whole_day = local_offset == _offset_at(start + _DAY, target)
        cells: list[Cell | None] = []
        for hour in range(24):
            first = start + hour * _HOUR
            last = first + _HOUR - 1
            if not whole_day:
                local_offset = _offset_at(first, target)
                if _offset_at(last, target) != local_offset:
                    cells.append(None)
                    continue
            day = (first + local_offset) // _DAY
            if (last + local_offset) // _DAY != day:  # a local midnight inside the hour
                self._splits[name, id(source), ordinal, hour] = (
                    (day + 1) * _DAY - local_offset - first,  # seconds into the hour
                    self._cell(day + _EPOCH_ORDINAL),
                    self._cell(day + 1 + _EPOCH_ORDINAL),
                )
                cells.append(None)
                continue
            cells.append(self._cell(day + _EPOCH_ORDINAL))
        return tuple(cells)

    def _cell(self, day: int) -> Cell:
        """The cell of local day ``day``, made once per day (so tables share their cells)."""
        found = self._cells.get(day)
        if found is None:
            found = self._cells[day] = (day, self.period_key(day))
        return found
