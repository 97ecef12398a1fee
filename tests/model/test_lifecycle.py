"""Every legal and illegal lifecycle move, for programmes, initiatives and sessions."""

from __future__ import annotations

import itertools

import pendulum
import pytest

from trustops import (
    FieldError,
    IllegalTransitionError,
    Initiative,
    Programme,
    ProgrammeStatus,
    Session,
    SessionStatus,
    TrustopsError,
)
from trustops.model import PROGRAMME_TRANSITIONS, SESSION_TRANSITIONS

P = ProgrammeStatus
S = SessionStatus

# Written out by hand from METHODS.md §1, not derived from the tables under test.
LEGAL_PROGRAMME_MOVES = {
    (P.PLANNED, P.ACTIVE),
    (P.PLANNED, P.CANCELLED),
    (P.ACTIVE, P.SUSPENDED),
    (P.ACTIVE, P.COMPLETED),
    (P.ACTIVE, P.CANCELLED),
    (P.SUSPENDED, P.ACTIVE),
    (P.SUSPENDED, P.CANCELLED),
}
LEGAL_SESSION_MOVES = {(S.SCHEDULED, S.HELD), (S.SCHEDULED, S.CANCELLED)}

PROGRAMME_PAIRS = list(itertools.product(P, P))
SESSION_PAIRS = list(itertools.product(S, S))


def _programme(status: ProgrammeStatus) -> Programme:
    return Programme(
        id="p",
        name="P",
        organisation="Org",
        start=pendulum.date(2025, 1, 1),
        area_ids=("a",),
        status=status,
    )


def _initiative(status: ProgrammeStatus) -> Initiative:
    return Initiative(id="w", programme_id="p", area_id="a", name="W", kind="other", status=status)


def _session(status: SessionStatus) -> Session:
    start = pendulum.datetime(2025, 3, 4, 18, tz="UTC")
    return Session(id="s", initiative_id="w", start=start, end=start.add(hours=2), status=status)


def test_the_tables_match_the_documented_lifecycle() -> None:
    assert {(a, b) for a, targets in PROGRAMME_TRANSITIONS.items() for b in targets} == (
        LEGAL_PROGRAMME_MOVES
    )
    assert {(a, b) for a, targets in SESSION_TRANSITIONS.items() for b in targets} == (
        LEGAL_SESSION_MOVES
    )


@pytest.mark.parametrize(("current", "target"), PROGRAMME_PAIRS)
@pytest.mark.parametrize("make", [_programme, _initiative], ids=["programme", "initiative"])
def test_programme_and_initiative_moves(
    make: object, current: ProgrammeStatus, target: ProgrammeStatus
) -> None:
    record = make(current)  # type: ignore[operator]
    if (current, target) in LEGAL_PROGRAMME_MOVES:
        moved = record.transition(target)
        assert moved.status is target
        assert record.status is current  # the original is unchanged
        assert record.transition(target.value) == moved  # string values work too
    else:
        with pytest.raises(IllegalTransitionError) as info:
            record.transition(target)
        message = str(info.value)
        assert repr(current.value) in message
        assert repr(target.value) in message


@pytest.mark.parametrize(("current", "target"), SESSION_PAIRS)
def test_session_moves(current: SessionStatus, target: SessionStatus) -> None:
    session = _session(current)
    if (current, target) in LEGAL_SESSION_MOVES:
        assert session.transition(target).status is target
        assert session.transition(target.value).status is target
    else:
        with pytest.raises(IllegalTransitionError):
            session.transition(target)


def test_illegal_move_lists_the_options() -> None:
    with pytest.raises(IllegalTransitionError) as info:
        _programme(P.PLANNED).transition(P.COMPLETED)
    assert str(info.value) == (
        "programme 'p' cannot move from 'planned' to 'completed'; "
        "from 'planned' it may move to active, cancelled"
    )


@pytest.mark.parametrize("final", [P.COMPLETED, P.CANCELLED])
def test_final_statuses_say_so(final: ProgrammeStatus) -> None:
    with pytest.raises(IllegalTransitionError, match=r"nothing \(it is final\)"):
        _initiative(final).transition(P.ACTIVE)


def test_illegal_transition_error_is_a_trustops_value_error() -> None:
    assert issubclass(IllegalTransitionError, TrustopsError)
    assert issubclass(IllegalTransitionError, ValueError)


@pytest.mark.parametrize("make", [_programme, _initiative, _session])
def test_unknown_target_status_names_the_field(make: object) -> None:
    record = make(P.PLANNED if make is not _session else S.SCHEDULED)  # type: ignore[operator]
    with pytest.raises(FieldError) as info:
        record.transition("finished")
    assert info.value.field == "status"
