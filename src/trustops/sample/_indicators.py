"""The sample programme's results framework: indicators whose actuals come from its own data."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Final

import pendulum

from ..model import (
    Actual,
    AttendanceStatus,
    Baseline,
    Indicator,
    Initiator,
    Interaction,
    InteractionKind,
    SurveyResponse,
    Target,
)
from ._places import PROGRAMME_ID, YEAR
from ._survey import INSTRUMENT

__all__ = ["generate_indicators"]

_QUARTERS: Final = tuple(
    (pendulum.Date(YEAR, 3 * q - 2, 1), pendulum.Date(YEAR, 3 * q, 1).end_of("month"))
    for q in range(1, 5)
)
_BASELINE_DATE: Final = pendulum.Date(YEAR - 1, 12, 31)


def _quarter(month: int) -> int:
    return (month - 1) // 3


def _targets(values: Sequence[float]) -> tuple[Target, ...]:
    return tuple(
        Target(start=start, end=end, value=round(value, 1))
        for (start, end), value in zip(_QUARTERS, values, strict=True)
    )


def _actuals(values: Sequence[float | None]) -> tuple[Actual, ...]:
    return tuple(
        Actual(date=end, value=round(value, 1))
        for (_, end), value in zip(_QUARTERS, values, strict=True)
        if value is not None
    )


def _trust_score(response: SurveyResponse) -> float | None:
    """The respondent's trust construct score on 0–100 (missing if under half answered)."""
    items = INSTRUMENT.items_of("trust")
    scores = [
        item.rescale(value)
        for item in items
        if (value := response.answers.get(item.id)) is not None
    ]
    return statistics.fmean(scores) if len(scores) * 2 >= len(items) else None


def generate_indicators(
    interactions: Sequence[Interaction], responses: Sequence[SurveyResponse]
) -> tuple[Indicator, ...]:
    """Five indicators with a baseline at the end of the previous year, quarterly targets, and
    quarterly actuals computed from ``interactions`` and ``responses`` (local quarters)."""
    reports = [0] * 4
    complaints = [0] * 4
    everything = [0] * 4
    attendance = [Counter[AttendanceStatus]() for _ in range(4)]
    reached: list[set[str]] = [set() for _ in range(4)]
    for interaction in interactions:
        quarter = _quarter(interaction.occurred_at.month)  # instants are in their area's zone
        everything[quarter] += 1
        kind = interaction.kind
        if kind is InteractionKind.SUSPICIOUS_ACTIVITY_REPORT:
            reports[quarter] += interaction.initiator is Initiator.RESIDENT
        elif kind is InteractionKind.COMPLAINT:
            complaints[quarter] += 1
        elif kind is InteractionKind.ATTENDANCE and interaction.attendance is not None:
            attendance[quarter][interaction.attendance] += 1
        if interaction.area_id == "northgate" and interaction.resident_id is not None:
            reached[quarter].add(interaction.resident_id)
    trust: list[list[float]] = [[] for _ in range(4)]
    for response in responses:
        score = _trust_score(response)
        if score is not None:
            trust[_quarter(response.collected_at.month)].append(score)

    report_base = round(reports[0] * 0.8)
    complaint_rate = [
        c / n * 1000 if n else None for c, n in zip(complaints, everything, strict=True)
    ]
    attendance_rate = [
        100 * c[AttendanceStatus.PRESENT] / total if (total := c.total()) else None
        for c in attendance
    ]
    trust_mean = [statistics.fmean(s) if s else None for s in trust]
    trust_base = round((trust_mean[0] or 50.0) - 3, 1)
    complaint_base = round((complaint_rate[0] or 40.0) * 1.15, 1)
    reach_base = round(len(reached[0]) * 0.7)
    return (
        Indicator(
            id="resident-reports",
            name="Suspicious-activity reports made by residents per quarter",
            unit="reports",
            ascending=True,
            baseline=Baseline(value=report_base, date=_BASELINE_DATE),
            targets=_targets([report_base * (1 + 0.05 * q) for q in range(1, 5)]),
            actuals=_actuals(reports),
            programme_id=PROGRAMME_ID,
        ),
        Indicator(
            id="trust-score",
            name="Mean trust score of surveyed residents (0-100)",
            unit="score",
            ascending=True,
            baseline=Baseline(value=trust_base, date=_BASELINE_DATE),
            targets=_targets([trust_base + q for q in range(1, 5)]),
            actuals=_actuals(trust_mean),
            programme_id=PROGRAMME_ID,
        ),
        Indicator(
            id="attendance-rate",
            name="Share of booked places attended at workshops and meetings",
            unit="%",
            ascending=True,
            baseline=Baseline(value=72.0, date=_BASELINE_DATE),
            targets=_targets([75.0, 76.0, 78.0, 80.0]),
            actuals=_actuals(attendance_rate),
            programme_id=PROGRAMME_ID,
        ),
        Indicator(
            id="complaints-per-1000",
            name="Complaints per 1,000 interactions",
            unit="complaints per 1,000 interactions",
            ascending=False,
            baseline=Baseline(value=complaint_base, date=_BASELINE_DATE),
            targets=_targets([complaint_base * (1 - 0.04 * q) for q in range(1, 5)]),
            actuals=_actuals(complaint_rate),
            programme_id=PROGRAMME_ID,
        ),
        Indicator(
            id="northgate-residents-reached",
            name="Northgate residents reached per quarter",
            unit="residents",
            ascending=True,
            baseline=Baseline(value=reach_base, date=_BASELINE_DATE),
            targets=_targets([reach_base * (1 + 0.1 * q) for q in range(1, 5)]),
            actuals=_actuals([float(len(r)) for r in reached]),
            programme_id=PROGRAMME_ID,
            area_id="northgate",
        ),
    )
