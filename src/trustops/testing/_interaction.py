"""Strategies for interactions, with kind-specific fields only where they belong."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pendulum
from hypothesis import strategies as st

from ..model import (
    AttendanceStatus,
    Channel,
    Initiator,
    Interaction,
    InteractionKind,
    Outcome,
    Session,
)
from ._ids import choose, identifiers, optional_reference
from ._programme import shift
from ._time import aware_datetimes

__all__ = ["interactions"]

_DURATION_KINDS = (InteractionKind.CONVERSATION, InteractionKind.VOLUNTEERING)


_INITIATORS: Final = st.sampled_from(Initiator)
_CHANNELS: Final = st.sampled_from(Channel)
_OUTCOMES: Final = st.none() | st.sampled_from(Outcome)
_ATTENDANCE: Final = st.sampled_from(AttendanceStatus)
_DURATIONS: Final = st.none() | st.floats(0, 24 * 60, allow_nan=False, allow_infinity=False)
_SECONDS_BEFORE: Final = st.integers(0, 72 * 3600)
_ANY_SESSION: Final = st.none() | identifiers()


def _optional(sessions: tuple[Session, ...]) -> st.SearchStrategy[Session | None]:
    return st.none() | st.sampled_from(sessions) if sessions else st.none()


@st.composite
def _interactions(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str],
    kinds: st.SearchStrategy[InteractionKind],
    instants: st.SearchStrategy[pendulum.DateTime],
    areas: st.SearchStrategy[str],
    initiatives: st.SearchStrategy[str | None],
    sessions: st.SearchStrategy[Session | None] | None,
    staff: st.SearchStrategy[str | None],
    residents: st.SearchStrategy[str | None],
) -> Interaction:
    # Every strategy is made once by interactions(): records are drawn by the thousand.
    kind = draw(kinds)
    occurred_at = draw(instants)
    initiative_id = draw(initiatives)
    session_id: str | None = None
    if sessions is None:
        if initiative_id is not None:
            session_id = draw(_ANY_SESSION)
    else:
        session = draw(sessions)
        if session is not None:
            session_id, initiative_id = session.id, session.initiative_id
    observed_at = None
    if kind is InteractionKind.SUSPICIOUS_ACTIVITY_REPORT and draw(st.booleans()):
        observed_at = shift(occurred_at, -draw(_SECONDS_BEFORE))
    return Interaction(
        id=draw(ids),
        occurred_at=occurred_at,
        area_id=draw(areas),
        kind=kind,
        initiator=draw(_INITIATORS),
        channel=draw(_CHANNELS),
        initiative_id=initiative_id,
        session_id=session_id,
        staff_id=draw(staff),
        resident_id=draw(residents),
        outcome=draw(_OUTCOMES),
        attendance=draw(_ATTENDANCE) if kind is InteractionKind.ATTENDANCE else None,
        observed_at=observed_at,
        duration_minutes=draw(_DURATIONS) if kind in _DURATION_KINDS else None,
    )


def interactions(
    *,
    ids: st.SearchStrategy[str] | None = None,
    area_ids: Sequence[str] | None = None,
    initiative_ids: Sequence[str] | None = None,
    sessions: Sequence[Session] | None = None,
    kinds: Sequence[InteractionKind] = tuple(InteractionKind),
    resident_ids: Sequence[str] | None = None,
    staff_ids: Sequence[str] | None = None,
    timezones: Sequence[str] | None = None,
) -> st.SearchStrategy[Interaction]:
    """Valid :class:`~trustops.model.Interaction` records of every kind.

    Attendance interactions carry a status; suspicious-activity reports sometimes carry an
    ``observed_at`` up to three days earlier (in the same zone, so the pair may straddle a
    daylight-saving change); conversations and volunteering sometimes carry a duration.

    Reference fields are limited by the matching argument: ``None`` allows any identifier, an
    empty sequence leaves the optional ones unset. When ``sessions`` is given, an interaction
    that names a session also names that session's initiative.

    >>> from hypothesis import given
    >>> from trustops.testing import interactions
    >>> @given(interactions(area_ids=["a", "b"], kinds=["attendance"], resident_ids=[]))
    ... def test(interaction):
    ...     assert interaction.area_id in {"a", "b"} and interaction.attendance is not None
    ...     assert interaction.resident_id is None
    >>> test()
    """
    return _interactions(
        ids=identifiers() if ids is None else ids,
        kinds=st.sampled_from(tuple(InteractionKind(kind) for kind in kinds)),
        instants=aware_datetimes(timezones=timezones),
        areas=choose(area_ids, "area_ids"),
        initiatives=optional_reference(initiative_ids),
        sessions=None if sessions is None else _optional(tuple(sessions)),
        staff=optional_reference(staff_ids),
        residents=optional_reference(resident_ids),
    )
