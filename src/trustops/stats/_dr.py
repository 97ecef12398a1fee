"""Doubly robust difference in differences for one 2×2 comparison (Sant'Anna & Zhao 2020):
a logit propensity score, a linear outcome regression of the change in the comparison units,
and the influence function of the estimate with both models' estimation effects. Standard
library only; the small matrices (one row and column per covariate, plus the intercept) are
handled with exact elimination."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ._errors import StatsError

__all__ = ["doubly_robust_att"]

_TRIM = 0.995
"""Comparison units whose propensity score is at or above this are given no weight (R DRDID)."""


def _inverse(matrix: list[list[float]], what: str) -> list[list[float]]:
    """``matrix⁻¹`` by Gauss–Jordan elimination with partial pivoting."""
    k = len(matrix)
    rows = [[*row, *(1.0 if i == j else 0.0 for j in range(k))] for i, row in enumerate(matrix)]
    scale = max((abs(v) for row in matrix for v in row), default=0.0)
    for column in range(k):
        pivot = max(range(column, k), key=lambda r: abs(rows[r][column]))
        if abs(rows[pivot][column]) <= 1e-12 * scale:
            raise StatsError(
                f"covariates: the {what} cannot be fitted (a covariate is constant or repeats "
                "another among these areas); use fewer covariates"
            )
        rows[column], rows[pivot] = rows[pivot], rows[column]
        head = rows[column][column]
        rows[column] = [v / head for v in rows[column]]
        for r in range(k):
            if r != column and rows[r][column] != 0.0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column], strict=True)]
    return [row[k:] for row in rows]


def _times(matrix: list[list[float]], vector: Sequence[float]) -> list[float]:
    return [math.fsum(a * b for a, b in zip(row, vector, strict=True)) for row in matrix]


def _cross(rows: Sequence[Sequence[float]], weights: Sequence[float]) -> list[list[float]]:
    """``Σᵢ wᵢ xᵢ xᵢᵀ``."""
    k = len(rows[0])
    return [
        [math.fsum(w * x[a] * x[b] for x, w in zip(rows, weights, strict=True)) for b in range(k)]
        for a in range(k)
    ]


def _logistic(value: float) -> float:
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1 + exp)


def _propensity(design: Sequence[Sequence[float]], treated: Sequence[bool]) -> list[float]:
    """Fitted probabilities of a logit of ``treated`` on ``design`` (Newton–Raphson)."""
    k = len(design[0])
    beta = [0.0] * k
    separated = StatsError(
        "covariates: the propensity score does not converge (the covariates separate the "
        "treated from the comparison areas); use fewer covariates"
    )
    for iteration in range(100):
        fitted = [
            _logistic(math.fsum(b * x for b, x in zip(beta, row, strict=True))) for row in design
        ]
        score = [
            math.fsum((d - p) * row[a] for row, d, p in zip(design, treated, fitted, strict=True))
            for a in range(k)
        ]
        information = _cross(design, [p * (1 - p) for p in fitted])
        try:
            inverse = _inverse(information, "propensity score")
        except StatsError:
            if iteration == 0:
                raise
            raise separated from None  # the probabilities ran to 0 and 1
        step = _times(inverse, score)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) <= 1e-10 * max(1.0, *(abs(b) for b in beta)):
            return [
                _logistic(math.fsum(b * x for b, x in zip(beta, row, strict=True)))
                for row in design
            ]
    raise separated


def doubly_robust_att(
    changes: Sequence[float], treated: Sequence[bool], covariates: Sequence[Sequence[float]]
) -> tuple[float, list[float]]:
    """The doubly robust ATT of a 2×2 comparison and each unit's influence, as R ``DRDID``'s
    ``drdid_panel`` computes them (Sant'Anna & Zhao 2020, the "traditional" DR estimator).

    ``changes[i]`` is unit ``i``'s outcome change, ``treated[i]`` whether it is treated, and
    ``covariates[i]`` its covariates (an intercept is added). With ``X`` the covariates,
    ``p(X)`` a logit propensity score of treatment and ``m(X)`` a linear regression of the change
    fitted on the comparison units::

        ATT = Σ_T (ΔY − m(X)) / n_T − Σ_C w (ΔY − m(X)) / Σ_C w,   w = p/(1 − p)

    Comparison units with ``p ≥ 0.995`` get no weight. The influence function (scaled so
    that ``se = √(Σ IF²)/n``) includes the estimation of both models. Without covariates the
    estimate is the plain difference of mean changes.

    >>> att, influence = doubly_robust_att(
    ...     [3.0, 4.5, 1.0, 2.0, 1.5, 0.7, 1.2], [True, True, False, False, False, False, False],
    ...     [[1.0], [2.0], [1.0], [2.5], [1.5], [0.5], [1.1]])
    >>> round(att, 6)
    2.354278
    """
    n = len(changes)
    if n == 0 or len(treated) != n or len(covariates) != n:
        raise StatsError("changes, treated and covariates: expected one entry per unit")
    design = [[1.0, *map(float, row)] for row in covariates]
    k = len(design[0])
    d = [1.0 if t else 0.0 for t in treated]
    fitted = [min(p, 1 - 1e-6) for p in _propensity(design, treated)]
    keep = [1.0 if t else float(p < _TRIM) for t, p in zip(treated, fitted, strict=True)]
    # Outcome regression on the comparison units.
    control = [1.0 - t for t in d]
    xtx = _cross(design, control)
    xtx_inverse = _inverse(xtx, "outcome regression")
    xty = [
        math.fsum(c * y * row[a] for row, c, y in zip(design, control, changes, strict=True))
        for a in range(k)
    ]
    beta = _times(xtx_inverse, xty)
    predicted = [math.fsum(b * x for b, x in zip(beta, row, strict=True)) for row in design]
    residual = [y - m for y, m in zip(changes, predicted, strict=True)]
    w_treat = [s * t for s, t in zip(keep, d, strict=True)]
    w_cont = [s * p * c / (1 - p) for s, p, c in zip(keep, fitted, control, strict=True)]
    mean_treat = math.fsum(w_treat) / n
    mean_cont = math.fsum(w_cont) / n
    if mean_treat <= 0 or mean_cont <= 0:
        raise StatsError("covariates: no treated or no comparison unit keeps any weight")
    eta_treat = math.fsum(w * r for w, r in zip(w_treat, residual, strict=True)) / n / mean_treat
    eta_cont = math.fsum(w * r for w, r in zip(w_cont, residual, strict=True)) / n / mean_cont
    # Asymptotic linear representations of the regression and the propensity score.
    ols = [[v * n for v in row] for row in xtx_inverse]  # ((X'WX)/n)⁻¹
    ols_rep = [
        _times(ols, [c * r * x for x in row])
        for row, c, r in zip(design, control, residual, strict=True)
    ]
    information = _cross(design, [p * (1 - p) for p in fitted])
    hessian = [[v * n for v in row] for row in _inverse(information, "propensity score")]
    ps_rep = [
        _times(hessian, [(t - p) * x for x in row])
        for row, t, p in zip(design, d, fitted, strict=True)
    ]
    m1 = [
        math.fsum(w * row[a] for w, row in zip(w_treat, design, strict=True)) / n for a in range(k)
    ]
    m2 = [
        math.fsum(
            w * (r - eta_cont) * row[a] for w, r, row in zip(w_cont, residual, design, strict=True)
        )
        / n
        for a in range(k)
    ]
    m3 = [
        math.fsum(w * row[a] for w, row in zip(w_cont, design, strict=True)) / n for a in range(k)
    ]

    def dot(a: Sequence[float], b: Sequence[float]) -> float:
        return math.fsum(x * y for x, y in zip(a, b, strict=True))

    influence = []
    for i in range(n):
        treat = (w_treat[i] * (residual[i] - eta_treat) - dot(ols_rep[i], m1)) / mean_treat
        cont = (
            w_cont[i] * (residual[i] - eta_cont) + dot(ps_rep[i], m2) - dot(ols_rep[i], m3)
        ) / mean_cont
        influence.append(treat - cont)
    return eta_treat - eta_cont, influence
