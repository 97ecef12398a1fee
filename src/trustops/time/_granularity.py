"""Period granularities: day, ISO week, month, quarter, year."""

from __future__ import annotations

import enum

from ._errors import TimeError

__all__ = ["Granularity", "to_granularity"]


class Granularity(enum.StrEnum):
    """How long a :class:`~trustops.time.Period` is.

    Weeks are ISO 8601 weeks (Monday to Sunday, labelled by ISO year: ``2026-W11``).
    The string values are stable.

    >>> from trustops.time import Granularity
    >>> Granularity("quarter")
    <Granularity.QUARTER: 'quarter'>
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_BY_VALUE = {member.value: member for member in Granularity}


def to_granularity(value: Granularity | str) -> Granularity:
    """Return ``value`` as a :class:`Granularity`, accepting its string value.

    Anything else raises :class:`~trustops.time.TimeError` listing the granularities.

    >>> from trustops.time import to_granularity
    >>> to_granularity("month")
    <Granularity.MONTH: 'month'>
    """
    member = _BY_VALUE.get(value) if isinstance(value, str) else None
    if member is None:
        allowed = ", ".join(repr(name) for name in _BY_VALUE)
        raise TimeError(f"expected a granularity ({allowed}), got {value!r}")
    return member
