"""Tests for trustops.metrics._accumulator: every metric by hand, merging, pickling."""

from __future__ import annotations

import itertools
import math
import pickle
from fractions import Fraction
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from trustops import Interaction
from trustops.metrics import CELL_KEYED, METRIC_NAMES, EngagementAccumulator, MetricsError
from trustops.privacy import PrivacyKey
from trustops.testing import interactions

LONDON = "Europe/London"


def make(n: int, day: int, hour: int = 10, **fields: Any) -> Interaction:
    values: dict[str, Any] = {
        "id": f"i{n}",
        "occurred_at": pendulum.datetime(2026, 3, day, hour, tz="UTC"),
        "area_id": "riverside",
        "kind": "conversation",
        "initiator": "resident",
        "channel": "in_person",
    }
    values.update(fields)
    return Interaction(**values)


def observed(day: int, hour: int) -> pendulum.DateTime:
    return pendulum.datetime(2026, 3, day, hour, tz="UTC")


FIXTURE = [
    make(1, 2, resident_id="r1", staff_id="s1", outcome="positive", duration_minutes=30.0),
    make(2, 2, 18, initiator="staff", resident_id="r1", staff_id="s1", outcome="negative"),
    make(3, 3, kind="attendance", initiator="staff", resident_id="r2", staff_id="s2",
         attendance="present"),
    make(4, 4, kind="attendance", initiator="staff", resident_id="r3",
         attendance="unexcused_absence"),
    make(5, 5, kind="suspicious_activity_report", resident_id="r2", observed_at=observed(5, 7)),
    make(6, 9, kind="suspicious_activity_report", resident_id="r4", observed_at=observed(9, 5)),
    make(7, 9, kind="suspicious_activity_report", initiator="staff", observed_at=observed(9, 9)),
    make(8, 10, kind="complaint", resident_id="r1", outcome="negative"),
    make(9, 11, kind="volunteering", resident_id="r5", duration_minutes=90.0),
    make(10, 12, kind="feedback", staff_id="s1", outcome="neutral"),
]  # fmt: skip


def build(items: list[Interaction], timezone: str = LONDON) -> EngagementAccumulator:
    accumulator = EngagementAccumulator()
    for item in items:
        accumulator.add(item, timezone=timezone)
    return accumulator


def wilson(k: int, n: int) -> tuple[float, float]:
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    return float(low), float(high)


def test_every_metric_by_hand() -> None:
    values = build(FIXTURE).result(population=2000)
    assert list(values) == list(METRIC_NAMES)
    got = {name: (v.value, v.n) for name, v in values.items()}
    assert got == {
        "interactions": (10, None),
        "residents_reached": (5, None),
        "reach_per_1000": (2.5, 2000),
        "repeat_engagement_rate": (0.4, 5),  # r1 on the 2nd and 10th, r2 on the 3rd and 5th
        "returning_share": (None, None),
        "resident_initiated_share": (0.6, 10),
        "positive_share": (0.25, 4),
        "net_sentiment": (-25.0, 4),  # (1 positive - 2 negative) / 4 with an outcome
        "complaints_per_1000": (100.0, 10),
        "reports": (2, None),  # the staff-initiated report does not count
        "reports_per_1000_residents": (1.0, 2000),
        "median_hours_to_report": (4.0, 2),  # 3 h and 5 h
        "attendance_rate": (0.5, 2),
        "volunteer_hours": (1.5, None),  # the conversation's 30 minutes are not volunteering
        "active_staff": (2, None),
        "interactions_per_staff": (2.0, 2),  # 4 interactions with a staff id, 2 staff
    }
    for name, k, n in [
        ("repeat_engagement_rate", 2, 5),
        ("resident_initiated_share", 6, 10),
        ("positive_share", 1, 4),
        ("attendance_rate", 1, 2),
    ]:
        interval = values[name].interval
        assert interval is not None
        assert interval == pytest.approx(wilson(k, n), abs=1e-12)
    for name in ("interactions", "reach_per_1000", "net_sentiment", "median_hours_to_report"):
        assert values[name].interval is None


def test_returning_share_against_a_previous_accumulator() -> None:
    previous = build([make(20, 1, resident_id="r1"), make(21, 1, resident_id="r9")])
    values = build(FIXTURE).result(previous=previous)
    assert (values["returning_share"].value, values["returning_share"].n) == (0.2, 5)
    assert values["returning_share"].interval == pytest.approx(wilson(1, 5), abs=1e-12)
    empty = build(FIXTURE).result(previous=EngagementAccumulator())["returning_share"]
    assert (empty.value, empty.n) == (0.0, 5)


def test_repeat_engagement_counts_local_days() -> None:
    # 23:30 and 00:30 UTC are the same local day in New York but two days in UTC.
    late = make(1, 2, 23, resident_id="r1")
    early = make(2, 3, 0, resident_id="r1")
    assert build([late, early], "UTC").result()["repeat_engagement_rate"].value == 1.0
    assert build([late, early], "America/New_York").result()["repeat_engagement_rate"].value == 0.0
    # 22:30 UTC and 01:30 UTC are the same day in Tokyo (07:30 and 10:30).
    tokyo = [make(3, 2, 22, resident_id="r2"), make(4, 3, 1, resident_id="r2")]
    assert build(tokyo, "Asia/Tokyo").result()["repeat_engagement_rate"].value == 0.0


def test_zero_denominators_are_missing_never_zero() -> None:
    values = EngagementAccumulator().result(population=0, previous=EngagementAccumulator())
    assert values["interactions"].value == 0
    assert values["volunteer_hours"].value == 0.0
    for name in (
        "reach_per_1000", "repeat_engagement_rate", "returning_share", "resident_initiated_share",
        "positive_share", "net_sentiment", "complaints_per_1000", "reports_per_1000_residents",
        "median_hours_to_report", "attendance_rate", "interactions_per_staff",
    ):  # fmt: skip
        assert values[name].value is None, name
        assert values[name].interval is None, name
    assert values["reach_per_1000"].n == 0
    assert values["positive_share"].n == 0


def test_no_population_means_no_rates_per_resident() -> None:
    values = build(FIXTURE).result()
    assert values["reach_per_1000"].value is None
    assert values["reach_per_1000"].n is None
    assert values["reports_per_1000_residents"].value is None


def test_median_of_an_odd_number_and_repeated_delays() -> None:
    reports = [
        make(n, 5, 12, kind="suspicious_activity_report", observed_at=observed(5, 12 - hours))
        for n, hours in enumerate([1, 1, 7])
    ]
    value = build(reports).result()["median_hours_to_report"]
    assert (value.value, value.n) == (1.0, 3)


def test_median_uses_hours_to_report() -> None:
    report = make(1, 5, 12, kind="suspicious_activity_report",
                  observed_at=pendulum.datetime(2026, 3, 5, 10, 15, 30, 250, tz="UTC"))  # fmt: skip
    assert build([report]).result()["median_hours_to_report"].value == report.hours_to_report


def test_volunteer_hours_are_summed_exactly() -> None:
    minutes = [1e6, 0.1, -0.0 + 1.0, 1e-300, 0.2, 0.3] * 3  # 1e6: the largest duration
    assert sum(minutes) != math.fsum(minutes)  # a plain sum would be off
    items = [make(n, 3, kind="volunteering", duration_minutes=m) for n, m in enumerate(minutes)]
    total = build(items).result()["volunteer_hours"].value
    assert total == float(sum(map(Fraction, minutes)) / 60)  # the exact sum, rounded once


def test_add_refuses_what_is_not_an_interaction() -> None:
    with pytest.raises(MetricsError, match="expected an Interaction, got dict"):
        EngagementAccumulator().add({"id": "i1"})  # type: ignore[arg-type]
    with pytest.raises(MetricsError, match="to merge, got int"):
        EngagementAccumulator().merge(3)  # type: ignore[arg-type]


def test_add_refuses_an_unknown_zone() -> None:
    with pytest.raises(ValueError, match="IANA time zone name"):
        EngagementAccumulator().add(FIXTURE[0], timezone="Mars/Olympus")


def test_equality_repr_and_residents() -> None:
    accumulator = build(FIXTURE)
    assert accumulator == build(list(reversed(FIXTURE)))
    assert accumulator != EngagementAccumulator()
    assert accumulator != "accumulator"
    assert repr(accumulator) == "EngagementAccumulator(interactions=10, residents=5, staff=2)"
    assert accumulator.residents == frozenset({"r1", "r2", "r3", "r4", "r5"})
    with pytest.raises(TypeError):
        hash(accumulator)


def test_merge_leaves_its_inputs_alone() -> None:
    left, right = build(FIXTURE[:4]), build(FIXTURE[4:])
    before = (pickle.dumps(left), pickle.dumps(right))
    assert left.merge(right) == build(FIXTURE)
    assert (pickle.dumps(left), pickle.dumps(right)) == before


def test_pickling_round_trips() -> None:
    accumulator = build(FIXTURE)
    copy = pickle.loads(pickle.dumps(accumulator))
    assert copy == accumulator
    assert copy.result(population=10) == accumulator.result(population=10)


ZONES = ["Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns"]
LOGS = st.lists(
    interactions(area_ids=["a"], resident_ids=["r1", "r2", "r3"], staff_ids=["s1", "s2"]),
    max_size=12,
)


@given(LOGS, st.data(), st.sampled_from(ZONES))
def test_any_split_merged_back_gives_identical_results(
    log: list[Interaction], data: st.DataObject, zone: str
) -> None:
    cut = data.draw(st.integers(0, len(log)))
    whole = build(log, zone)
    split = build(log[:cut], zone).merge(build(log[cut:], zone))
    assert split == whole
    assert split.result(population=100) == whole.result(population=100)


@given(LOGS, LOGS, LOGS, st.sampled_from(ZONES))
def test_merge_is_associative_and_commutative(
    a: list[Interaction], b: list[Interaction], c: list[Interaction], zone: str
) -> None:
    x, y, z = build(a, zone), build(b, zone), build(c, zone)
    assert x.merge(y) == y.merge(x)
    assert x.merge(y).merge(z) == x.merge(y.merge(z))
    assert x.merge(y).merge(z).result() == z.merge(x).merge(y).result()
    assert x.merge(EngagementAccumulator()) == x


@given(LOGS, st.sampled_from(ZONES))
def test_order_does_not_matter_and_shares_are_bounded(log: list[Interaction], zone: str) -> None:
    values = build(log, zone).result(previous=build(log[:2], zone))
    assert values == build(list(reversed(log)), zone).result(previous=build(log[:2], zone))
    for name in ("repeat_engagement_rate", "returning_share", "resident_initiated_share",
                 "positive_share", "attendance_rate"):  # fmt: skip
        value, interval = values[name].value, values[name].interval
        if value is None:
            assert interval is None
        else:
            assert interval is not None
            assert 0.0 <= interval.low <= value <= interval.high <= 1.0
    sentiment = values["net_sentiment"].value
    assert sentiment is None or -100.0 <= sentiment <= 100.0


@given(st.lists(LOGS, min_size=1, max_size=4), st.sampled_from(ZONES))
def test_pickled_parts_merge_like_the_whole(parts: list[list[Interaction]], zone: str) -> None:
    shipped = [pickle.loads(pickle.dumps(build(part, zone))) for part in parts]
    result = EngagementAccumulator()
    for part in shipped:
        result = result.merge(part)
    assert result == build(list(itertools.chain.from_iterable(parts)), zone)


def test_statistics_from_counts_equal_the_counted_ones() -> None:
    counted = build(FIXTURE)
    profiles: dict[tuple[str, str, str | None, str | None], int] = {}
    for item in FIXTURE:
        key = (item.kind.value, item.initiator.value,
               None if item.outcome is None else item.outcome.value,
               None if item.attendance is None else item.attendance.value)  # fmt: skip
        profiles[key] = profiles.get(key, 0) + 1
    made = EngagementAccumulator.from_counts(
        profiles=profiles,
        residents={"r1": 739_677, "r2": 739_678, "r3": 739_679, "r4": 739_684, "r5": 739_686},
        repeat=["r1", "r2"],
        staff={"s1": 3, "s2": 1},
        report_delays={3.0: 1, 5.0: 1},
        volunteer_minutes={90.0: 1},
        areas=["riverside"],
    )
    assert made == counted
    assert made.result(population=2000) == counted.result(population=2000)
    assert made.areas == counted.areas == {"riverside"}


def test_bad_counts_are_refused() -> None:
    with pytest.raises(MetricsError, match="profiles"):
        EngagementAccumulator.from_counts(profiles={("chat", "resident", None, None): 1})
    with pytest.raises(MetricsError, match="at least 1"):
        EngagementAccumulator.from_counts(staff={"s1": 0})
    with pytest.raises(MetricsError, match="not reached"):
        EngagementAccumulator.from_counts(repeat=["r1"])


def test_totals_from_an_engine_finish_like_ids_and_refuse_to_merge() -> None:
    counted = build(FIXTURE)
    ids = counted.totals(previous=EngagementAccumulator())
    summed = EngagementAccumulator.from_counts(
        profiles={("conversation", "resident", None, None): 10},
        resident_totals=(5, 2, 0),
        staff_totals=(2, 4),
    )
    totals = summed.totals(previous=EngagementAccumulator())
    for name in ("residents_reached", "repeat_residents", "returning_residents", "active_staff",
                 "with_staff"):  # fmt: skip
        assert totals[name] == ids[name], name
    assert summed.totals()["returning_residents"] is None
    assert summed.merge(EngagementAccumulator()).totals() == summed.totals()
    with pytest.raises(MetricsError, match="residents totals only cannot be merged"):
        summed.merge(counted)
    with pytest.raises(MetricsError, match="staff totals only cannot be merged"):
        EngagementAccumulator.from_counts(staff_totals=(1, 1)).merge(counted)
    with pytest.raises(MetricsError, match="not both"):
        EngagementAccumulator.from_counts(residents={"r1": 1}, resident_totals=(1, 0, 0))
    with pytest.raises(MetricsError, match="not both"):
        EngagementAccumulator.from_counts(staff={"s1": 1}, staff_totals=(1, 1))
    with pytest.raises(MetricsError, match="repeat, returning <= reached"):
        EngagementAccumulator.from_counts(resident_totals=(1, 2, 0))
    with pytest.raises(MetricsError, match="active staff <= with staff"):
        EngagementAccumulator.from_counts(staff_totals=(3, 1))


@settings(max_examples=40, deadline=None)
@given(st.lists(interactions(area_ids=["a"], resident_ids=["r1", "r2", "r3"]), max_size=25,
                unique_by=lambda i: i.id))  # fmt: skip
def test_cell_keys_are_the_sums_of_the_record_keys_of_what_is_counted(
    log: list[Interaction],
) -> None:
    key = PrivacyKey("cell keys")
    whole, split = EngagementAccumulator(), [EngagementAccumulator(), EngagementAccumulator()]
    for n, interaction in enumerate(log):
        whole.add(interaction, privacy=key)
        split[n % 2].add(interaction, privacy=key)
    found = whole.cell_keys(key, previous=EngagementAccumulator())
    assert set(found) == set(CELL_KEYED)
    assert split[0].merge(split[1]).cell_keys(key, previous=EngagementAccumulator()) == found

    def of(chosen: list[Interaction]) -> int:
        return key.keys_sum(i.id for i in chosen) % 256

    reports = [
        i for i in log if i.kind == "suspicious_activity_report" and i.initiator == "resident"
    ]
    assert found["interactions"] == of(log)
    assert found["reports"] == of(reports)
    assert found["report_delays"] == of([i for i in reports if i.observed_at is not None])
    assert found["with_outcome"] == of([i for i in log if i.outcome is not None])
    assert found["positive"] == of([i for i in log if i.outcome == "positive"])
    assert found["negative"] == of([i for i in log if i.outcome == "negative"])
    assert found["present"] == of([i for i in log if i.attendance == "present"])
    residents = {i.resident_id for i in log if i.resident_id is not None}
    assert found["residents_reached"] == key.keys_sum(residents) % 256
    assert found["returning_residents"] == 0
    assert EngagementAccumulator().cell_keys(key) == dict.fromkeys(CELL_KEYED, 0)


def test_cell_keys_from_counts_made_elsewhere() -> None:
    stats = EngagementAccumulator.from_counts(
        profiles={("suspicious_activity_report", "resident", "positive", None): 3},
        profile_keys={("suspicious_activity_report", "resident", "positive", None): 300},
        report_delays={1.5: 2}, delay_keys=513,
        resident_totals=(2, 1, 0), resident_keys=(260, 7, 0),
    )  # fmt: skip
    found = stats.cell_keys(PrivacyKey("k"))
    assert (found["reports"], found["positive"], found["report_delays"]) == (44, 44, 1)
    assert (found["residents_reached"], found["repeat_residents"]) == (4, 7)
    assert found["returning_residents"] == 0
    assert stats.merge(EngagementAccumulator()).cell_keys(PrivacyKey("k")) == found
