"""Computing the report's "What builds trust here" section: initiative effects on the
report's data (METHODS §8)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from .._errors import MissingExtraError, TrustopsError
from ..effects import (
    CONTRASTS,
    OBSERVATIONAL,
    TRUST_INDEX,
    EffectPanel,
    EffectResult,
    Sensitivity,
    build_panel,
    construct_outcome,
    estimate_effect,
)
from ..metrics import DailyStatistics
from ..model import Dataset
from ..privacy import SmallCellPolicy
from ..scoring import DEFAULT_MODEL, ScoringModel
from ..time import Granularity
from ._effects_content import AreaInitiatives, EffectDirection, EffectsSection

__all__ = ["EFFECT_OUTCOMES", "effects_section"]

EFFECT_OUTCOMES: Final = (
    construct_outcome("trust"),
    TRUST_INDEX,
    construct_outcome("safety"),
    "reports_per_1000_residents",
)
"""The outcomes the section estimates, in display order (those the data has)."""


def _initiatives(panel: EffectPanel) -> tuple[AreaInitiatives, ...]:
    rows = []
    for area in panel.areas:
        for kind, by_area in panel.active.items():
            flags = by_area.get(area)
            if flags is None or not any(flags):
                continue
            on = [index for index, flag in enumerate(flags) if flag]
            first, last = on[0], on[-1]
            rows.append(
                AreaInitiatives(
                    area=area,
                    kind=kind,
                    start=None if first == 0 else panel.periods[first],
                    stop=panel.periods[last + 1] if last + 1 < len(panel.periods) else None,
                )
            )
    return tuple(rows)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _direction(panel: EffectPanel, result: EffectResult) -> EffectDirection | None:
    """Each treated area's own difference in differences against the comparison areas."""
    att = result.overall.att
    if att is None:
        return None
    cohorts = panel.cohorts(result.kind, result.event)
    event_of = dict(zip(cohorts.units, cohorts.cohorts, strict=True))
    series = {area: panel.series(result.outcome, area) for area in cohorts.units}
    agreeing: list[str] = []
    counted: list[str] = []
    for area in result.treated_areas:
        event = event_of.get(area)
        if event is None or event == 0:
            continue
        base = event - 1
        own = series[area]
        gaps: list[float] = []
        for when in range(event, min(event + result.window, len(panel.periods) - 1) + 1):
            mine_then, mine_before = own[when], own[base]
            changes = [
                then - before
                for other in result.comparison_areas
                if (then := series[other][when]) is not None
                and (before := series[other][base]) is not None
            ]
            trend = _mean(changes)
            if mine_then is None or mine_before is None or trend is None:
                continue
            gaps.append(mine_then - mine_before - trend)
        gap = _mean(gaps)
        if gap is None:
            continue
        counted.append(area)
        if gap * att > 0:
            agreeing.append(area)
    return EffectDirection(
        kind=result.kind,
        event=result.event,
        outcome=result.outcome,
        agreeing=tuple(agreeing),
        counted=tuple(counted),
    )


def _outcomes(panel: EffectPanel) -> tuple[str, ...]:
    return tuple(
        name
        for name in EFFECT_OUTCOMES
        if name in panel.outcomes
        and all(
            any(panel.series(name, area)[index] is not None for area in panel.areas)
            for index in range(len(panel.periods))
        )
    )


def _kind_text(kind: str) -> str:
    return kind.replace("_", " ")


def _sentences(
    results: Sequence[EffectResult], headline: str, areas: int, periods: int
) -> tuple[str, str]:
    mine = [r for r in results if r.outcome == headline]
    shown = [r for r in mine if "insufficient" not in r.flags]
    withheld = [r for r in mine if "insufficient" in r.flags]
    clear = [
        f"{_kind_text(r.kind)} ({r.event})"
        for r in shown
        if r.overall.significant and "pre_trend" not in r.flags
    ]
    can = (
        f"With {areas} areas over {periods} periods, the data can estimate the effect on "
        f"{headline.replace('_', ' ')} of {len(shown)} of {len(mine)} initiative kinds"
    )
    can += (
        f"; the 95% interval excludes zero, with no pre-trend flag, for {', '.join(clear)}."
        if clear
        else "; for none of them does the 95% interval exclude zero without a pre-trend flag."
    )
    cannot = OBSERVATIONAL
    if withheld:
        cannot += (
            " It cannot say anything about "
            + ", ".join(f"{_kind_text(r.kind)} ({r.event})" for r in withheld)
            + ": too few treated or comparison areas (an initiative that every area runs from "
            "the start has nothing to compare with)."
        )
    flagged = [r for r in mine if "pre_trend" in r.flags]
    if flagged:
        cannot += (
            " Trends before the event already differed for "
            + ", ".join(_kind_text(r.kind) for r in flagged)
            + f", so those estimates are doubtful (with {areas} areas the pre-trend test also "
            "over-rejects)."
        )
    return can, cannot


def _sensitivity(results: Sequence[EffectResult]) -> tuple[Sensitivity, ...]:
    """The overall effects' sensitivity to parallel trends, for those whose 95% interval
    excludes zero (the others have no conclusion to test); none without the extra."""
    try:
        return tuple(
            result.sensitivity(overall_only=True)
            for result in results
            if result.overall.significant
        )
    except MissingExtraError:  # pragma: no cover - the extra is installed in the suite
        return ()


def effects_section(
    dataset: Dataset,
    *,
    period: Granularity,
    policy: SmallCellPolicy,
    daily: DailyStatistics | None = None,
    model: ScoringModel = DEFAULT_MODEL,
) -> EffectsSection:
    """The section's content: :func:`~trustops.effects.build_panel` on ``dataset`` (survey
    outcomes published under ``policy``), then :func:`~trustops.effects.estimate_effect` for
    each contrast kind the data has and each outcome of :data:`EFFECT_OUTCOMES` with a value
    in every period. Quarterly periods are used for a yearly or longer report period and
    monthly ones for shorter periods. ``daily`` are the interactions' statistics per area,
    initiative and local day, when the caller has them; ``model`` is the scoring model of the
    trust index outcome (the report's own). Each overall effect whose interval
    excludes zero gets its sensitivity to parallel trends
    (:meth:`~trustops.effects.EffectResult.sensitivity`, overall effect only)."""
    granularity = (
        "month" if period in (Granularity.DAY, Granularity.WEEK, Granularity.MONTH) else "quarter"
    )
    try:
        panel = build_panel(dataset, period=granularity, policy=policy, daily=daily, model=model)
    except TrustopsError as error:
        return EffectsSection(note=f"No effects: {error}")
    outcomes = _outcomes(panel)
    if len(panel.periods) < 2 or not outcomes:
        return EffectsSection(
            periods=panel.periods,
            note="No effects: the data needs at least two periods with an outcome in each.",
        )
    results = tuple(
        estimate_effect(panel, kind=kind, outcome=outcome, event=event)
        for outcome in outcomes
        for _, kind, event in CONTRASTS
        if kind.value in panel.active
    )
    headline = outcomes[0]
    can, cannot = _sentences(results, headline, len(panel.areas), len(panel.periods))
    return EffectsSection(
        periods=panel.periods,
        outcomes=outcomes,
        results=results,
        trust=tuple((area, panel.series(headline, area)) for area in panel.areas),
        initiatives=_initiatives(panel),
        areas=len(panel.areas),
        directions=tuple(
            direction for result in results if (direction := _direction(panel, result)) is not None
        ),
        sensitivity=_sensitivity(results),
        can_say=can,
        cannot_say=cannot,
    )
