"""Tests of trustops.sample.generate: determinism, validity, scale and variety."""

from __future__ import annotations

import hashlib
import math
import random
import subprocess
import sys
import time
from collections import Counter

import pendulum
import pytest

from trustops import (
    AttendanceStatus,
    Channel,
    Dataset,
    FieldError,
    InitiativeKind,
    Initiator,
    InteractionKind,
    Outcome,
    ProgrammeStatus,
    SessionStatus,
)
from trustops.sample import INTERACTIONS_AT_SCALE_1, RESPONSES_AT_SCALE_1, generate


@pytest.fixture(scope="module")
def full() -> Dataset:
    return generate()


def _digest(dataset: Dataset) -> str:
    return hashlib.sha256(repr(dataset).encode()).hexdigest()


def test_same_seed_gives_an_equal_dataset() -> None:
    assert generate(seed=3, scale=0.1) == generate(seed=3, scale=0.1)


def test_different_seeds_give_different_datasets() -> None:
    first, second = generate(seed=1, scale=0.1), generate(seed=2, scale=0.1)
    assert first.interactions != second.interactions
    assert first.responses != second.responses
    assert first.areas == second.areas  # the structure is fixed


def test_generation_is_independent_of_hash_seed_and_process() -> None:
    code = (
        "import hashlib; from trustops.sample import generate; "
        "print(hashlib.sha256(repr(generate(seed=5, scale=0.05)).encode()).hexdigest())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": hash_seed},
        ).stdout.strip()
        for hash_seed in ("1", "2")
    }
    assert outputs == {_digest(generate(seed=5, scale=0.05))}


def test_neither_the_global_generator_nor_the_clock_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    random.seed(11)
    state = random.getstate()
    base = generate(seed=4, scale=0.05)
    assert random.getstate() == state

    def no_clock(*args: object, **kwargs: object) -> None:
        raise AssertionError("the clock was read")

    for name in ("time", "time_ns", "monotonic", "perf_counter"):
        monkeypatch.setattr(time, name, no_clock)
    monkeypatch.setattr(pendulum, "now", no_clock)
    monkeypatch.setattr(pendulum, "today", no_clock)
    assert generate(seed=4, scale=0.05) == base


def test_full_scale_is_valid(full: Dataset) -> None:
    assert full.problems() == ()


def test_full_scale_sizes(full: Dataset) -> None:
    assert 0.95 * INTERACTIONS_AT_SCALE_1 <= len(full.interactions) <= INTERACTIONS_AT_SCALE_1
    assert len(full.responses) == RESPONSES_AT_SCALE_1
    assert len(full.areas) == 12


def test_scale_multiplies_counts() -> None:
    small = generate(scale=0.1)
    assert small.problems() == ()
    assert (
        0.095 * INTERACTIONS_AT_SCALE_1 <= len(small.interactions) <= 0.1 * INTERACTIONS_AT_SCALE_1
    )
    assert len(small.responses) == 200


@pytest.mark.parametrize("scale", [0, -1.0, math.nan, math.inf, "1", True, None])
def test_bad_scale_is_refused(scale: object) -> None:
    with pytest.raises(FieldError) as info:
        generate(scale=scale)  # type: ignore[arg-type]
    assert info.value.field == "scale"


@pytest.mark.parametrize("seed", [1.5, "7", True])
def test_bad_seed_is_refused(seed: object) -> None:
    with pytest.raises(FieldError) as info:
        generate(seed=seed)  # type: ignore[arg-type]
    assert info.value.field == "seed"


def test_zone_variety(full: Dataset) -> None:
    zones = Counter(area.timezone for area in full.areas)
    assert zones["Europe/London"] == 11
    assert zones["Asia/Tokyo"] == 1


def test_programme_is_active_over_2025(full: Dataset) -> None:
    (programme,) = full.programmes
    assert programme.status is ProgrammeStatus.ACTIVE
    assert (programme.start, programme.end) == (
        pendulum.date(2025, 1, 1),
        pendulum.date(2025, 12, 31),
    )
    assert set(programme.area_ids) == {area.id for area in full.areas}


def test_every_enum_value_occurs(full: Dataset) -> None:
    assert {i.kind for i in full.initiatives} == set(InitiativeKind)
    assert {i.kind for i in full.interactions} == set(InteractionKind)
    assert {i.initiator for i in full.interactions} == set(Initiator)
    assert {i.channel for i in full.interactions} == set(Channel)
    assert {i.outcome for i in full.interactions} == {*Outcome, None}
    assert {i.attendance for i in full.interactions} == {*AttendanceStatus, None}
    assert {s.status for s in full.sessions} == {SessionStatus.HELD, SessionStatus.CANCELLED}
    assert len({i.status for i in full.initiatives}) >= 3


def test_interactions_are_in_time_order_within_2025(full: Dataset) -> None:
    stamps = [i.occurred_at.timestamp() for i in full.interactions]
    assert stamps == sorted(stamps)
    assert all(i.occurred_at.year == 2025 for i in full.interactions)
    assert full.interactions[0].id == "i-000001"


def test_attendance_is_taken_at_held_workshops_and_meetings(full: Dataset) -> None:
    sessions = {s.id: s for s in full.sessions}
    kinds = {i.id: i.kind for i in full.initiatives}
    for interaction in full.interactions:
        if interaction.kind is InteractionKind.ATTENDANCE:
            assert interaction.session_id is not None
            session = sessions[interaction.session_id]
            assert session.status is SessionStatus.HELD
            assert kinds[session.initiative_id] in {
                InitiativeKind.EDUCATIONAL_WORKSHOP,
                InitiativeKind.COMMUNITY_MEETING,
            }


def test_reports_say_when_seen_a_few_hours_before(full: Dataset) -> None:
    reports = [i for i in full.interactions if i.kind is InteractionKind.SUSPICIOUS_ACTIVITY_REPORT]
    hours = sorted(h for i in reports if (h := i.hours_to_report) is not None)
    assert 0.6 * len(reports) < len(hours) < len(reports)
    assert all(h >= 0 for h in hours)
    assert 1 < hours[len(hours) // 2] < 8  # median a few hours
    assert any(i.resident_id is None for i in reports)  # some anonymous


def test_durations_on_conversations_and_volunteering(full: Dataset) -> None:
    timed = Counter(i.kind for i in full.interactions if i.duration_minutes is not None)
    assert set(timed) == {InteractionKind.CONVERSATION, InteractionKind.VOLUNTEERING}


def test_residents_return_on_several_days(full: Dataset) -> None:
    days: dict[str, set[object]] = {}
    for interaction in full.interactions:
        if interaction.resident_id is not None:
            days.setdefault(interaction.resident_id, set()).add(interaction.occurred_at.date())
    counts = [len(d) for d in days.values()]
    repeaters = sum(c >= 2 for c in counts) / len(counts)
    assert 0.4 < repeaters < 0.9
    assert max(counts) >= 15
    assert all(rid.startswith("r-") and len(rid) == 12 for rid in days)


def test_seasonal_and_weekly_rhythm(full: Dataset) -> None:
    months = Counter(i.occurred_at.month for i in full.interactions)
    assert months[8] < 0.7 * months[7]
    weekdays = Counter(i.occurred_at.weekday() for i in full.interactions)
    assert weekdays[6] < 0.6 * min(weekdays[d] for d in range(6))


def test_areas_differ(full: Dataset) -> None:
    positive = {}
    for area in full.areas:
        outcomes = [i.outcome for i in full.interactions if i.area_id == area.id and i.outcome]
        positive[area.id] = outcomes.count(Outcome.POSITIVE) / len(outcomes)
    assert max(positive.values()) - min(positive.values()) > 0.1
    trust = {}
    for area in full.areas:
        answers = [
            r.answers["trust_1"]
            for r in full.responses
            if r.area_id == area.id and r.answers["trust_1"] is not None
        ]
        trust[area.id] = sum(answers) / len(answers)
    assert max(trust.values()) - min(trust.values()) > 1.5


def _first_quarters(dataset: Dataset, kind: InitiativeKind) -> dict[str, int]:
    """Each area's first quarter running ``kind`` (from the initiatives' start dates)."""
    return {
        i.area_id: (i.start.month - 1) // 3 + 1
        for i in dataset.initiatives
        if i.kind is kind and i.start is not None
    }


@pytest.mark.parametrize(
    "kind",
    [
        InitiativeKind.EDUCATIONAL_WORKSHOP,
        InitiativeKind.COMMUNITY_MEETING,
        InitiativeKind.SURVEILLANCE_MEASURE,
    ],
)
def test_starts_are_staggered_with_never_treated_areas(full: Dataset, kind: InitiativeKind) -> None:
    starts = _first_quarters(full, kind)
    cohorts = Counter(q for q in starts.values() if q > 1)
    assert sum(n >= 2 for n in cohorts.values()) >= 2  # two cohorts of two or more areas
    assert len(full.areas) - len(starts) >= 4  # never-treated areas to compare with


def test_patrols_are_withdrawn_in_some_areas_at_different_times(full: Dataset) -> None:
    patrols = [i for i in full.initiatives if i.kind is InitiativeKind.VISIBLE_PATROL]
    assert {i.area_id for i in patrols} == {a.id for a in full.areas}
    assert all(i.start == pendulum.date(2025, 1, 6) for i in patrols)
    ends = Counter(i.end for i in patrols)
    assert ends[None] >= 4  # areas that keep their patrols
    assert sum(n >= 2 for end, n in ends.items() if end is not None) >= 2
    assert all(i.status is ProgrammeStatus.COMPLETED for i in patrols if i.end is not None)


def test_sessions_and_links_only_while_an_initiative_runs(full: Dataset) -> None:
    initiatives = {i.id: i for i in full.initiatives}

    def runs(initiative_id: str, day: object) -> bool:
        initiative = initiatives[initiative_id]
        return (initiative.start is None or initiative.start <= day) and (  # type: ignore[operator]
            initiative.end is None or day <= initiative.end  # type: ignore[operator]
        )

    assert all(runs(s.initiative_id, s.start.date()) for s in full.sessions)
    linked = [i for i in full.interactions if i.initiative_id is not None]
    assert len(linked) > 0.3 * len(full.interactions)
    assert all(runs(i.initiative_id, i.occurred_at.date()) for i in linked if i.initiative_id)


def test_cctv_areas_report_less_once_the_cameras_start(full: Dataset) -> None:
    """The planted effect, seen crudely: reports per quarter fall in CCTV areas relative to
    the others (the estimator and its intervals are tested in tests/effects)."""
    cctv = _first_quarters(full, InitiativeKind.SURVEILLANCE_MEASURE)
    reports: Counter[tuple[bool, bool]] = Counter()
    for interaction in full.interactions:
        if (
            interaction.kind is InteractionKind.SUSPICIOUS_ACTIVITY_REPORT
            and interaction.initiator is Initiator.RESIDENT
        ):
            quarter = (interaction.occurred_at.month - 1) // 3 + 1
            reports[interaction.area_id in cctv, quarter >= 3] += 1
    treated = reports[True, True] / reports[True, False]
    others = reports[False, True] / reports[False, False]
    assert treated < 0.85 * others
