"""The enums' string values are a public contract: they never change once released."""

from __future__ import annotations

import enum

import pytest

from trustops import (
    AttendanceStatus,
    Channel,
    InitiativeKind,
    Initiator,
    InteractionKind,
    Outcome,
    ProgrammeStatus,
    SessionStatus,
)
from trustops.model import ReplicateMethod

RELEASED: dict[type[enum.StrEnum], list[str]] = {
    ProgrammeStatus: ["planned", "active", "suspended", "completed", "cancelled"],
    SessionStatus: ["scheduled", "held", "cancelled"],
    InitiativeKind: [
        "community_outreach",
        "educational_workshop",
        "local_partnership",
        "community_meeting",
        "visible_patrol",
        "surveillance_measure",
        "other",
    ],
    InteractionKind: [
        "conversation",
        "attendance",
        "suspicious_activity_report",
        "volunteering",
        "complaint",
        "compliment",
        "feedback",
        "referral",
    ],
    Initiator: ["resident", "staff"],
    Channel: ["in_person", "phone", "online", "app", "letter"],
    Outcome: ["positive", "neutral", "negative"],
    AttendanceStatus: ["present", "excused_absence", "unexcused_absence"],
    ReplicateMethod: ["jk1", "jkn", "brr", "fay", "bootstrap"],
}


@pytest.mark.parametrize("enum_type", list(RELEASED), ids=lambda e: e.__name__)
def test_values_are_stable(enum_type: type[enum.StrEnum]) -> None:
    assert [member.value for member in enum_type] == RELEASED[enum_type]
    for member in enum_type:
        assert str(member) == member.value
        assert member.name == member.value.upper()
