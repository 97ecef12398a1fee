"""Tests of the sample programme's fixed structure: areas, profiles, initiatives, sessions."""

from __future__ import annotations

import random
import re

from hypothesis import given
from hypothesis import strategies as st

from trustops import Dataset, InitiativeKind, SessionStatus
from trustops.sample._places import (
    PROFILES,
    PROGRAMME_ID,
    YEAR,
    build_places,
    pseudonym,
    quarter_end,
    quarter_start,
)


def test_profiles_have_unique_valid_areas_and_sensible_knobs() -> None:
    ids = [profile.area.id for profile in PROFILES]
    assert len(set(ids)) == len(ids)
    for profile in PROFILES:
        assert 0 < profile.positivity < 1
        assert 0 < profile.trust < 1
        assert 0 < profile.safety < 1
        assert profile.activity > 0
        assert profile.reporting > 0
        assert set(profile.starts) <= set(profile.kinds)
        assert set(profile.stops) <= set(profile.kinds)
        assert all(2 <= quarter <= 4 for quarter in profile.starts.values())
        assert all(1 <= quarter <= 3 for quarter in profile.stops.values())
    assert len({profile.area.timezone for profile in PROFILES}) > 1  # local calendars differ


def test_active_follows_starts_and_stops() -> None:
    for profile in PROFILES:
        for kind in InitiativeKind:
            quarters = [quarter for quarter in range(1, 5) if profile.active(kind, quarter)]
            if kind not in profile.kinds:
                assert quarters == []
            else:
                first = profile.starts.get(kind, 1)
                last = profile.stops.get(kind, 4)
                assert quarters == list(range(first, last + 1))


def test_quarters_cover_the_year_without_gaps() -> None:
    assert quarter_start(1).year == YEAR
    assert quarter_end(4) == quarter_end(4).end_of("year")
    for quarter in range(1, 4):
        assert quarter_end(quarter).add(days=1) == quarter_start(quarter + 1)


@given(st.integers(0, 2**32))
def test_pseudonyms_are_prefixed_hex_and_seeded(seed: int) -> None:
    name = pseudonym(random.Random(seed), "r")
    assert re.fullmatch(r"r-[0-9a-f]{10}", name)
    assert pseudonym(random.Random(seed), "r") == name


def test_build_places_is_a_consistent_programme() -> None:
    places = build_places(random.Random(7))
    assert build_places(random.Random(7)) == places
    assert places.programme.id == PROGRAMME_ID
    dataset = Dataset(
        programmes=[places.programme],
        areas=[profile.area for profile in PROFILES],
        partners=places.partners,
        initiatives=places.initiatives,
        sessions=places.sessions,
    )
    assert dataset.problems() == ()
    for profile in PROFILES:
        area = profile.area.id
        assert set(places.initiatives_of[area]) == set(profile.kinds)
        assert len(places.staff[area]) in (3, 4)
        for session in places.gatherings[area]:
            assert session.status is SessionStatus.HELD
            assert session.start.in_timezone(profile.area.timezone).month != 8  # no August


def test_some_sessions_are_cancelled() -> None:
    statuses = {session.status for session in build_places(random.Random(7)).sessions}
    assert SessionStatus.CANCELLED in statuses
    assert SessionStatus.HELD in statuses
