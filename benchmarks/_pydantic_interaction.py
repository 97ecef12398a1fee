"""The pydantic v2 model a user would write for interactions: same fields, same checks."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from trustops import AttendanceStatus, Channel, Initiator, InteractionKind, Outcome

# 1 to 128 characters for which str.isprintable() holds (no Unicode category C, Zl, Zp, and
# no Zs but the plain space), none of them white space at either end: as trustops ids.
ID_PATTERN = r"^[^\p{C}\p{Z}](?:[^\p{C}\p{Zl}\p{Zp}[\p{Zs}--[ ]]]*[^\p{C}\p{Z}])?$"
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=ID_PATTERN)]
Minutes = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class PydanticInteraction(BaseModel):
    """Interaction as pydantic v2: strict types, enums by value, aware datetimes, no extra fields."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Identifier
    occurred_at: AwareDatetime
    area_id: Identifier
    kind: InteractionKind
    initiator: Initiator
    channel: Channel
    initiative_id: Identifier | None = None
    session_id: Identifier | None = None
    staff_id: Identifier | None = None
    resident_id: Identifier | None = None
    outcome: Outcome | None = None
    attendance: AttendanceStatus | None = None
    observed_at: AwareDatetime | None = None
    duration_minutes: Minutes | None = None

    @model_validator(mode="after")
    def _kind_specific_fields(self) -> PydanticInteraction:
        kind = self.kind
        if (kind is InteractionKind.ATTENDANCE) != (self.attendance is not None):
            raise ValueError("attendance is required for, and only for, attendance interactions")
        if self.observed_at is not None:
            if kind is not InteractionKind.SUSPICIOUS_ACTIVITY_REPORT:
                raise ValueError("observed_at is only allowed on suspicious_activity_report")
            if self.observed_at > self.occurred_at:
                raise ValueError("observed_at must not be after occurred_at")
        if self.duration_minutes is not None and kind not in (
            InteractionKind.VOLUNTEERING,
            InteractionKind.CONVERSATION,
        ):
            raise ValueError("duration_minutes is only allowed on volunteering and conversation")
        if self.session_id is not None and self.initiative_id is None:
            raise ValueError("session_id needs initiative_id")
        return self
