"""Strategies for interactions, with kind-specific fields only where they belong."""

from __future__ import annotations

from collections.abc import Sequence

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


@st.composite
def _interactions(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str],
    area_ids: Sequence[str] | None,
    initiative_ids: Sequence[str] | None,
    sessions: Sequence[Session] | None,
    kinds: Sequence[InteractionKind],
    resident_ids: Sequence[str] | None,
    staff_ids: Sequence[str] | None,
    timezones: Sequence[str] | None,
) -> Interaction:
    kind = draw(st.sampled_from(tuple(kinds)))
    occurred_at = draw(aware_datetimes(timezones=timezones))
    initiative_id = draw(optional_reference(initiative_ids))
    session_id: str | None = None
    if sessions is None:
        if initiative_id is not None:
            session_id = draw(st.none() | identifiers())
    elif sessions:
        session: Session | None = draw(st.none() | st.sampled_from(tuple(sessions)))
        if session is not None:
            session_id, initiative_id = session.id, session.initiative_id
    observed_at = None
    if kind is InteractionKind.SUSPICIOUS_ACTIVITY_REPORT and draw(st.booleans()):
        observed_at = shift(occurred_at, -draw(st.integers(0, 72 * 3600)))
    duration = None
    if kind in _DURATION_KINDS:
        duration = draw(st.none() | st.floats(0, 24 * 60, allow_nan=False, allow_infinity=False))
    return Interaction(
        id=draw(ids),
        occurred_at=occurred_at,
        area_id=draw(choose(area_ids, "area_ids")),
        kind=kind,
        initiator=draw(st.sampled_from(Initiator)),
        channel=draw(st.sampled_from(Channel)),
        initiative_id=initiative_id,
        session_id=session_id,
        staff_id=draw(optional_reference(staff_ids)),
        resident_id=draw(optional_reference(resident_ids)),
        outcome=draw(st.none() | st.sampled_from(Outcome)),
        attendance=(
            draw(st.sampled_from(AttendanceStatus)) if kind is InteractionKind.ATTENDANCE else None
        ),
        observed_at=observed_at,
        duration_minutes=duration,
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
        area_ids=area_ids,
        initiative_ids=initiative_ids,
        sessions=sessions,
        kinds=tuple(InteractionKind(kind) for kind in kinds),
        resident_ids=resident_ids,
        staff_ids=staff_ids,
        timezones=timezones,
    )
