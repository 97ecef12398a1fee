"""The UTC offsets of a zone over the supported years, from the one time-zone database.

Columnar engines bucket instants into local days with these offsets instead of their own
time-zone data (DuckDB's ICU, for one, differs from the IANA database Python reads: it drops
Amsterdam's +00:19:32 before 1937 and has other future rules for Casablanca), so that every
engine's local day is the reference engine's.
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib
import importlib.resources
import os
import struct
import zoneinfo
from typing import Any, Final

from ._calendar import _offset_at
from ._local import zone

__all__ = ["FIRST_SECOND", "LAST_SECOND", "utc_offsets"]

FIRST_SECOND: Final = int(_dt.datetime(1900, 1, 1, tzinfo=_dt.UTC).timestamp())
"""The first second (after the Unix epoch) of the supported years, 1900-01-01T00:00Z."""
LAST_SECOND: Final = int(_dt.datetime(2200, 1, 1, tzinfo=_dt.UTC).timestamp()) - 1
"""The last second of the supported years, 2199-12-31T23:59:59Z."""

_WEEK: Final = 7 * 86_400  # changes by a zone's rules are months apart: weekly samples find them


def _tzif(name: str) -> bytes:
    """The TZif data of ``name`` where :mod:`zoneinfo` finds it (empty when it does not)."""
    for folder in zoneinfo.TZPATH:
        path = os.path.join(folder, *name.split("/"))
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                return handle.read()
    try:
        found = importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
        return found.read_bytes()
    except (ImportError, OSError, ValueError):
        return b""


def _listed(data: bytes) -> tuple[list[int], str]:
    """The transition times a TZif file lists (its 64-bit block where it has one) and its
    footer, the rule of the times after them (empty without one)."""
    if len(data) < 44 or not data.startswith(b"TZif"):
        return [], ""
    isut, isstd, leap, times, types, chars = struct.unpack(">6l", data[20:44])
    if data[4:5] < b"2":
        return list(struct.unpack(f">{times}l", data[44 : 44 + 4 * times])), ""
    start = 44 + times * 5 + types * 6 + chars + leap * 8 + isstd + isut + 44
    isut, isstd, leap, times, types, chars = struct.unpack(">6l", data[start - 24 : start])
    listed = list(struct.unpack(f">{times}q", data[start : start + 8 * times]))
    after = start + times * 9 + types * 6 + chars + leap * 12 + isstd + isut
    footer = data[after:].strip(b"\n").split(b"\n")[0].decode("ascii", "replace")
    return listed, footer


def _by_rule(footer: str, since: int) -> list[int] | None:
    """The times the footer's rule changes the offset after ``since`` in the supported years,
    or ``None`` when they cannot be worked out here (then they are searched for)."""
    if not footer:
        return []
    try:
        # the rule as zoneinfo itself reads it (its pure-Python twin's parser)
        rule: Any = importlib.import_module("zoneinfo._zoneinfo")._parse_tz_str(footer)
        if not hasattr(rule, "transitions"):
            return []  # one offset for ever
        std = rule.std.utcoff.total_seconds()
        dst = rule.dst.utcoff.total_seconds()
        first = _dt.datetime.fromtimestamp(max(since, FIRST_SECOND), _dt.UTC).year - 1
        found = []
        for year in range(first, 2201):
            start, end = rule.transitions(year)
            found += [int(start - std), int(end - dst)]
    except Exception:  # a private reading: any surprise means searching instead
        return None
    return found


def _searched(target: Any, since: int) -> list[int]:
    """Every second after ``since`` at which the offset changes, found by weekly samples
    (changes a zone's rules make are months apart) and bisection."""
    found = []
    before = since
    offset = _offset_at(before, target)
    for point in [*range(since + _WEEK, LAST_SECOND + 1, _WEEK), LAST_SECOND]:
        now = _offset_at(point, target)
        if now != offset:
            low, high = before, point  # one change in between: find its second
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_at(middle, target) == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
        before, offset = point, now
    return found


@functools.lru_cache(maxsize=256)
def utc_offsets(timezone: str) -> tuple[tuple[int, int], ...]:
    """Where the UTC offset of ``timezone`` changes in the supported years: pairs of (the
    first second after the Unix epoch of an offset, the offset in seconds), the first at
    :data:`~trustops.time.FIRST_SECOND`, as the reference engine's conversions (:func:`~trustops.time.local_date`) have them.

    The times the zone's TZif file lists, and those its closing rule gives after them, are
    each checked against the zone itself; without them, the years are searched weekly, each
    change found to the second.

    >>> from trustops.time import utc_offsets
    >>> utc_offsets("UTC")
    ((-2208988800, 0),)
    >>> utc_offsets("Europe/Amsterdam")[:2]
    ((-2208988800, 1172), (-1693700372, 4772))
    """
    target = zone(timezone)
    listed, footer = _listed(_tzif(timezone))
    since = max([FIRST_SECOND, *listed])
    later = _by_rule(footer, since) if listed else None
    candidates = [*listed, *(_searched(target, since) if later is None else later)]
    found = [(FIRST_SECOND, _offset_at(FIRST_SECOND, target))]
    for second in sorted({t for t in candidates if FIRST_SECOND < t <= LAST_SECOND}):
        now = _offset_at(second, target)
        if now != found[-1][1]:
            found.append((second, now))
    return tuple(found)
