"""Periods: one day, ISO week, month, quarter or year of the calendar, with stable labels."""

from __future__ import annotations

import datetime as _dt
import re

import attrs
import pendulum

from ._errors import TimeError
from ._granularity import Granularity, to_granularity

__all__ = ["Period"]

_LABEL = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|W(?P<week>\d{2})|Q(?P<quarter>\d)))?"
)
_FIRST_ORDINAL = _dt.date.min.toordinal()
_LAST_ORDINAL = _dt.date.max.toordinal()


def _month_end(year: int, month: int) -> _dt.date:
    if month == 12:
        return _dt.date(year, 12, 31)
    return _dt.date(year, month + 1, 1) - _dt.timedelta(days=1)


def _bounds(day: _dt.date, granularity: Granularity) -> tuple[pendulum.Date, pendulum.Date]:
    """First and last day of the period of ``granularity`` that contains ``day``."""
    if granularity is Granularity.DAY:
        start = end = day
    elif granularity is Granularity.WEEK:
        first = day.toordinal() - day.weekday()
        if first < _FIRST_ORDINAL or first + 6 > _LAST_ORDINAL:
            raise TimeError(f"the ISO week of {day.isoformat()} reaches outside years 1 to 9999")
        start, end = _dt.date.fromordinal(first), _dt.date.fromordinal(first + 6)
    elif granularity is Granularity.MONTH:
        start, end = day.replace(day=1), _month_end(day.year, day.month)
    elif granularity is Granularity.QUARTER:
        first_month = day.month - (day.month - 1) % 3
        start, end = _dt.date(day.year, first_month, 1), _month_end(day.year, first_month + 2)
    else:
        start, end = _dt.date(day.year, 1, 1), _dt.date(day.year, 12, 31)
    return pendulum.Date(start.year, start.month, start.day), pendulum.Date(
        end.year, end.month, end.day
    )


def _to_date(value: _dt.date) -> pendulum.Date:
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise TimeError(f"expected a calendar date for a period bound, got {value!r}")
    if type(value) is pendulum.Date:
        return value
    return pendulum.Date(value.year, value.month, value.day)


@attrs.frozen(order=True)
class Period:
    """One period of the calendar: a day, an ISO week, a month, a quarter or a year.

    ``start`` and ``end`` are both inclusive. Periods are hashable and ordered (by
    granularity, then start), so they work as dictionary keys and sort chronologically.
    The :attr:`label` is the stable text form and ``str(period)`` returns it:

    ==========  ==============
    day         ``2026-03-14``
    week        ``2026-W11`` (ISO 8601 week and week-year)
    month       ``2026-03``
    quarter     ``2026-Q1``
    year        ``2026``
    ==========  ==============

    Build periods with :meth:`containing` or :meth:`parse`; the constructor checks that
    ``start`` and ``end`` are exactly the bounds of a period of that granularity.

    >>> import pendulum
    >>> from trustops.time import Period
    >>> march = Period.containing(pendulum.Date(2026, 3, 14), "month")
    >>> march.label, march.start, march.end
    ('2026-03', Date(2026, 3, 1), Date(2026, 3, 31))
    >>> str(march.next()), str(Period.parse("2026-W01").previous())
    ('2026-04', '2025-W52')
    """

    granularity: Granularity = attrs.field(converter=to_granularity)
    start: pendulum.Date = attrs.field(converter=_to_date)
    end: pendulum.Date = attrs.field(converter=_to_date)

    def __attrs_post_init__(self) -> None:
        start, end = _bounds(self.start, self.granularity)
        if self.start != start or self.end != end:
            raise TimeError(
                f"expected the bounds of a {self.granularity.value} ({start} to {end}), "
                f"got {self.start} to {self.end}",
            )

    @classmethod
    def containing(cls, day: _dt.date, granularity: Granularity | str) -> Period:
        """The period of ``granularity`` that contains the calendar date ``day``.

        ``day`` must be a date, not a datetime: to bucket an instant, use
        :func:`~trustops.time.period_of`, which first finds its local date in a time zone.

        >>> import pendulum
        >>> Period.containing(pendulum.Date(2026, 1, 1), "week").label
        '2026-W01'
        >>> Period.containing(pendulum.Date(2027, 1, 1), "week").label
        '2026-W53'
        """
        if isinstance(day, _dt.datetime) or not isinstance(day, _dt.date):
            raise TimeError(
                f"expected a calendar date, got {day!r}; "
                "use trustops.time.period_of(instant, timezone, granularity) for instants"
            )
        unit = to_granularity(granularity)
        start, end = _bounds(day, unit)
        return cls(unit, start, end)

    @classmethod
    def parse(cls, label: str) -> Period:
        """The period that a label names.

        Labels: ``2026-03-14``, ``2026-W11``, ``2026-03``, ``2026-Q1`` or ``2026``.
        A label that is not one of these forms, or names no real period (``2026-02-30``,
        ``2026-W54``, ``2026-Q5``), raises :class:`~trustops.time.TimeError`.

        >>> Period.parse("2026-Q1").end
        Date(2026, 3, 31)
        """
        match = _LABEL.fullmatch(label) if isinstance(label, str) else None
        if match is None:
            raise TimeError(
                f"expected a period label like '2026-03-14', '2026-W11', '2026-03', '2026-Q1' "
                f"or '2026', got {label!r}"
            )
        year = int(match["year"])
        if year < 1:
            raise TimeError(f"no year 0 in period label {label!r}")
        if match["week"] is not None:
            week = int(match["week"])
            last_week = _dt.date(year, 12, 28).isocalendar().week
            if not 1 <= week <= last_week:
                raise TimeError(f"ISO year {year} has weeks 1 to {last_week}, not {label!r}")
            return cls.containing(_dt.date.fromisocalendar(year, week, 1), Granularity.WEEK)
        if match["quarter"] is not None:
            quarter = int(match["quarter"])
            if not 1 <= quarter <= 4:
                raise TimeError(f"no quarter {quarter} in period label {label!r}")
            return cls.containing(_dt.date(year, 3 * quarter - 2, 1), Granularity.QUARTER)
        if match["month"] is None:
            return cls.containing(_dt.date(year, 1, 1), Granularity.YEAR)
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise TimeError(f"no month {month} in period label {label!r}")
        if match["day"] is None:
            return cls.containing(_dt.date(year, month, 1), Granularity.MONTH)
        day = int(match["day"])
        if not 1 <= day <= _month_end(year, month).day:
            raise TimeError(f"no day {day} in {year:04d}-{month:02d} in period label {label!r}")
        return cls.containing(_dt.date(year, month, day), Granularity.DAY)

    @property
    def label(self) -> str:
        """The stable text form of the period (see the table above)."""
        granularity = self.granularity
        start = self.start
        if granularity is Granularity.DAY:
            return start.isoformat()
        if granularity is Granularity.WEEK:
            iso = start.isocalendar()
            return f"{iso.year:04d}-W{iso.week:02d}"
        if granularity is Granularity.MONTH:
            return f"{start.year:04d}-{start.month:02d}"
        if granularity is Granularity.QUARTER:
            return f"{start.year:04d}-Q{(start.month + 2) // 3}"
        return f"{start.year:04d}"

    def next(self) -> Period:
        """The period of the same granularity that follows this one.

        >>> Period.parse("2026-12").next().label
        '2027-01'
        """
        if self.end.toordinal() == _LAST_ORDINAL:
            raise TimeError(f"no period after {self.label}: dates end at 9999-12-31")
        return Period.containing(_dt.date.fromordinal(self.end.toordinal() + 1), self.granularity)

    def previous(self) -> Period:
        """The period of the same granularity that comes just before this one.

        >>> Period.parse("2026-01-01").previous().label
        '2025-12-31'
        """
        if self.start.toordinal() == _FIRST_ORDINAL:
            raise TimeError(f"no period before {self.label}: dates begin at 0001-01-01")
        return Period.containing(_dt.date.fromordinal(self.start.toordinal() - 1), self.granularity)

    def __str__(self) -> str:
        return self.label
