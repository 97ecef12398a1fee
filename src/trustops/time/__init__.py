"""Periods and the bucketing of instants into an area's own local calendar.

An instant belongs to the day, ISO week, month, quarter or year it falls in *in the local time
of its area's zone*: 23:30 UTC on 31 March is already April in Tokyo. Conversions are exact
across daylight-saving changes.

>>> import pendulum
>>> from trustops.time import Granularity, period_of
>>> period_of(pendulum.datetime(2026, 3, 31, 23, 30, tz="UTC"), "Asia/Tokyo", Granularity.MONTH)
Period(granularity=<Granularity.MONTH: 'month'>, start=Date(2026, 4, 1), end=Date(2026, 4, 30))
"""

from ._calendar import LocalCalendar
from ._errors import TimeError
from ._granularity import Granularity, to_granularity
from ._local import day_start, local_date, period_of, zone
from ._offsets import FIRST_SECOND, LAST_SECOND, utc_offsets
from ._period import Period

__all__ = [
    "FIRST_SECOND",
    "LAST_SECOND",
    "Granularity",
    "LocalCalendar",
    "Period",
    "TimeError",
    "day_start",
    "local_date",
    "period_of",
    "to_granularity",
    "utc_offsets",
    "zone",
]
