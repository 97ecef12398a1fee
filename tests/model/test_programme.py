"""Tests of trustops.model.Programme and Partner."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given

from trustops import FieldError, Partner, Programme, ProgrammeStatus
from trustops.testing import partners, programmes

START = pendulum.date(2025, 1, 1)


def make(**changes: Any) -> Programme:
    fields: dict[str, Any] = {
        "id": "safer-streets",
        "name": "Safer Streets",
        "organisation": "City Safety Team",
        "start": START,
        "area_ids": ("riverside",),
    }
    fields.update(changes)
    return Programme(**fields)


def field_of(**changes: Any) -> str:
    with pytest.raises(FieldError) as info:
        make(**changes)
    return info.value.field


def test_defaults_and_conversions() -> None:
    programme = make(start=dt.date(2025, 1, 1), area_ids=["riverside", "harbour"], status="active")
    assert type(programme.start) is pendulum.Date
    assert programme.area_ids == ("riverside", "harbour")
    assert programme.status is ProgrammeStatus.ACTIVE
    assert (programme.end, programme.description) == (None, None)
    assert make().status is ProgrammeStatus.PLANNED


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "bad\nid"),
        ("id", ""),
        ("name", " "),
        ("organisation", ""),
        ("organisation", None),
        ("start", pendulum.datetime(2025, 1, 1)),
        ("start", "2025-01-01"),
        ("start", None),
        ("end", dt.datetime(2025, 12, 31, tzinfo=dt.UTC)),
        ("end", "2025-12-31"),
        ("status", "running"),
        ("status", 1),
        ("description", "   "),
        ("description", 3),
        ("area_ids", ()),
        ("area_ids", "riverside"),
        ("area_ids", {"riverside"}),
        ("area_ids", None),
    ],
)
def test_bad_fields(field: str, value: object) -> None:
    assert field_of(**{field: value}) == field


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (["ok", "ok"], "area_ids[1]"),
        ([" bad"], "area_ids[0]"),
        (["ok", 3], "area_ids[1]"),
        (["", "ok"], "area_ids[0]"),
        (["x" * 129], "area_ids[0]"),
    ],
)
def test_bad_area_id_lists_name_the_item(value: object, field: str) -> None:
    assert field_of(area_ids=value) == field


def test_end_before_start() -> None:
    with pytest.raises(FieldError) as info:
        make(end=pendulum.date(2024, 12, 31))
    assert info.value.field == "end"
    assert make(end=START).end == START


def test_partner() -> None:
    assert Partner(id="p", name="Library").sector is None
    for field, value in [("id", " p"), ("name", ""), ("sector", " "), ("sector", 1)]:
        fields: dict[str, Any] = {"id": "p", "name": "Library", field: value}
        with pytest.raises(FieldError) as info:
            Partner(**fields)
        assert info.value.field == field


def test_pickle_equality_hash() -> None:
    programme = make(description="About")
    assert pickle.loads(pickle.dumps(programme)) == programme
    assert hash(make()) == hash(make())
    assert make(area_ids=["a", "b"]) != make(area_ids=["b", "a"])


@given(programmes())
def test_programmes_round_trip(programme: Programme) -> None:
    assert attrs.evolve(programme) == programme
    assert pickle.loads(pickle.dumps(programme)) == programme


@given(partners())
def test_partners_round_trip(partner: Partner) -> None:
    assert attrs.evolve(partner) == partner
