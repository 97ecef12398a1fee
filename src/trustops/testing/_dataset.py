"""A strategy for whole, consistent datasets: every reference resolves, every id is unique."""

from __future__ import annotations

from hypothesis import strategies as st

from ..model import Dataset, SurveyResponse
from ._ids import identifiers
from ._indicator import indicators
from ._interaction import interactions
from ._programme import areas, initiatives, partners, programmes, sessions
from ._survey import survey_instruments, survey_responses

__all__ = ["datasets"]


def _unique_ids(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(identifiers(max_size=20), min_size=min_size, max_size=max_size, unique=True)


@st.composite
def _datasets(
    draw: st.DrawFn, max_areas: int, max_interactions: int, max_responses: int
) -> Dataset:
    area_ids = draw(_unique_ids(1, max_areas))
    partner_ids = draw(_unique_ids(0, 3))
    programme_ids = draw(_unique_ids(1, 2))
    initiative_ids = draw(_unique_ids(0, 4))
    session_ids = draw(_unique_ids(0, 4)) if initiative_ids else []
    the_areas = [draw(areas(ids=st.just(area_id))) for area_id in area_ids]
    the_sessions = [
        draw(sessions(ids=st.just(session_id), initiative_ids=initiative_ids))
        for session_id in session_ids
    ]
    residents = draw(_unique_ids(0, 6))
    staff = draw(_unique_ids(0, 3))
    instruments = [
        draw(survey_instruments(ids=st.just(instrument_id)))
        for instrument_id in draw(_unique_ids(0, 2))
    ]
    responses: list[SurveyResponse] = []
    if instruments:
        for index, response_id in enumerate(draw(_unique_ids(0, max_responses))):
            instrument = instruments[index % len(instruments)]
            responses.append(
                draw(survey_responses(instrument, ids=st.just(response_id), area_ids=area_ids))
            )
    return Dataset(
        programmes=[
            draw(programmes(ids=st.just(programme_id), area_ids=area_ids))
            for programme_id in programme_ids
        ],
        areas=the_areas,
        partners=[draw(partners(ids=st.just(partner_id))) for partner_id in partner_ids],
        initiatives=[
            draw(
                initiatives(
                    ids=st.just(initiative_id),
                    programme_ids=programme_ids,
                    area_ids=area_ids,
                    partner_ids=partner_ids,
                )
            )
            for initiative_id in initiative_ids
        ],
        sessions=the_sessions,
        interactions=[
            draw(
                interactions(
                    ids=st.just(interaction_id),
                    area_ids=area_ids,
                    initiative_ids=initiative_ids,
                    sessions=the_sessions,
                    resident_ids=residents,
                    staff_ids=staff,
                )
            )
            for interaction_id in draw(_unique_ids(0, max_interactions))
        ],
        instruments=instruments,
        responses=responses,
        indicators=[
            draw(
                indicators(
                    ids=st.just(indicator_id), programme_ids=programme_ids, area_ids=area_ids
                )
            )
            for indicator_id in draw(_unique_ids(0, 2))
        ],
    )


def datasets(
    *, max_areas: int = 3, max_interactions: int = 12, max_responses: int = 8
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
