"""Typing examples for trustops.time: checked by mypy --strict, never run."""

from __future__ import annotations

from typing import assert_type

import pendulum

from trustops.time import Granularity, Period, local_date, period_of, to_granularity

instant = pendulum.datetime(2026, 3, 29, 0, 30, tz="UTC")
assert_type(local_date(instant, "Europe/London"), pendulum.Date)

quarter = period_of(instant, "Europe/London", "quarter")  # a granularity by its value
assert_type(quarter, Period)
assert_type(quarter.start, pendulum.Date)
assert_type(quarter.next(), Period)
assert_type(Period.parse("2026-W13").granularity, Granularity)
assert_type(to_granularity("month"), Granularity)
period_of(instant, "Europe/London", 3)  # type: ignore[arg-type]  # a granularity, not a count
