"""Interactions: single contacts between a programme and the community."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
from pendulum.tz.timezone import FixedTimezone

from .._errors import FieldError
from ._checks import (
    ID_MAX_LENGTH,
    check_id,
    to_datetime,
    to_enum,
    to_non_negative_float,
)
from ._enums import AttendanceStatus, Channel, Initiator, InteractionKind, Outcome

__all__ = ["Interaction"]

_INFINITY = float("inf")
_DURATION_KINDS = frozenset({InteractionKind.VOLUNTEERING, InteractionKind.CONVERSATION})
_KINDS: dict[object, InteractionKind] = dict(InteractionKind._value2member_map_)
_INITIATORS: dict[object, Initiator] = dict(Initiator._value2member_map_)
_CHANNELS: dict[object, Channel] = dict(Channel._value2member_map_)
_OUTCOMES: dict[object, Outcome] = dict(Outcome._value2member_map_)


def _bad_id(name: str, value: object) -> None:
    check_id(None, attrs.fields_dict(Interaction)[name], value)  # raises with the message


@attrs.frozen(kw_only=True)
class Interaction:
    """One contact between the programme and the community, at an instant, in an area.

    ``resident_id`` and ``staff_id`` are pseudonyms (see :func:`trustops.privacy.pseudonymise`).
    Enum fields accept members or their string values; ``occurred_at`` and ``observed_at``
    accept any timezone-aware datetime and are stored as pendulum ``DateTime``.
    Kind-specific fields are only allowed where they make sense:

    - ``attendance`` is required for, and only for, ``attendance`` interactions;
    - ``observed_at`` (when the resident saw what they report) only on a
      ``suspicious_activity_report``, and never after ``occurred_at``;
    - ``duration_minutes`` only on ``volunteering`` and ``conversation``;
    - ``session_id`` only together with the ``initiative_id`` of that session.

    Interactions are the high-volume record, so all checks run in one pass after the fields
    are set, rather than as one validator call per field.

    >>> import pendulum
    >>> from trustops import Interaction
    >>> i = Interaction(id="i-1", occurred_at=pendulum.datetime(2026, 3, 4, 19, tz="UTC"),
    ...                 area_id="riverside", kind="suspicious_activity_report",
    ...                 initiator="resident", channel="app", resident_id="r-9",
    ...                 observed_at=pendulum.datetime(2026, 3, 4, 17, tz="UTC"))
    >>> i.hours_to_report
    2.0
    """

    id: str
    occurred_at: pendulum.DateTime
    area_id: str
    kind: InteractionKind
    initiator: Initiator
    channel: Channel
    initiative_id: str | None = None
    session_id: str | None = None
    staff_id: str | None = None
    resident_id: str | None = None
    outcome: Outcome | None = None
    attendance: AttendanceStatus | None = None
    observed_at: pendulum.DateTime | None = None
    duration_minutes: float | None = None

    def __attrs_post_init__(self) -> None:
        put = object.__setattr__
        # Identifiers: the checks of check_id, unrolled (this is the hottest path of a load).
        value: Any = self.id
        if (
            type(value) is not str
            or not 0 < len(value) <= ID_MAX_LENGTH
            or not value.isprintable()
            or value.strip() != value
        ):
            _bad_id("id", value)
        value = self.area_id
        if (
            type(value) is not str
            or not 0 < len(value) <= ID_MAX_LENGTH
            or not value.isprintable()
            or value.strip() != value
        ):
            _bad_id("area_id", value)
        value = self.initiative_id
        if value is not None and (
            type(value) is not str
            or not 0 < len(value) <= ID_MAX_LENGTH
            or not value.isprintable()
            or value.strip() != value
        ):
            _bad_id("initiative_id", value)
        value = self.session_id
        if value is not None and (
            type(value) is not str
            or not 0 < len(value) <= ID_MAX_LENGTH
            or not value.isprintable()
            or value.strip() != value
        ):
            _bad_id("session_id", value)
        value = self.staff_id
        if value is not None and (
            type(value) is not str
            or not 0 < len(value) <= ID_MAX_LENGTH
            or not value.isprintable()
            or value.strip() != value
        ):
            _bad_id("staff_id", value)
        value = self.resident_id
        if value is not None and (
            type(value) is not str
            or not 0 < len(value) <= ID_MAX_LENGTH
            or not value.isprintable()
            or value.strip() != value
        ):
            _bad_id("resident_id", value)
        occurred_at = self.occurred_at
        if (
            type(occurred_at) is not pendulum.DateTime
            or type(occurred_at.tzinfo) is not FixedTimezone
        ):
            occurred_at = to_datetime(occurred_at, "occurred_at")
            put(self, "occurred_at", occurred_at)
        kind = self.kind
        if type(kind) is not InteractionKind:
            kind = (_KINDS.get(kind) if type(kind) is str else None) or to_enum(
                InteractionKind, kind, "kind"
            )
            put(self, "kind", kind)
        value = self.initiator
        if type(value) is not Initiator:
            put(
                self,
                "initiator",
                (_INITIATORS.get(value) if type(value) is str else None)
                or to_enum(Initiator, value, "initiator"),
            )
        value = self.channel
        if type(value) is not Channel:
            put(
                self,
                "channel",
                (_CHANNELS.get(value) if type(value) is str else None)
                or to_enum(Channel, value, "channel"),
            )
        value = self.outcome
        if value is not None and type(value) is not Outcome:
            put(
                self,
                "outcome",
                (_OUTCOMES.get(value) if type(value) is str else None)
                or to_enum(Outcome, value, "outcome"),
            )
        attendance = self.attendance
        if attendance is not None and type(attendance) is not AttendanceStatus:
            put(self, "attendance", to_enum(AttendanceStatus, attendance, "attendance"))
        if kind is InteractionKind.ATTENDANCE:
            if attendance is None:
                raise FieldError(
                    "attendance",
                    "expected an attendance status (present, excused_absence, unexcused_absence) "
                    "on an attendance interaction",
                )
        elif attendance is not None:
            raise FieldError("attendance", f"only allowed on attendance interactions, not {kind}")
        observed_at = self.observed_at
        if observed_at is not None:
            if (
                type(observed_at) is not pendulum.DateTime
                or type(observed_at.tzinfo) is not FixedTimezone
            ):
                observed_at = to_datetime(observed_at, "observed_at")
                put(self, "observed_at", observed_at)
            if kind is not InteractionKind.SUSPICIOUS_ACTIVITY_REPORT:
                raise FieldError(
                    "observed_at", f"only allowed on suspicious_activity_report, not {kind}"
                )
            if observed_at > occurred_at:  # fixed offsets: compared as instants
                raise FieldError(
                    "observed_at",
                    f"expected a time on or before the report at {occurred_at.isoformat()}, "
                    f"got {observed_at.isoformat()}",
                )
        duration = self.duration_minutes
        if duration is not None:
            if type(duration) is not float or not 0.0 <= duration < _INFINITY:
                put(self, "duration_minutes", to_non_negative_float(duration, "duration_minutes"))
            if kind not in _DURATION_KINDS:
                raise FieldError(
                    "duration_minutes",
                    f"only allowed on volunteering and conversation, not {kind}",
                )
        if self.session_id is not None and self.initiative_id is None:
            raise FieldError(
                "initiative_id", "expected the initiative of the session that is named"
            )

    @property
    def hours_to_report(self) -> float | None:
        """Hours between ``observed_at`` and the report, when the report says when it was seen."""
        if self.observed_at is None:
            return None
        return (self.occurred_at.timestamp() - self.observed_at.timestamp()) / 3600.0
