"""Difference in differences with staggered timing: Callaway & Sant'Anna (2021) group-time
effects, their influence functions, R ``did``'s dynamic aggregation, clustered standard errors
and the Wald pre-trend test. Standard library only; units and periods are plain indices."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final, NamedTuple

from ._beta import _tails
from ._checks import check_finite, check_positive
from ._errors import StatsError

__all__ = [
    "COMPARISONS",
    "AggregateEffect",
    "GroupTimeEffect",
    "WaldTest",
    "clustered_se",
    "event_time_effects",
    "f_sf",
    "group_time_effects",
    "mean_effect",
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
    """A Wald test that ``k`` estimates are all zero, referred to F(k, ``df``)."""

    statistic: float
    """The Wald statistic ``W = θᵀ V⁻¹ θ``."""
    k: int
    df: int
    p_value: float
    """``P(F(k, df) > W / k)``."""


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


def _cell(
    outcomes: Sequence[Sequence[float | None]],
    cohorts: Sequence[int | None],
    group: int,
    time: int,
    comparison: str,
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
    if treated and control:
        mean_treated = math.fsum(d for _, d in treated) / len(treated)
        mean_control = math.fsum(d for _, d in control) / len(control)
        att = mean_treated - mean_control
        for unit, change in treated:
            influence[unit] = n * (change - mean_treated) / len(treated)
        for unit, change in control:
            influence[unit] = -n * (change - mean_control) / len(control)
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
    and 0 otherwise, so that ``se = √(Σ IF²)/n`` (R ``did``, bootstrap off). Effects are
    ordered by cohort, then period.

    >>> cells = group_time_effects(
    ...     [[1.0, 2.0, 5.0], [2.0, 3.0, 6.0], [1.0, 2.0, 3.0], [3.0, 4.0, 5.0]],
    ...     [2, 2, None, None])
    >>> [(c.group, c.time, c.base, c.att) for c in cells]
    [(2, 1, 0, 0.0), (2, 2, 1, 2.0)]
    """
    _, periods = _check_panel(outcomes, cohorts)
    if comparison not in COMPARISONS:
        raise StatsError(
            f"comparison: expected one of {', '.join(COMPARISONS)}, got {comparison!r}"
        )
    groups = sorted({c for c in cohorts if c is not None})
    return tuple(
        _cell(outcomes, cohorts, group, time, comparison)
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
    df: int,
) -> WaldTest | None:
    """Wald test that every estimate is zero: ``W = θᵀ V⁻¹ θ`` with ``V = Σᵢ IFᵢ IFᵢᵀ / n²``
    from the estimates' influence functions (one sequence of ``n`` unit values per estimate),
    and ``p = P(F(k, df) > W/k)``. With ``G`` clusters, ``df = G − 1`` is the usual
    small-sample form for clustered tests. ``None`` when ``V`` is singular.

    >>> test = wald_test([1.0], [[2.0, -2.0, 1.0, -1.0]], df=3)
    >>> round(test.statistic, 6), test.k, round(test.p_value, 4)
    (1.6, 1, 0.2952)
    """
    k = len(estimates)
    if k == 0:
        raise StatsError("estimates: expected at least one estimate to test, got none")
    if len(influences) != k:
        raise StatsError(f"influences: expected {k} influence functions, got {len(influences)}")
    if type(df) is not int or df < 1:
        raise StatsError(f"df: expected a whole number ≥ 1, got {df!r}")
    n = len(influences[0])
    if n == 0 or any(len(f) != n for f in influences):
        raise StatsError("influences: expected influence functions of one common, non-zero length")
    theta = [check_finite("estimates", e) for e in estimates]
    covariance = [
        [math.fsum(a * b for a, b in zip(fa, fb, strict=True)) / (n * n) for fb in influences]
        for fa in influences
    ]
    solved = _solve(covariance, theta)
    if solved is None:
        return None
    statistic = max(0.0, math.fsum(t * s for t, s in zip(theta, solved, strict=True)))
    return WaldTest(statistic=statistic, k=k, df=df, p_value=f_sf(statistic / k, k, df))
