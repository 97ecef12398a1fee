"""Status machines: which moves are legal, and a helper that performs one or raises."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, TypeVar

from ._enums import ProgrammeStatus, SessionStatus
from ._errors import IllegalTransitionError

__all__ = ["PROGRAMME_TRANSITIONS", "SESSION_TRANSITIONS", "check_transition"]

_S = TypeVar("_S", ProgrammeStatus, SessionStatus)

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


def check_transition(what: str, current: _S, target: _S, table: Mapping[_S, frozenset[_S]]) -> None:
    """Raise :class:`~trustops.model.IllegalTransitionError` unless ``current → target`` is in ``table``."""
    allowed = table[current]
    if target not in allowed:
        options = ", ".join(sorted(s.value for s in allowed)) or "nothing (it is final)"
        raise IllegalTransitionError(
            f"{what} cannot move from {current.value!r} to {target.value!r}; "
            f"from {current.value!r} it may move to {options}"
        )
