"""Difference in differences with staggered timing: Callaway & Sant'Anna (2021) group-time
effects, their influence functions, R ``did``'s dynamic aggregation, clustered standard errors
and the Wald pre-trend test. Standard library only; units and periods are plain indices."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

from ._beta import _tails
from ._checks import check_confidence, check_finite, check_positive
from ._dr import doubly_robust_att
from ._errors import StatsError
from ._intervals import z_value

__all__ = [
    "COMPARISONS",
    "AggregateEffect",
    "GroupTimeEffect",
    "WaldTest",
    "clustered_se",
    "covariance",
    "event_time_effects",
    "f_sf",
    "group_time_effects",
    "mean_effect",
    "satterthwaite_df",
    "simultaneous_critical_value",
    "wald_test",
]

COMPARISONS: Final = ("never_treated", "not_yet_treated")
"""The comparison groups of :func:`group_time_effects`."""


class GroupTimeEffect(NamedTuple):
    """ATT(g,t): the effect in period ``time`` on the units whose event is in period ``group``.

    ``base`` is the base period (``group − 1`` from the event on, ``time − 1`` before it).
    ``att`` is ``None`` when there is no treated or no comparison unit observed in both
    ``time`` and ``base``; ``influence`` then holds zeros. ``influence`` has one value per
    unit, scaled as in R ``did`` (``se = √(Σ IF²)/n``); ``treated`` and ``comparison`` are
    the indices of the units used.
    """

    group: int
    time: int
    base: int
    att: float | None
    se: float | None
    influence: tuple[float, ...]
    treated: tuple[int, ...]
    comparison: tuple[int, ...]

    @property
    def event_time(self) -> int:
        """``time − group``: negative before the event, 0 in its first period."""
        return self.time - self.group


class AggregateEffect(NamedTuple):
    """An aggregate of group-time effects (an event time's effect, or an overall mean).

    ``event_time`` is ``None`` for an overall effect. ``cells`` are the indices (into the
    group-time effects) that it combines, ``weights`` their weights; ``treated`` and
    ``comparison`` are the units used by any of them.
    """

    event_time: int | None
    att: float
    se: float
    influence: tuple[float, ...]
    cells: tuple[int, ...]
    weights: tuple[float, ...]
    treated: tuple[int, ...]
    comparison: tuple[int, ...]


class WaldTest(NamedTuple):
    """A Wald test that ``k`` estimates are all zero: ``f_statistic`` referred to F(k, ``df``)."""

    statistic: float
    """The Wald statistic ``W = θᵀ V⁻¹ θ``."""
    k: int
    """The number of estimates tested, the F distribution's numerator degrees of freedom."""
    df: float
    """The F distribution's denominator degrees of freedom."""
    p_value: float
    """``P(F(k, df) > f_statistic)``."""
    f_statistic: float
    """The statistic compared with F(k, df): ``W/k``, or Hotelling's ``W·(ν − k + 1)/(ν·k)``."""


def clustered_se(influence: Sequence[float], clusters: Sequence[object] | None = None) -> float:
    """Standard error from an influence function, clustered: ``√(Σ_c (Σ_{i∈c} IFᵢ)²) / n``.

    ``n`` is the number of units (``len(influence)``). Without ``clusters`` every unit is its
    own cluster, so this is ``√(Σ IFᵢ²)/n``, R ``did``'s analytic standard error with the
    bootstrap off. No small-sample correction is applied.

    >>> clustered_se([2.0, -2.0, 1.0, -1.0])
    0.7905694150420949
    >>> clustered_se([2.0, -2.0, 1.0, -1.0], clusters=["a", "a", "b", "b"])
    0.0
    """
    n = len(influence)
    if n == 0:
        raise StatsError("influence: expected at least one unit, got none")
    values = [check_finite("influence", v) for v in influence]
    if clusters is None:
        return math.sqrt(math.fsum(v * v for v in values)) / n
    if len(clusters) != n:
        raise StatsError(f"clusters: expected {n} cluster ids (one per unit), got {len(clusters)}")
    sums: dict[object, list[float]] = {}
    for value, cluster in zip(values, clusters, strict=True):
        sums.setdefault(cluster, []).append(value)
    return math.sqrt(math.fsum(math.fsum(part) ** 2 for part in sums.values())) / n


def _check_panel(
    outcomes: Sequence[Sequence[float | None]], cohorts: Sequence[int | None]
) -> tuple[int, int]:
    n = len(outcomes)
    if n == 0:
        raise StatsError("outcomes: expected at least one unit, got none")
    if len(cohorts) != n:
        raise StatsError(f"cohorts: expected {n} cohorts (one per unit), got {len(cohorts)}")
    periods = len(outcomes[0])
    if periods < 2:
        raise StatsError(f"outcomes: expected at least 2 periods, got {periods}")
    for unit, row in enumerate(outcomes):
        if len(row) != periods:
            raise StatsError(
                f"outcomes[{unit}]: expected {periods} periods like unit 0, got {len(row)}"
            )
        for period, value in enumerate(row):
            if value is not None:
                check_finite(f"outcomes[{unit}][{period}]", value)
    for unit, cohort in enumerate(cohorts):
        if cohort is not None and (type(cohort) is not int or not 1 <= cohort < periods):
            raise StatsError(
                f"cohorts[{unit}]: expected None (never treated) or a period index from 1 to "
                f"{periods - 1}, got {cohort!r}"
            )
    return n, periods


def _hc2(size: int) -> float:
    """The HC2 leverage correction of a residual from a group mean over ``size`` units:
    ``1/√(1 − 1/size)`` (1 for a single unit, whose residual is 0 anyway)."""
    return math.sqrt(size / (size - 1)) if size > 1 else 1.0


def _cell(
    outcomes: Sequence[Sequence[float | None]],
    cohorts: Sequence[int | None],
    group: int,
    time: int,
    comparison: str,
    *,
    small_sample: bool,
    covariates: Sequence[Sequence[float]] | None,
) -> GroupTimeEffect:
    n = len(outcomes)
    base = group - 1 if time >= group else time - 1
    latest = max(time, base)

    def compares(cohort: int | None) -> bool:
        if cohort is None:
            return True
        return comparison == "not_yet_treated" and cohort > latest and cohort != group

    treated: list[tuple[int, float]] = []
    control: list[tuple[int, float]] = []
    for unit, (row, cohort) in enumerate(zip(outcomes, cohorts, strict=True)):
        after, before = row[time], row[base]
        if after is None or before is None:
            continue
        if cohort == group:
            treated.append((unit, after - before))
        elif compares(cohort):
            control.append((unit, after - before))
    influence = [0.0] * n
    att: float | None = None
    se: float | None = None
    if treated and control and covariates is not None:
        units = [unit for unit, _ in (*treated, *control)]
        att, sub = doubly_robust_att(
            [change for _, change in (*treated, *control)],
            [True] * len(treated) + [False] * len(control),
            [covariates[unit] for unit in units],
        )
        # R did rescales a cell's influence from its subsample (of size m) to all n units.
        for index, unit in enumerate(units):
            size = len(treated) if index < len(treated) else len(control)
            scale = _hc2(size) if small_sample else 1.0
            influence[unit] = scale * n / len(units) * sub[index]
        se = clustered_se(influence)
    elif treated and control:
        mean_treated = math.fsum(d for _, d in treated) / len(treated)
        mean_control = math.fsum(d for _, d in control) / len(control)
        att = mean_treated - mean_control
        scale_treated = _hc2(len(treated)) if small_sample else 1.0
        scale_control = _hc2(len(control)) if small_sample else 1.0
        for unit, change in treated:
            influence[unit] = scale_treated * n * (change - mean_treated) / len(treated)
        for unit, change in control:
            influence[unit] = -scale_control * n * (change - mean_control) / len(control)
        se = clustered_se(influence)
    return GroupTimeEffect(
        group=group,
        time=time,
        base=base,
        att=att,
        se=se,
        influence=tuple(influence),
        treated=tuple(unit for unit, _ in treated),
        comparison=tuple(unit for unit, _ in control),
    )


def group_time_effects(
    outcomes: Sequence[Sequence[float | None]],
    cohorts: Sequence[int | None],
    *,
    comparison: str = "never_treated",
    small_sample: bool = False,
    covariates: Sequence[Sequence[float]] | None = None,
) -> tuple[GroupTimeEffect, ...]:
    """Every ATT(g,t) of Callaway & Sant'Anna (2021) without covariates, varying base period.

    ``outcomes[i][t]`` is unit ``i``'s outcome in period ``t`` (``None`` when missing);
    ``cohorts[i]`` is the period of unit ``i``'s event (1 or later: units treated in the
    first period have no base period and must be left out by the caller), or ``None`` for a
    never-treated unit. For each cohort ``g`` and each period ``t ≥ 1``::

        ATT(g,t) = (Ȳ_g,t − Ȳ_g,b) − (Ȳ_C,t − Ȳ_C,b)

    with ``b = g − 1`` for ``t ≥ g`` and ``b = t − 1`` before. The comparison units ``C``
    are the never-treated units, or with ``comparison="not_yet_treated"`` also the units
    whose own event comes after both ``t`` and ``b`` (other than cohort ``g``). Only units
    observed in both ``t`` and ``b`` take part. The influence function of unit ``i`` is
    ``n·(ΔYᵢ − ΔȲ_g)/n_g`` for a treated unit, ``−n·(ΔYᵢ − ΔȲ_C)/n_C`` for a comparison unit
    and 0 otherwise, so that ``se = √(Σ IF²)/n`` (R ``did``, bootstrap off). With
    ``small_sample=True`` each residual from a group mean over ``m`` units is scaled by the
    HC2 leverage correction ``√(m/(m − 1))``, so that ``se²`` is ``s²_g/n_g + s²_C/n_C`` with
    unbiased variances (CR2 for a difference of means; Bell & McCaffrey 2002, Pustejovsky &
    Tipton 2018). With ``covariates`` (one sequence of time-invariant numbers per unit) each
    ATT(g,t) is doubly robust instead (Sant'Anna & Zhao 2020, R ``did``'s
    ``est_method = "dr"``; see :func:`doubly_robust_att`), its influence function rescaled from
    the cell's units to all ``n``; without covariates it is the estimate above. Effects are
    ordered by cohort, then period.

    >>> cells = group_time_effects(
    ...     [[1.0, 2.0, 5.0], [2.0, 3.0, 6.0], [1.0, 2.0, 3.0], [3.0, 4.0, 5.0]],
    ...     [2, 2, None, None])
    >>> [(c.group, c.time, c.base, c.att) for c in cells]
    [(2, 1, 0, 0.0), (2, 2, 1, 2.0)]
    """
    n, periods = _check_panel(outcomes, cohorts)
    if covariates is not None:
        if len(covariates) != n:
            raise StatsError(f"covariates: expected {n} rows (one per unit), got {len(covariates)}")
        widths = {len(row) for row in covariates}
        if len(widths) != 1:
            raise StatsError("covariates: expected the same number of covariates for every unit")
        covariates = [
            [check_finite(f"covariates[{unit}]", v) for v in row]
            for unit, row in enumerate(covariates)
        ]
    if comparison not in COMPARISONS:
        raise StatsError(
            f"comparison: expected one of {', '.join(COMPARISONS)}, got {comparison!r}"
        )
    groups = sorted({c for c in cohorts if c is not None})
    return tuple(
        _cell(
            outcomes,
            cohorts,
            group,
            time,
            comparison,
            small_sample=small_sample,
            covariates=covariates,
        )
        for group in groups
        for time in range(1, periods)
    )


def _weights_influence(
    keepers: Sequence[int], cells: Sequence[GroupTimeEffect], cohorts: Sequence[int | None]
) -> list[list[float]]:
    """R ``did``'s ``wif``: the influence of estimating the cohort shares, per unit and cell."""
    n = len(cohorts)
    shares = [sum(c == cells[k].group for c in cohorts) / n for k in keepers]
    total = math.fsum(shares)
    rows = []
    for cohort in cohorts:
        centred = [
            (1.0 if cohort == cells[k].group else 0.0) - share
            for k, share in zip(keepers, shares, strict=True)
        ]
        row_sum = math.fsum(centred)
        rows.append(
            [
                c / total - row_sum * share / (total * total)
                for c, share in zip(centred, shares, strict=True)
            ]
        )
    return rows


def _union(parts: Sequence[Sequence[int]]) -> tuple[int, ...]:
    return tuple(sorted({unit for part in parts for unit in part}))


def event_time_effects(
    cells: Sequence[GroupTimeEffect],
    cohorts: Sequence[int | None],
    *,
    window: int,
) -> tuple[AggregateEffect, ...]:
    """ATT(e) for ``e`` in ``[−window, window]``: R ``did``'s dynamic aggregation.

    ``ATT(e) = Σ_g w_g·ATT(g, g+e)`` over the cohorts with an estimate at event time ``e``,
    weighted by cohort size (``w_g = n_g / Σ n_g``, sizes from ``cohorts``, the same list
    that made ``cells``). Its influence function adds the influence of estimating the
    weights (R ``did``'s ``wif``) to the weighted cell influence functions; ``se`` is
    ``√(Σ IF²)/n``. Event times without any estimate are left out.

    >>> cohorts = [1, 1, 2, None, None]
    >>> cells = group_time_effects(
    ...     [[0.0, 2.0, 3.0], [0.0, 2.0, 3.0], [0.0, 0.0, 3.0], [0.0, 0.0, 1.0],
    ...      [0.0, 0.0, 1.0]], cohorts)
    >>> [(e.event_time, e.att, e.weights) for e in event_time_effects(cells, cohorts, window=1)]
    [(-1, 0.0, (1.0,)), (0, 2.0, (0.6666666666666666, 0.3333333333333333)), (1, 2.0, (1.0,))]
    """
    if type(window) is not int or window < 0:
        raise StatsError(f"window: expected a whole number ≥ 0, got {window!r}")
    n = len(cohorts)
    found = []
    for event in range(-window, window + 1):
        keepers = [
            index
            for index, cell in enumerate(cells)
            if cell.att is not None and cell.event_time == event
        ]
        if not keepers:
            continue
        sizes = [sum(c == cells[k].group for c in cohorts) for k in keepers]
        weights = [size / sum(sizes) for size in sizes]
        atts = [cells[k].att or 0.0 for k in keepers]
        estimate = math.fsum(w * a for w, a in zip(weights, atts, strict=True))
        extra = _weights_influence(keepers, cells, cohorts)
        influence = tuple(
            math.fsum(w * cells[k].influence[unit] for w, k in zip(weights, keepers, strict=True))
            + math.fsum(x * a for x, a in zip(extra[unit], atts, strict=True))
            for unit in range(n)
        )
        found.append(
            AggregateEffect(
                event_time=event,
                att=estimate,
                se=clustered_se(influence),
                influence=influence,
                cells=tuple(keepers),
                weights=tuple(weights),
                treated=_union([cells[k].treated for k in keepers]),
                comparison=_union([cells[k].comparison for k in keepers]),
            )
        )
    return tuple(found)


def mean_effect(effects: Sequence[AggregateEffect]) -> AggregateEffect:
    """The plain mean of ``effects`` (R ``did``'s overall dynamic effect is the mean of ATT(e)
    over e ≥ 0), with the mean of their influence functions and ``event_time=None``.

    >>> cohorts = [1, 1, None, None]
    >>> cells = group_time_effects(
    ...     [[0.0, 2.0, 4.0], [0.0, 3.0, 5.0], [0.0, 0.0, 0.0], [0.0, 1.0, 1.0]], cohorts)
    >>> after = event_time_effects(cells, cohorts, window=1)
    >>> [e.att for e in after], mean_effect(after).att
    ([2.0, 4.0], 3.0)
    """
    if not effects:
        raise StatsError("effects: expected at least one effect to average, got none")
    k = len(effects)
    n = len(effects[0].influence)
    influence = tuple(math.fsum(e.influence[unit] for e in effects) / k for unit in range(n))
    return AggregateEffect(
        event_time=None,
        att=math.fsum(e.att for e in effects) / k,
        se=clustered_se(influence),
        influence=influence,
        cells=_union([e.cells for e in effects]),
        weights=tuple(1 / k for _ in effects),
        treated=_union([e.treated for e in effects]),
        comparison=_union([e.comparison for e in effects]),
    )


def covariance(influences: Sequence[Sequence[float]]) -> list[list[float]]:
    """The covariance of estimates from their influence functions (one sequence of ``n`` unit
    values per estimate): ``V = Σᵢ IFᵢ IFᵢᵀ / n²``, each diagonal entry the square of
    :func:`clustered_se`.

    >>> covariance([[2.0, -2.0, 1.0, -1.0], [1.0, 1.0, -1.0, -1.0]])
    [[0.625, 0.0], [0.0, 0.25]]
    """
    if not influences:
        raise StatsError("influences: expected at least one influence function, got none")
    n = len(influences[0])
    if n == 0 or any(len(f) != n for f in influences):
        raise StatsError("influences: expected influence functions of one common, non-zero length")
    rows = [[check_finite("influences", v) for v in f] for f in influences]
    return [
        [math.fsum(a * b for a, b in zip(fa, fb, strict=True)) / (n * n) for fb in rows]
        for fa in rows
    ]


def _dot(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    return math.fsum(value * b[key] for key, value in a.items() if key in b)


def _add(into: dict[int, float], vector: Mapping[int, float], scale: float) -> None:
    for key, value in vector.items():
        into[key] = into.get(key, 0.0) + scale * value


def satterthwaite_df(
    cells: Sequence[GroupTimeEffect],
    cohorts: Sequence[int | None],
    weights: Mapping[int, float],
    *,
    comparison: str = "never_treated",
    small_sample: bool = True,
) -> float:
    """Bell–McCaffrey degrees of freedom of an estimate ``Σ_k weights[k]·ATT(cells[k])``.

    The estimate's variance estimator ``V̂ = Σᵢ uᵢ²`` (``uᵢ`` a unit's influence, HC2-scaled
    when ``small_sample``) is a quadratic form ``εᵀ G ε`` in the outcomes' errors. Under the
    working model of Bell & McCaffrey (2002), independent errors of equal variance around
    unit and period effects, ``E V̂ ∝ tr G`` and ``Var V̂ ∝ 2 tr G²``, and Satterthwaite's
    approximation gives ``df = (tr G)² / tr G²`` (Pustejovsky & Tipton 2018). Units with the
    same cohort play the same part in every cell, so the traces are summed over cohorts
    (group sizes from ``cohorts``, the design without missing values) rather than over pairs
    of units. For one ATT(g,t) this is Welch's df with equal variances,
    ``(1/n_g + 1/n_C)² / (1/(n_g²(n_g − 1)) + 1/(n_C²(n_C − 1)))``.

    >>> cohorts = [1, 1, 1, None, None, None, None, None, None, None, None, None, None]
    >>> cells = group_time_effects([[0.0, 1.0]] * 13, cohorts)
    >>> round(satterthwaite_df(cells, cohorts, {0: 1.0}), 4)
    3.3137
    """
    sizes = Counter(cohorts)
    types = list(sizes)

    def members(cell: GroupTimeEffect) -> tuple[set[int | None], set[int | None]]:
        latest = max(cell.time, cell.base)
        treated: set[int | None] = {cell.group}
        control = {
            a
            for a in types
            if a is None or (comparison == "not_yet_treated" and a > latest and a != cell.group)
        }
        return treated, control

    # For each cohort a: p[a] = Σ_k c_ak d_k, and r[a][τ] = Σ_k (c_ak/n_ak)[τ ∈ a's group] d_k,
    # where d_k is the cell's period difference and c_ak = w_k · ±HC2 / n_ak. Only the
    # entries that can be non-zero are kept: r[a][τ] exists when a and τ share a group.
    p: dict[int | None, dict[int, float]] = {a: {} for a in types}
    r: dict[int | None, dict[int | None, dict[int, float]]] = {a: {} for a in types}
    for index, weight in weights.items():
        cell = cells[index]
        difference = {cell.time: 1.0, cell.base: -1.0}
        for sign, group in zip((1.0, -1.0), members(cell), strict=True):
            size = sum(sizes[a] for a in group)
            if size == 0:
                continue
            scale = _hc2(size) if small_sample else 1.0
            coefficient = weight * sign * scale / size
            for a in group:
                _add(p[a], difference, coefficient)
                for other in group:
                    _add(r[a].setdefault(other, {}), difference, coefficient / size)
    # Q_ab = shared_ab − cross_ab − cross_ba is non-zero only for cohorts that share a group.
    holders: dict[int | None, list[int | None]] = {}
    for a in types:
        for t in r[a]:
            holders.setdefault(t, []).append(a)
    pairs = {(a, b) for group in holders.values() for a in group for b in group}
    q = {}
    for a, b in pairs:
        shared = math.fsum(sizes[t] * _dot(r[a][t], r[b][t]) for t in r[a].keys() & r[b].keys())
        cross_ab = _dot(p[a], r[b][a]) if a in r[b] else 0.0
        cross_ba = _dot(p[b], r[a][b]) if b in r[a] else 0.0
        q[a, b] = shared - cross_ab - cross_ba
    diagonal = {a: _dot(p[a], p[a]) + q.get((a, a), 0.0) for a in types}
    trace = math.fsum(sizes[a] * diagonal[a] for a in types)
    square = math.fsum(sizes[a] * diagonal[a] ** 2 for a in types) + math.fsum(
        sizes[a] * (sizes[b] - (a == b)) * value**2 for (a, b), value in q.items()
    )
    if trace <= 0 or square <= 0:
        raise StatsError("weights: the estimate has no variance to count degrees of freedom for")
    return trace * trace / square


def simultaneous_critical_value(
    influences: Sequence[Sequence[float]],
    ses: Sequence[float],
    *,
    draws: int = 999,
    seed: int = 0,
    confidence: float = 0.95,
) -> float:
    """The sup-t critical value ``c`` of a simultaneous band ``θₑ ± c·seₑ`` over several
    estimates, from a multiplier bootstrap clustered by unit (R ``did``'s ``cband = TRUE``).

    Each draw gives every unit a Rademacher weight ``ξᵢ = ±1`` (the same for all estimates, so
    the estimates' dependence is kept) and takes ``maxₑ |Σᵢ ξᵢ IFᵢₑ / n| / seₑ``; ``c`` is the
    ``confidence`` quantile of those maxima (the ⌈confidence·draws⌉-th smallest). Draws come
    from ``random.Random(seed)``, so a seed always gives the same band. ``c`` is at least the
    pointwise normal quantile, so the band is never narrower than the pointwise intervals.

    >>> influences = [[2.0, -2.0, 1.0, -1.0, 0.5, -0.5], [1.0, 1.0, -1.0, -1.0, 0.5, -0.5]]
    >>> c = simultaneous_critical_value(influences, [0.5, 0.4], draws=199, seed=1)
    >>> 1.96 <= c < 4
    True
    """
    k = len(influences)
    if k == 0:
        raise StatsError("influences: expected at least one estimate, got none")
    if len(ses) != k:
        raise StatsError(f"ses: expected {k} standard errors, got {len(ses)}")
    if type(draws) is not int or draws < 1:
        raise StatsError(f"draws: expected a whole number ≥ 1, got {draws!r}")
    n = len(influences[0])
    if n == 0 or any(len(f) != n for f in influences):
        raise StatsError("influences: expected influence functions of one common, non-zero length")
    scales = [check_positive("ses", se) * n for se in ses]
    # Σᵢ ξᵢ IFᵢ with ξ = +1 where a draw's bit is set and −1 elsewhere is 2·Σ_set − Σ_all. The
    # set sums are read from tables of every subset of each block of 8 units (one lookup per
    # block and estimate instead of one addition per unit).
    tables = []
    for values in influences:
        checked = [check_finite("influences", v) for v in values]
        blocks = []
        for start in range(0, n, 8):
            block = checked[start : start + 8]
            sums = [0.0] * 256
            for subset in range(1, 1 << len(block)):
                lowest = (subset & -subset).bit_length() - 1
                sums[subset] = sums[subset & (subset - 1)] + block[lowest]
            blocks.append(sums)
        tables.append((blocks, math.fsum(checked)))
    rng = random.Random(seed)
    size = (n + 7) // 8
    maxima = []
    for _ in range(draws):
        chunks = rng.getrandbits(n).to_bytes(size, "little")
        maxima.append(
            max(
                abs(2 * sum(map(list.__getitem__, blocks, chunks)) - total) / scale
                for (blocks, total), scale in zip(tables, scales, strict=True)
            )
        )
    maxima.sort()
    rank = max(1, math.ceil(check_confidence(confidence) * draws))
    return max(maxima[rank - 1], z_value(confidence))


def f_sf(x: float, d1: float, d2: float) -> float:
    """Upper tail ``P(F > x)`` of the F(d1, d2) distribution, from the regularised incomplete
    beta: ``I_{d2/(d2 + d1·x)}(d2/2, d1/2)``.

    >>> round(f_sf(3.0, 2, 10), 6)
    0.095367
    """
    x = check_finite("x", x)
    d1, d2 = check_positive("d1", d1), check_positive("d2", d2)
    share = d1 * x / (d1 * x + d2)
    if share <= 0:  # x is 0 or so small (subnormal) that the share underflows: all mass above
        return 1.0
    if share >= 1:
        return 0.0
    return _tails(share, d1 / 2, d2 / 2)[1]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float] | None:
    """``matrix⁻¹ · vector`` by Gaussian elimination with partial pivoting; ``None`` when the
    matrix is singular (a pivot below 1e-12 of the largest diagonal entry)."""
    k = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    scale = max((abs(matrix[i][i]) for i in range(k)), default=0.0)
    if scale == 0:
        return None
    for column in range(k):
        pivot = max(range(column, k), key=lambda r: abs(rows[r][column]))
        if abs(rows[pivot][column]) <= 1e-12 * scale:
            return None
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(column + 1, k):
            factor = rows[r][column] / rows[column][column]
            for c in range(column, k + 1):
                rows[r][c] -= factor * rows[column][c]
    solution = [0.0] * k
    for r in range(k - 1, -1, -1):
        tail = math.fsum(rows[r][c] * solution[c] for c in range(r + 1, k))
        solution[r] = (rows[r][k] - tail) / rows[r][r]
    return solution


def wald_test(
    estimates: Sequence[float],
    influences: Sequence[Sequence[float]],
    *,
    df: float,
    hotelling: bool = False,
) -> WaldTest | None:
    """Wald test that every estimate is zero: ``W = θᵀ V⁻¹ θ`` with ``V = Σᵢ IFᵢ IFᵢᵀ / n²``
    from the estimates' influence functions (one sequence of ``n`` unit values per estimate).

    By default ``p = P(F(k, df) > W/k)``; with ``G`` clusters, ``df = G − 1`` is the usual
    small-sample form for clustered tests. With ``hotelling=True``, ``df`` is the degrees of
    freedom ``ν`` of the covariance estimate (e.g. from :func:`satterthwaite_df`) and ``W`` is
    referred to Hotelling's T²: ``W·(ν − k + 1)/(ν·k)`` against F(k, ν − k + 1), the
    approximation behind Pustejovsky & Tipton's (2018) small-sample cluster-robust tests.
    ``None`` when ``V`` is singular, or when ``ν ≤ k − 1`` leaves no degrees of freedom.

    >>> test = wald_test([1.0], [[2.0, -2.0, 1.0, -1.0]], df=3)
    >>> round(test.statistic, 6), test.k, round(test.f_statistic, 6), round(test.p_value, 4)
    (1.6, 1, 1.6, 0.2952)
    >>> round(wald_test([1.0, 0.5], [[2.0, -2.0, 1.0, -1.0], [1.0, 1.0, -1.0, -1.0]],
    ...                 df=6.5, hotelling=True).df, 2)
    5.5
    """
    k = len(estimates)
    if k == 0:
        raise StatsError("estimates: expected at least one estimate to test, got none")
    if len(influences) != k:
        raise StatsError(f"influences: expected {k} influence functions, got {len(influences)}")
    if hotelling:
        check_positive("df", df)
    elif type(df) is not int or df < 1:
        raise StatsError(f"df: expected a whole number ≥ 1, got {df!r}")
    theta = [check_finite("estimates", e) for e in estimates]
    solved = _solve(covariance(influences), theta)
    if solved is None:
        return None
    statistic = max(0.0, math.fsum(t * s for t, s in zip(theta, solved, strict=True)))
    if hotelling:
        denominator = df - k + 1
        if denominator <= 0:
            return None
        scaled = statistic * denominator / (df * k)
    else:
        denominator, scaled = df, statistic / k
    return WaldTest(
        statistic=statistic,
        k=k,
        df=denominator,
        p_value=f_sf(scaled, k, denominator),
        f_statistic=scaled,
    )
