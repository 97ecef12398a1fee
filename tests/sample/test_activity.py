"""Tests of the sample programme's interactions, drawn for a structure and a seed."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from trustops import Dataset, InteractionKind
from trustops.sample._activity import ATTENDANCE_SHARE, generate_interactions
from trustops.sample._places import PROFILES, YEAR, Places, build_places


@pytest.fixture(scope="module")
def places() -> Places:
    return build_places(random.Random(7))


def draw(places: Places, total: int, seed: int = 1) -> Dataset:
    return Dataset(
        programmes=[places.programme],
        areas=[profile.area for profile in PROFILES],
        partners=places.partners,
        initiatives=places.initiatives,
        sessions=places.sessions,
        interactions=generate_interactions(random.Random(seed), places, total, 0.1),
    )


def test_about_the_total_asked_for_in_time_order_with_numbered_ids(places: Places) -> None:
    dataset = draw(places, 3_000)
    interactions = dataset.interactions
    assert 0.97 * 3_000 <= len(interactions) <= 1.01 * 3_000
    assert [i.id for i in interactions] == [f"i-{n:06d}" for n in range(1, len(interactions) + 1)]
    instants = [i.occurred_at for i in interactions]
    assert instants == sorted(instants)
    assert all(instant.in_timezone("UTC").year == YEAR for instant in instants)
    assert dataset.problems() == ()


def test_the_same_seed_gives_the_same_interactions(places: Places) -> None:
    first = generate_interactions(random.Random(3), places, 500, 0.1)
    assert generate_interactions(random.Random(3), places, 500, 0.1) == first
    assert generate_interactions(random.Random(4), places, 500, 0.1) != first


def test_attendance_is_about_its_share_and_only_at_held_gatherings(places: Places) -> None:
    interactions = draw(places, 3_000).interactions
    kinds = Counter(i.kind for i in interactions)
    assert kinds[InteractionKind.ATTENDANCE] / len(interactions) == pytest.approx(
        ATTENDANCE_SHARE, abs=0.05
    )
    held = {s.id for sessions in places.gatherings.values() for s in sessions}
    attended = [i for i in interactions if i.kind is InteractionKind.ATTENDANCE]
    assert {i.session_id for i in attended} <= held
    booked = Counter((i.session_id, i.resident_id) for i in attended)
    assert max(booked.values()) == 1  # nobody is booked twice for one session


def test_busier_areas_have_more_interactions(places: Places) -> None:
    per_area = Counter(i.area_id for i in draw(places, 3_000).interactions)
    volume = {p.area.id: p.activity * (p.area.population or 0) for p in PROFILES}
    busiest = max(volume, key=volume.__getitem__)
    quietest = min(volume, key=volume.__getitem__)
    assert per_area[busiest] > per_area[quietest]


def test_no_interactions_when_none_are_asked_for(places: Places) -> None:
    assert generate_interactions(random.Random(1), places, 0, 0.1) == []
