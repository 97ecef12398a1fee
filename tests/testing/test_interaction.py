"""Tests of trustops.testing.interactions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pendulum
from hypothesis import given

from trustops import Interaction, InteractionKind, Session
from trustops.testing import interactions

SESSION = Session(
    id="s1",
    initiative_id="w1",
    start=pendulum.datetime(2025, 5, 1, 18, tz="Europe/London"),
    end=pendulum.datetime(2025, 5, 1, 20, tz="Europe/London"),
)


@given(interactions())
def test_interactions_are_valid(interaction: Interaction) -> None:
    assert attrs.evolve(interaction) == interaction
    if interaction.hours_to_report is not None:
        assert interaction.hours_to_report >= 0


@given(
    interactions(
        area_ids=["a", "b"],
        initiative_ids=["w1", "w2"],
        sessions=[SESSION],
        resident_ids=["r1"],
        staff_ids=[],
        timezones=["UTC"],
    )
)
def test_interactions_honour_pins(interaction: Interaction) -> None:
    assert interaction.area_id in {"a", "b"}
    assert interaction.initiative_id in {None, "w1", "w2"}
    assert interaction.session_id in {None, "s1"}
    if interaction.session_id is not None:
        assert interaction.initiative_id == "w1"
    assert interaction.resident_id in {None, "r1"}
    assert interaction.staff_id is None


@given(interactions(initiative_ids=[], sessions=[]))
def test_empty_pools_leave_links_unset(interaction: Interaction) -> None:
    assert interaction.initiative_id is None
    assert interaction.session_id is None


@given(interactions(kinds=["volunteering"]))
def test_kind_pin_accepts_string_values(interaction: Interaction) -> None:
    assert interaction.kind is InteractionKind.VOLUNTEERING


def test_every_kind_specific_field_is_reached(reach: Callable[..., Any]) -> None:
    report = reach(interactions(), lambda i: i.observed_at is not None)
    assert report.kind is InteractionKind.SUSPICIOUS_ACTIVITY_REPORT
    timed = reach(interactions(), lambda i: i.duration_minutes is not None)
    assert timed.kind in {InteractionKind.CONVERSATION, InteractionKind.VOLUNTEERING}
    linked = reach(interactions(sessions=[SESSION]), lambda i: i.session_id is not None)
    assert linked.initiative_id == "w1"
    loose = reach(interactions(), lambda i: i.session_id is not None)
    assert loose.initiative_id is not None
