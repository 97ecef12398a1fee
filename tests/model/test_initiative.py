"""Tests of trustops.model.Initiative and Session."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given

from trustops import FieldError, Initiative, InitiativeKind, Session, SessionStatus
from trustops.testing import initiatives, sessions


def make(**changes: Any) -> Initiative:
    fields: dict[str, Any] = {
        "id": "w1",
        "programme_id": "p",
        "area_id": "a",
        "name": "Workshops",
        "kind": "educational_workshop",
    }
    fields.update(changes)
    return Initiative(**fields)


@pytest.mark.parametrize("kind", list(InitiativeKind))
def test_every_kind(kind: InitiativeKind) -> None:
    assert make(kind=kind.value).kind is kind


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "w 1 "),
        ("programme_id", None),
        ("area_id", "a\x00"),
        ("name", ""),
        ("kind", "cctv"),
        ("kind", None),
        ("status", "paused"),
        ("capacity", 0),
        ("capacity", -3),
        ("capacity", True),
        ("capacity", 2.0),
        ("start", pendulum.datetime(2025, 1, 1)),
        ("end", "2025-01-01"),
        ("partner_ids", "p-library"),
        ("partner_ids", ["p", "p"]),
    ],
)
def test_bad_initiative_fields(field: str, value: object) -> None:
    with pytest.raises(FieldError) as info:
        make(**{field: value})
    assert info.value.field.split("[")[0] == field


def test_initiative_dates() -> None:
    assert make(start=dt.date(2025, 1, 1)).start == pendulum.date(2025, 1, 1)
    assert make(end=pendulum.date(2025, 1, 1)).end == pendulum.date(2025, 1, 1)
    with pytest.raises(FieldError) as info:
        make(start=pendulum.date(2025, 2, 1), end=pendulum.date(2025, 1, 31))
    assert info.value.field == "end"


def test_initiative_partners_and_capacity() -> None:
    initiative = make(partner_ids=["p1", "p2"], capacity=1)
    assert initiative.partner_ids == ("p1", "p2")
    assert initiative.capacity == 1


START = pendulum.datetime(2025, 6, 4, 18, tz="Europe/London")  # 17:00 UTC


def session(**changes: Any) -> Session:
    fields: dict[str, Any] = {
        "id": "s1",
        "initiative_id": "w1",
        "start": START,
        "end": START.add(hours=2),
    }
    fields.update(changes)
    return Session(**fields)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", ""),
        ("initiative_id", 3),
        ("start", dt.datetime(2025, 6, 4, 18)),
        ("start", "2025-06-04T18:00:00Z"),
        ("end", dt.datetime(2025, 6, 4, 20)),
        ("end", None),
        ("status", "done"),
        ("capacity", 0),
    ],
)
def test_bad_session_fields(field: str, value: object) -> None:
    with pytest.raises(FieldError) as info:
        session(**{field: value})
    assert info.value.field == field


def test_session_end_before_start_is_refused() -> None:
    with pytest.raises(FieldError) as info:
        session(end=START.subtract(minutes=1))
    assert info.value.field == "end"
    assert session(end=START).end == START


def test_session_order_is_by_instant_not_wall_clock() -> None:
    # 17:30 UTC is after 18:00 BST (17:00 UTC) although its wall clock is earlier.
    later = dt.datetime(2025, 6, 4, 17, 30, tzinfo=dt.UTC)
    assert session(end=later).end == later
    with pytest.raises(FieldError):
        session(start=dt.datetime(2025, 6, 4, 17, 30, tzinfo=dt.UTC), end=START.add(minutes=20))


def test_session_across_the_repeated_hour() -> None:
    start = pendulum.datetime(2025, 10, 26, 1, 50, tz="Europe/London", fold=0)  # 00:50 UTC
    end = pendulum.datetime(2025, 10, 26, 1, 10, tz="Europe/London", fold=1)  # 01:10 UTC
    assert session(start=start, end=end).end.timestamp() - start.timestamp() == 20 * 60
    with pytest.raises(FieldError):
        session(start=end, end=start)


def test_session_defaults_pickle_hash() -> None:
    made = session(capacity=12)
    assert made.status is SessionStatus.SCHEDULED
    assert pickle.loads(pickle.dumps(made)) == made
    assert hash(made) == hash(session(capacity=12))


@given(initiatives())
def test_initiatives_round_trip(initiative: Initiative) -> None:
    assert attrs.evolve(initiative) == initiative
    assert pickle.loads(pickle.dumps(initiative)) == initiative


@given(sessions())
def test_sessions_round_trip(made: Session) -> None:
    assert attrs.evolve(made) == made
    assert made.end >= made.start
