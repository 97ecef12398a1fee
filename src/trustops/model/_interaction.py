"""Interactions: single contacts between a programme and the community."""

from __future__ import annotations

import datetime

import attrs
import pendulum

from .._errors import FieldError
from ._enums import AttendanceStatus, Channel, Initiator, InteractionKind, Outcome
from ._unrolled import DURATION, IDENTIFIER, INSTANT, enum_of, unrolled_checks

__all__ = ["Interaction", "hours_to_report"]

_DURATION_KINDS = frozenset({InteractionKind.VOLUNTEERING, InteractionKind.CONVERSATION})


@unrolled_checks
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

    Interactions are the high-volume record, so each field declares its check once and the
    checks of all fields are generated into one pass after the fields are set (see
    ``_unrolled.py``), rather than run as one validator call per field.

    >>> import pendulum
    >>> from trustops import Interaction
    >>> i = Interaction(id="i-1", occurred_at=pendulum.datetime(2026, 3, 4, 19, tz="UTC"),
    ...                 area_id="riverside", kind="suspicious_activity_report",
    ...                 initiator="resident", channel="app", resident_id="r-9",
    ...                 observed_at=pendulum.datetime(2026, 3, 4, 17, tz="UTC"))
    >>> i.hours_to_report
    2.0
    """

    id: str = attrs.field(metadata=IDENTIFIER)
    occurred_at: pendulum.DateTime = attrs.field(metadata=INSTANT)
    area_id: str = attrs.field(metadata=IDENTIFIER)
    kind: InteractionKind = attrs.field(metadata=enum_of(InteractionKind))
    initiator: Initiator = attrs.field(metadata=enum_of(Initiator))
    channel: Channel = attrs.field(metadata=enum_of(Channel))
    initiative_id: str | None = attrs.field(default=None, metadata=IDENTIFIER)
    session_id: str | None = attrs.field(default=None, metadata=IDENTIFIER)
    staff_id: str | None = attrs.field(default=None, metadata=IDENTIFIER)
    resident_id: str | None = attrs.field(default=None, metadata=IDENTIFIER)
    outcome: Outcome | None = attrs.field(default=None, metadata=enum_of(Outcome))
    attendance: AttendanceStatus | None = attrs.field(
        default=None, metadata=enum_of(AttendanceStatus)
    )
    observed_at: pendulum.DateTime | None = attrs.field(default=None, metadata=INSTANT)
    duration_minutes: float | None = attrs.field(default=None, metadata=DURATION)

    def __attrs_post_init__(self) -> None:
        """The rules that span fields; each field's own check is generated before this runs."""
        kind = self.kind
        if kind is InteractionKind.ATTENDANCE:
            if self.attendance is None:
                raise FieldError(
                    "attendance",
                    "expected an attendance status (present, excused_absence, unexcused_absence) "
                    "on an attendance interaction",
                )
        elif self.attendance is not None:
            raise FieldError("attendance", f"only allowed on attendance interactions, not {kind}")
        observed_at = self.observed_at
        if observed_at is not None:
            if kind is not InteractionKind.SUSPICIOUS_ACTIVITY_REPORT:
                raise FieldError(
                    "observed_at", f"only allowed on suspicious_activity_report, not {kind}"
                )
            if observed_at > self.occurred_at:  # fixed offsets: compared as instants
                raise FieldError(
                    "observed_at",
                    f"expected a time on or before the report at {self.occurred_at.isoformat()}, "
                    f"got {observed_at.isoformat()}",
                )
        if self.duration_minutes is not None and kind not in _DURATION_KINDS:
            raise FieldError(
                "duration_minutes", f"only allowed on volunteering and conversation, not {kind}"
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
        return hours_to_report(self.occurred_at, self.observed_at)


_DAY = 86_400
_MICROS = 1_000_000
_EPOCH_ORDINAL = 719_163  # datetime.date(1970, 1, 1).toordinal()


def hours_to_report(occurred_at: datetime.datetime, observed_at: datetime.datetime) -> float:
    """Hours from ``observed_at`` to ``occurred_at``: the definition behind
    :attr:`Interaction.hours_to_report` and ``median_hours_to_report``.

    The value is ``(occurred_at.timestamp() - observed_at.timestamp()) / 3600``, bit for bit.
    When both instants share one fixed-offset zone (as records read from text do) the
    timestamps are computed from the clock fields, which is several times faster.

    >>> import pendulum
    >>> from trustops.model import hours_to_report
    >>> hours_to_report(pendulum.datetime(2026, 3, 2, 9, tz="UTC"),
    ...                 pendulum.datetime(2026, 3, 1, 21, 30, tz="UTC"))
    11.5
    """
    source = occurred_at.tzinfo
    fixed = source.utcoffset(None) if source is observed_at.tzinfo and source else None
    if fixed is None or fixed.microseconds:
        return (occurred_at.timestamp() - observed_at.timestamp()) / 3600.0
    offset = fixed.days * _DAY + fixed.seconds
    occurred = _micros(occurred_at, offset) / _MICROS
    observed = _micros(observed_at, offset) / _MICROS
    return (occurred - observed) / 3600.0


def _micros(instant: datetime.datetime, offset: int) -> int:
    """Microseconds from the Unix epoch to ``instant``, whose zone is ``offset`` s from UTC."""
    seconds = (
        (instant.toordinal() - _EPOCH_ORDINAL) * _DAY
        + instant.hour * 3_600
        + instant.minute * 60
        + instant.second
        - offset
    )
    return seconds * _MICROS + instant.microsecond
