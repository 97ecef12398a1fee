"""Sensitivity of an effect to parallel trends (METHODS §8; Rambachan & Roth 2023): robust
intervals under relative-magnitude bounds, the breakdown M̄ and the sentence a reader needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal

import attrs

from ..metrics import Tabular
from ..stats import MBARS, StatsError, relative_magnitude_interval
from ._errors import EffectsError

if TYPE_CHECKING:  # pragma: no cover - types only
    from ._estimate import EffectResult

__all__ = ["SENSITIVITY_COLUMNS", "RobustBound", "Sensitivity", "sensitivity"]

SENSITIVITY_COLUMNS: Final = (
    "kind",
    "event",
    "outcome",
    "level",
    "event_time",
    "att",
    "mbar",
    "low",
    "high",
    "open_low",
    "open_high",
    "excludes_zero",
    "breakdown",
)
"""The columns of :meth:`Sensitivity.columns` (and its frames)."""


@attrs.frozen(kw_only=True)
class RobustBound:
    """The robust 95% interval of one effect (the overall effect, ``level="overall"``, or the
    ATT(e) at ``event_time``) when post-event trend differences may reach ``mbar`` times the
    largest pre-event one (Δ^RM(M̄)).

    ``low``/``high`` are ``None`` when no value is accepted; ``open_low``/``open_high`` say
    the interval runs past the searched grid (the bound is at least that far out); ``step`` is
    the grid's resolution.
    """

    level: Literal["event_time", "overall"]
    event_time: int | None
    att: float
    mbar: float
    low: float | None
    high: float | None
    open_low: bool
    open_high: bool
    step: float

    @property
    def excludes_zero(self) -> bool:
        """Whether the robust interval excludes 0."""
        if self.low is None or self.high is None:
            return False
        return (self.low > 0 and not self.open_low) or (self.high < 0 and not self.open_high)


def _breakdown(bounds: Sequence[RobustBound]) -> float | None:
    """The largest M̄ up to which every interval (in increasing M̄) excludes 0."""
    found = None
    for bound in sorted(bounds, key=lambda b: b.mbar):
        if not bound.excludes_zero:
            break
        found = bound.mbar
    return found


@attrs.frozen(kw_only=True)
class Sensitivity(Tabular):
    """How far an effect's conclusion survives departures from parallel trends.

    ``bounds`` holds a :class:`RobustBound` per effect and M̄ of ``mbars``: the overall effect
    (the mean of the post-event ATT(e) used) and each post-event ATT(e). ``pre_event`` and
    ``post_event`` are the event times whose estimates and covariance were used (the
    published ones next to the event: ``−1, −2, …`` and ``0, 1, …`` until the first one
    withheld). ``note`` says why ``bounds`` is empty.
    """

    kind: str
    event: str
    outcome: str
    mbars: tuple[float, ...]
    pre_event: tuple[int, ...]
    post_event: tuple[int, ...]
    bounds: tuple[RobustBound, ...]
    note: str | None = None

    def at(self, mbar: float, event_time: int | None = None) -> RobustBound:
        """The bound of the overall effect (``event_time=None``) or of ATT(``event_time``)
        at ``mbar``; :class:`KeyError` when there is none."""
        for bound in self.bounds:
            if bound.event_time == event_time and bound.mbar == mbar:
                return bound
        raise KeyError(f"no robust interval at M̄ = {mbar} for event time {event_time}")

    def breakdown(self, event_time: int | None = None) -> float | None:
        """The breakdown M̄ of the overall effect (or of ATT(``event_time``)): the largest M̄
        of :attr:`mbars` up to which every robust interval excludes 0; ``None`` when even
        the M̄ = 0 interval (exactly parallel trends after the event) includes 0 or there
        is nothing to say."""
        return _breakdown([b for b in self.bounds if b.event_time == event_time])

    def sentence(self, event_time: int | None = None) -> str:
        """The breakdown in words, for the report."""
        mine = [b for b in self.bounds if b.event_time == event_time]
        if not mine:
            return self.note or "No sensitivity analysis."
        found = _breakdown(mine)
        largest = max(b.mbar for b in mine)
        if found is None:
            return (
                "Not distinguishable from zero even if trends after the start stay exactly "
                "parallel, so there is no conclusion to test."
            )
        if found >= largest:
            return (
                f"Holds even if trend differences after the start reach {found:g}× the largest "
                "difference before it."
            )
        beyond = min(b.mbar for b in mine if b.mbar > found)
        if found == 0:
            return (
                "Holds only if trends after the start stay exactly parallel: differences "
                f"{beyond:g}× the largest one before it could explain it."
            )
        return (
            f"Holds unless trend differences after the start exceed {found:g}× the largest "
            f"difference before it (at {beyond:g}× the interval includes zero)."
        )

    def to_records(self) -> list[dict[str, object]]:
        """One row per bound (:data:`SENSITIVITY_COLUMNS`)."""
        breakdowns = {b.event_time: self.breakdown(b.event_time) for b in self.bounds}
        return [
            {
                "kind": self.kind,
                "event": self.event,
                "outcome": self.outcome,
                "level": b.level,
                "event_time": b.event_time,
                "att": b.att,
                "mbar": b.mbar,
                "low": b.low,
                "high": b.high,
                "open_low": b.open_low,
                "open_high": b.open_high,
                "excludes_zero": b.excludes_zero,
                "breakdown": breakdowns[b.event_time],
            }
            for b in self.bounds
        ]

    def columns(self) -> dict[str, list[object]]:
        """The rows of :meth:`to_records` as columns, for ``to_arrow``/``to_pandas``/
        ``to_polars`` and the Arrow PyCapsule."""
        rows = self.to_records()
        return {column: [row[column] for row in rows] for column in SENSITIVITY_COLUMNS}

    def column_types(self) -> dict[str, str]:
        """Arrow types of the columns whose values may all be missing."""
        return {
            **dict.fromkeys(("att", "mbar", "low", "high", "breakdown"), "float64"),
            "event_time": "int64",
        }


def _adjacent(times: Sequence[int], start: int, step: int) -> list[int]:
    found = []
    current = start
    while current in times:
        found.append(current)
        current += step
    return found


def sensitivity(
    result: EffectResult,
    mbars: Sequence[float] = MBARS,
    *,
    overall_only: bool = False,
    points: int = 1000,
    sims: int = 1000,
    seed: int = 0,
) -> Sensitivity:
    """See :meth:`EffectResult.sensitivity`."""
    chosen = []
    for value in mbars:
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            raise EffectsError("mbars", f"expected bounds M̄ ≥ 0, got {value!r}")
        chosen.append(float(value))
    if not chosen:
        raise EffectsError("mbars", "expected at least one bound M̄")
    published = {
        e.event_time: index
        for index, e in enumerate(result.event_time)
        if e.att is not None and e.event_time is not None
    }
    pre = _adjacent(list(published), -1, -1)[::-1]
    post = _adjacent(list(published), 0, 1)
    empty = Sensitivity(
        kind=result.kind,
        event=result.event,
        outcome=result.outcome,
        mbars=tuple(chosen),
        pre_event=tuple(pre),
        post_event=tuple(post),
        bounds=(),
        note=None,
    )
    if not pre or not post or not result.covariance:
        return attrs.evolve(
            empty,
            note="No sensitivity analysis: it needs published estimates just before and "
            "just after the event.",
        )
    order = [published[e] for e in (*pre, *post)]
    # result.covariance is over the published event-time estimates, in event-time order
    position = {index: k for k, index in enumerate(sorted(published.values()))}
    estimates = [result.event_time[i].att or 0.0 for i in order]
    matrix = [[result.covariance[position[i]][position[j]] for j in order] for i in order]
    targets: list[tuple[int | None, list[float]]] = [(None, [1 / len(post)] * len(post))]
    if not overall_only and len(post) > 1:
        targets += [(e, [1.0 if k == e else 0.0 for k in post]) for e in post]
    bounds = []
    for event_time, weights in targets:
        att = sum(w * v for w, v in zip(weights, estimates[len(pre) :], strict=True))
        spread = (
            sum(
                weights[a] * weights[b] * matrix[len(pre) + a][len(pre) + b]
                for a in range(len(post))
                for b in range(len(post))
            )
            ** 0.5
        )
        grid = (min(0.0, att) - 20 * spread, max(0.0, att) + 20 * spread)
        for mbar in chosen:
            try:
                interval = relative_magnitude_interval(
                    estimates,
                    matrix,
                    pre=len(pre),
                    weights=weights,
                    mbar=mbar,
                    grid=grid,
                    points=points,
                    sims=sims,
                    seed=seed,
                )
            except StatsError as error:
                raise EffectsError("sensitivity", str(error)) from error
            bounds.append(
                RobustBound(
                    level="overall" if event_time is None else "event_time",
                    event_time=event_time,
                    att=att,
                    mbar=mbar,
                    low=interval.low,
                    high=interval.high,
                    open_low=interval.open_low,
                    open_high=interval.open_high,
                    step=interval.step,
                )
            )
    return attrs.evolve(empty, bounds=tuple(bounds))
