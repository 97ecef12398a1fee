"""Tests for trustops.metrics._daily: statistics per area and local day, merged per window."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import Area, Initiative, Interaction
from trustops.metrics import (
    Counted,
    DailyStatistics,
    EngagementAccumulator,
    MetricsError,
    daily_statistics,
    engagement_table,
)
from trustops.privacy import PrivacyKey
from trustops.testing import interactions
from trustops.time import Granularity, local_date

ZONES = ["Asia/Tokyo", "Europe/London", "Australia/Lord_Howe", "America/St_Johns"]
AREAS = [Area(id=f"a{n}", name=f"A{n}", timezone=zone, population=50 * n)
         for n, zone in enumerate(ZONES)]  # fmt: skip
LOGS = st.lists(
    interactions(area_ids=["a0", "a1", "a2", "a3", "a9"], resident_ids=["r1", "r2", "r3"],
                 staff_ids=["s1", "s2"], sessions=[], initiative_ids=["w1", "w2", "p1", "x9"]),
    max_size=25,
)  # fmt: skip
INITIATIVES = [
    Initiative(id=id_, name=id_, area_id="a0", kind=kind, programme_id="p")
    for id_, kind in [
        ("w1", "educational_workshop"),
        ("w2", "educational_workshop"),
        ("p1", "visible_patrol"),
    ]
]  # x9 is not given
GROUPINGS = [(), ("area",), ("initiative",), ("initiative_kind",), ("area", "initiative_kind")]


def _day(item: Interaction) -> dt.date:
    zone = next((a.timezone for a in AREAS if a.id == item.area_id), "UTC")
    return local_date(item.occurred_at, zone)


@given(LOGS, st.sampled_from([None, *Granularity]), st.sampled_from(GROUPINGS))
def test_periods_and_groupings_merged_from_days_are_the_engagement_table(
    log: list[Interaction], granularity: Granularity | None, by: tuple[str, ...]
) -> None:
    daily = daily_statistics(log, areas=AREAS, initiatives=INITIATIVES).known()
    known = [i for i in log if i.initiative_id != "x9"]
    if len({i.id for i in log}) == len(log):  # known() drops cells after the ids are counted
        expected = engagement_table(  # the window stays that of all the data counted
            known, by=by, period=granularity, areas=AREAS, initiatives=INITIATIVES,
            window=daily.window,
        )  # fmt: skip
        assert daily.table(granularity, by=by) == expected
        # the whole data merged from the periods merged first, then again through known()
        whole = engagement_table(
            known, by=by, areas=AREAS, initiatives=INITIATIVES, window=daily.window
        )
        assert daily.table(None, by=by) == whole
        assert daily.known() is daily
    everything = daily_statistics(log, areas=AREAS)
    assert everything.table(granularity) == engagement_table(
        log, by=("area",), period=granularity, areas=AREAS
    )


def test_known_keeps_what_was_merged_of_the_initiatives_given() -> None:
    when = pendulum.datetime(2026, 3, 2, 12)

    def talk(n: int, initiative: str | None) -> Interaction:
        return Interaction(id=f"i{n}", occurred_at=when.add(days=n), area_id="a0",
                           kind="conversation", initiator="staff", channel="phone",
                           resident_id=f"r{n % 2}", initiative_id=initiative)  # fmt: skip

    log = [talk(1, "w1"), talk(2, "x9"), talk(3, None), talk(40, "p1")]
    daily = daily_statistics(log, areas=AREAS, initiatives=INITIATIVES)
    daily.table("month", by=("initiative",))  # merged per month, then filtered by known()
    known = daily.known()
    kept = [item for item in log if item.initiative_id != "x9"]
    for period in ("month", None):
        expected = engagement_table(kept, period=period, areas=AREAS, window=daily.window)
        assert known.table(period) == expected
    key = PrivacyKey("daily")
    keyed = daily_statistics(log, areas=AREAS, initiatives=INITIATIVES, privacy=key)
    plain = keyed.without_privacy()
    assert plain.without_privacy() is plain
    assert [row.cell_keys for row in plain.table("month")] == [None, None]
    assert plain.table("month") == daily.table("month")


def test_daily_statistics_are_not_kept_per_staff_id() -> None:
    with pytest.raises(MetricsError, match="not kept per staff id"):
        daily_statistics([]).table(None, by=("staff",))


@given(LOGS, st.data())
def test_a_window_is_the_metrics_of_its_interactions(
    log: list[Interaction], data: st.DataObject
) -> None:
    daily = daily_statistics(log, areas=AREAS)
    ids: set[str] = set()
    firsts = [item for item in log if not (item.id in ids or ids.add(item.id))]
    assert daily.duplicates == len(log) - len(firsts)
    for area in sorted({item.area_id for item in firsts}):
        days = daily.local_days(area)
        assert list(days) == sorted({_day(i).toordinal() for i in firsts if i.area_id == area})
        first = dt.date.fromordinal(data.draw(st.sampled_from(days)))
        last = first + dt.timedelta(days=data.draw(st.integers(0, 400)))
        inside = [i for i in firsts if i.area_id == area and first <= _day(i) <= last]
        expected = engagement_table(inside, by=("area",), areas=AREAS).rows[0].values
        assert daily.over(area, first, last) == expected


def test_repeat_engagement_counts_distinct_local_days_within_the_window() -> None:
    london = Area(id="docks", name="Docks", timezone="Europe/London", population=1_000)

    def talk(n: int, when: pendulum.DateTime, resident: str) -> Interaction:
        return Interaction(id=f"i{n}", occurred_at=when, area_id="docks", kind="conversation",
                           initiator="staff", channel="in_person", resident_id=resident)  # fmt: skip

    log = [
        talk(1, pendulum.datetime(2026, 3, 28, 23, 30), "r1"),  # 28 March in London
        talk(2, pendulum.datetime(2026, 3, 29, 22, 30), "r1"),  # 23:30 BST: 29 March
        talk(3, pendulum.datetime(2026, 3, 29, 23, 30), "r1"),  # 00:30 BST: 30 March
        talk(4, pendulum.datetime(2026, 3, 30, 9), "r2"),
    ]
    daily = daily_statistics(log, areas=[london])
    assert daily.local_days("docks") == tuple(
        pendulum.Date(2026, 3, d).toordinal() for d in (28, 29, 30)
    )
    assert daily.span == (pendulum.Date(2026, 3, 28), pendulum.Date(2026, 3, 30))
    late = daily.over("docks", pendulum.Date(2026, 3, 30), pendulum.Date(2026, 4, 30))
    assert late["repeat_engagement_rate"].value == 0.0  # r1 met on one day in it
    assert late["reach_per_1000"].value == 2.0
    whole = daily.over("docks", pendulum.Date(2026, 3, 1), pendulum.Date(2026, 3, 31))
    assert (whole["repeat_engagement_rate"].value, whole["interactions"].value) == (0.5, 4)
    empty = daily.over("docks", pendulum.Date(2026, 4, 1), pendulum.Date(2026, 4, 30))
    assert (empty["interactions"].value, empty["positive_share"].value) == (0, None)
    nowhere = daily.over("elsewhere", pendulum.Date(2026, 3, 1), pendulum.Date(2026, 3, 31))
    assert (nowhere["interactions"].value, nowhere["reach_per_1000"].value) == (0, None)
    assert daily_statistics([]).span is None


def test_statistics_counted_elsewhere_must_be_per_area_initiative_and_day() -> None:
    per_day = Counted(
        groups={(("a0", None), 739_000): EngagementAccumulator(),
                (("a0", "i1"), 739_002): EngagementAccumulator()},
        window=None,
    )  # fmt: skip
    assert DailyStatistics.from_counted(per_day).local_days("a0") == (739_000, 739_002)
    for key in [("a0", 739_000), (("a0", 3), 739_000), ((1, None), 739_000),
                (("a0", None, None), 739_000), (("a0", None), None)]:  # fmt: skip
        wrong = Counted(groups={key: EngagementAccumulator()}, window=None)  # type: ignore[dict-item]
        with pytest.raises(MetricsError, match="grouped by area, initiative and local day"):
            DailyStatistics.from_counted(wrong)
