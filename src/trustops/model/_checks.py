"""Validators and converters shared by the model classes.

Every failure raises :class:`~trustops.FieldError` naming the field and what was expected, so
readers can turn it into a located reject (``$.occurred_at``).
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
import re
from collections.abc import Mapping
from typing import Any, Final, TypeVar

import attrs
import pendulum
from pendulum.tz.timezone import FixedTimezone

from .._errors import FieldError
from ._errors import OffsetError

__all__ = [
    "END_INSTANT",
    "FIRST_INSTANT",
    "ID_MAX_LENGTH",
    "TEXT_MAX_LENGTH",
    "as_fixed_offset",
    "check_id",
    "check_multiline_text",
    "check_optional_id",
    "check_text",
    "check_timezone",
    "describe_value",
    "is_valid_timezone",
    "to_date",
    "to_datetime",
    "to_duration_minutes",
    "to_id",
    "to_optional_date",
]

ID_MAX_LENGTH: Final = 128
"""Longest identifier accepted, in characters."""
TEXT_MAX_LENGTH: Final = 10_000
"""Longest free text accepted, in characters."""

_E = TypeVar("_E", bound=enum.Enum)
"""A field named by a string or by its attrs ``Attribute`` (as converters receive it)."""

_NEW_DATETIME: Final = _dt.datetime.__new__  # pendulum.DateTime keeps datetime's constructor
_FIXED_ZONES: dict[_dt.tzinfo | None, FixedTimezone] = {}  # by datetime.timezone
_KNOWN_ZONES: dict[str, bool] = {}


def describe_value(value: object) -> str:
    """``repr(value)`` cut to 60 characters, for messages.

    >>> from trustops.model import describe_value
    >>> describe_value("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    """
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def to_id(value: object, field: str) -> str:
    """An identifier: a non-empty string of at most 128 printable characters, no outer spaces."""
    if (
        type(value) is str
        and value
        and len(value) <= ID_MAX_LENGTH
        and value.isprintable()
        and value.strip() == value
    ):
        return value
    if type(value) is not str:
        raise FieldError(field, f"expected an identifier string, got {describe_value(value)}")
    raise FieldError(
        field,
        f"expected 1 to {ID_MAX_LENGTH} printable characters without leading or trailing "
        f"spaces, got {describe_value(value)}",
    )


def check_id(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An identifier, as an attrs validator: a non-empty string of at most 128 printable
    characters without leading or trailing spaces; anything else raises
    :class:`~trustops.FieldError` naming the field.

    >>> import attrs
    >>> from trustops.model import check_id
    >>> @attrs.frozen
    ... class Tag:
    ...     id: str = attrs.field(validator=check_id)
    >>> Tag(" t1")
    Traceback (most recent call last):
    ...
    trustops._errors.FieldError: id: expected 1 to 128 printable characters without leading or trailing spaces, got ' t1'
    """
    to_id(value, attribute.name)


def check_optional_id(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Like :func:`check_id`, but ``None`` is allowed."""
    if value is not None and (
        type(value) is not str
        or not value
        or len(value) > ID_MAX_LENGTH
        or not value.isprintable()
        or value.strip() != value
    ):
        check_id(inst, attribute, value)  # raises with the message


_CONTROLS: Final = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_LINE_BREAKS: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _to_text(value: object, field: str, *, multiline: bool) -> None:
    if type(value) is not str:
        raise FieldError(field, f"expected text, got {describe_value(value)}")
    if not value.strip() or len(value) > TEXT_MAX_LENGTH:
        raise FieldError(
            field,
            f"expected 1 to {TEXT_MAX_LENGTH} characters of text, got {describe_value(value)}",
        )
    control = (_CONTROLS_BUT_LINE_BREAKS if multiline else _CONTROLS).search(value)
    if control is not None:
        allowed = "tabs and line breaks" if multiline else "one line"
        raise FieldError(
            field,
            f"expected text without control characters ({allowed}), got "
            f"{control.group()!r} at character {control.start() + 1:,}; remove it",
        )


def check_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Free text on one line (a name, a unit): a non-blank string of at most 10,000
    characters without control characters (C0, DEL and C1: no tab, line break, escape or
    bell), so that no text can drive a terminal or break a table's row.

    >>> import attrs
    >>> from trustops.model import check_text
    >>> @attrs.frozen
    ... class Tag:
    ...     name: str = attrs.field(validator=check_text)
    >>> Tag("Riverside\\x1b]8;;https://example.org\\x07")
    Traceback (most recent call last):
    ...
    trustops._errors.FieldError: name: expected text without control characters (one line), got '\\x1b' at character 10; remove it
    """
    _to_text(value, attribute.name, multiline=False)


def check_multiline_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Free text that may run over lines (a description, a question's wording): like
    :func:`check_text`, but tabs and line breaks (``\\t``, ``\\n``, ``\\r``) are allowed.

    >>> import attrs
    >>> from trustops.model import check_multiline_text
    >>> @attrs.frozen
    ... class Note:
    ...     text: str = attrs.field(validator=check_multiline_text)
    >>> Note("First line\\nsecond line").text
    'First line\\nsecond line'
    >>> Note("Ring\\a")
    Traceback (most recent call last):
    ...
    trustops._errors.FieldError: text: expected text without control characters (tabs and line breaks), got '\\x07' at character 5; remove it
    """
    _to_text(value, attribute.name, multiline=True)


def is_valid_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone name that pendulum knows (``"Europe/London"``)."""
    known = _KNOWN_ZONES.get(name)
    if known is None:
        try:
            zone = pendulum.timezone(name)
        except Exception:  # pendulum raises several kinds for unknown names
            known = False
        else:
            known = not isinstance(zone, FixedTimezone)
        _KNOWN_ZONES[name] = known
    return known


def check_timezone(value: object, field: str = "timezone") -> str:
    """``value`` when it is an IANA time zone name an area may have, else a
    :class:`~trustops.FieldError` naming ``field`` (``'localtime'``, the zone of whichever
    machine reads the data, and the leap-second ``right/`` zones are refused too).

    >>> from trustops.model import check_timezone
    >>> check_timezone("Europe/London")
    'Europe/London'
    >>> check_timezone("Mars/Olympus", "naive_zone")
    Traceback (most recent call last):
    ...
    trustops._errors.FieldError: naive_zone: expected an IANA time zone name such as 'Europe/London', got 'Mars/Olympus'
    """
    if value == "localtime":
        raise FieldError(
            field,
            "'localtime' is the zone of whichever machine reads the data; name its IANA "
            "zone instead, such as 'Europe/London'",
        )
    if type(value) is str and value.startswith("right/") and is_valid_timezone(value):
        raise FieldError(
            field,
            f"{value!r} counts leap seconds, which timestamps do not; use "
            f"{value.removeprefix('right/')!r}",
        )
    if type(value) is not str or not is_valid_timezone(value):
        raise FieldError(
            field, f"expected an IANA time zone name such as 'Europe/London', got {value!r}"
        )
    return value


def _zone_of(value: _dt.datetime) -> FixedTimezone:
    """The fixed-offset zone of ``value``'s UTC offset (made once per offset)."""
    offset = value.utcoffset()
    if offset is None:
        raise OffsetError(
            f"expected a timezone-aware date and time, got naive {value.isoformat()!r}; "
            "add a UTC offset such as +00:00"
        )
    key = _dt.timezone(offset)  # equal for equal offsets, whatever the source zone
    zone = _FIXED_ZONES.get(key)
    if zone is None:
        if offset.microseconds:
            raise OffsetError(
                f"expected a UTC offset in whole seconds, got {value.isoformat()!r}; "
                "round the offset to the second"
            )
        zone = _FIXED_ZONES[key] = FixedTimezone(offset.days * 86_400 + offset.seconds)
    return zone


def as_fixed_offset(value: _dt.datetime) -> pendulum.DateTime:
    """``value`` as a pendulum ``DateTime`` with its UTC offset as a fixed zone.

    The instant and the offset are kept; a named zone is replaced by the offset in force at
    that instant, honouring ``fold``. Raises :class:`OffsetError` for a naive ``value`` or
    an offset with a fraction of a second (a fixed zone holds whole seconds).

    >>> import datetime as dt
    >>> from zoneinfo import ZoneInfo
    >>> from trustops.model import as_fixed_offset
    >>> as_fixed_offset(dt.datetime(2026, 7, 1, 9, tzinfo=ZoneInfo("Europe/London"))).isoformat()
    '2026-07-01T09:00:00+01:00'
    """
    source = value.tzinfo
    zone = _FIXED_ZONES.get(source) if type(source) is _dt.timezone else None
    if zone is None:
        zone = _zone_of(value)
    return _NEW_DATETIME(
        pendulum.DateTime,
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        zone,
    )


MIN_YEAR: Final = 1900
"""The first year of the supported range of timestamps, in UTC (and of dates)."""
MAX_YEAR: Final = 2199
"""The last year of the supported range of timestamps, in UTC (and of dates): every
computation (local calendars in any zone, periods, differences) can take an instant in
1900–2199, so ``validate`` refusing anything outside keeps its promise (METHODS §2;
``0001-01-01`` or ``9999-12-31`` with an extreme offset would overflow later)."""
FIRST_INSTANT: Final = _dt.datetime(MIN_YEAR, 1, 1, tzinfo=_dt.UTC)
"""The first supported instant, ``1900-01-01T00:00:00Z``. The range is checked on an
instant's UTC value, the same way whatever its offset, format or engine (METHODS §2): the
model declares it here, and the columnar rules of every SQL engine are made from it."""
END_INSTANT: Final = _dt.datetime(MAX_YEAR + 1, 1, 1, tzinfo=_dt.UTC)
"""The first instant *after* the supported range, ``2200-01-01T00:00:00Z`` (excluded):
``2199-12-31T23:00-05:00`` is ``2200-01-01T04:00Z`` and out of range."""
MAX_POPULATION: Final = 10**10
"""The largest population accepted (more than the world's): every rate can be computed."""
MAX_DURATION_MINUTES: Final = 1_000_000.0
"""The longest ``duration_minutes`` accepted (about 694 days): a billion of them still add up
to a finite total, so every engine can sum and average them."""
MIN_SURVEY_WEIGHT: Final = 1e-6
"""The smallest design weight a survey response may carry."""
MAX_SURVEY_WEIGHT: Final = 1e6
"""The largest design weight a survey response may carry: weights from
:data:`MIN_SURVEY_WEIGHT` to this keep every weighted sum, raking step and effective n finite
and above 0 (``1e308`` overflowed, ``5e-324`` gave NaN)."""


def _check_year(value: pendulum.DateTime, field: str) -> pendulum.DateTime:
    if not FIRST_INSTANT <= value < END_INSTANT:
        raise FieldError(
            field,
            f"expected a date and time in the years {MIN_YEAR} to {MAX_YEAR} in UTC, "
            f"got {value.isoformat()!r}",
        )
    return value


def to_datetime(value: object, field: str) -> pendulum.DateTime:
    """Convert an aware :class:`datetime.datetime` to a pendulum ``DateTime`` with a fixed offset.

    The instant and its UTC offset are kept; a named zone (``Europe/London``) is replaced by
    the offset in force at that instant (``+01:00``), honouring ``fold`` in the repeated hour
    when clocks go back. Stored values therefore round-trip through ISO-8601 text exactly;
    grouping by local time uses each area's own zone, not the zone of the timestamp.

    A naive datetime, an offset with a fraction of a second, an instant outside the years
    :data:`MIN_YEAR`–:data:`MAX_YEAR` *in UTC* (from :data:`FIRST_INSTANT` to before
    :data:`END_INSTANT`, the supported range, whatever the offset), or anything that is not
    a datetime raises :class:`~trustops.FieldError`: trustops never guesses a time zone.

    >>> import datetime as dt
    >>> from trustops.model._checks import to_datetime
    >>> to_datetime(dt.datetime(2199, 12, 31, 18, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
    ...             "occurred_at")
    DateTime(2199, 12, 31, 18, 0, 0, tzinfo=FixedTimezone(-18000, name="-05:00"))
    >>> to_datetime(dt.datetime(2199, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
    ...             "occurred_at")
    Traceback (most recent call last):
    ...
    trustops._errors.FieldError: occurred_at: expected a date and time in the years 1900 to 2199 in UTC, got '2199-12-31T23:00:00-05:00'
    """
    if type(value) is pendulum.DateTime and type(value.tzinfo) is FixedTimezone:
        if MIN_YEAR < value.year < MAX_YEAR:  # inside by more than any offset: no UTC needed
            return value
        return _check_year(value, field)
    if not isinstance(value, _dt.datetime):
        raise FieldError(
            field, f"expected a timezone-aware date and time, got {describe_value(value)}"
        )
    try:
        fixed = as_fixed_offset(value)
    except OffsetError as error:
        raise FieldError(field, str(error)) from None
    return _check_year(fixed, field)


def check_order(start: pendulum.Date | None, end: pendulum.Date | None) -> None:
    """Raise :class:`~trustops.FieldError` on ``end`` when both are set and ``end`` is before
    ``start`` (dates, or instants compared as instants)."""
    if start is not None and end is not None and end < start:
        raise FieldError("end", f"expected an end on or after start {start}, got {end}")


def to_date(value: object, field: str) -> pendulum.Date:
    """Convert a :class:`datetime.date` (not a datetime) to a pendulum ``Date``; a year
    outside :data:`MIN_YEAR`–:data:`MAX_YEAR` (1900–2199) raises :class:`~trustops.FieldError`."""
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise FieldError(field, f"expected a calendar date, got {describe_value(value)}")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise FieldError(
            field,
            f"expected a date in the years {MIN_YEAR} to {MAX_YEAR}, got {value.isoformat()!r}",
        )
    if type(value) is pendulum.Date:
        return value
    return pendulum.Date(value.year, value.month, value.day)


def to_optional_date(value: object, field: str) -> pendulum.Date | None:
    """:func:`to_date`, letting ``None`` through."""
    return None if value is None else to_date(value, field)


def non_negative_int(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An optional whole number ≥ 0 (``True`` is not a number)."""
    if value is not None and (type(value) is not int or value < 0):
        raise FieldError(
            attribute.name, f"expected a whole number >= 0, got {describe_value(value)}"
        )


def population_count(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An optional whole number from 0 to :data:`MAX_POPULATION` (10¹⁰).

    JSON readers hand on whole numbers beyond the 64-bit range as floats; those are named
    as too large too."""
    if type(value) is float and (value > MAX_POPULATION):
        raise FieldError(
            attribute.name,
            f"expected a population of at most {MAX_POPULATION:,}, got {describe_value(value)}",
        )
    non_negative_int(_inst, attribute, value)
    if isinstance(value, int) and value > MAX_POPULATION:
        digits = int(value.bit_length() * 0.30103) + 1
        raise FieldError(
            attribute.name,
            f"expected a population of at most {MAX_POPULATION:,}, got a number of about "
            f"{digits:,} digits",
        )


def positive_int(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An optional whole number ≥ 1 (``True`` is not a number)."""
    if value is not None and (type(value) is not int or value < 1):
        raise FieldError(
            attribute.name, f"expected a whole number >= 1, got {describe_value(value)}"
        )


def to_finite_float(value: object, field: str) -> float:
    """A finite real number as a float; booleans, NaN and infinities are refused.

    >>> from trustops.model import to_finite_float
    >>> to_finite_float(3, "weight")
    3.0
    >>> to_finite_float(float("nan"), "weight")
    Traceback (most recent call last):
    ...
    trustops._errors.FieldError: weight: expected a finite number, got nan
    """
    if type(value) is float:
        if math.isfinite(value):
            return value
    elif type(value) is int:
        return float(value)
    raise FieldError(field, f"expected a finite number, got {describe_value(value)}")


def to_duration_minutes(value: object, field: str) -> float:
    """A number of minutes from 0 to :data:`MAX_DURATION_MINUTES` (1,000,000) as a float."""
    number = to_finite_float(value, field)
    if not 0 <= number <= MAX_DURATION_MINUTES:
        raise FieldError(
            field,
            f"expected a number of minutes from 0 to {MAX_DURATION_MINUTES:,.0f}, "
            f"got {describe_value(value)}",
        )
    return number


def check_bool(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Exactly ``True`` or ``False``, as an attrs validator (``1`` and ``"yes"`` are refused).

    >>> import attrs
    >>> from trustops.model import check_bool
    >>> @attrs.frozen
    ... class Flag:
    ...     on: bool = attrs.field(validator=check_bool)
    >>> Flag(1)
    Traceback (most recent call last):
    ...
    trustops._errors.FieldError: on: expected true or false, got 1
    """
    if type(value) is not bool:
        raise FieldError(attribute.name, f"expected true or false, got {describe_value(value)}")


def to_enum(enum_type: type[_E], value: object, field: str) -> _E:
    """``value`` as a member of ``enum_type``: a member, or the string value of one.

    >>> from trustops.model import Initiator, to_enum
    >>> to_enum(Initiator, "staff", "initiator")
    <Initiator.STAFF: 'staff'>
    >>> to_enum(Initiator, "robot", "initiator")
    Traceback (most recent call last):
    ...
    trustops._errors.FieldError: initiator: expected one of 'resident', 'staff', got 'robot'
    """
    if type(value) is enum_type:
        return value
    member = enum_type._value2member_map_.get(value) if type(value) is str else None
    if member is None:
        allowed = ", ".join(repr(m.value) for m in enum_type)
        raise FieldError(field, f"expected one of {allowed}, got {describe_value(value)}")
    return member  # type: ignore[return-value]


def to_id_tuple(value: object, field: str) -> tuple[str, ...]:
    """A sequence of distinct identifiers as a tuple (strings themselves are refused)."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise FieldError(field, f"expected a list of identifiers, got {describe_value(value)}")
    seen: set[str] = set()
    for index, item in enumerate(value):
        if type(item) is not str:
            raise FieldError(
                f"{field}[{index}]", f"expected an identifier, got {describe_value(item)}"
            )
        if not item or len(item) > ID_MAX_LENGTH or not item.isprintable() or item.strip() != item:
            raise FieldError(
                f"{field}[{index}]", f"expected an identifier, got {describe_value(item)}"
            )
        if item in seen:
            raise FieldError(f"{field}[{index}]", f"duplicate identifier {item!r}")
        seen.add(item)
    return tuple(value)


def to_str_mapping(value: object, field: str) -> dict[str, str]:
    """A mapping of identifier → short text (e.g. demographic attributes)."""
    if not isinstance(value, Mapping):
        raise FieldError(field, f"expected an object of names to text, got {describe_value(value)}")
    result: dict[str, str] = {}
    for key, item in value.items():
        if type(key) is not str or not key or not key.isprintable() or len(key) > ID_MAX_LENGTH:
            raise FieldError(
                field, f"expected attribute names as identifiers, got {describe_value(key)}"
            )
        if type(item) is not str or not item.isprintable() or len(item) > ID_MAX_LENGTH:
            raise FieldError(f"{field}.{key}", f"expected short text, got {describe_value(item)}")
        result[key] = item
    return result
