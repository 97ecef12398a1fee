"""Tests for trustops.time._period."""

from __future__ import annotations

import datetime as dt
import pickle

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops.time import Granularity, Period, TimeError

D = pendulum.Date

LABELS = [
    ("2026-03-14", Granularity.DAY, D(2026, 3, 14), D(2026, 3, 14)),
    ("2026-W11", Granularity.WEEK, D(2026, 3, 9), D(2026, 3, 15)),
    ("2026-W01", Granularity.WEEK, D(2025, 12, 29), D(2026, 1, 4)),
    ("2026-W53", Granularity.WEEK, D(2026, 12, 28), D(2027, 1, 3)),
    ("2026-03", Granularity.MONTH, D(2026, 3, 1), D(2026, 3, 31)),
    ("2024-02", Granularity.MONTH, D(2024, 2, 1), D(2024, 2, 29)),
    ("2026-12", Granularity.MONTH, D(2026, 12, 1), D(2026, 12, 31)),
    ("2026-Q1", Granularity.QUARTER, D(2026, 1, 1), D(2026, 3, 31)),
    ("2026-Q4", Granularity.QUARTER, D(2026, 10, 1), D(2026, 12, 31)),
    ("2026", Granularity.YEAR, D(2026, 1, 1), D(2026, 12, 31)),
]


@pytest.mark.parametrize(("label", "granularity", "start", "end"), LABELS)
def test_parse_and_label(label: str, granularity: Granularity, start: D, end: D) -> None:
    period = Period.parse(label)
    assert period == Period(granularity, start, end)
    assert period.label == label == str(period)
    assert type(period.start) is pendulum.Date
    assert Period.containing(end, granularity) == period


def test_containing_week_uses_iso_week_year() -> None:
    assert Period.containing(D(2027, 1, 1), "week").label == "2026-W53"
    assert Period.containing(D(2021, 1, 3), Granularity.WEEK).label == "2020-W53"
    assert Period.containing(D(2024, 12, 30), "week").label == "2025-W01"


def test_containing_accepts_standard_library_dates() -> None:
    assert Period.containing(dt.date(2026, 5, 17), "quarter") == Period.parse("2026-Q2")


@pytest.mark.parametrize(
    ("label", "following", "preceding"),
    [
        ("2026-12-31", "2027-01-01", "2026-12-30"),
        ("2026-W53", "2027-W01", "2026-W52"),
        ("2026-01", "2026-02", "2025-12"),
        ("2026-Q1", "2026-Q2", "2025-Q4"),
        ("2026", "2027", "2025"),
    ],
)
def test_next_and_previous(label: str, following: str, preceding: str) -> None:
    period = Period.parse(label)
    assert period.next().label == following
    assert period.previous().label == preceding
    assert period.next().previous() == period


def test_ordering_is_chronological_within_a_granularity() -> None:
    labels = ["2026-03", "2025-12", "2026-01", "2026-02"]
    assert [p.label for p in sorted(map(Period.parse, labels))] == sorted(labels)
    assert Period.parse("2026-03") < Period.parse("2026-04")


def test_hashable_and_picklable() -> None:
    period = Period.parse("2026-W11")
    assert {period: 1}[Period.parse("2026-W11")] == 1
    assert pickle.loads(pickle.dumps(period)) == period


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2026-13", "no month 13"),
        ("2026-00", "no month 0"),
        ("2026-02-30", "no day 30 in 2026-02"),
        ("2026-04-00", "no day 0"),
        ("2026-W54", "ISO year 2026 has weeks 1 to 53"),
        ("2025-W53", "ISO year 2025 has weeks 1 to 52"),
        ("2026-W00", "weeks 1 to 53"),
        ("2026-Q5", "no quarter 5"),
        ("2026-Q0", "no quarter 0"),
        ("0000", "no year 0"),
        ("2026-3", "expected a period label"),
        ("26-03", "expected a period label"),
        ("2026-03 ", "expected a period label"),
        ("", "expected a period label"),
        (202603, "expected a period label"),
    ],
)
def test_parse_rejects_bad_labels(label: object, message: str) -> None:
    with pytest.raises(TimeError, match=message):
        Period.parse(label)  # type: ignore[arg-type]


def test_constructor_checks_bounds() -> None:
    with pytest.raises(TimeError, match=r"bounds of a month \(2026-03-01 to 2026-03-31\)"):
        Period(Granularity.MONTH, D(2026, 3, 2), D(2026, 3, 31))
    with pytest.raises(TimeError, match="bounds of a week"):
        Period("week", D(2026, 3, 9), D(2026, 3, 16))
    with pytest.raises(TimeError, match="expected a granularity"):
        Period("fortnight", D(2026, 3, 9), D(2026, 3, 22))
    with pytest.raises(TimeError, match="calendar date for a period bound"):
        Period("day", pendulum.datetime(2026, 3, 9), D(2026, 3, 9))
    with pytest.raises(TimeError, match="calendar date for a period bound"):
        Period("day", "2026-03-09", D(2026, 3, 9))  # type: ignore[arg-type]


def test_constructor_accepts_standard_library_dates() -> None:
    period = Period("month", dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert type(period.end) is pendulum.Date
    assert period == Period.parse("2026-03")


def test_containing_refuses_instants() -> None:
    with pytest.raises(TimeError, match=r"use trustops\.time\.period_of"):
        Period.containing(pendulum.datetime(2026, 3, 1), "month")
    with pytest.raises(TimeError, match="expected a calendar date"):
        Period.containing("2026-03-01", "month")  # type: ignore[arg-type]


def test_edges_of_the_calendar() -> None:
    with pytest.raises(TimeError, match="no period after 9999"):
        Period.parse("9999").next()
    with pytest.raises(TimeError, match="no period before 0001"):
        Period.parse("0001-01").previous()
    with pytest.raises(TimeError, match="reaches outside years 1 to 9999"):
        Period.containing(D(9999, 12, 31), "week")
    assert Period.parse("0001-W01").start == D(1, 1, 1)


@given(st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 1)),
       st.sampled_from(list(Granularity)))  # fmt: skip
def test_containing_contains_and_round_trips(day: dt.date, granularity: Granularity) -> None:
    period = Period.containing(day, granularity)
    assert period.start <= day <= period.end
    assert Period.parse(period.label) == period
    assert period.next().start.toordinal() == period.end.toordinal() + 1
    assert period.previous().end.toordinal() == period.start.toordinal() - 1
    assert period.previous() < period < period.next()
