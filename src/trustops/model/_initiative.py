"""Initiatives (activities of a programme in an area) and their dated sessions."""

from __future__ import annotations

import attrs
import pendulum

from ._checks import (
    check_id,
    check_order,
    check_text,
    positive_int,
    to_datetime,
    to_enum,
    to_id_tuple,
    to_optional_date,
)
from ._enums import InitiativeKind, ProgrammeStatus, SessionStatus
from ._lifecycle import PROGRAMME_TRANSITIONS, SESSION_TRANSITIONS, transitioned

__all__ = ["Initiative", "Session"]


def _kind_enum(value: object) -> InitiativeKind:
    return to_enum(InitiativeKind, value, "kind")


def _status_enum(value: object) -> ProgrammeStatus:
    return to_enum(ProgrammeStatus, value, "status")


def _partner_ids_id_tuple(value: object) -> tuple[str, ...]:
    return to_id_tuple(value, "partner_ids")


def _start_optional_date(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "start")


def _end_optional_date(value: object) -> pendulum.Date | None:
    return to_optional_date(value, "end")


def _start_datetime(value: object) -> pendulum.DateTime:
    return to_datetime(value, "start")


def _end_datetime(value: object) -> pendulum.DateTime:
    return to_datetime(value, "end")


def _status_enum2(value: object) -> SessionStatus:
    return to_enum(SessionStatus, value, "status")


@attrs.frozen(kw_only=True)
class Initiative:
    """One activity of a programme in one area: a workshop series, a patrol, a partnership.

    Follows the same lifecycle as a :class:`~trustops.model.Programme`.

    >>> from trustops import Initiative, InitiativeKind
    >>> Initiative(id="w1", programme_id="safer-streets", area_id="riverside",
    ...            name="Home safety workshops", kind=InitiativeKind.EDUCATIONAL_WORKSHOP).kind
    <InitiativeKind.EDUCATIONAL_WORKSHOP: 'educational_workshop'>
    """

    id: str = attrs.field(validator=check_id)
    programme_id: str = attrs.field(validator=check_id)
    area_id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    kind: InitiativeKind = attrs.field(converter=_kind_enum)
    status: ProgrammeStatus = attrs.field(default=ProgrammeStatus.PLANNED, converter=_status_enum)
    partner_ids: tuple[str, ...] = attrs.field(default=(), converter=_partner_ids_id_tuple)
    capacity: int | None = attrs.field(default=None, validator=positive_int)
    start: pendulum.Date | None = attrs.field(default=None, converter=_start_optional_date)
    end: pendulum.Date | None = attrs.field(default=None, converter=_end_optional_date)

    def __attrs_post_init__(self) -> None:
        check_order(self.start, self.end)

    def transition(self, status: ProgrammeStatus | str) -> Initiative:
        """Return a copy in ``status``; raise :class:`~trustops.model.IllegalTransitionError` if illegal."""
        return transitioned(self, status, PROGRAMME_TRANSITIONS)


@attrs.frozen(kw_only=True)
class Session:
    """One dated occurrence of an initiative: a workshop evening, a patrol shift, a meeting.

    Status moves ``scheduled → held`` or ``scheduled → cancelled``.

    >>> import pendulum
    >>> from trustops import Session
    >>> s = Session(id="w1-s1", initiative_id="w1",
    ...             start=pendulum.datetime(2026, 3, 4, 18, tz="Europe/London"),
    ...             end=pendulum.datetime(2026, 3, 4, 20, tz="Europe/London"))
    >>> s.transition("held").status
    <SessionStatus.HELD: 'held'>
    """

    id: str = attrs.field(validator=check_id)
    initiative_id: str = attrs.field(validator=check_id)
    start: pendulum.DateTime = attrs.field(converter=_start_datetime)
    end: pendulum.DateTime = attrs.field(converter=_end_datetime)
    status: SessionStatus = attrs.field(default=SessionStatus.SCHEDULED, converter=_status_enum2)
    capacity: int | None = attrs.field(default=None, validator=positive_int)

    def __attrs_post_init__(self) -> None:
        check_order(self.start, self.end)

    def transition(self, status: SessionStatus | str) -> Session:
        """Return a copy in ``status``; raise :class:`~trustops.model.IllegalTransitionError` if illegal."""
        return transitioned(self, status, SESSION_TRANSITIONS)
