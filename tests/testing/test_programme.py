"""Tests of trustops.testing's strategies for areas, partners, programmes, initiatives, sessions."""

from __future__ import annotations

import math

import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from trustops import Area, Initiative, InitiativeKind, Partner, Programme, ProgrammeStatus, Session
from trustops.testing import areas, initiatives, partners, programmes, sessions
from trustops.testing._programme import shift


@given(areas())
def test_areas_are_valid(area: Area) -> None:
    assert attrs.evolve(area) == area
    for shares in area.margins.values():
        assert math.isclose(math.fsum(shares.values()), 1.0, abs_tol=1e-9)


@given(areas(ids=st.just("riverside"), timezones=["Pacific/Chatham"], margins={"age": ["y", "o"]}))
def test_areas_honour_pins(area: Area) -> None:
    assert (area.id, area.timezone) == ("riverside", "Pacific/Chatham")
    assert list(area.margins) == ["age"]
    assert set(area.margins["age"]) == {"y", "o"}


@given(partners())
def test_partners_are_valid(partner: Partner) -> None:
    assert attrs.evolve(partner) == partner


@given(programmes(area_ids=["a", "b"], statuses=[ProgrammeStatus.ACTIVE]))
def test_programmes_are_valid_and_honour_pins(programme: Programme) -> None:
    assert attrs.evolve(programme) == programme
    assert set(programme.area_ids) <= {"a", "b"}
    assert programme.status is ProgrammeStatus.ACTIVE
    assert programme.end is None or programme.end >= programme.start


@given(initiatives())
def test_initiatives_are_valid(initiative: Initiative) -> None:
    assert attrs.evolve(initiative) == initiative


@given(
    initiatives(
        programme_ids=["p"],
        area_ids=["a"],
        partner_ids=[],
        kinds=[InitiativeKind.SURVEILLANCE_MEASURE],
    )
)
def test_initiatives_honour_pins(initiative: Initiative) -> None:
    assert (initiative.programme_id, initiative.area_id) == ("p", "a")
    assert initiative.partner_ids == ()
    assert initiative.kind is InitiativeKind.SURVEILLANCE_MEASURE


@given(initiatives(partner_ids=["x", "y"]))
def test_initiative_partners_come_from_the_pool(initiative: Initiative) -> None:
    assert set(initiative.partner_ids) <= {"x", "y"}


@given(sessions(initiative_ids=["w1"], timezones=["America/St_Johns"]))
def test_sessions_are_valid_and_honour_pins(session: Session) -> None:
    assert attrs.evolve(session) == session
    assert session.initiative_id == "w1"
    assert session.end.timestamp() >= session.start.timestamp()
    assert session.end.timestamp() - session.start.timestamp() <= 12 * 3600


def test_shift_counts_elapsed_time_across_a_dst_change() -> None:
    before = pendulum.datetime(2025, 3, 30, 0, 30, tz="Europe/London")
    after = shift(before, 3600)
    assert after.isoformat() == "2025-03-30T02:30:00+01:00"
    assert after.timezone_name == "Europe/London"
