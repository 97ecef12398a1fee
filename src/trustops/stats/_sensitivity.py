"""Sensitivity to parallel trends: Rambachan & Roth's (2023) robust confidence intervals under
relative-magnitude bounds Δ^RM(M̄), by the conditional least-favourable hybrid test of Andrews,
Roth & Pakes (ARP), as R ``HonestDiD`` and the Python ``honestdid`` compute them.

Needs numpy and scipy (the ``sensitivity`` extra), imported when a function runs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from .._errors import MissingExtraError
from ._checks import check_finite
from ._errors import StatsError

if TYPE_CHECKING:  # pragma: no cover - types only
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

__all__ = ["MBARS", "RobustInterval", "relative_magnitude_interval"]

MBARS: Final = (0.0, 0.5, 1.0, 1.5, 2.0)
"""The relative-magnitude bounds M̄ reported by default (``HonestDiD``'s for Δ^RM)."""

_TOL_LAMBDA: Final = 1e-6
_TOL: Final = 1e-6


class RobustInterval(NamedTuple):
    """The robust confidence interval for ``l'τ_post`` under Δ^RM(``mbar``).

    ``low`` and ``high`` are the smallest and largest grid points the test accepts (``None``
    when it accepts none); ``open_low``/``open_high`` say that the accepted set reaches the
    grid's end, so the true bound lies beyond it. ``step`` is the grid's spacing, the
    resolution of both bounds.
    """

    mbar: float
    low: float | None
    high: float | None
    open_low: bool
    open_high: bool
    step: float

    @property
    def excludes_zero(self) -> bool:
        """Whether the interval excludes 0 (``False`` when it is empty or open towards 0)."""
        if self.low is None or self.high is None:
            return False
        return (self.low > 0 and not self.open_low) or (self.high < 0 and not self.open_high)


def _numerics() -> tuple[Any, Any, Any]:
    try:
        import numpy
        from scipy import optimize, stats
    except ImportError as error:  # pragma: no cover - the extra is installed in the suite
        raise MissingExtraError(
            "sensitivity to parallel trends", "sensitivity", error.name or "scipy"
        ) from error
    return numpy, optimize, stats


def _a_rm(pre: int, post: int, mbar: float, s: int, positive: bool) -> Array:
    """HonestDiD's ``.create_A_RM``: the rows ``A δ ≤ 0`` of Δ^RM_{s,±}(M̄), with δ₀ dropped."""
    np, _, _ = _numerics()
    total = pre + post
    tilde = np.zeros((total, total + 1))
    for row in range(total):
        tilde[row, row] = -1.0
        tilde[row, row + 1] = 1.0
    largest = np.zeros((1, total + 1))
    largest[0, pre + s - 1] = -1.0
    largest[0, pre + s] = 1.0
    if not positive:
        largest = -largest
    bound = np.vstack([np.tile(largest, (pre, 1)), np.tile(mbar * largest, (post, 1))])
    a = np.vstack([tilde - bound, -tilde - bound])
    a = a[np.sum(a**2, axis=1) > 1e-10, :]
    return np.delete(a, pre, axis=1)  # type: ignore[no-any-return]


def _gamma(weights: Array) -> Array:
    """An invertible matrix whose first row is ``weights`` (HonestDiD's ``.construct_Gamma``:
    the pivot columns of ``[l, I]``, which are ``l`` and every unit vector but the one at
    ``l``'s last non-zero entry)."""
    np, _, _ = _numerics()
    size = len(weights)
    last = int(np.nonzero(weights)[0][-1])
    rows = [weights] + [np.eye(size)[i] for i in range(size) if i != last]
    return np.vstack(rows)  # type: ignore[no-any-return]


def _eta_lp(y: Array, x: Array, sd: Array) -> tuple[float, Array, Array] | None:
    """``min η`` s.t. ``y − X δ ≤ η·sd`` by HiGHS: the optimum, the dual multipliers and the
    slack of each row at the optimum."""
    np, optimize, _ = _numerics()
    objective = np.zeros(1 + x.shape[1])
    objective[0] = 1.0
    result = optimize.linprog(
        c=objective,
        A_ub=np.column_stack([-sd, -x]),
        b_ub=-y,
        bounds=[(None, None)] * (1 + x.shape[1]),
        method="highs",
    )
    if not result.success:  # pragma: no cover - the program is always feasible and bounded
        return None
    return float(result.x[0]), -result.ineqlin.marginals, result.ineqlin.residual


class _Eta:
    """``η(y) = min_δ max_i (y_i − X_i δ)/sd_i`` for many ``y`` with one ``X`` and ``sd``.

    Each optimal basis HiGHS finds (``k + 1`` rows ``B`` holding the dual multipliers' support,
    ``W_B`` invertible, ``W = [sd, X]``) is kept with its dual vertex ``λ``. For a new ``y``, a
    kept basis whose primal point ``[η, δ] = W_B⁻¹ y_B`` is feasible is optimal (``λ`` is dual
    feasible and the rows it weights bind), so HiGHS runs only when no kept basis is: the
    same optimum and multipliers as one program per ``y``, in a few dozen programs instead of
    thousands.
    """

    def __init__(self, x: Array, sigma: Array) -> None:
        np, _, _ = _numerics()
        self.x = x
        self.sd = np.sqrt(np.diag(sigma))
        self.w = np.column_stack([self.sd, x])
        self.vertices: list[Array] = []
        self.inverses: list[Array] = []
        self.rows: list[Array] = []

    def _keep(self, multipliers: Array, slack: Array) -> None:
        """Keep the basis of an optimum: the multipliers' support completed by the tightest
        other rows that keep ``W_B`` of full rank."""
        np, _, _ = _numerics()
        size = self.w.shape[1]
        support = [int(i) for i in np.nonzero(multipliers > _TOL_LAMBDA)[0]]
        chosen: list[int] = []
        for row in [*support, *(int(i) for i in np.argsort(slack) if i not in support)]:
            trial = [*chosen, row]
            if np.linalg.matrix_rank(self.w[trial, :]) == len(trial):
                chosen = trial
            if len(chosen) == size:
                break
        if len(chosen) < size or not set(support) <= set(chosen):  # pragma: no cover
            return
        rows = np.array(chosen)
        inverse = np.linalg.inv(self.w[rows, :])
        vertex = np.zeros(len(multipliers))
        vertex[rows] = inverse.T[:, 0]
        self.vertices.append(vertex)
        self.inverses.append(inverse)
        self.rows.append(rows)

    def _from_basis(self, ys: Array) -> tuple[Array, Array]:
        """For each row of ``ys``: the optimum from a kept basis that is optimal for it (NaN
        where none is) and that basis's index (−1 where none)."""
        np, _, _ = _numerics()
        etas = np.full(len(ys), np.nan)
        which = np.full(len(ys), -1)
        scale = 1.0 + np.abs(ys).max(axis=1)
        for index, (rows, inverse) in enumerate(zip(self.rows, self.inverses, strict=True)):
            open_ = np.nonzero(which < 0)[0]
            if not len(open_):
                break
            point = ys[np.ix_(open_, rows)] @ inverse.T
            slack = point[:, :1] * self.sd + point[:, 1:] @ self.x.T - ys[open_]
            feasible = np.all(slack >= -1e-9 * scale[open_, np.newaxis], axis=1)
            etas[open_[feasible]] = point[feasible, 0]
            which[open_[feasible]] = index
        return etas, which

    def solve(self, y: Array) -> tuple[float, Array] | None:
        """The optimum and dual multipliers for one ``y``."""
        np, _, _ = _numerics()
        if self.vertices:
            etas, which = self._from_basis(y[np.newaxis, :])
            if which[0] >= 0:
                return float(etas[0]), self.vertices[int(which[0])]
        found = _eta_lp(y, self.x, self.sd)
        if found is None:  # pragma: no cover - solver failure
            return None
        self._keep(found[1], found[2])
        return found[0], found[1]

    def many(self, ys: Array) -> Array:
        """The optimum for every row of ``ys``."""
        np, _, _ = _numerics()
        etas: Array = np.full(len(ys), np.nan)
        pending = np.arange(len(ys))
        while len(pending):
            if self.vertices:
                found, which = self._from_basis(ys[pending])
                done = which >= 0
                etas[pending[done]] = found[done]
                pending = pending[~done]
                if not len(pending):
                    break
            solved = _eta_lp(ys[pending[0]], self.x, self.sd)
            if solved is not None:
                etas[pending[0]] = solved[0]
                self._keep(solved[1], solved[2])
            pending = pending[1:]
        return etas


def _least_favourable_cv(
    x: Array | None, sigma: Array, kappa: float, *, sims: int, seed: int
) -> float:
    """The 1 − κ quantile of ``η`` under the least favourable null (ARP §6.2), from ``sims``
    normal draws seeded by ``seed`` (numpy's ``RandomState``, as ``honestdid``)."""
    np, _, _ = _numerics()
    draws = np.random.RandomState(seed).multivariate_normal(
        np.zeros(sigma.shape[0]), sigma, size=sims
    )
    if x is None:
        values = (draws / np.sqrt(np.diag(sigma))[np.newaxis, :]).max(axis=1)
        return float(np.quantile(values, 1 - kappa))
    etas = _Eta(x, sigma).many(draws)
    etas = etas[~np.isnan(etas)]
    return float(np.quantile(etas, 1 - kappa)) if len(etas) else math.inf


def _truncated_quantile(
    p: float, low: float, high: float, mu: float = 0.0, sd: float = 1.0
) -> float:
    """The ``p`` quantile of N(``mu``, ``sd``²) truncated to [``low``, ``high``] (scipy's
    ``truncnorm.ppf``, from the lower tail, or the upper one above the mean, for accuracy)."""
    _, _, stats = _numerics()
    from scipy.special import ndtr, ndtri

    if sd <= 0:  # pragma: no cover - variances here are positive
        return mu
    lo, hi = (low - mu) / sd, (high - mu) / sd
    if lo >= hi:
        return mu + lo * sd
    if lo >= 0:
        upper_lo, upper_hi = float(ndtr(-lo)), float(ndtr(-hi))
        if upper_lo > 1e-300:
            return mu - float(ndtri(upper_lo - p * (upper_lo - upper_hi))) * sd
        return float(mu + stats.truncnorm.ppf(p, a=lo, b=hi) * sd)  # pragma: no cover
    lower_lo, lower_hi = float(ndtr(lo)), float(ndtr(hi))
    if lower_hi > 1e-300:
        return mu + float(ndtri(lower_lo + p * (lower_hi - lower_lo))) * sd
    return float(mu + stats.truncnorm.ppf(p, a=lo, b=hi) * sd)  # pragma: no cover


def _max_program(
    s_t: Array, gamma: Array, sigma: Array, w_t: Array, value: float
) -> tuple[float | None, Array]:
    np, optimize, _ = _numerics()
    scale = float(gamma @ sigma @ gamma)
    objective = s_t + (sigma @ gamma) * value / scale if abs(scale) >= 1e-30 else s_t.copy()
    target = np.zeros(w_t.shape[1])
    target[0] = 1.0
    result = optimize.linprog(
        c=-objective,
        A_eq=w_t.T,
        b_eq=target,
        bounds=[(0, None)] * len(objective),
        method="highs",
    )
    if not result.success:  # pragma: no cover - solver failure
        return None, np.zeros(len(objective))
    return float(-result.fun), result.x


def _is_solution(
    value: float, s_t: Array, gamma: Array, sigma: Array, w_t: Array
) -> tuple[bool, Array]:
    optimum, solution = _max_program(s_t, gamma, sigma, w_t, value)
    return optimum is not None and abs(value - optimum) <= _TOL, solution


def _dual_bound(
    eta: float, start: float, program: tuple[Array, Array, Array, Array], slope: Array
) -> float:
    """One end of the truncation interval by ARP's Algorithm 1 (``honestdid``'s iteration then
    bisection between ``eta`` and the point found); ``program`` is ``(s_T, γ, Σ, W)``."""
    s_t, gamma, sigma, w_t = program
    found, solution = _is_solution(start, s_t, gamma, sigma, w_t)
    if found:
        return math.inf if start > eta else -math.inf
    gap, iterations = 0.0, 1

    def step(current: float, solution: Array) -> float:
        denominator = 1.0 - float(solution @ slope)
        numerator = float(solution @ s_t)
        numerator = 0.0 if abs(numerator) < 2.220446049250313e-16**0.75 else numerator
        return numerator / denominator if abs(denominator) > 1e-15 else current

    middle = step(start, solution)
    found, solution = _is_solution(middle, s_t, gamma, sigma, w_t)
    while not found and iterations < 10_000:
        iterations += 1
        if iterations >= 10:
            gap = _TOL + 1
            break
        middle = step(middle, solution)
        found, solution = _is_solution(middle, s_t, gamma, sigma, w_t)
    inside, outside = eta, middle
    while gap > _TOL and iterations < 10_000:
        iterations += 1
        middle = (inside + outside) / 2
        if _is_solution(middle, s_t, gamma, sigma, w_t)[0]:
            inside = middle
        else:
            outside = middle
        gap = abs(outside - inside)
    return middle


def _conditional_test(
    y: Array, x: Array, sigma: Array, *, alpha: float, kappa: float, lf_cv: float, solver: _Eta
) -> bool:
    """ARP's conditional least-favourable hybrid test of ``E[y − X δ] ≤ 0`` for some δ:
    ``True`` when it rejects (``honestdid``'s ``_lp_conditional_test_fn``, hybrid ``LF``)."""
    np, _, _ = _numerics()
    solved = solver.solve(y)
    if solved is None:  # pragma: no cover - solver failure: do not reject
        return False
    eta, multipliers = solved
    if eta > lf_cv:
        return True
    size = (alpha - kappa) / (1 - kappa)
    k = x.shape[1]
    binding = multipliers > _TOL_LAMBDA
    x_binding = x[binding, :]
    full_rank = x_binding.size > 0 and min(x_binding.shape) > 0
    if full_rank:
        full_rank = bool(np.linalg.matrix_rank(x_binding) == min(x_binding.shape))
    sd = np.sqrt(np.diag(sigma))
    if not full_rank or int(np.sum(binding)) != k + 1:
        gamma = multipliers
        variance = float(gamma @ sigma @ gamma)
        if abs(variance) < np.finfo(float).eps:
            return eta > 0
        w_t = np.column_stack([sd, x])
        s_t = (np.eye(len(y)) - (sigma @ np.outer(gamma, gamma)) / variance) @ y
        spread = math.sqrt(variance)
        if not _is_solution(eta, s_t, gamma, sigma, w_t)[0]:
            low, high = eta, math.inf
        else:
            slope = (sigma @ gamma) / variance
            program = (s_t, gamma, sigma, w_t)
            high = _dual_bound(eta, max(100.0, eta + 20 * spread), program, slope)
            low = _dual_bound(eta, min(-100.0, eta - 20 * spread), program, slope)
        statistic = eta / spread
        z_low, z_high = low / spread, min(high, lf_cv) / spread
    else:
        rows = int(np.sum(binding))
        basis = np.column_stack([sd[binding], x_binding])
        select = np.eye(len(y))[binding, :]
        gamma_b = (
            np.column_stack([sd[~binding], x[~binding, :]]) @ np.linalg.solve(basis, select)
            - np.eye(len(y))[~binding, :]
        )
        first = np.zeros(rows)
        first[0] = 1.0
        v_b = first @ np.linalg.solve(basis, select)
        variance = float(v_b @ sigma @ v_b)
        spread = math.sqrt(variance)
        rho = gamma_b @ sigma @ v_b / variance
        bounds = -(gamma_b @ y) / np.where(rho == 0, 1.0, rho) + float(v_b @ y)
        low = float(bounds[rho > 0].max()) if np.any(rho > 0) else -math.inf
        high = float(bounds[rho < 0].min()) if np.any(rho < 0) else math.inf
        statistic = eta / spread
        z_low, z_high = low / spread, min(high, lf_cv) / spread
    if not z_low <= statistic <= z_high:
        return False
    return bool(statistic > max(0.0, _truncated_quantile(1 - size, z_low, z_high)))


def _no_nuisance_test(
    y: Array, a: Array, sigma: Array, *, alpha: float, kappa: float, lf_cv: float
) -> bool:
    """The hybrid test with one post-event period (no nuisance parameter): ``honestdid``'s
    ``_test_in_identified_set_LF_hybrid`` with ``d = 0``."""
    np, _, _ = _numerics()
    scale = np.sqrt(np.diag(a @ sigma @ a.T))
    normalised = np.diag(1.0 / scale) @ a
    moments = normalised @ y
    at = int(np.argmax(moments))
    if moments[at] > lf_cv:
        return True
    gamma = normalised[at]
    others = normalised - normalised[at][np.newaxis, :]
    variance = float(gamma @ sigma @ gamma)
    c = (sigma @ gamma) / variance
    z = y - c * float(gamma @ y)
    ac = others @ c
    ratio = -(others @ z) / np.where(ac == 0, 1.0, ac)
    low = float(ratio[ac < 0].max()) if np.any(ac < 0) else -math.inf
    high = float(ratio[ac > 0].min()) if np.any(ac > 0) else math.inf
    size = (alpha - kappa) / (1 - kappa)
    critical = max(0.0, _truncated_quantile(1 - size, low, high, sd=math.sqrt(variance)))
    return bool(moments[at] > critical)


class _Component:
    """One polyhedron Δ^RM_{s,±}(M̄) of the union, ready to test values of ``l'τ``."""

    def __init__(
        self,
        beta: Array,
        sigma: Array,
        pre: int,
        post: int,
        weights: Array,
        *,
        mbar: float,
        s: int,
        positive: bool,
        alpha: float,
        sims: int,
        seed: int,
    ) -> None:
        np, _, _ = _numerics()
        a = _a_rm(pre, post, mbar, s, positive)
        self.a: Array | None = None
        self.alpha, self.kappa = alpha, alpha / 10
        self.beta, self.pre = beta, pre
        if post == 1:
            a = a[np.nonzero(a[:, -1] != 0)[0], :]
            self.a, self.sigma = a, sigma
            self.lf_cv = _least_favourable_cv(
                None, a @ sigma @ a.T, self.kappa, sims=sims, seed=seed
            )
            return
        rows = np.nonzero(np.sum(a[:, pre:] != 0, axis=1) > 0)[0]
        moved = a[:, pre : pre + post] @ np.linalg.inv(_gamma(weights))
        self.y = (a @ beta)[rows]
        self.slope = moved[:, 0][rows]
        self.x = moved[:, 1:][rows, :]
        sigma_y = a @ sigma @ a.T
        self.sigma_y = sigma_y[np.ix_(rows, rows)]
        self.solver = _Eta(self.x, self.sigma_y)
        self.lf_cv = _least_favourable_cv(self.x, self.sigma_y, self.kappa, sims=sims, seed=seed)

    def accepts(self, theta: float) -> bool:
        if self.a is not None:
            y = self.beta.copy()
            y[self.pre] -= theta
            return not _no_nuisance_test(
                y, self.a, self.sigma, alpha=self.alpha, kappa=self.kappa, lf_cv=self.lf_cv
            )
        return not _conditional_test(
            self.y - self.slope * theta,
            self.x,
            self.sigma_y,
            alpha=self.alpha,
            kappa=self.kappa,
            lf_cv=self.lf_cv,
            solver=self.solver,
        )


def _check(
    estimates: Sequence[float],
    covariance: Sequence[Sequence[float]],
    pre: int,
    weights: Sequence[float],
) -> tuple[Array, Array, Array]:
    np, _, _ = _numerics()
    size = len(estimates)
    if type(pre) is not int or pre < 1:
        raise StatsError(f"pre: expected a whole number ≥ 1 of pre-event estimates, got {pre!r}")
    post = size - pre
    if post < 1:
        raise StatsError(
            f"estimates: expected {pre} pre-event estimates and at least one after, got {size}"
        )
    if len(weights) != post:
        raise StatsError(
            f"weights: expected {post} weights (one per post-event estimate), got {len(weights)}"
        )
    beta = np.array([check_finite("estimates", v) for v in estimates], dtype=float)
    if len(covariance) != size or any(len(row) != size for row in covariance):
        raise StatsError(f"covariance: expected a {size} × {size} matrix")
    sigma = np.array(
        [[check_finite("covariance", v) for v in row] for row in covariance], dtype=float
    )
    if not np.allclose(sigma, sigma.T, rtol=1e-9, atol=1e-12):
        raise StatsError("covariance: expected a symmetric matrix")
    l_vec = np.array([check_finite("weights", v) for v in weights], dtype=float)
    if not np.any(l_vec != 0):
        raise StatsError("weights: expected at least one non-zero weight")
    if post == 1 and l_vec[0] != 1:
        raise StatsError("weights: with one post-event estimate the weight must be 1")
    return beta, sigma, l_vec


def relative_magnitude_interval(
    estimates: Sequence[float],
    covariance: Sequence[Sequence[float]],
    *,
    pre: int,
    weights: Sequence[float],
    mbar: float,
    alpha: float = 0.05,
    grid: tuple[float, float] | None = None,
    points: int = 1000,
    sims: int = 1000,
    seed: int = 0,
) -> RobustInterval:
    """Rambachan & Roth's (2023) robust ``1 − alpha`` confidence interval for ``θ = l'τ_post``
    when the violations of parallel trends ``δ`` lie in Δ^RM(M̄): every post-event change
    ``|δ_{t+1} − δ_t|`` (t ≥ 0, with ``δ₀ = 0``) is at most ``mbar`` times the largest
    pre-event change ``max_{s<0} |δ_{s+1} − δ_s|``.

    ``estimates`` are the event-study estimates ``β̂`` in event-time order: ``pre``
    pre-event ones (``e = −pre … −1``) then the post-event ones (``e = 0, 1, …``);
    ``covariance`` is their covariance matrix; ``weights`` is ``l`` (one per post-event
    estimate: a unit vector for one ATT(e), equal weights for their mean). Δ^RM(M̄) is the
    union over the location ``s`` and sign of the largest pre-event change of polyhedra
    ``{A δ ≤ 0}``; each is tested by the conditional least-favourable hybrid test of Andrews,
    Roth & Pakes (size ``alpha``, first stage ``κ = alpha/10``, its critical value from
    ``sims`` draws seeded by ``seed``) on the moments that involve post-event periods, and the
    interval is the set of grid values of ``θ`` that some polyhedron's test accepts: the
    method ``"C-LF"`` of R ``HonestDiD::createSensitivityResults_relativeMagnitudes`` and of
    the Python ``honestdid``, equal to them on the same grid (``points`` values from
    ``grid``'s low to its high end, default ``±20`` standard errors of ``θ̂`` around 0, as
    theirs).

    The grid is searched every 8th point, then each end is refined point by point, so the
    bounds equal a full scan's unless the accepted set has a gap or island narrower than 8
    grid steps.

    >>> from trustops.stats import relative_magnitude_interval
    >>> interval = relative_magnitude_interval(
    ...     [0.1, -0.05, 1.0, 1.2], [[0.04, 0.01, 0, 0], [0.01, 0.04, 0, 0],
    ...                              [0, 0, 0.04, 0.01], [0, 0, 0.01, 0.04]],
    ...     pre=2, weights=[0.5, 0.5], mbar=1.0, sims=200)
    >>> interval.low > 0, interval.excludes_zero
    (True, True)
    """
    np, _, _ = _numerics()
    beta, sigma, l_vec = _check(estimates, covariance, pre, weights)
    post = len(beta) - pre
    mbar = check_finite("mbar", mbar)
    if mbar < 0:
        raise StatsError(f"mbar: expected a bound ≥ 0, got {mbar!r}")
    if not 0 < alpha < 1:
        raise StatsError(f"alpha: expected a level strictly between 0 and 1, got {alpha!r}")
    for name, value in (("points", points), ("sims", sims)):
        if type(value) is not int or value < 2:
            raise StatsError(f"{name}: expected a whole number ≥ 2, got {value!r}")
    if grid is None:
        spread = float(np.sqrt(l_vec @ sigma[pre:, pre:] @ l_vec))
        grid = (-20 * spread, 20 * spread)
    low_end, high_end = (check_finite("grid", v) for v in grid)
    if not low_end < high_end:
        raise StatsError(f"grid: expected a low end below the high end, got {grid!r}")
    thetas = np.linspace(low_end, high_end, points)
    components = [
        _Component(
            beta,
            sigma,
            pre,
            post,
            l_vec,
            mbar=mbar,
            s=s,
            positive=positive,
            alpha=alpha,
            sims=sims,
            seed=seed,
        )
        for s in range(-(pre - 1), 1)
        for positive in (True, False)
    ]
    known: dict[int, bool] = {}

    def accepted(index: int) -> bool:
        if index not in known:
            known[index] = any(c.accepts(float(thetas[index])) for c in components)
        return known[index]

    stride = 8
    coarse = list(range(0, points, stride))
    if coarse[-1] != points - 1:
        coarse.append(points - 1)
    hits = [i for i in coarse if accepted(i)]
    if not hits:
        hits = [i for i in range(points) if accepted(i)]
        if not hits:
            return RobustInterval(mbar, None, None, False, False, float(thetas[1] - thetas[0]))
    first, last = hits[0], hits[-1]
    while first > 0 and accepted(first - 1):
        first -= 1
    while last < points - 1 and accepted(last + 1):
        last += 1
    return RobustInterval(
        mbar=mbar,
        low=float(thetas[first]),
        high=float(thetas[last]),
        open_low=first == 0,
        open_high=last == points - 1,
        step=float(thetas[1] - thetas[0]),
    )
