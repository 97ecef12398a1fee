"""Tests of trustops.model.Area."""

from __future__ import annotations

import math
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given

from trustops import Area, FieldError
from trustops.model import MARGIN_TOLERANCE
from trustops.testing import areas


def make(**changes: Any) -> Area:
    fields: dict[str, Any] = {"id": "riverside", "name": "Riverside", "timezone": "Europe/London"}
    fields.update(changes)
    return Area(**fields)


def field_of(**changes: Any) -> str:
    with pytest.raises(FieldError) as info:
        make(**changes)
    return info.value.field


def test_defaults() -> None:
    area = make()
    assert (area.population, area.margins) == (None, {})


@pytest.mark.parametrize(
    "value", ["", " r", "r ", "a\tb", "a\nb", "\x7f", "x" * 129, 1, None, ("r",)]
)
def test_bad_ids(value: object) -> None:
    assert field_of(id=value) == "id"


@pytest.mark.parametrize("value", ["", "   ", "\n", "x" * 10_001, 5, None])
def test_bad_names(value: object) -> None:
    assert field_of(name=value) == "name"


def test_long_name_at_the_limit_is_accepted() -> None:
    assert len(make(name="x" * 10_000).name) == 10_000


@pytest.mark.parametrize(
    "value", ["Mars/Olympus_Mons", "", "+05:45", "GMT+3", "europe/london ", 0, None]
)
def test_bad_timezones(value: object) -> None:
    with pytest.raises(FieldError) as info:
        make(timezone=value)
    assert info.value.field == "timezone"
    assert "IANA time zone" in info.value.message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("localtime", "name its IANA zone instead"),
        ("right/UTC", "'right/UTC' counts leap seconds, which timestamps do not; use 'UTC'"),
        ("right/Europe/Paris", "use 'Europe/Paris'"),
    ],
)
def test_zones_of_the_machine_or_with_leap_seconds_name_the_zone_to_use(
    value: str, message: str
) -> None:
    with pytest.raises(FieldError) as info:
        make(timezone=value)
    assert info.value.field == "timezone"
    assert message in info.value.message


@pytest.mark.parametrize(
    "zone", ["UTC", "Asia/Kathmandu", "Pacific/Chatham", "Australia/Lord_Howe", "America/St_Johns"]
)
def test_awkward_but_valid_timezones(zone: str) -> None:
    assert make(timezone=zone).timezone == zone


@pytest.mark.parametrize("value", [-1, True, 1.5, "100", math.nan])
def test_bad_population(value: object) -> None:
    assert field_of(population=value) == "population"


def test_zero_population_is_allowed() -> None:
    assert make(population=0).population == 0


@pytest.mark.parametrize(
    ("margins", "field"),
    [
        ([("age", {})], "margins"),
        ("age", "margins"),
        ({1: {"a": 1.0}}, "margins"),
        ({"": {"a": 1.0}}, "margins"),
        ({"age": {}}, "margins.age"),
        ({"age": [0.5, 0.5]}, "margins.age"),
        ({"age": {1: 1.0}}, "margins.age"),
        ({"age": {"": 1.0}}, "margins.age"),
        ({"age\x1b[2J": {"a": 1.0}}, "margins"),
        ({"age": {"old\n": 1.0}}, "margins.age"),
        ({"age": {"young": math.nan, "old": 1.0}}, "margins.age.young"),
        ({"age": {"young": math.inf}}, "margins.age.young"),
        ({"age": {"young": -0.1, "old": 1.1}}, "margins.age.young"),
        ({"age": {"young": 0.5, "old": 1.1}}, "margins.age.old"),
        ({"age": {"young": True}}, "margins.age.young"),
        ({"age": {"young": "0.5", "old": 0.5}}, "margins.age.young"),
        ({"age": {"young": None}}, "margins.age.young"),
        ({"age": {"young": 0.5, "old": 0.4}}, "margins.age"),
        ({"age": {"young": 0.6, "old": 0.6}}, "margins.age"),
        ({"age": {"young": 0.5, "old": 0.5}, "tenure": {"own": 0.9}}, "margins.tenure"),
    ],
)
def test_bad_margins(margins: object, field: str) -> None:
    assert field_of(margins=margins) == field


def test_margin_sum_message_gives_the_total() -> None:
    with pytest.raises(FieldError, match=r"sum to 0\.9"):
        make(margins={"age": {"young": 0.5, "old": 0.4}})


def test_margins_within_tolerance_are_accepted_and_become_floats() -> None:
    area = make(margins={"age": {"young": 0.5 + MARGIN_TOLERANCE / 2, "old": 0.5}, "x": {"y": 1}})
    assert area.margins["x"] == {"y": 1.0}
    assert type(area.margins["x"]["y"]) is float
    assert field_of(margins={"age": {"young": 0.5 + 2 * MARGIN_TOLERANCE, "old": 0.5}}) == (
        "margins.age"
    )


def test_zero_shares_are_allowed() -> None:
    assert make(margins={"age": {"young": 0, "old": 1}}).margins["age"]["young"] == 0.0


def test_equality_hash_and_pickle() -> None:
    area = make(population=100, margins={"age": {"young": 0.4, "old": 0.6}})
    assert hash(area) == hash(make(population=100))  # margins are not hashed
    assert area != make(population=100)  # but they are compared
    assert pickle.loads(pickle.dumps(area)) == area
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        area.name = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Area("riverside", "Riverside", "UTC")  # type: ignore[misc]


@given(areas())
def test_evolve_round_trips(area: Area) -> None:
    assert attrs.evolve(area) == area
    assert pickle.loads(pickle.dumps(area)) == area
    for shares in area.margins.values():
        assert math.isclose(math.fsum(shares.values()), 1.0, abs_tol=MARGIN_TOLERANCE)
