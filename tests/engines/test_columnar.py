"""Tests for trustops.engines._columnar: the columnar statistics back to accumulators."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Mapping

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops.engines import EngineError, counted_from_arrow
from trustops.metrics import EngagementAccumulator, TablePlan

PLAN = TablePlan.make(by=("area",), period="month", areas=(), initiatives=())
MARCH = dt.date(2026, 3, 1).toordinal()


def rows(*items: Mapping[str, object]) -> pa.Table:
    names = dict.fromkeys(["key_area_id", "period", *(k for i in items for k in i)])
    full = [{**dict.fromkeys(names), "key_area_id": "a", "period": MARCH, **i} for i in items]
    return pa.Table.from_pylist(full)


def test_partial_aggregates_are_added_up() -> None:
    profile = {"part": "profile", "area_id": "a", "kind": "conversation",
               "initiator": "resident", "outcome": None, "attendance": None}  # fmt: skip
    first = rows(
        {**profile, "count": 2},
        {"part": "resident", "id": "r1", "first_day": MARCH + 3, "repeated": False, "count": 1},
        {"part": "staff", "id": "s1", "count": 2},
        {"part": "volunteer", "value": 30.0, "count": 1},
    )
    second = rows(
        {**profile, "count": 1},
        {"part": "resident", "id": "r1", "first_day": MARCH + 5, "repeated": False, "count": 1},
        {"part": "staff", "id": "s1", "count": 1},
        {"part": "volunteer", "value": 30.0, "count": 2},
        {"part": "delay", "value": 1.5, "count": 1},
    )
    counted = counted_from_arrow(pa.concat_tables([first, second], promote_options="default"), PLAN)
    (accumulator,) = counted.groups.values()
    expected = EngagementAccumulator.from_counts(
        profiles={("conversation", "resident", None, None): 3},
        residents={"r1": MARCH + 3}, repeat=["r1"], staff={"s1": 3},
        report_delays={1.5: 1}, volunteer_minutes={30.0: 3}, areas=["a"],
    )  # fmt: skip
    assert accumulator == expected
    assert counted.window is None


def test_windows_widen_and_bad_tables_are_refused() -> None:
    early = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    late = dt.datetime(2026, 3, 9, tzinfo=dt.UTC)
    table = rows(
        {"part": "window", "first": early, "last": early, "count": None},
        {"part": "window", "first": late, "last": late, "count": None},
    )
    assert counted_from_arrow(table, PLAN).window == (early, late)
    with pytest.raises(EngineError, match="lack the columns key_area_id"):
        counted_from_arrow(pa.table({"part": ["profile"], "period": [1], "count": [1]}), PLAN)
    resident = pa.table({"part": ["resident"], "key_area_id": ["a"], "period": [MARCH],
                         "count": [1], "id": ["r1"], "first_day": [MARCH]})  # fmt: skip
    with pytest.raises(EngineError, match="lack the columns repeated"):
        counted_from_arrow(resident, PLAN)
    with pytest.raises(EngineError, match="unknown part 'gossip'"):
        counted_from_arrow(rows({"part": "gossip", "count": 1}), PLAN)


@pytest.mark.parametrize("enabled", [True, False])
def test_no_garbage_collection_while_groups_are_built(
    monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    # the statistics of many groups are many small objects in no cycle: the collector would
    # scan them again and again for nothing; it is off while they are built, and then as before
    seen: list[bool] = []
    build = EngagementAccumulator.from_counts

    def watched(**counts: object) -> EngagementAccumulator:
        seen.append(gc.isenabled())
        return build(**counts)  # type: ignore[arg-type]

    monkeypatch.setattr(EngagementAccumulator, "from_counts", watched)
    profile = {"part": "profile", "area_id": "a", "kind": "conversation", "initiator": "staff",
               "outcome": None, "attendance": None, "count": 1}  # fmt: skip
    (gc.enable if enabled else gc.disable)()
    try:
        counted_from_arrow(rows(profile), PLAN)
        assert gc.isenabled() is enabled
        with pytest.raises(EngineError):
            counted_from_arrow(rows({**profile, "part": "unknown"}), PLAN)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False]


RESIDENT_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", None]),  # the group (an area id)
        st.sampled_from([MARCH, MARCH + 31]),  # its period
        st.sampled_from(["r1", "r2", "r3", "r\u00e9"]),
        st.integers(MARCH, MARCH + 40),  # the first local day
        st.booleans(),
    ),
    min_size=1,
    max_size=30,
)


@given(RESIDENT_ROWS, st.integers(1, 4))
def test_resident_rows_in_any_split_give_each_group_its_residents(
    found: list[tuple[str | None, int, str, int, bool]], pieces: int
) -> None:
    # plainly: a resident's earliest day in the group, a repeat when flagged or seen on two
    # days; rows of one (group, resident) may come from several partial aggregates
    first: dict[tuple[str | None, int], dict[str, int]] = {}
    repeat: dict[tuple[str | None, int], set[str]] = {}
    for area, period, resident, day, repeated in found:
        days = first.setdefault((area, period), {})
        again = repeat.setdefault((area, period), set())
        if repeated or days.get(resident, day) != day:
            again.add(resident)
        days[resident] = min(days.get(resident, day), day)
    profile = {"part": "profile", "area_id": "a", "kind": "conversation",
               "initiator": "staff", "outcome": None, "attendance": None, "count": 1}  # fmt: skip
    listed: list[dict[str, object]] = [
        {**profile, "key_area_id": area, "period": period} for area, period in first
    ]
    listed += [
        {"part": "resident", "key_area_id": area, "period": period, "id": resident,
         "first_day": day, "repeated": repeated, "count": 1}
        for area, period, resident, day, repeated in found
    ]  # fmt: skip
    table = rows(*listed)
    size = max(1, len(table) // pieces)
    split = pa.concat_tables([table.slice(at, size) for at in range(0, len(table), size)])
    counted = counted_from_arrow(split, PLAN)
    assert set(counted.groups) == set(first)
    for (area, month), accumulator in counted.groups.items():
        assert isinstance(area, str | None)
        assert isinstance(month, int)
        assert accumulator == EngagementAccumulator.from_counts(
            profiles={("conversation", "staff", None, None): 1},
            residents=first[area, month],
            repeat=repeat[area, month],
            areas=["a"],
        )


def test_a_resident_id_is_one_string_in_every_group() -> None:
    # daily statistics meet a resident on many days: each distinct id is made once
    profile = {"part": "profile", "area_id": "a", "kind": "conversation", "initiator": "staff",
               "outcome": None, "attendance": None, "count": 1}  # fmt: skip
    listed: list[dict[str, object]] = []
    for day in range(3):
        listed.append({**profile, "period": MARCH + day})
        listed.append(
            {"part": "resident", "period": MARCH + day, "id": "resident-1", "first_day": MARCH + day,
             "repeated": False, "count": 1}
        )  # fmt: skip
    counted = counted_from_arrow(
        rows(*listed), TablePlan.make(by=("area",), period="day", areas=(), initiatives=())
    )
    ids = [next(iter(group.residents)) for group in counted.groups.values()]
    assert ids == ["resident-1"] * 3
    assert len({id(found) for found in ids}) == 1


def test_resident_rows_of_a_group_without_interactions_make_no_group() -> None:
    profile = {"part": "profile", "area_id": "a", "kind": "conversation", "initiator": "staff",
               "outcome": None, "attendance": None, "count": 1}  # fmt: skip
    staff_only = rows(profile, {"part": "staff", "id": "s1", "count": 1})
    (alone,) = counted_from_arrow(staff_only, PLAN).groups.values()
    assert not alone.residents
    stray = {"part": "resident", "key_area_id": "b", "id": "r1", "first_day": MARCH,
             "repeated": False, "count": 1}  # fmt: skip
    counted = counted_from_arrow(rows(profile, stray), PLAN)
    assert list(counted.groups) == [("a", MARCH)]
