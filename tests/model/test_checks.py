"""Tests of the shared validators and converters in trustops.model._checks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pendulum
import pytest

from trustops import FieldError
from trustops.model._checks import to_datetime

LONDON = ZoneInfo("Europe/London")


def test_converted_instants_order_correctly_in_the_repeated_hour() -> None:
    # 01:50 BST (00:50 UTC) comes before 01:10 GMT (01:10 UTC), although its wall clock is later.
    first = to_datetime(pendulum.datetime(2025, 10, 26, 1, 50, tz="Europe/London", fold=0), "a")
    second = to_datetime(pendulum.datetime(2025, 10, 26, 1, 10, tz="Europe/London", fold=1), "b")
    assert first < second
    assert not second < first



@pytest.mark.parametrize("fold", [0, 1])
def test_to_datetime_keeps_the_instant_of_a_wall_time_in_a_dst_gap(fold: int) -> None:
    # 01:30 on 30 March 2025 does not exist in London; PEP 495 gives it an instant per fold.
    value = dt.datetime(2025, 3, 30, 1, 30, fold=fold, tzinfo=LONDON)
    converted = to_datetime(value, "occurred_at")
    assert converted.timestamp() == value.timestamp()
    assert converted.utcoffset() == value.utcoffset()  # stored as a fixed offset


@pytest.mark.parametrize("fold", [0, 1])
def test_to_datetime_keeps_the_instant_in_the_repeated_hour(fold: int) -> None:
    value = dt.datetime(2025, 10, 26, 1, 30, fold=fold, tzinfo=LONDON)
    converted = to_datetime(value, "occurred_at")
    assert converted.timestamp() == value.timestamp()
    assert converted.utcoffset() == value.utcoffset()  # the fold picks the offset


def test_to_datetime_refuses_naive_times_naming_the_field() -> None:
    with pytest.raises(FieldError) as info:
        to_datetime(dt.datetime(2025, 1, 1), "occurred_at")
    assert info.value.field == "occurred_at"
    assert "naive" in info.value.message
