"""Survey designs in scoring (METHODS §5a): which variance a table's scores use, the replicate
factors of each response, and the design-based estimates of one group."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from typing import Final, Literal, NamedTuple, cast

from ..model import MAX_REPLICATES, SurveyInstrument, SurveyResponse
from ..stats import (
    DesignMean,
    ReplicateType,
    ReplicateWeights,
    StatsError,
    bootstrap_replicates,
    design_mean,
    jackknife_replicates,
    replicate_mean,
)
from ._errors import ScoringError

__all__ = [
    "MADE_REPLICATES",
    "DesignPlan",
    "GroupEstimates",
    "MadeReplicates",
    "Universe",
    "Variance",
    "check_made_replicates",
    "estimate_group",
    "plan_design",
    "replicate_columns",
    "universe_of",
]

Variance = Literal["independent", "taylor", "jk1", "jkn", "brr", "fay", "bootstrap"]
"""How a score's variance was estimated: independent responses (Kish's effective n), Taylor
linearisation on the declared strata, PSUs and fpc, or replicate weights of a method."""

MadeReplicates = Literal["jkn", "bootstrap"]
"""Replicate weights :func:`~trustops.scoring.survey_scores` can make from a declared design."""

MADE_REPLICATES: Final[tuple[MadeReplicates, ...]] = ("jkn", "bootstrap")
"""The accepted values of ``replicates``."""


class DesignPlan(NamedTuple):
    """The variance a table uses, with what replicate variance needs: ``factors[i]`` is
    response ``i``'s replicate weight divided by its full-sample weight, per replicate."""

    variance: Variance
    scale: float = 1.0
    rscales: tuple[float, ...] = ()
    factors: tuple[tuple[float, ...], ...] = ()
    fpc: bool = False


def check_made_replicates(replicates: object, replicate_count: object, seed: object) -> None:
    """Raise a :class:`ScoringError` naming the argument that is wrong."""
    if replicates is not None and replicates not in MADE_REPLICATES:
        raise ScoringError(
            f"replicates: expected one of {', '.join(MADE_REPLICATES)} or None, got {replicates!r}"
        )
    if type(replicate_count) is not int or not 2 <= replicate_count <= MAX_REPLICATES:
        raise ScoringError(
            f"replicate_count: expected a whole number from 2 to {MAX_REPLICATES:,}, "
            f"got {replicate_count!r}"
        )
    if type(seed) is not int:
        raise ScoringError(f"seed: expected a whole number, got {seed!r}")


def _psu(response: SurveyResponse) -> tuple[str, str]:
    """A response's PSU: the one it declares, or itself."""
    return ("psu", response.psu) if response.psu is not None else ("response", response.id)


def plan_design(
    instrument: SurveyInstrument,
    responses: Sequence[SurveyResponse],
    *,
    replicates: MadeReplicates | None,
    replicate_count: int,
    seed: int,
) -> DesignPlan:
    """The design of ``responses`` (all to ``instrument``, already checked by
    :meth:`~trustops.model.SurveyInstrument.design_problems`): declared replicate weights,
    replicate weights made from the declared strata and PSUs (``replicates``), Taylor
    linearisation when a response declares a stratum, PSU or fpc, else independent."""
    declared = instrument.replicates
    if declared is not None:
        if replicates is not None:
            raise ScoringError(
                f"replicates: instrument {instrument.id!r} declares its own replicate weights "
                f"({declared.method.value}); making {replicates} replicates would replace them"
            )
        scale, rscales = declared.factors()
        factors = tuple(
            tuple(w / (r.weight or 1.0) for w in r.replicate_weights) for r in responses
        )
        return DesignPlan(declared.method.value, scale, rscales, factors)
    if replicates is not None and responses:
        ones = [1.0] * len(responses)
        strata = None
        if any(r.stratum is not None for r in responses):
            strata = [r.stratum for r in responses]
        psus = [_psu(r) for r in responses]
        try:
            if replicates == "jkn":
                made = jackknife_replicates(ones, strata=strata, psus=psus)
            else:
                made = bootstrap_replicates(
                    ones, strata=strata, psus=psus, replicates=replicate_count, seed=seed
                )
        except StatsError as error:
            raise ScoringError(f"replicates: {error}") from None
        factors = tuple(zip(*made.weights, strict=True))
        return DesignPlan(made.type, made.scale, made.rscales, factors)
    if any(r.has_design for r in responses):
        return DesignPlan("taylor", fpc=any(r.fpc is not None for r in responses))
    return DesignPlan("independent")


def replicate_columns(
    factors: Sequence[tuple[float, ...]],
    base: Sequence[float],
    rake_to: Callable[[list[float]], list[float]] | None,
) -> tuple[list[tuple[float, ...]], list[str]]:
    """Each respondent's weight in every replicate of one raking cell: ``base × factor``,
    raked to the cell's margins by ``rake_to`` when the full sample was (METHODS §5a: raking
    on a replicate design rakes every replicate), with why any replicate could not be."""
    count = len(factors[0]) if factors else 0
    columns: list[list[float]] = []
    problems: list[str] = []
    for k in range(count):
        column = [b * f[k] for b, f in zip(base, factors, strict=True)]
        if rake_to is not None and any(column):
            try:
                column = rake_to(column)
            except StatsError as error:
                problems.append(f"replicate {k + 1}: {error}")
        columns.append(column)
    return [tuple(row) for row in zip(*columns, strict=True)] if columns else [
        () for _ in base
    ], problems


class GroupEstimates(NamedTuple):
    """A group's three scores (on 0–1 for shares) under the design, its design effect for
    the mean score (``None``: not defined) and the strata with a single PSU."""

    mean: DesignMean
    top: DesignMean
    net: DesignMean
    design_effect: float | None
    lonely_psu: tuple[Hashable, ...]


class Universe(NamedTuple):
    """The responses a group is a domain of (its period's): strata, PSUs and fpcs."""

    strata: list[Hashable]
    psus: list[Hashable]
    fpc: list[float] | None


def universe_of(responses: Sequence[SurveyResponse], plan: DesignPlan) -> Universe:
    """The design columns of ``responses`` for :func:`estimate_group`."""
    return Universe(
        [r.stratum for r in responses],
        [_psu(r) for r in responses],
        [r.fpc or 1.0 for r in responses] if plan.fpc else None,
    )


def _design_effect(
    mean: DesignMean, values: Sequence[float], weights: Sequence[float]
) -> float | None:
    """R's ``deff``: the design variance over that of a simple random sample of the same
    size, ``s²/n`` with ``s² = n/(n − 1)·Σw(y − ȳ)²/Σw``."""
    n = len(values)
    total = math.fsum(weights)
    spread = math.fsum(w * (y - mean.estimate) ** 2 for y, w in zip(values, weights, strict=True))
    if n < 2 or spread <= 0 or mean.variance <= 0:
        return None
    srs = n / (n - 1) * spread / total / n
    return mean.variance / srs


def estimate_group(
    plan: DesignPlan,
    *,
    scores: Sequence[float],
    tops: Sequence[bool],
    bottoms: Sequence[bool],
    weights: Sequence[float],
    replicates: Sequence[tuple[float, ...]],
    universe: Universe,
    positions: Sequence[int],
    confidence: float,
) -> GroupEstimates | str:
    """The group's design-based estimates, or why its variance cannot be estimated.

    Taylor: each measure's values and weights over ``universe`` with 0 outside the group
    (its members at ``positions``), a domain as R's ``svyby``. Replicates: each measure with
    its members' replicate weights (``replicates``, one tuple per member)."""
    measures = {
        "mean": list(scores),
        "top": [1.0 if t else 0.0 for t in tops],
        "net": [
            (1.0 if t else 0.0) - (1.0 if b else 0.0) for t, b in zip(tops, bottoms, strict=True)
        ],
    }
    found: dict[str, DesignMean] = {}
    if plan.variance == "taylor":
        size = len(universe.psus)
        inside = [0.0] * size
        for position, weight in zip(positions, weights, strict=True):
            inside[position] = weight
        for name, values in measures.items():
            spread = [0.0] * size
            for position, value in zip(positions, values, strict=True):
                spread[position] = value
            found[name] = design_mean(
                spread, inside, strata=universe.strata, psus=universe.psus, fpc=universe.fpc,
                confidence=confidence,
            )  # fmt: skip
    else:
        columns = tuple(zip(*replicates, strict=True))
        for k, column in enumerate(columns):
            if not any(column):
                return (
                    f"replicate {k + 1} of {len(columns)} leaves the group no weight, so its "
                    "variance cannot be estimated"
                )
        design = ReplicateWeights(
            cast(ReplicateType, plan.variance), columns, plan.scale, plan.rscales
        )
        for name, values in measures.items():
            found[name] = replicate_mean(values, weights, design, confidence=confidence)
    mean = found["mean"]
    return GroupEstimates(
        mean=mean,
        top=found["top"],
        net=found["net"],
        design_effect=_design_effect(mean, measures["mean"], weights),
        lonely_psu=mean.lonely_psu,
    )
