"""Tests of trustops.model.Indicator, Baseline, Target and Actual."""

from __future__ import annotations

import datetime as dt
import math
import pickle
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given

from trustops import Actual, Baseline, FieldError, Indicator, Target
from trustops.testing import indicators

D = pendulum.date
BASELINE = Baseline(value=40, date=D(2024, 12, 31))


def target(start: pendulum.Date, end: pendulum.Date, value: float = 50.0) -> Target:
    return Target(start=start, end=end, value=value)


def make(**changes: Any) -> Indicator:
    fields: dict[str, Any] = {
        "id": "reports",
        "name": "Reports per quarter",
        "unit": "reports",
        "ascending": True,
        "baseline": BASELINE,
    }
    fields.update(changes)
    return Indicator(**fields)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True, "40", None])
def test_bad_values(value: object) -> None:
    for build in (
        lambda: Baseline(value=value, date=D(2025, 1, 1)),
        lambda: Target(start=D(2025, 1, 1), end=D(2025, 3, 31), value=value),
        lambda: Actual(date=D(2025, 1, 1), value=value),
    ):
        with pytest.raises(FieldError) as info:
            build()
        assert info.value.field == "value"


@pytest.mark.parametrize(
    "value", [dt.datetime(2025, 1, 1), pendulum.datetime(2025, 1, 1), "2025-01-01", None]
)
def test_bad_dates(value: object) -> None:
    with pytest.raises(FieldError) as info:
        Baseline(value=1, date=value)
    assert info.value.field == "date"
    with pytest.raises(FieldError) as info:
        Actual(date=value, value=1)
    assert info.value.field == "date"
    with pytest.raises(FieldError) as info:
        Target(start=value, end=D(2025, 1, 1), value=1)
    assert info.value.field == "start"


def test_values_and_dates_convert() -> None:
    assert Baseline(value=40, date=dt.date(2024, 12, 31)) == BASELINE
    assert type(BASELINE.value) is float
    assert type(BASELINE.date) is pendulum.Date


def test_target_end_before_start() -> None:
    with pytest.raises(FieldError) as info:
        target(D(2025, 3, 31), D(2025, 1, 1))
    assert info.value.field == "end"
    assert target(D(2025, 1, 1), D(2025, 1, 1)).end == D(2025, 1, 1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", ""),
        ("name", " "),
        ("unit", ""),
        ("ascending", 1),
        ("ascending", None),
        ("baseline", {"value": 1, "date": D(2025, 1, 1)}),
        ("baseline", None),
        ("targets", "target"),
        ("targets", None),
        ("actuals", {"a": 1}),
        ("programme_id", " p"),
        ("area_id", 4),
    ],
)
def test_bad_indicator_fields(field: str, value: object) -> None:
    with pytest.raises(FieldError) as info:
        make(**{field: value})
    assert info.value.field == field


def test_items_of_the_wrong_type_name_their_position() -> None:
    with pytest.raises(FieldError) as info:
        make(targets=[target(D(2025, 1, 1), D(2025, 3, 31)), {"value": 1}])
    assert info.value.field == "targets[1]"
    with pytest.raises(FieldError) as info:
        make(actuals=[Actual(date=D(2025, 1, 1), value=1), BASELINE])
    assert info.value.field == "actuals[1]"


def test_targets_may_not_start_before_the_baseline() -> None:
    with pytest.raises(FieldError) as info:
        make(targets=[target(D(2024, 12, 30), D(2025, 3, 31))])
    assert info.value.field == "targets[0].start"
    assert make(targets=[target(D(2024, 12, 31), D(2025, 3, 31))]).targets[0].start == D(
        2024, 12, 31
    )


def test_targets_in_order_without_overlap() -> None:
    q1 = target(D(2025, 1, 1), D(2025, 3, 31))
    q2 = target(D(2025, 4, 1), D(2025, 6, 30))
    assert make(targets=[q1, q2]).targets == (q1, q2)
    for bad in ([q2, q1], [q1, target(D(2025, 3, 31), D(2025, 6, 30))]):
        with pytest.raises(FieldError) as info:
            make(targets=bad)
        assert info.value.field == "targets[1].start"


def test_defaults_pickle_and_hash() -> None:
    made = make(actuals=[Actual(date=D(2025, 3, 31), value=55)], programme_id="p", area_id="a")
    assert make().targets == ()
    assert make().actuals == ()
    assert pickle.loads(pickle.dumps(made)) == made
    assert hash(made) == hash(attrs.evolve(made))


@given(indicators())
def test_indicators_round_trip(made: Indicator) -> None:
    assert attrs.evolve(made) == made
    assert pickle.loads(pickle.dumps(made)) == made
    assert all(t.start >= made.baseline.date for t in made.targets)
