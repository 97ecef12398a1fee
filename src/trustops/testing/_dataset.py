"""A strategy for whole, consistent datasets: every reference resolves, every id is unique."""

from __future__ import annotations

from typing import Any, Final

import attrs
from hypothesis import strategies as st

from ..model import Dataset, Initiative, Interaction, InteractionKind, Session, SurveyResponse
from ._ids import identifiers
from ._indicator import indicators
from ._interaction import interactions
from ._programme import areas, initiatives, partners, programmes, sessions
from ._survey import survey_instruments, survey_responses

__all__ = ["datasets"]


_PLACEHOLDER: Final = st.just("placeholder")
"""The id records are drawn with before each gets its own unique id (see :func:`_records`)."""


def _unique_ids(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(identifiers(max_size=10), min_size=min_size, max_size=max_size, unique=True)


def _records(draw: st.DrawFn, strategy: st.SearchStrategy[Any], ids: list[str]) -> list[Any]:
    """One record of ``strategy`` (drawn with the placeholder id) for each of ``ids``.

    The record strategy is made once per dataset and the id set afterwards: making a strategy
    per record (``ids=st.just(...)``) costs hypothesis more than drawing the record.
    """
    drawn = draw(st.lists(strategy, min_size=len(ids), max_size=len(ids)))
    return [attrs.evolve(record, id=id_) for record, id_ in zip(drawn, ids, strict=True)]


@st.composite
def _datasets(
    draw: st.DrawFn, max_areas: int, max_interactions: int, max_responses: int
) -> Dataset:
    area_ids = draw(_unique_ids(1, max_areas))
    partner_ids = draw(_unique_ids(0, 2))
    programme_ids = draw(_unique_ids(1, 2))
    initiative_ids = draw(_unique_ids(0, 3))
    session_ids = draw(_unique_ids(0, 3)) if initiative_ids else []
    the_sessions = (
        _records(draw, sessions(ids=_PLACEHOLDER, initiative_ids=initiative_ids), session_ids)
        if session_ids
        else []
    )
    residents = draw(_unique_ids(0, 4))
    staff = draw(_unique_ids(0, 2))
    instruments = _records(
        draw, survey_instruments(ids=_PLACEHOLDER, max_items=4), draw(_unique_ids(0, 2))
    )
    responses: list[SurveyResponse] = []
    if instruments:
        response_ids = draw(_unique_ids(0, max_responses))
        for index, instrument in enumerate(instruments):
            responses += _records(
                draw,
                survey_responses(instrument, ids=_PLACEHOLDER, area_ids=area_ids),
                response_ids[index :: len(instruments)],
            )
    the_initiatives = _records(
        draw,
        initiatives(
            ids=_PLACEHOLDER,
            programme_ids=programme_ids,
            area_ids=area_ids,
            partner_ids=partner_ids,
        ),
        initiative_ids,
    )
    the_interactions = _records(
        draw,
        interactions(
            ids=_PLACEHOLDER,
            area_ids=area_ids,
            initiative_ids=initiative_ids,
            sessions=the_sessions,
            resident_ids=residents,
            staff_ids=staff,
        ),
        draw(_unique_ids(0, max_interactions)),
    )
    return Dataset(
        programmes=_records(draw, programmes(ids=_PLACEHOLDER, area_ids=area_ids), programme_ids),
        areas=_records(draw, areas(ids=_PLACEHOLDER), area_ids),
        partners=_records(draw, partners(ids=_PLACEHOLDER), partner_ids),
        initiatives=the_initiatives,
        sessions=the_sessions,
        interactions=_consistent(the_interactions, the_initiatives, the_sessions),
        instruments=instruments,
        responses=responses,
        indicators=_records(
            draw,
            indicators(ids=_PLACEHOLDER, programme_ids=programme_ids, area_ids=area_ids),
            draw(_unique_ids(0, 2)),
        ),
    )


def datasets(
    *, max_areas: int = 3, max_interactions: int = 8, max_responses: int = 6
) -> st.SearchStrategy[Dataset]:
    """Consistent :class:`~trustops.model.Dataset` values: ``problems()`` is always empty.

    One to ``max_areas`` areas, one or two programmes, partners, initiatives, sessions, up to
    ``max_interactions`` interactions (linking only to records in the dataset and to a small pool
    of residents and staff, so repeat contacts occur), zero to two instruments with up to
    ``max_responses`` responses, and indicators.

    >>> from hypothesis import given
    >>> from trustops.testing import datasets
    >>> @given(datasets())
    ... def test(dataset):
    ...     assert dataset.problems() == ()
    >>> test()
    """
    return _datasets(max_areas, max_interactions, max_responses)


def _consistent(
    records: list[Interaction], initiatives: list[Initiative], sessions: list[Session]
) -> list[Interaction]:
    """Interactions moved to their initiative's area, and attendance to its session's start
    (the dataset's checks between records ask for both)."""
    area_of = {initiative.id: initiative.area_id for initiative in initiatives}
    start_of = {session.id: session.start for session in sessions}
    moved = []
    for record in records:
        fixed = record
        if fixed.initiative_id in area_of:
            fixed = attrs.evolve(fixed, area_id=area_of[fixed.initiative_id])
        if fixed.kind is InteractionKind.ATTENDANCE and fixed.session_id in start_of:
            fixed = attrs.evolve(fixed, occurred_at=start_of[fixed.session_id])
        moved.append(fixed)
    return moved
