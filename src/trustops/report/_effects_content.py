"""The content of the report's "What builds trust here" section: plain records (no
computation, no markup), filled by ``_effects_build`` and drawn by ``_effects_html``."""

from __future__ import annotations

import attrs

from ..effects import OBSERVATIONAL, EffectResult, Sensitivity

__all__ = ["AreaInitiatives", "EffectDirection", "EffectsSection"]


@attrs.frozen(kw_only=True)
class AreaInitiatives:
    """The initiative kinds of one area, with the period each starts and stops
    (``None``: running from the first period, or never stopping within the data)."""

    area: str
    kind: str
    start: str | None
    stop: str | None


@attrs.frozen(kw_only=True)
class EffectDirection:
    """How many treated areas moved the way an overall effect points.

    For each treated area: its own difference in differences, its change from the period
    before its event to each period from the event on (up to the result's window), less the
    mean change of the comparison areas over the same periods, averaged over those periods.
    ``agreeing`` names the areas where it has the sign of the overall effect; ``counted``
    the treated areas with the outcome in the periods needed.
    """

    kind: str
    event: str
    outcome: str
    agreeing: tuple[str, ...]
    counted: tuple[str, ...]


@attrs.frozen(kw_only=True)
class EffectsSection:
    """Initiative effects on the report's data.

    ``results`` holds one :class:`~trustops.effects.EffectResult` per kind of
    :data:`~trustops.effects.CONTRASTS` present in the data and per outcome of
    ``outcomes``; ``headline`` is the outcome of the event-study charts (the first of
    ``outcomes``). ``trust`` holds each area's headline outcome per period for the
    trust-over-time chart, ``initiatives`` each area's kinds with their starts and stops.
    ``directions`` says, for each published overall effect, in how many treated areas the
    outcome moved its way. ``sensitivity`` holds, for each overall effect whose 95% interval
    excludes zero, how far that survives departures from parallel trends (Rambachan & Roth;
    empty without the ``sensitivity`` extra). ``can_say`` and ``cannot_say`` are the
    sentences on what the data can and cannot say; ``note`` explains an empty section.
    """

    periods: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    results: tuple[EffectResult, ...] = ()
    trust: tuple[tuple[str, tuple[float | None, ...]], ...] = ()
    initiatives: tuple[AreaInitiatives, ...] = ()
    areas: int = 0
    directions: tuple[EffectDirection, ...] = ()
    sensitivity: tuple[Sensitivity, ...] = ()
    can_say: str = ""
    cannot_say: str = OBSERVATIONAL
    note: str | None = None

    @property
    def headline(self) -> str | None:
        """The outcome of the event-study charts."""
        return self.outcomes[0] if self.outcomes else None

    def direction(self, result: EffectResult) -> EffectDirection | None:
        """The :class:`EffectDirection` of ``result`` (``None`` when it has none)."""
        for direction in self.directions:
            if (direction.kind, direction.event, direction.outcome) == (
                result.kind,
                result.event,
                result.outcome,
            ):
                return direction
        return None

    def sensitivity_of(self, result: EffectResult) -> Sensitivity | None:
        """The :class:`~trustops.effects.Sensitivity` of ``result`` (``None`` when it has
        none)."""
        for found in self.sensitivity:
            if (found.kind, found.event, found.outcome) == (
                result.kind,
                result.event,
                result.outcome,
            ):
                return found
        return None

    def for_outcome(self, outcome: str) -> tuple[EffectResult, ...]:
        """The results on ``outcome``, in contrast order."""
        return tuple(result for result in self.results if result.outcome == outcome)
