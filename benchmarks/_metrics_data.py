"""Deterministic synthetic interactions for the metrics benchmark, generated quickly.

The same seed and size always give the same interactions. Instants are drawn from a pool of
timezone-aware UTC instants (one every five minutes of 2025), so building a million
interactions costs little more than validating them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pendulum

from trustops import (
    Area,
    AttendanceStatus,
    Channel,
    Initiator,
    Interaction,
    InteractionKind,
    Outcome,
)

ZONES = (
    "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
    "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Kolkata",
    "Asia/Singapore", "Australia/Sydney", "Australia/Adelaide", "Pacific/Auckland", "Africa/Lagos",
)  # fmt: skip
YEAR = 2025
_KINDS = (
    ("conversation", 30), ("attendance", 20), ("suspicious_activity_report", 10),
    ("volunteering", 8), ("complaint", 5), ("compliment", 7), ("feedback", 12), ("referral", 8),
)  # fmt: skip


def areas(count: int = 50) -> list[Area]:
    """``count`` areas spread over fifteen time zones, each with a population."""
    rng = random.Random(1)
    return [
        Area(
            id=f"area-{index:02d}",
            name=f"Area {index}",
            timezone=ZONES[index % len(ZONES)],
            population=rng.randrange(2_000, 60_000),
        )
        for index in range(count)
    ]


def interactions(
    size: int, *, seed: int = 7, area_count: int = 50, residents: int = 200_000
) -> Iterator[Interaction]:
    """``size`` interactions over the twelve months of 2025 in ``area_count`` areas."""
    rng = random.Random(seed)
    start = pendulum.datetime(YEAR, 1, 1, tz="UTC")
    instants = [start.add(minutes=5 * step) for step in range(365 * 24 * 12)]
    area_ids = [f"area-{index:02d}" for index in range(area_count)]
    kinds = [InteractionKind(kind) for kind, weight in _KINDS for _ in range(weight)]
    outcomes = [Outcome.POSITIVE, Outcome.POSITIVE, Outcome.NEUTRAL, Outcome.NEGATIVE, None, None]
    statuses = [AttendanceStatus.PRESENT] * 3 + [
        AttendanceStatus.EXCUSED_ABSENCE,
        AttendanceStatus.UNEXCUSED_ABSENCE,
    ]
    choice, random_ = rng.choice, rng.random
    pool = len(instants)
    for index in range(size):
        kind = choice(kinds)
        at_index = rng.randrange(pool)
        observed = None
        if kind is InteractionKind.SUSPICIOUS_ACTIVITY_REPORT and random_() < 0.7:
            observed = instants[max(0, at_index - rng.randrange(0, 600))]
        duration = None
        if kind in (InteractionKind.VOLUNTEERING, InteractionKind.CONVERSATION) and random_() < 0.6:
            duration = float(rng.randrange(5, 240))
        yield Interaction(
            id=f"i-{index}",
            occurred_at=instants[at_index],
            area_id=choice(area_ids),
            kind=kind,
            initiator=Initiator.RESIDENT if random_() < 0.45 else Initiator.STAFF,
            channel=Channel.IN_PERSON,
            staff_id=f"s-{rng.randrange(400)}" if random_() < 0.8 else None,
            resident_id=f"r-{rng.randrange(residents)}" if random_() < 0.9 else None,
            outcome=choice(outcomes),
            attendance=choice(statuses) if kind is InteractionKind.ATTENDANCE else None,
            observed_at=observed,
            duration_minutes=duration,
        )
