"""Tests of trustops.model.Interaction: every validation error names its field."""

from __future__ import annotations

import datetime as dt
import math
import pickle
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import (
    AttendanceStatus,
    Channel,
    FieldError,
    Initiator,
    Interaction,
    InteractionKind,
    Outcome,
)
from trustops.model import MAX_DURATION_MINUTES, hours_to_report
from trustops.testing import aware_datetimes, interactions

BST_0150 = pendulum.datetime(2025, 10, 26, 1, 50, tz="Europe/London", fold=0)  # 00:50 UTC
GMT_0110 = pendulum.datetime(2025, 10, 26, 1, 10, tz="Europe/London", fold=1)  # 01:10 UTC
WHEN = pendulum.datetime(2025, 5, 3, 14, 30, tz="Europe/London")


def make(**changes: Any) -> Interaction:
    fields: dict[str, Any] = {
        "id": "i-1",
        "occurred_at": WHEN,
        "area_id": "riverside",
        "kind": "conversation",
        "initiator": "staff",
        "channel": "in_person",
    }
    fields.update(changes)
    return Interaction(**fields)


def field_of(**changes: Any) -> str:
    with pytest.raises(FieldError) as info:
        make(**changes)
    assert isinstance(info.value, ValueError)
    return info.value.field


def test_minimal_interaction_converts_enum_strings() -> None:
    interaction = make(outcome="positive")
    assert interaction.kind is InteractionKind.CONVERSATION
    assert interaction.initiator is Initiator.STAFF
    assert interaction.channel is Channel.IN_PERSON
    assert interaction.outcome is Outcome.POSITIVE
    assert interaction.hours_to_report is None


def test_members_are_kept() -> None:
    interaction = make(
        kind=InteractionKind.ATTENDANCE,
        initiator=Initiator.RESIDENT,
        channel=Channel.APP,
        outcome=Outcome.NEGATIVE,
        attendance=AttendanceStatus.PRESENT,
    )
    assert interaction.attendance is AttendanceStatus.PRESENT


BAD_IDS = ["", " lead", "trail ", "tab\there", "new\nline", "nul\x00", "x" * 129, 7, b"id", True]


@pytest.mark.parametrize("name", ["id", "area_id"])
@pytest.mark.parametrize("value", [*BAD_IDS, None])
def test_bad_required_ids(name: str, value: object) -> None:
    assert field_of(**{name: value}) == name


@pytest.mark.parametrize("name", ["initiative_id", "session_id", "staff_id", "resident_id"])
@pytest.mark.parametrize("value", BAD_IDS)
def test_bad_optional_ids(name: str, value: object) -> None:
    extra = {"initiative_id": "w"} if name == "session_id" else {}
    assert field_of(**{name: value}, **extra) == name


def test_identifier_limits() -> None:
    assert make(id="x" * 128, resident_id="Zoë 3").id == "x" * 128


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("kind", "chat"),
        ("kind", "Conversation"),
        ("kind", 1),
        ("kind", None),
        ("kind", ["conversation"]),
        ("initiator", "robot"),
        ("initiator", {"staff"}),
        ("channel", "fax"),
        ("channel", ["app"]),
        ("outcome", "great"),
        ("outcome", True),
        ("outcome", ["positive"]),
    ],
)
def test_unknown_enum_values(name: str, value: object) -> None:
    assert field_of(**{name: value}) == name


def test_unknown_enum_value_lists_the_allowed_values() -> None:
    with pytest.raises(FieldError, match="expected one of 'in_person', 'phone'"):
        make(channel="fax")


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2025, 5, 3, 14, 30),
        "2025-05-03T14:30:00+00:00",
        dt.date(2025, 5, 3),
        1.7e9,
        None,
    ],
)
def test_occurred_at_must_be_aware(value: object) -> None:
    assert field_of(occurred_at=value) == "occurred_at"


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2025, 5, 3, 14, 30, tzinfo=dt.UTC),
        dt.datetime(2025, 5, 3, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=45))),
        dt.datetime(2025, 5, 3, 14, 30, tzinfo=ZoneInfo("Pacific/Chatham")),
        pendulum.datetime(2025, 5, 3, 14, 30, tz="Australia/Lord_Howe"),
    ],
)
def test_aware_datetimes_of_any_kind_keep_their_instant(value: dt.datetime) -> None:
    interaction = make(occurred_at=value)
    assert type(interaction.occurred_at) is pendulum.DateTime
    assert interaction.occurred_at.timestamp() == value.timestamp()
    assert interaction.occurred_at.utcoffset() == value.utcoffset()


@pytest.mark.parametrize(
    "kind", [k for k in InteractionKind if k is not InteractionKind.ATTENDANCE]
)
def test_attendance_status_only_on_attendance(kind: InteractionKind) -> None:
    assert field_of(kind=kind, attendance="present") == "attendance"


def test_attendance_requires_a_status() -> None:
    assert field_of(kind="attendance") == "attendance"
    assert field_of(kind="attendance", attendance="late") == "attendance"


@pytest.mark.parametrize("status", list(AttendanceStatus))
def test_attendance_statuses(status: AttendanceStatus) -> None:
    assert make(kind="attendance", attendance=status.value).attendance is status


def report(**changes: Any) -> Interaction:
    return make(kind="suspicious_activity_report", initiator="resident", channel="app", **changes)


@pytest.mark.parametrize(
    "kind", [k for k in InteractionKind if k.value != "suspicious_activity_report"]
)
def test_observed_at_only_on_reports(kind: InteractionKind) -> None:
    extra = {"attendance": "present"} if kind is InteractionKind.ATTENDANCE else {}
    assert field_of(kind=kind, observed_at=WHEN.subtract(hours=1), **extra) == "observed_at"


def test_observed_at_after_the_report_is_refused() -> None:
    with pytest.raises(FieldError) as info:
        report(observed_at=WHEN.add(seconds=1))
    assert info.value.field == "observed_at"
    assert "on or before the report" in info.value.message


def test_observed_at_must_be_aware() -> None:
    with pytest.raises(FieldError) as info:
        report(observed_at=dt.datetime(2025, 5, 3, 12))
    assert info.value.field == "observed_at"


def test_hours_to_report() -> None:
    assert report(observed_at=WHEN).hours_to_report == 0.0
    seen = dt.datetime(2025, 5, 3, 8, 0, tzinfo=dt.UTC)  # 09:00 BST, 5.5 hours before 14:30 BST
    assert report(observed_at=seen).hours_to_report == 5.5


def test_observed_at_in_the_repeated_hour_is_compared_as_an_instant() -> None:
    assert report(occurred_at=GMT_0110, observed_at=BST_0150).hours_to_report == pytest.approx(
        20 / 60
    )


def test_observed_at_after_the_report_in_the_repeated_hour_is_refused() -> None:
    with pytest.raises(FieldError) as info:
        report(occurred_at=BST_0150, observed_at=GMT_0110)
    assert info.value.field == "observed_at"


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, -1, -0.5, True, "5", [5], 1.79e308, 1e6 * (1 + 2**-52)],
)
def test_bad_durations(value: object) -> None:
    assert field_of(duration_minutes=value) == "duration_minutes"


@pytest.mark.parametrize("kind", ["conversation", "volunteering"])
def test_durations_become_floats(kind: str) -> None:
    assert make(kind=kind, duration_minutes=5).duration_minutes == 5.0
    assert make(kind=kind, duration_minutes=0.0).duration_minutes == 0.0
    assert make(kind=kind, duration_minutes=12.5).duration_minutes == 12.5
    assert make(kind=kind, duration_minutes=10**6).duration_minutes == MAX_DURATION_MINUTES


@pytest.mark.parametrize("kind", ["complaint", "feedback", "referral", "compliment"])
def test_duration_only_on_conversation_and_volunteering(kind: str) -> None:
    assert field_of(kind=kind, duration_minutes=5.0) == "duration_minutes"


def test_a_session_needs_its_initiative() -> None:
    assert field_of(session_id="s-1") == "initiative_id"
    assert make(session_id="s-1", initiative_id="w").session_id == "s-1"


def test_frozen_keyword_only_pickle_equality_and_hash() -> None:
    interaction = make(outcome="neutral", resident_id="r-1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        interaction.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Interaction("i", WHEN, "a", "conversation", "staff", "app")  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(interaction))
    assert copy == interaction
    assert hash(copy) == hash(interaction)
    assert make(outcome="neutral", resident_id="r-2") != interaction


def test_the_same_instant_in_another_zone_is_equal() -> None:
    in_utc = make(occurred_at=WHEN.in_timezone("UTC"))
    assert in_utc == make()
    assert hash(in_utc) == hash(make())


@given(interactions())
def test_evolve_without_changes_round_trips(interaction: Interaction) -> None:
    copy = attrs.evolve(interaction)
    assert copy == interaction
    assert hash(copy) == hash(interaction)
    assert pickle.loads(pickle.dumps(interaction)) == interaction


@given(interactions(), st.sampled_from(["positive", "neutral", "negative", None]))
def test_evolve_changes_only_the_field(interaction: Interaction, outcome: str | None) -> None:
    changed = attrs.evolve(interaction, outcome=outcome)
    assert changed.outcome == (None if outcome is None else Outcome(outcome))
    assert attrs.evolve(changed, outcome=interaction.outcome) == interaction


@given(aware_datetimes(), st.integers(0, 7 * 24 * 3600))
def test_hours_to_report_is_elapsed_time(occurred: pendulum.DateTime, seconds: int) -> None:
    observed = occurred.in_timezone("UTC").subtract(seconds=seconds)
    assert report(occurred_at=occurred, observed_at=observed).hours_to_report == pytest.approx(
        seconds / 3600
    )


@given(aware_datetimes(), aware_datetimes())
def test_hours_to_report_is_the_timestamp_difference_bit_for_bit(
    occurred: pendulum.DateTime, observed: pendulum.DateTime
) -> None:
    expected = (occurred.timestamp() - observed.timestamp()) / 3600.0
    assert hours_to_report(occurred, observed) == expected
    same = observed.in_timezone(occurred.tzinfo)  # one zone object: the fast path
    assert hours_to_report(occurred, same) == (occurred.timestamp() - same.timestamp()) / 3600.0
