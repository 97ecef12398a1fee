"""Status machines: which moves are legal, and a helper that performs one or raises."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Final, Protocol, TypeVar, cast

import attrs

from ._checks import to_enum
from ._enums import ProgrammeStatus, SessionStatus
from ._errors import IllegalTransitionError

__all__ = ["PROGRAMME_TRANSITIONS", "SESSION_TRANSITIONS", "transitioned"]


class _WithStatus(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def status(self) -> enum.Enum: ...


_R = TypeVar("_R", bound=_WithStatus)

PROGRAMME_TRANSITIONS: Final[Mapping[ProgrammeStatus, frozenset[ProgrammeStatus]]] = {
    ProgrammeStatus.PLANNED: frozenset({ProgrammeStatus.ACTIVE, ProgrammeStatus.CANCELLED}),
    ProgrammeStatus.ACTIVE: frozenset(
        {ProgrammeStatus.SUSPENDED, ProgrammeStatus.COMPLETED, ProgrammeStatus.CANCELLED}
    ),
    ProgrammeStatus.SUSPENDED: frozenset({ProgrammeStatus.ACTIVE, ProgrammeStatus.CANCELLED}),
    ProgrammeStatus.COMPLETED: frozenset(),
    ProgrammeStatus.CANCELLED: frozenset(),
}
"""Legal moves for programmes and initiatives: status → statuses it may move to."""

SESSION_TRANSITIONS: Final[Mapping[SessionStatus, frozenset[SessionStatus]]] = {
    SessionStatus.SCHEDULED: frozenset({SessionStatus.HELD, SessionStatus.CANCELLED}),
    SessionStatus.HELD: frozenset(),
    SessionStatus.CANCELLED: frozenset(),
}
"""Legal moves for sessions."""


def transitioned(record: _R, status: object, table: Mapping[Any, frozenset[Any]]) -> _R:
    """A copy of ``record`` in ``status`` (a member or its value).

    Raises :class:`~trustops.model.IllegalTransitionError` unless ``table`` allows the move
    from the record's status, naming the record and the moves it may make.
    """
    current = record.status
    target = to_enum(type(current), status, "status")
    allowed = table[current]
    if target not in allowed:
        options = ", ".join(sorted(s.value for s in allowed)) or "nothing (it is final)"
        raise IllegalTransitionError(
            f"{type(record).__name__.lower()} {record.id!r} cannot move from "
            f"{current.value!r} to {target.value!r}; from {current.value!r} it may move to "
            f"{options}"
        )
    moved: _R = attrs.evolve(cast(Any, record), status=target)
    return moved
