"""Strategies for the programme structure: areas, partners, programmes, initiatives, sessions."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Final

import pendulum
from hypothesis import strategies as st

from ..model import (
    Area,
    Initiative,
    InitiativeKind,
    Partner,
    Programme,
    ProgrammeStatus,
    Session,
    SessionStatus,
)
from ._ids import choose, identifiers, texts
from ._time import AWKWARD_TIMEZONES, aware_datetimes, dates

__all__ = ["areas", "initiatives", "partners", "programmes", "sessions", "shift"]

_DIMENSIONS = {
    "age": ("16-34", "35-64", "65+"),
    "gender": ("woman", "man", "another"),
    "tenure": ("owner", "renter", "social"),
}


def shift(instant: pendulum.DateTime, seconds: int) -> pendulum.DateTime:
    """``instant`` moved by ``seconds`` of elapsed time, in the same zone (DST-safe)."""
    zone = instant.timezone
    assert zone is not None, "strategies only build instants with pendulum time zones"
    return instant.in_timezone("UTC").add(seconds=seconds).in_timezone(zone)


def _normalised(categories: tuple[str, ...], counts: list[int]) -> dict[str, float]:
    if not any(counts):
        counts[0] = 1
    total = sum(counts)
    return {category: count / total for category, count in zip(categories, counts, strict=True)}


@functools.cache
def _shares(categories: tuple[str, ...]) -> st.SearchStrategy[dict[str, float]]:
    """Shares of ``categories`` that sum to 1 (made once per set of categories)."""
    counts = st.lists(st.integers(0, 100), min_size=len(categories), max_size=len(categories))
    return counts.map(lambda drawn: _normalised(categories, drawn))


_SOME_DIMENSIONS: Final = st.lists(st.sampled_from(sorted(_DIMENSIONS)), unique=True, max_size=2)
_POPULATIONS: Final = st.none() | st.integers(0, 10_000_000)
_SECTORS: Final = st.none() | st.sampled_from(("public", "voluntary", "faith", "business"))
_OPTIONAL_DATES: Final = st.none() | dates()
_DAYS: Final = st.integers(0, 3 * 366)
_DESCRIPTIONS: Final = st.none() | texts(max_size=200)
_PROGRAMME_STATUSES: Final = st.sampled_from(ProgrammeStatus)
_SESSION_STATUSES: Final = st.sampled_from(SessionStatus)
_INITIATIVE_CAPACITIES: Final = st.none() | st.integers(1, 1_000)
_SESSION_CAPACITIES: Final = st.none() | st.integers(1, 500)
_SESSION_SECONDS: Final = st.integers(0, 12 * 3600)


@st.composite
def _areas(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    zones: st.SearchStrategy[str],
    margins: Mapping[str, Sequence[str]] | None,
) -> Area:
    if margins is None:
        margins = {name: _DIMENSIONS[name] for name in draw(_SOME_DIMENSIONS)}
    return Area(
        id=draw(ids),
        name=draw(texts()),
        timezone=draw(zones),
        population=draw(_POPULATIONS),
        margins={name: draw(_shares(tuple(categories))) for name, categories in margins.items()},
    )


def areas(
    *,
    ids: st.SearchStrategy[str] | None = None,
    timezones: Sequence[str] | None = None,
    margins: Mapping[str, Sequence[str]] | None = None,
) -> st.SearchStrategy[Area]:
    """Valid :class:`~trustops.model.Area` records.

    ``timezones`` limits the zones (default: :data:`~trustops.testing.AWKWARD_TIMEZONES`).
    ``margins`` pins the demographic dimensions and their categories
    (``{"age": ["16-34", "35+"]}``); their shares are drawn, summing to 1. By default an area
    has zero to two of ``age``, ``gender``, ``tenure``.

    >>> from hypothesis import given
    >>> from trustops.testing import areas
    >>> @given(areas(timezones=["Asia/Kathmandu"], margins={"age": ["young", "old"]}))
    ... def test(area):
    ...     assert area.timezone == "Asia/Kathmandu"
    ...     assert set(area.margins["age"]) == {"young", "old"}
    >>> test()
    """
    zones = st.sampled_from(AWKWARD_TIMEZONES if timezones is None else tuple(timezones))
    return _areas(identifiers() if ids is None else ids, zones, margins)


def partners(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Partner]:
    """Valid :class:`~trustops.model.Partner` records, with or without a sector.

    >>> from hypothesis import given, strategies as st
    >>> from trustops.testing import partners
    >>> @given(partners(ids=st.just("p1")))
    ... def test(partner):
    ...     assert partner.id == "p1" and partner.name.strip()
    >>> test()
    """
    return st.builds(
        Partner,
        id=identifiers() if ids is None else ids,
        name=texts(),
        sector=_SECTORS,
    )


@st.composite
def _date_range(
    draw: st.DrawFn, *, required_start: bool
) -> tuple[pendulum.Date | None, pendulum.Date | None]:
    start = draw(dates()) if required_start else draw(_OPTIONAL_DATES)
    if start is None or draw(st.booleans()):
        return start, None
    return start, start.add(days=draw(_DAYS))


@st.composite
def _programmes(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    area_ids: st.SearchStrategy[list[str]],
    statuses: st.SearchStrategy[ProgrammeStatus],
) -> Programme:
    start, end = draw(_date_range(required_start=True))
    return Programme(
        id=draw(ids),
        name=draw(texts()),
        organisation=draw(texts()),
        start=start,
        end=end,
        area_ids=tuple(draw(area_ids)),
        status=draw(statuses),
        description=draw(_DESCRIPTIONS),
    )


def programmes(
    *,
    ids: st.SearchStrategy[str] | None = None,
    area_ids: Sequence[str] | None = None,
    statuses: Sequence[ProgrammeStatus] = tuple(ProgrammeStatus),
) -> st.SearchStrategy[Programme]:
    """Valid :class:`~trustops.model.Programme` records in one to three areas.

    ``area_ids`` limits the areas to choose from (default: any identifiers); ``statuses`` the
    statuses.

    >>> from hypothesis import given
    >>> from trustops import ProgrammeStatus
    >>> from trustops.testing import programmes
    >>> @given(programmes(area_ids=["a", "b"], statuses=[ProgrammeStatus.ACTIVE]))
    ... def test(programme):
    ...     assert set(programme.area_ids) <= {"a", "b"}
    ...     assert programme.end is None or programme.start <= programme.end
    >>> test()
    """
    return _programmes(
        identifiers() if ids is None else ids,
        st.lists(choose(area_ids, "area_ids"), min_size=1, max_size=3, unique=True),
        st.sampled_from(tuple(statuses)),
    )


@st.composite
def _initiatives(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str],
    programme_ids: st.SearchStrategy[str],
    area_ids: st.SearchStrategy[str],
    partner_ids: st.SearchStrategy[list[str]],
    kinds: st.SearchStrategy[InitiativeKind],
) -> Initiative:
    start, end = draw(_date_range(required_start=False))
    return Initiative(
        id=draw(ids),
        programme_id=draw(programme_ids),
        area_id=draw(area_ids),
        name=draw(texts()),
        kind=draw(kinds),
        status=draw(_PROGRAMME_STATUSES),
        partner_ids=tuple(draw(partner_ids)),
        capacity=draw(_INITIATIVE_CAPACITIES),
        start=start,
        end=end,
    )


def initiatives(
    *,
    ids: st.SearchStrategy[str] | None = None,
    programme_ids: Sequence[str] | None = None,
    area_ids: Sequence[str] | None = None,
    partner_ids: Sequence[str] | None = None,
    kinds: Sequence[InitiativeKind] = tuple(InitiativeKind),
) -> st.SearchStrategy[Initiative]:
    """Valid :class:`~trustops.model.Initiative` records.

    ``programme_ids``, ``area_ids`` and ``partner_ids`` limit the references to those
    identifiers (``None``: any identifiers; an empty ``partner_ids``: no partners).

    >>> from hypothesis import given
    >>> from trustops.testing import initiatives
    >>> @given(initiatives(programme_ids=["p"], area_ids=["a"], partner_ids=[]))
    ... def test(initiative):
    ...     assert (initiative.programme_id, initiative.area_id) == ("p", "a")
    ...     assert initiative.partner_ids == ()
    >>> test()
    """
    partner_pool = identifiers() if partner_ids is None else st.sampled_from(tuple(partner_ids))
    return _initiatives(
        ids=identifiers() if ids is None else ids,
        programme_ids=choose(programme_ids, "programme_ids"),
        area_ids=choose(area_ids, "area_ids"),
        partner_ids=(
            st.lists(partner_pool, max_size=3, unique=True)
            if partner_ids is None or partner_ids
            else st.just([])
        ),
        kinds=st.sampled_from(tuple(kinds)),
    )


@st.composite
def _sessions(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    initiative_ids: st.SearchStrategy[str],
    instants: st.SearchStrategy[pendulum.DateTime],
) -> Session:
    start = draw(instants)
    return Session(
        id=draw(ids),
        initiative_id=draw(initiative_ids),
        start=start,
        end=shift(start, draw(_SESSION_SECONDS)),
        status=draw(_SESSION_STATUSES),
        capacity=draw(_SESSION_CAPACITIES),
    )


def sessions(
    *,
    ids: st.SearchStrategy[str] | None = None,
    initiative_ids: Sequence[str] | None = None,
    timezones: Sequence[str] | None = None,
) -> st.SearchStrategy[Session]:
    """Valid :class:`~trustops.model.Session` records lasting up to twelve hours.

    Start and end share a zone and often straddle a daylight-saving change.

    >>> from hypothesis import given
    >>> from trustops.testing import sessions
    >>> @given(sessions(initiative_ids=["w1"]))
    ... def test(session):
    ...     assert session.initiative_id == "w1"
    ...     assert 0 <= (session.end - session.start).total_seconds() <= 12 * 3600
    >>> test()
    """
    return _sessions(
        identifiers() if ids is None else ids,
        choose(initiative_ids, "initiative_ids"),
        aware_datetimes(timezones=timezones),
    )
