"""Tests for trustops.metrics._table: grouping, local periods, returning residents, errors."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import Area, Initiative, Interaction
from trustops.metrics import (
    GROUP_KEYS,
    METRIC_NAMES,
    EngagementAccumulator,
    EngagementTable,
    MetricsError,
    engagement_table,
)
from trustops.metrics import _accumulator as accumulator_module
from trustops.sample import generate
from trustops.testing import interactions
from trustops.time import Granularity, Period, TimeError, period_of

TOKYO = Area(id="shibuya", name="Shibuya", timezone="Asia/Tokyo", population=1000)
LONDON = Area(id="riverside", name="Riverside", timezone="Europe/London", population=0)
NEW_YORK = Area(id="harlem", name="Harlem", timezone="America/New_York")


def make(n: int, when: pendulum.DateTime, **fields: Any) -> Interaction:
    values: dict[str, Any] = {
        "id": f"i{n}",
        "occurred_at": when,
        "area_id": "shibuya",
        "kind": "conversation",
        "initiator": "resident",
        "channel": "in_person",
    }
    values.update(fields)
    return Interaction(**values)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(year, month, day, hour, minute, tz="UTC")


def test_instant_near_midnight_utc_is_bucketed_in_local_time() -> None:
    log = [
        make(1, utc(2026, 3, 31, 23, 30), resident_id="r1"),  # 08:30 on 1 April in Tokyo
        make(2, utc(2026, 3, 31, 23, 30), area_id="riverside", resident_id="r2"),  # 00:30 BST
        make(3, utc(2026, 3, 31, 23, 30), area_id="harlem", resident_id="r3"),  # 19:30 EDT
        make(4, utc(2026, 3, 31, 23, 30), area_id="nowhere", resident_id="r4"),  # UTC
    ]
    table = engagement_table(log, by=["area"], period="month", areas=[TOKYO, LONDON, NEW_YORK])
    assert [(r.keys["area"], r.keys["period"]) for r in table] == [
        ("harlem", "2026-03"),
        ("nowhere", "2026-03"),
        ("riverside", "2026-04"),
        ("shibuya", "2026-04"),
    ]
    assert table.row(area="shibuya", period="2026-04").period == Period.parse("2026-04")


def test_dst_change_week_by_day_and_week() -> None:
    # New York springs forward on Sunday 8 March 2026; its local days then start at 04:00 UTC.
    log = [
        make(n, when, area_id="harlem", resident_id="r1")
        for n, when in enumerate(
            [
                utc(2026, 3, 8, 4, 30),  # 23:30 EST, Saturday 7 March
                utc(2026, 3, 8, 5, 30),  # 00:30 EST, Sunday 8 March
                utc(2026, 3, 9, 3, 30),  # 23:30 EDT, Sunday 8 March
                utc(2026, 3, 9, 4, 30),  # 00:30 EDT, Monday 9 March (week 11)
            ]
        )
    ]
    days = engagement_table(log, by=["area"], period="day", areas=[NEW_YORK])
    assert [(r.keys["period"], r.metric("interactions").value) for r in days] == [
        ("2026-03-07", 1),
        ("2026-03-08", 2),
        ("2026-03-09", 1),
    ]
    weeks = engagement_table(log, by=["area"], period=Granularity.WEEK, areas=[NEW_YORK])
    assert [(r.keys["period"], r.metric("interactions").value) for r in weeks] == [
        ("2026-W10", 3),
        ("2026-W11", 1),
    ]
    week_10 = weeks.row(period="2026-W10")
    assert week_10.metric("repeat_engagement_rate").value == 1.0  # two local days: 7th and 8th
    assert week_10.metric("returning_share").value is None  # the first period of the table


def test_returning_share_across_gaps() -> None:
    def visit(n: int, month: int, resident: str, area: str = "shibuya") -> Interaction:
        return make(n, utc(2026, month, 10, 3), resident_id=resident, area_id=area)

    log = [
        visit(1, 1, "r1"), visit(2, 1, "r2"),  # January
        visit(3, 3, "r1"),  # nothing in February: March's previous period is empty
        visit(4, 4, "r1"), visit(5, 4, "r3"),  # April: r1 was also reached in March
        visit(6, 2, "r1", "riverside"),  # a second area, first active in February
    ]  # fmt: skip
    table = engagement_table(log, by=["area"], period="month", areas=[TOKYO, LONDON])
    returning = {
        (r.keys["area"], r.keys["period"]): (
            r.metric("returning_share").value,
            r.metric("returning_share").n,
        )
        for r in table
    }
    assert returning == {
        ("riverside", "2026-02"): (None, None),  # the data start on 10 January: partly seen
        ("shibuya", "2026-01"): (None, None),  # December is outside the data
        ("shibuya", "2026-03"): (0.0, 1),  # January's r1 is not "previous" to March
        ("shibuya", "2026-04"): (0.5, 2),
    }
    april = table.row(area="shibuya", period="2026-04").metric("returning_share")
    assert april.interval is not None
    # A window from the caller: the data cover January wholly in London, not in Tokyo.
    window = (utc(2026, 1, 1, 0), utc(2026, 4, 30, 0))
    table = engagement_table(log, by=["area"], period="month", areas=[TOKYO, LONDON], window=window)
    assert table.row(area="riverside", period="2026-02").metric("returning_share").value == 0.0
    assert table.row(area="shibuya", period="2026-03").metric("returning_share").value == 0.0


def test_returning_share_needs_the_previous_period_in_every_zone_of_the_row() -> None:
    # Grouped by nothing: the row of February holds a Tokyo and a London interaction.
    log = [
        make(1, utc(2026, 1, 1, 0, 30), resident_id="r1", area_id="riverside"),
        make(2, utc(2026, 2, 10, 3), resident_id="r1", area_id="riverside"),
        make(3, utc(2026, 2, 10, 3), resident_id="r2", area_id="shibuya"),
    ]
    # The data start at 00:30 on 1 January: January is only partly inside their window.
    alone = engagement_table(log[:2], by=[], period="month", areas=[TOKYO, LONDON])
    assert alone.row(period="2026-02").metric("returning_share").value is None
    window = (utc(2025, 12, 31, 0), utc(2026, 2, 28))
    both = engagement_table(log, by=[], period="month", areas=[TOKYO, LONDON], window=window)
    assert both.row(period="2026-02").metric("returning_share").value == 0.5
    late = (utc(2025, 12, 31, 16), utc(2026, 2, 28))  # 01:00 on 1 January in Tokyo
    shared = engagement_table(log, by=[], period="month", areas=[TOKYO, LONDON], window=late)
    assert shared.row(period="2026-02").metric("returning_share").value is None
    by_area = engagement_table(log, by=["area"], period="month", areas=[TOKYO, LONDON], window=late)
    assert by_area.row(area="riverside", period="2026-02").metric("returning_share").value == 1.0


def test_a_bad_window_is_an_error() -> None:
    with pytest.raises(MetricsError, match="window=\\(start, end\\)"):
        engagement_table([], window=(utc(2026, 1, 1),))  # type: ignore[arg-type]
    with pytest.raises(MetricsError, match="aware instant"):
        engagement_table([], window=(dt.datetime(2026, 1, 1), utc(2026, 1, 2)))
    with pytest.raises(MetricsError, match="after its end"):
        engagement_table([], window=(utc(2026, 1, 2), utc(2026, 1, 1)))


def test_without_period_there_is_no_returning_share() -> None:
    table = engagement_table([make(1, utc(2026, 3, 1), resident_id="r1")])
    assert table.period is None
    (row,) = table
    assert row.period is None
    assert "period" not in row.keys
    assert row.metric("returning_share").value is None


def test_population_of_an_area_or_of_the_programme_and_why_not() -> None:
    """Rates per 1,000 residents are for an area, or for the programme as a whole (every
    area given, summed); every other row says why it has none."""
    log = [make(1, utc(2026, 3, 1), resident_id="r1", kind="suspicious_activity_report")]
    by_area = engagement_table(log, areas=[TOKYO]).row(area="shibuya")
    assert by_area.metric("reach_per_1000").value == 1.0
    assert by_area.metric("reports_per_1000_residents").value == 1.0
    osaka = Area(id="namba", name="Namba", timezone="Asia/Tokyo", population=3000)
    overall = engagement_table(log, by=(), areas=[TOKYO, osaka]).rows[0]
    assert overall.keys == {}
    reach = overall.metric("reach_per_1000")
    assert (reach.value, reach.n, reach.status, reach.reason) == (0.25, 4000, "ok", None)
    monthly = engagement_table(log, by=(), period="month", areas=[TOKYO, osaka]).rows[0]
    assert monthly.metric("reports_per_1000_residents").value == 0.25

    def why(table: EngagementTable, name: str = "reach_per_1000") -> tuple[object, ...]:
        value = table.rows[0].metric(name)
        return value.value, value.status, value.reason

    assert why(engagement_table(log, by=("staff",), areas=[TOKYO])) == (
        None, "missing", "not grouped by area",
    )  # fmt: skip
    assert why(engagement_table(log, by=())) == (None, "missing", "no areas given")
    assert why(engagement_table(log, by=(), areas=[osaka])) == (
        None, "missing", "area 'shibuya' is not among the areas given",
    )  # fmt: skip
    assert why(engagement_table(log, by=(), areas=[TOKYO, NEW_YORK])) == (
        None, "missing", "area 'harlem' has no population",
    )  # fmt: skip
    assert why(engagement_table(log, areas=[osaka])) == (
        None, "missing", "area 'shibuya' is not among the areas given",
    )  # fmt: skip
    harlem = [make(3, utc(2026, 3, 1), area_id="harlem")]
    assert why(engagement_table(harlem, areas=[NEW_YORK])) == (
        None, "missing", "area 'harlem' has no population",
    )  # fmt: skip
    zero = engagement_table([make(2, utc(2026, 3, 1), area_id="riverside")], areas=[LONDON])
    assert why(zero) == (None, "missing", "the population is 0")
    assert zero.rows[0].metric("reach_per_1000").n == 0


def test_every_missing_value_says_its_own_reason() -> None:
    """The reason is the cause for this group, not the metric's list of causes."""
    march = make(1, utc(2026, 3, 10), resident_id="r1")
    april = make(2, utc(2026, 4, 10))  # nobody identified in April
    window = (utc(2026, 2, 1), utc(2026, 5, 1))
    monthly = engagement_table([march, april], period="month", areas=[TOKYO], window=window)
    first = monthly.row(area="shibuya", period="2026-03").metric("returning_share")
    assert (first.status, first.reason) == (
        "missing",
        "the data do not cover all of the previous period (2026-02)",
    )
    second = monthly.row(area="shibuya", period="2026-04").metric("returning_share")
    assert (second.value, second.reason) == (None, "nobody reached")
    whole = engagement_table([march, april], areas=[TOKYO]).rows[0].metric("returning_share")
    assert whole.reason == "no period grouping"
    row = monthly.row(area="shibuya", period="2026-04")
    assert row.metric("positive_share").reason == "no outcomes recorded"
    assert row.metric("median_hours_to_report").reason == "no report with observed_at"
    assert row.metric("interactions").reason is None
    columns = monthly.columns()
    for status, reason, value in zip(
        columns["status"], columns["reason"], columns["value"], strict=True
    ):
        assert (status == "missing") == (value is None) == (reason is not None)
    assert ";" not in "".join(r for r in columns["reason"] if r)


def test_initiatives_staff_and_kinds() -> None:
    workshop = Initiative(id="w1", programme_id="p", area_id="shibuya", name="Workshops",
                          kind="educational_workshop")  # fmt: skip
    patrol = Initiative(id="p1", programme_id="p", area_id="shibuya", name="Patrol",
                        kind="visible_patrol")  # fmt: skip
    talks = Initiative(id="w2", programme_id="p", area_id="shibuya", name="Talks",
                       kind="educational_workshop")  # fmt: skip
    log = [
        make(1, utc(2026, 3, 1), initiative_id="w1", staff_id="s1"),
        make(2, utc(2026, 3, 2), initiative_id="w2", staff_id="s1"),
        make(3, utc(2026, 3, 3), initiative_id="p1"),
        make(4, utc(2026, 3, 4)),
    ]
    by_initiative = engagement_table(log, by=["initiative"])
    assert [r.keys["initiative"] for r in by_initiative] == [None, "p1", "w1", "w2"]
    by_kind = engagement_table(log, by=["initiative_kind"], initiatives=[workshop, patrol, talks])
    assert [(r.keys["initiative_kind"], r.metric("interactions").value) for r in by_kind] == [
        (None, 1),
        ("educational_workshop", 2),
        ("visible_patrol", 1),
    ]
    both = engagement_table(
        log, by=["initiative_kind", "initiative"], initiatives=[workshop, patrol, talks]
    )
    assert both.row(initiative="w2").keys == {
        "initiative_kind": "educational_workshop",
        "initiative": "w2",
    }
    by_staff = engagement_table(log, by=["staff", "area"])
    assert by_staff.row(staff=None).metric("interactions").value == 2
    assert by_staff.row(staff="s1", area="shibuya").metric("active_staff").value == 1
    with pytest.raises(MetricsError, match="initiative 'p1', which is not among the initiatives"):
        engagement_table(log, by=["initiative_kind"], initiatives=[workshop, talks])


def test_to_records_and_row_lookup() -> None:
    log = [make(1, utc(2026, 3, 1), resident_id="r1"), make(2, utc(2026, 4, 1), area_id="x")]
    table = engagement_table(log, by=["area"], period="quarter", areas=[TOKYO])
    assert isinstance(table, EngagementTable)
    assert len(table) == 2
    assert table.by == ("area",)
    assert table.period is Granularity.QUARTER
    records = table.to_records()
    assert list(records[0]) == ["area", "period", *METRIC_NAMES]
    assert records[0]["area"] == "shibuya"
    assert records[0]["period"] == "2026-Q1"
    assert records[0]["interactions"] == 1
    assert table.row(area="x", period=Period.parse("2026-Q2")).keys["area"] == "x"
    with pytest.raises(KeyError, match="no row"):
        table.row(area="shibuya", period="2026-Q2")
    with pytest.raises(MetricsError, match="not grouped by 'staff'"):
        table.row(staff="s1")
    with pytest.raises(MetricsError, match="2 rows match"):
        table.row()
    with pytest.raises(MetricsError, match="no metric 'reach'"):
        table.rows[0].metric("reach")
    empty = engagement_table([], by=[])
    assert empty.rows == ()
    with pytest.raises(MetricsError, match="its keys are none"):
        empty.row(area="x")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"by": ["neighbourhood"]}, MetricsError, "cannot group by 'neighbourhood'"),
        ({"by": ["period"]}, MetricsError, "period='month'"),
        ({"by": ["area", "month"]}, MetricsError, r"period='month' \(on the command line: --"),
        ({"by": "area,week"}, MetricsError, r"by=\('area', 'week'\) \(on the command line"),
        ({"by": ["area", "area"]}, MetricsError, "each grouping once"),
        ({"period": "fortnight"}, TimeError, "expected a granularity"),
        ({"areas": [TOKYO, TOKYO]}, MetricsError, "Area 'shibuya' is given twice in areas"),
        ({"areas": ["shibuya"]}, MetricsError, "expected Area objects in areas"),
        ({"initiatives": [TOKYO]}, MetricsError, "expected Initiative objects in initiatives"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        engagement_table([], **kwargs)


def test_a_single_grouping_may_be_given_as_text() -> None:
    table = engagement_table([make(1, utc(2026, 3, 1))], by="area")
    assert table.by == ("area",)
    assert GROUP_KEYS == ("area", "initiative", "initiative_kind", "staff")


def test_non_interactions_are_refused() -> None:
    with pytest.raises(MetricsError, match="expected Interaction objects, got dict"):
        engagement_table([make(1, utc(2026, 3, 1)), {"id": "i2"}])  # type: ignore[list-item]


def test_errors_inside_the_iterable_pass_through() -> None:
    def broken() -> Any:
        yield make(1, utc(2026, 3, 1))
        raise AttributeError("the reader broke")

    class BrokenAtOnce:
        def __iter__(self) -> BrokenAtOnce:
            return self

        def __next__(self) -> Interaction:
            raise AttributeError("the reader broke")

    for source in (broken(), BrokenAtOnce()):
        with pytest.raises(AttributeError, match="the reader broke"):
            engagement_table(source)


@given(
    st.lists(
        interactions(area_ids=["a0", "a1", "a2"], resident_ids=["r1", "r2", "r3"],
                     staff_ids=["s1", "s2"], sessions=[]),
        max_size=12,
    ),
    st.integers(min_value=1, max_value=4),
)  # fmt: skip
def test_chunks_of_any_size_give_the_same_table(log: list[Interaction], size: int) -> None:
    whole = engagement_table(log, by=["area"], period="day", areas=AREAS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accumulator_module, "CHUNK", size)
        patch.setattr(accumulator_module, "SEQUENCE_CHUNK", size)
        for source in (log, iter(log)):
            assert engagement_table(source, by=["area"], period="day", areas=AREAS) == whole


def test_a_non_interaction_in_a_later_chunk_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accumulator_module, "CHUNK", 2)
    log = iter([make(1, utc(2026, 3, 1)), make(2, utc(2026, 3, 2)), "i3"])
    with pytest.raises(MetricsError, match="expected Interaction objects, got str: 'i3'"):
        engagement_table(log)


def test_streams_any_iterable_once() -> None:
    log = (make(n, utc(2026, 3, 1 + n)) for n in range(5))
    assert engagement_table(log, by=[]).rows[0].metric("interactions").value == 5


ZONES = ["Asia/Tokyo", "Europe/London", "Australia/Lord_Howe", "America/St_Johns"]
AREAS = [Area(id=f"a{n}", name=f"A{n}", timezone=zone, population=50 * n)
         for n, zone in enumerate(ZONES)]  # fmt: skip


@given(
    st.lists(
        interactions(area_ids=["a0", "a1", "a2", "a3", "a9"], initiative_ids=["w1", "w2"],
                     resident_ids=["r1", "r2", "r3"], staff_ids=["s1", "s2"], sessions=[]),
        max_size=25,
    ),
    st.sampled_from([None, *Granularity]),
    st.sampled_from(
        [(), ("area",), ("initiative", "area"), ("staff",), ("initiative", "staff")]
    ),
)  # fmt: skip
def test_table_agrees_with_accumulators_fed_one_by_one(
    log: list[Interaction], granularity: Granularity | None, by: tuple[str, ...]
) -> None:
    zones = {area.id: area.timezone for area in AREAS}
    expected: dict[tuple[object, ...], EngagementAccumulator] = {}
    zones_of: dict[tuple[object, ...], set[str]] = {}
    areas_of: dict[tuple[object, ...], set[str]] = {}
    ids: set[str] = set()
    firsts = [item for item in log if not (item.id in ids or ids.add(item.id))]
    for item in firsts:
        zone = zones.get(item.area_id, "UTC")
        fields = {"area": item.area_id, "initiative": item.initiative_id, "staff": item.staff_id}
        period = None if granularity is None else period_of(item.occurred_at, zone, granularity)
        key = (*(fields[name] for name in by), period)
        expected.setdefault(key, EngagementAccumulator()).add(item, timezone=zone)
        zones_of.setdefault(key, set()).add(zone)
        areas_of.setdefault(key, set()).add(item.area_id)
    table = engagement_table(log, by=by, period=granularity, areas=AREAS)
    assert len(table) == len(expected)
    assert table.duplicates == len(log) - len(firsts)

    def start(day: pendulum.Date, zone: str) -> pendulum.DateTime:  # gaps resolve forwards
        return pendulum.datetime(day.year, day.month, day.day, tz=zone)

    def covered(row_period: Period, zones: set[str]) -> bool:
        earliest = min(item.occurred_at for item in firsts)
        latest = max(item.occurred_at for item in firsts)
        before = row_period.previous()
        return all(
            start(before.start, zone) >= earliest
            and start(row_period.start, zone) - dt.timedelta(microseconds=1) <= latest
            for zone in zones
        )

    for row in table:
        key = (*(row.keys[name] for name in by), row.period)
        previous = None
        if row.period is not None and covered(row.period, zones_of[key]):
            before = (*key[:-1], row.period.previous())
            previous = expected.get(before, EngagementAccumulator())
        population = None
        if "area" in by:
            population = next((a.population for a in AREAS if a.id == row.keys["area"]), None)
        elif not by and "a9" not in areas_of[key]:
            population = sum(area.population or 0 for area in AREAS)  # the programme's
        found = expected[key].result(population=population, previous=previous)
        assert {name: attrs.evolve(value, reason=None) for name, value in row.values.items()} == {
            name: attrs.evolve(value, reason=None) for name, value in found.items()
        }
        assert all((v.value is None) == (v.reason is not None) for v in row.values.values())


# An independent computation of every metric with pandas, on the sample programme.


def _pandas_reference(dataset: Any) -> pd.DataFrame:
    zones = {area.id: area.timezone for area in dataset.areas}
    populations = {area.id: area.population for area in dataset.areas}
    records = []
    for item in dataset.interactions:
        local = pd.Timestamp(item.occurred_at.timestamp(), unit="s", tz="UTC").tz_convert(
            zones[item.area_id]
        )
        records.append(
            {
                "area": item.area_id,
                "month": f"{local.year:04d}-{local.month:02d}",
                "day": local.date(),
                "resident": item.resident_id,
                "staff": item.staff_id,
                "kind": item.kind.value,
                "initiator": item.initiator.value,
                "outcome": None if item.outcome is None else item.outcome.value,
                "attendance": None if item.attendance is None else item.attendance.value,
                "hours": item.hours_to_report,
                "minutes": item.duration_minutes,
            }
        )
    frame = pd.DataFrame.from_records(records)
    instants = [pd.Timestamp(item.occurred_at.timestamp(), unit="s", tz="UTC")
                for item in dataset.interactions]  # fmt: skip
    earliest, latest = min(instants), max(instants)
    rows = {}
    for (area, month), group in frame.groupby(["area", "month"]):
        residents = group["resident"].dropna()
        reached = residents.nunique()
        days = group.dropna(subset=["resident"]).groupby("resident")["day"].nunique()
        this_month = pd.Timestamp(f"{month}-01").tz_localize(zones[area])
        month_before = (this_month.tz_localize(None) - pd.DateOffset(months=1)).tz_localize(
            zones[area]
        )
        returning = math.nan
        if month_before >= earliest and this_month - pd.Timedelta(1, "us") <= latest:
            previous_label = f"{month_before.year:04d}-{month_before.month:02d}"
            earlier = frame[(frame["area"] == area) & (frame["month"] == previous_label)]
            both = set(residents) & set(earlier["resident"].dropna())
            returning = len(both) / reached if reached else math.nan
        reports = group[(group["kind"] == "suspicious_activity_report")
                        & (group["initiator"] == "resident")]  # fmt: skip
        rated = group["outcome"].dropna()
        attended = group["attendance"].dropna()
        staff = group["staff"].dropna()
        population = populations[area]
        rows[area, month] = {
            "interactions": len(group),
            "residents_reached": reached,
            "reach_per_1000": reached / population * 1000 if population else math.nan,
            "repeat_engagement_rate": (days >= 2).mean() if reached else math.nan,
            "returning_share": returning,
            "resident_initiated_share": (group["initiator"] == "resident").mean(),
            "positive_share": (rated == "positive").mean() if len(rated) else math.nan,
            "net_sentiment": (
                ((rated == "positive").sum() - (rated == "negative").sum()) / len(rated) * 100
                if len(rated)
                else math.nan
            ),
            "complaints_per_1000": (group["kind"] == "complaint").mean() * 1000,
            "reports": len(reports),
            "reports_per_1000_residents": (
                len(reports) / population * 1000 if population else math.nan
            ),
            "median_hours_to_report": reports["hours"].dropna().median(),
            "attendance_rate": (attended == "present").mean() if len(attended) else math.nan,
            "volunteer_hours": group.loc[group["kind"] == "volunteering", "minutes"].sum() / 60,
            "active_staff": staff.nunique(),
            "interactions_per_staff": len(staff) / staff.nunique() if len(staff) else math.nan,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def test_every_metric_agrees_with_an_independent_pandas_computation() -> None:
    dataset = generate(seed=3, scale=0.08)
    table = engagement_table(dataset.interactions, by=["area"], period="month", areas=dataset.areas)
    reference: dict[Any, dict[Any, Any]] = _pandas_reference(dataset).to_dict("index")
    assert len(table) == len(reference)
    checked = 0
    for row in table:
        expected = reference[row.keys["area"], row.keys["period"]]
        for name in METRIC_NAMES:
            value = row.metric(name).value
            want = expected[name]
            if value is None:
                assert np.isnan(want), (row.keys, name)
            else:
                assert value == pytest.approx(want, rel=1e-12, abs=1e-12), (row.keys, name)
                checked += 1
    assert checked > 10 * len(table)


def test_input_need_not_be_in_time_order() -> None:
    log = [make(1, utc(2026, 3, 9), resident_id="r1"), make(2, utc(2026, 3, 2), resident_id="r1"),
           make(3, utc(2026, 3, 5), resident_id="r1")]  # fmt: skip
    forwards = engagement_table(sorted(log, key=lambda item: item.occurred_at), period="month")
    backwards = engagement_table(log, period="month")
    assert forwards == backwards
    assert backwards.rows[0].metric("repeat_engagement_rate").value == 1.0
