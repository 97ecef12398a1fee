"""Survey designs (METHODS §5a): design-based variance of a weighted mean by Taylor
linearisation (strata, clusters, finite population corrections, lonely PSUs) or by replicate
weights, replicate weights made from a design (JKn, Rao–Wu rescaled bootstrap), and the
diagnostics of a set of calibrated weights. Standard library only."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from typing import Final, Literal, NamedTuple

from ._checks import check_confidence, check_finites, check_weights
from ._errors import StatsError
from ._intervals import t_value, z_value

__all__ = [
    "REPLICATE_TYPES",
    "DesignMean",
    "MarginBalance",
    "ReplicateType",
    "ReplicateWeights",
    "WeightDiagnostics",
    "bootstrap_replicates",
    "design_mean",
    "jackknife_replicates",
    "replicate_mean",
    "weight_diagnostics",
]

ReplicateType = Literal["jk1", "jkn", "brr", "fay", "bootstrap"]
"""A replicate weight type, as R ``svrepdesign(type=...)`` names it."""
REPLICATE_TYPES: Final[tuple[ReplicateType, ...]] = ("jk1", "jkn", "brr", "fay", "bootstrap")
"""Replicate weight types, as R ``svrepdesign(type=...)`` names them."""

IMBALANCED: Final = 0.1
"""A margin whose ASMD after weighting exceeds this is flagged ``imbalanced``."""


class DesignMean(NamedTuple):
    """A weighted mean with its design-based variance.

    ``df`` is the design's degrees of freedom (PSUs − strata for Taylor linearisation, the
    replicates' rank for replicate weights; ``None`` for an infinite-population normal
    interval); ``low`` and ``high`` the interval from Student's t on ``df``.
    ``lonely_psu`` names the strata with a single PSU (centred at the grand mean).
    """

    estimate: float
    variance: float
    se: float
    df: float | None
    low: float
    high: float
    n: int
    lonely_psu: tuple[Hashable, ...] = ()


def _interval(
    estimate: float,
    variance: float,
    *,
    df: float | None,
    n: int,
    confidence: float,
    lonely: tuple[Hashable, ...] = (),
) -> DesignMean:
    se = math.sqrt(max(variance, 0.0))
    critical = z_value(confidence) if df is None or df <= 0 else t_value(df, confidence)
    return DesignMean(
        estimate=estimate,
        variance=variance,
        se=se,
        df=df,
        low=estimate - critical * se,
        high=estimate + critical * se,
        n=n,
        lonely_psu=lonely,
    )


def _ratio(values: Sequence[float], weights: Sequence[float]) -> float:
    total = math.fsum(weights)
    if total <= 0:
        raise StatsError("weights: expected a positive total weight, got 0")
    return math.fsum(w * y for w, y in zip(weights, values, strict=True)) / total


def _check(
    values: Sequence[float], weights: Sequence[float], name: str = "weights"
) -> tuple[list[float], list[float]]:
    if not values:
        raise StatsError("values: expected at least one response, got none")
    if len(weights) != len(values):
        raise StatsError(
            f"{name}: expected {len(values)} weights (one per value), got {len(weights)}"
        )
    return check_finites("values", values), check_weights(weights, name)


def _homes(strata: list[Hashable], psus: list[Hashable]) -> dict[Hashable, Hashable]:
    """Each PSU's stratum; raises naming the first response whose PSU is in another stratum
    too."""
    home = dict(zip(psus, strata, strict=True))
    if len(set(zip(psus, strata, strict=True))) == len(home):
        return home
    seen: dict[Hashable, Hashable] = {}
    index, stratum, psu = next(  # the first response whose PSU was seen in another stratum
        (i, h, p)
        for i, (h, p) in enumerate(zip(strata, psus, strict=True))
        if seen.setdefault(p, h) != h
    )
    raise StatsError(
        f"psus[{index}]: PSU {psu!r} is in stratum {seen[psu]!r} and in {stratum!r}; a PSU "
        "belongs to one stratum"
    )


def _fractions(strata: list[Hashable], fpc: Sequence[float]) -> dict[Hashable, float]:
    """Each stratum's fpc; raises naming the first response whose fpc is not a finite number
    or differs from its stratum's."""
    if len(fpc) != len(strata):
        raise StatsError(f"fpc: expected {len(strata)} entries (one per value), got {len(fpc)}")
    numbers = check_finites("fpc", fpc)
    fractions = dict(zip(strata, numbers, strict=True))
    if len(set(zip(strata, numbers, strict=True))) == len(fractions):
        return fractions
    seen: dict[Hashable, float] = {}
    index, stratum, value = next(  # the first response whose fpc differs from its stratum's
        (i, h, v)
        for i, (h, v) in enumerate(zip(strata, numbers, strict=True))
        if seen.setdefault(h, v) != v
    )
    raise StatsError(
        f"fpc[{index}]: expected one fpc per stratum, got {seen[stratum]} and {value} in "
        f"stratum {stratum!r}"
    )


def design_mean(
    values: Sequence[float],
    weights: Sequence[float],
    *,
    strata: Sequence[Hashable] | None = None,
    psus: Sequence[Hashable] | None = None,
    fpc: Sequence[float] | None = None,
    confidence: float = 0.95,
) -> DesignMean:
    """The weighted mean ``Σwy/Σw`` (a share when ``values`` are 0 and 1) with its Taylor
    linearised variance, as R ``svymean`` on ``svydesign(ids=~psu, strata=~stratum,
    fpc=~fpc, weights=~w)`` computes it.

    The linearised values are ``zᵢ = wᵢ(yᵢ − ȳ)/Σw``. Within each stratum ``h`` with ``n_h``
    PSUs, the PSU totals ``z_hi`` give ``(1 − f_h)·n_h/(n_h − 1)·Σᵢ(z_hi − z̄_h)²`` (with
    replacement between PSUs), summed over strata. ``fpc`` per response is the stratum's
    population size in PSUs (``f_h = n_h/N_h``) or, when at most 1, the sampling fraction
    ``f_h`` itself. A stratum with a single PSU is centred at the grand mean (0 for linearised
    values: R's ``survey.lonely.psu = "adjust"``) and named in ``lonely_psu``. Without
    ``psus`` every response is its own PSU; without ``strata`` there is one stratum. The
    degrees of freedom are PSUs − strata, and the interval uses Student's t on them.

    A *domain* (a group within the sample: an area, an age band) is estimated by giving
    weight 0 to the responses outside it, which keeps every PSU in the variance as R's
    ``subset`` and ``svyby`` do (and samplics' ``domain``); its degrees of freedom count the
    PSUs and strata holding a response of positive weight, as R's ``degf`` of the subset.

    >>> from trustops.stats import design_mean
    >>> found = design_mean([60, 70, 80, 50, 40, 90], [1, 1, 2, 1, 2, 1],
    ...                     strata=["a", "a", "a", "b", "b", "b"], psus=[1, 1, 2, 3, 4, 4])
    >>> round(found.estimate, 4), round(found.se, 4), found.df
    (63.75, 3.8654, 2.0)
    """
    y, w = _check(values, weights)
    n = len(y)
    strata = list(strata) if strata is not None else [None] * n
    psus = list(psus) if psus is not None else list(range(n))
    for name, column in (("strata", strata), ("psus", psus)):
        if len(column) != n:
            raise StatsError(f"{name}: expected {n} entries (one per value), got {len(column)}")
    mean = _ratio(y, w)
    total = math.fsum(w)
    z = [wi * (yi - mean) / total for wi, yi in zip(w, y, strict=True)]
    home = _homes(strata, psus)
    fractions = {} if fpc is None else _fractions(strata, fpc)
    by_psu: dict[Hashable, list[float]] = {}
    for psu, zi in zip(psus, z, strict=True):  # the one loop over responses
        by_psu.setdefault(psu, []).append(zi)
    sums: dict[Hashable, list[float]] = {}  # each stratum's PSU totals, strata as first seen
    for psu, part in by_psu.items():
        sums.setdefault(home[psu], []).append(math.fsum(part))
    variance_parts = []
    lonely = []
    for stratum, totals in sums.items():
        count = len(totals)
        factor = 1.0
        if fpc is not None:
            given = fractions[stratum]
            if given <= 0:
                raise StatsError(
                    f"fpc: expected a positive fpc in stratum {stratum!r}, got {given}"
                )
            fraction = given if given <= 1 else count / given
            if fraction > 1:
                raise StatsError(
                    f"fpc: stratum {stratum!r} has {count} sampled PSUs but a population of "
                    f"{given:g}; the population cannot be smaller than the sample"
                )
            factor = 1 - fraction
        if count == 1:
            lonely.append(stratum)
            variance_parts.append(factor * totals[0] ** 2)
            continue
        centre = math.fsum(totals) / count
        variance_parts.append(
            factor * count / (count - 1) * math.fsum((t - centre) ** 2 for t in totals)
        )
    # R's degf: the PSUs and strata holding a response of positive weight (a domain's own)
    if min(w) > 0:
        held = set(zip(strata, psus, strict=True))
    else:
        held = {(h, psu) for h, psu, wi in zip(strata, psus, w, strict=True) if wi > 0}
    df = len(held) - len({stratum for stratum, _ in held})
    return _interval(
        mean,
        math.fsum(variance_parts),
        df=float(df) if df > 0 else None,
        n=n,
        confidence=check_confidence(confidence),
        lonely=tuple(lonely),
    )


class ReplicateWeights(NamedTuple):
    """Replicate weights with how to combine them: ``weights[r][i]`` is response ``i``'s
    weight in replicate ``r``; variance = ``scale × Σ_r rscales[r]·(θ_r − θ̂)²``."""

    type: ReplicateType
    weights: tuple[tuple[float, ...], ...]
    scale: float
    rscales: tuple[float, ...]


def replicate_mean(
    values: Sequence[float],
    weights: Sequence[float],
    replicates: ReplicateWeights,
    *,
    confidence: float = 0.95,
) -> DesignMean:
    """The weighted mean with its replicate variance ``scale × Σ_r rscale_r (θ_r − θ̂)²``, each
    ``θ_r`` the mean under replicate ``r``'s weights, centred at the full-sample estimate
    (R ``svrepdesign(..., mse = TRUE)``). The degrees of freedom are the number of replicates
    less one (R's default for a replicate design without a declared rank).

    >>> from trustops.stats import design_mean, jackknife_replicates, replicate_mean
    >>> values, weights = [60, 70, 80, 50, 40, 90], [1, 1, 2, 1, 2, 1]
    >>> strata, psus = ["a", "a", "a", "b", "b", "b"], [1, 1, 2, 3, 4, 4]
    >>> jk = jackknife_replicates(weights, strata=strata, psus=psus)
    >>> round(replicate_mean(values, weights, jk).estimate, 4)
    63.75
    """
    y, w = _check(values, weights)
    estimate = _ratio(y, w)
    if not replicates.weights:
        raise StatsError("replicates: expected at least one replicate, got none")
    if len(replicates.rscales) != len(replicates.weights):
        raise StatsError("replicates: expected one rscale per replicate")
    deviations = []
    for index, (column, rscale) in enumerate(
        zip(replicates.weights, replicates.rscales, strict=True)
    ):
        if len(column) != len(y):
            raise StatsError(
                f"replicates.weights[{index}]: expected {len(y)} weights (one per value), got "
                f"{len(column)}; replicate columns must have the responses' length"
            )
        theta = _ratio(y, check_weights(column, f"replicates.weights[{index}]"))
        deviations.append(rscale * (theta - estimate) ** 2)
    variance = replicates.scale * math.fsum(deviations)
    df = len(replicates.weights) - 1
    return _interval(
        estimate,
        variance,
        df=float(df) if df > 0 else None,
        n=len(y),
        confidence=check_confidence(confidence),
    )


def _groups(
    n: int, strata: Sequence[Hashable] | None, psus: Sequence[Hashable]
) -> dict[Hashable, dict[Hashable, list[int]]]:
    strata = list(strata) if strata is not None else [None] * n
    if len(strata) != n or len(psus) != n:
        raise StatsError(f"strata and psus: expected {n} entries each (one per weight)")
    groups: dict[Hashable, dict[Hashable, list[int]]] = {}
    home: dict[Hashable, Hashable] = {}
    for index, (stratum, psu) in enumerate(zip(strata, psus, strict=True)):
        if home.setdefault(psu, stratum) != stratum:
            raise StatsError(
                f"psus[{index}]: PSU {psu!r} is in stratum {home[psu]!r} and in {stratum!r}; a "
                "PSU belongs to one stratum"
            )
        groups.setdefault(stratum, {}).setdefault(psu, []).append(index)
    return groups


def jackknife_replicates(
    weights: Sequence[float],
    *,
    strata: Sequence[Hashable] | None = None,
    psus: Sequence[Hashable],
) -> ReplicateWeights:
    """JKn (delete-one-PSU) replicate weights of a stratified cluster design, as R
    ``as.svrepdesign(type="JKn")``: one replicate per PSU, in which that PSU's weights are 0
    and the other PSUs of its stratum are scaled by ``n_h/(n_h − 1)``; ``rscale = (n_h −
    1)/n_h``, ``scale = 1``. (Without strata this is JK1.) A stratum needs at least 2 PSUs.

    >>> from trustops.stats import jackknife_replicates
    >>> jk = jackknife_replicates([1, 1, 2, 2], strata=["a", "a", "b", "b"], psus=[1, 2, 3, 4])
    >>> jk.weights[0], jk.rscales
    ((0.0, 2.0, 2.0, 2.0), (0.5, 0.5, 0.5, 0.5))
    """
    w = check_weights(weights)
    groups = _groups(len(w), strata, psus)
    columns = []
    rscales = []
    for stratum, by_psu in groups.items():
        count = len(by_psu)
        if count < 2:
            raise StatsError(
                f"psus: stratum {stratum!r} has one PSU; the jackknife needs at least 2 per stratum"
            )
        members = {i for part in by_psu.values() for i in part}
        for dropped in by_psu.values():
            gone = set(dropped)
            column = [
                0.0 if i in gone else (wi * count / (count - 1) if i in members else wi)
                for i, wi in enumerate(w)
            ]
            columns.append(tuple(column))
            rscales.append((count - 1) / count)
    kind: ReplicateType = "jkn" if strata is not None else "jk1"
    return ReplicateWeights(kind, tuple(columns), 1.0, tuple(rscales))


def bootstrap_replicates(
    weights: Sequence[float],
    *,
    strata: Sequence[Hashable] | None = None,
    psus: Sequence[Hashable],
    replicates: int = 500,
    seed: int = 0,
) -> ReplicateWeights:
    """Rao–Wu rescaled bootstrap replicate weights (Rao, Wu & Yue 1992), as R
    ``as.svrepdesign(type="subbootstrap")``: in each replicate and stratum, ``n_h − 1`` PSUs
    are drawn with replacement and each PSU's weights multiplied by ``n_h/(n_h − 1)`` times the
    times it was drawn; ``scale = 1/(R − 1)``, ``rscales = 1``. Draws come from
    ``random.Random(seed)``, so a seed always gives the same replicates.

    >>> from trustops.stats import bootstrap_replicates
    >>> boot = bootstrap_replicates([1, 1, 1, 1], psus=[1, 2, 3, 4], replicates=3, seed=1)
    >>> [sum(column) for column in boot.weights], round(boot.scale, 4)
    ([4.0, 4.0, 4.0], 0.5)
    """
    w = check_weights(weights)
    if type(replicates) is not int or replicates < 2:
        raise StatsError(f"replicates: expected a whole number ≥ 2, got {replicates!r}")
    groups = _groups(len(w), strata, psus)
    rng = random.Random(seed)
    columns = []
    for _ in range(replicates):
        factors = [1.0] * len(w)
        for stratum, by_psu in groups.items():
            members = list(by_psu.values())
            count = len(members)
            if count < 2:
                raise StatsError(
                    f"psus: stratum {stratum!r} has one PSU; the bootstrap needs at least 2 per "
                    "stratum"
                )
            drawn = Counter(rng.randrange(count) for _ in range(count - 1))
            for position, part in enumerate(members):
                for i in part:
                    factors[i] = drawn[position] * count / (count - 1)
        columns.append(tuple(wi * f for wi, f in zip(w, factors, strict=True)))
    return ReplicateWeights("bootstrap", tuple(columns), 1 / (replicates - 1), (1.0,) * replicates)


class MarginBalance(NamedTuple):
    """How one margin variable's sample compares with its population targets."""

    variable: str
    asmd_before: float
    """Mean over categories of ``|p_s − p_t| / √(p_t(1 − p_t))`` with the base weights."""
    asmd_after: float
    """The same with the final (raked) weights."""
    imbalanced: bool
    """``asmd_after`` above 0.1."""


class WeightDiagnostics(NamedTuple):
    """Whether a set of weights did its job (METHODS §5a): balance per margin variable, Kish's
    design effect and effective n, the weights' distribution and what trimming moved."""

    margins: tuple[MarginBalance, ...]
    n: int
    effective_n: float
    design_effect: float
    minimum: float
    quartiles: tuple[float, float, float]
    maximum: float
    cv: float
    """Coefficient of variation of the weights (population standard deviation / mean)."""
    trimmed_share: float
    """Share of the total weight moved by trimming (0 without a cap)."""


def _asmd(
    column: Sequence[Hashable], weights: Sequence[float], targets: Mapping[str, float]
) -> float:
    total = math.fsum(weights)
    parts = []
    for category, target in targets.items():
        if not 0 < target < 1:
            continue  # a category holding all or none of the population has no spread
        share = math.fsum(w for w, c in zip(weights, column, strict=True) if c == category) / total
        parts.append(abs(share - target) / math.sqrt(target * (1 - target)))
    return math.fsum(parts) / len(parts) if parts else 0.0


def _quantile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default, R type 7)."""
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def weight_diagnostics(
    attributes: Mapping[str, Sequence[Hashable]],
    margins: Mapping[str, Mapping[str, float]],
    before: Sequence[float],
    after: Sequence[float],
    *,
    untrimmed: Sequence[float] | None = None,
) -> WeightDiagnostics:
    """Diagnostics of the weights ``after`` (e.g. raked) against the base weights ``before``.

    For each margin variable, the absolute standardised mean difference (ASMD) between the
    weighted sample and the population targets, before and after weighting, as Meta's
    ``balance`` defines it for a category share: ``|p_s − p_t| / √(p_t(1 − p_t))``, averaged
    over the variable's categories (categories with a target of 0 or 1 are left out);
    ``imbalanced`` when it exceeds 0.1 after weighting. Then Kish's effective n and design
    effect, the minimum, quartiles, maximum and coefficient of variation of ``after``, and,
    given the weights before a cap trimmed them (``untrimmed``, on the same total), the share
    of total weight trimming moved: ``Σ|after − untrimmed| / 2Σuntrimmed``.

    >>> from trustops.stats import weight_diagnostics
    >>> found = weight_diagnostics({"age": ["young", "old", "old", "old"]},
    ...                            {"age": {"young": 0.5, "old": 0.5}},
    ...                            [1, 1, 1, 1], [1.5, 0.5, 0.5, 0.5])
    >>> found.margins[0].asmd_before, found.margins[0].asmd_after
    (0.5, 0.0)
    """
    base = check_weights(before, "before")
    final = check_weights(after, "after")
    n = len(final)
    if len(base) != n:
        raise StatsError(f"before: expected {n} weights like after, got {len(base)}")
    balances = []
    for variable, targets in margins.items():
        column = attributes.get(variable)
        if column is None:
            raise StatsError(f"attributes: no column for the margin variable {variable!r}")
        if len(column) != n:
            raise StatsError(f"attributes[{variable!r}]: expected {n} values, got {len(column)}")
        after_asmd = _asmd(column, final, targets)
        balances.append(
            MarginBalance(
                variable=variable,
                asmd_before=_asmd(column, base, targets),
                asmd_after=after_asmd,
                imbalanced=after_asmd > IMBALANCED,
            )
        )
    total = math.fsum(final)
    mean = total / n
    squares = math.fsum((w - mean) ** 2 for w in final) / n
    ess = total * total / math.fsum(w * w for w in final)
    ordered = sorted(final)
    moved = 0.0
    if untrimmed is not None:
        raw = check_weights(untrimmed, "untrimmed")
        if len(raw) != n:
            raise StatsError(f"untrimmed: expected {n} weights like after, got {len(raw)}")
        moved = math.fsum(abs(a - b) for a, b in zip(final, raw, strict=True)) / (
            2 * math.fsum(raw)
        )
    return WeightDiagnostics(
        margins=tuple(balances),
        n=n,
        effective_n=ess,
        design_effect=n / ess,
        minimum=ordered[0],
        quartiles=(_quantile(ordered, 0.25), _quantile(ordered, 0.5), _quantile(ordered, 0.75)),
        maximum=ordered[-1],
        cv=math.sqrt(squares) / mean,
        trimmed_share=moved,
    )
