"""Interactions: single contacts between a programme and the community."""

from __future__ import annotations

import attrs
import pendulum

from .._errors import FieldError
from ._checks import (
    check_id,
    check_optional_id,
    enum_converter,
    field_converter,
    optional_enum_converter,
    to_datetime,
    to_optional_datetime,
    to_optional_non_negative_float,
)
from ._enums import AttendanceStatus, Channel, Initiator, InteractionKind, Outcome

__all__ = ["Interaction"]

_DURATION_KINDS = frozenset({InteractionKind.VOLUNTEERING, InteractionKind.CONVERSATION})


@attrs.frozen(kw_only=True)
class Interaction:
    """One contact between the programme and the community, at an instant, in an area.

    ``resident_id`` and ``staff_id`` are pseudonyms (see :func:`trustops.privacy.pseudonymise`).
    Kind-specific fields are only allowed where they make sense:

    - ``attendance`` is required for, and only for, ``attendance`` interactions;
    - ``observed_at`` (when the resident saw what they report) only on a
      ``suspicious_activity_report``, and never after ``occurred_at``;
    - ``duration_minutes`` only on ``volunteering`` and ``conversation``.

    >>> import pendulum
    >>> from trustops import Interaction
    >>> i = Interaction(id="i-1", occurred_at=pendulum.datetime(2026, 3, 4, 19, tz="UTC"),
    ...                 area_id="riverside", kind="suspicious_activity_report",
    ...                 initiator="resident", channel="app", resident_id="r-9",
    ...                 observed_at=pendulum.datetime(2026, 3, 4, 17, tz="UTC"))
    >>> i.hours_to_report
    2.0
    """

    id: str = attrs.field(validator=check_id)
    occurred_at: pendulum.DateTime = attrs.field(converter=field_converter(to_datetime))
    area_id: str = attrs.field(validator=check_id)
    kind: InteractionKind = attrs.field(converter=enum_converter(InteractionKind))
    initiator: Initiator = attrs.field(converter=enum_converter(Initiator))
    channel: Channel = attrs.field(converter=enum_converter(Channel))
    initiative_id: str | None = attrs.field(default=None, validator=check_optional_id)
    session_id: str | None = attrs.field(default=None, validator=check_optional_id)
    staff_id: str | None = attrs.field(default=None, validator=check_optional_id)
    resident_id: str | None = attrs.field(default=None, validator=check_optional_id)
    outcome: Outcome | None = attrs.field(default=None, converter=optional_enum_converter(Outcome))
    attendance: AttendanceStatus | None = attrs.field(
        default=None, converter=optional_enum_converter(AttendanceStatus)
    )
    observed_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=field_converter(to_optional_datetime)
    )
    duration_minutes: float | None = attrs.field(
        default=None, converter=field_converter(to_optional_non_negative_float)
    )

    def __attrs_post_init__(self) -> None:
        kind = self.kind
        if kind is InteractionKind.ATTENDANCE:
            if self.attendance is None:
                raise FieldError(
                    "attendance",
                    "expected an attendance status (present, excused_absence, unexcused_absence) "
                    "on an attendance interaction",
                )
        elif self.attendance is not None:
            raise FieldError("attendance", f"only allowed on attendance interactions, not {kind.value}")
        if self.observed_at is not None:
            if kind is not InteractionKind.SUSPICIOUS_ACTIVITY_REPORT:
                raise FieldError(
                    "observed_at", f"only allowed on suspicious_activity_report, not {kind.value}"
                )
            if self.observed_at > self.occurred_at:
                raise FieldError(
                    "observed_at",
                    f"expected a time on or before the report at {self.occurred_at.isoformat()}, "
                    f"got {self.observed_at.isoformat()}",
                )
        if self.duration_minutes is not None and kind not in _DURATION_KINDS:
            raise FieldError(
                "duration_minutes",
                f"only allowed on volunteering and conversation, not {kind.value}",
            )
        if self.session_id is not None and self.initiative_id is None:
            raise FieldError("initiative_id", "expected the initiative of the session that is named")

    @property
    def hours_to_report(self) -> float | None:
        """Hours between ``observed_at`` and the report, when the report says when it was seen."""
        if self.observed_at is None:
            return None
        return (self.occurred_at.timestamp() - self.observed_at.timestamp()) / 3600.0
