"""The Beta distribution's CDF (regularised incomplete beta) and quantile, standard library only."""

from __future__ import annotations

import math

from ._checks import check_finite, check_positive
from ._errors import StatsError

__all__ = ["beta_cdf", "beta_ppf"]

_MAX_TERMS = 10_000
_TINY = 1e-300
_EPSILON = 1e-15
_SMALLEST_LOG = math.log(5e-324)


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _continued_fraction(x: float, a: float, b: float) -> float:
    # Lentz's method for the continued fraction of I_x(a, b) (Numerical Recipes §6.4).
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, _MAX_TERMS + 1):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > _TINY else _TINY)
            c = 1 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            delta = c * d
            result *= delta
        if abs(delta - 1) < _EPSILON:
            return result
    raise StatsError(
        f"beta: the incomplete beta function did not converge for a = {a!r}, b = {b!r}"
    )


def _tails(x: float, a: float, b: float) -> tuple[float, float]:
    """``(I_x(a, b), 1 − I_x(a, b))`` for ``0 < x < 1``.

    The continued fraction converges fast below the mean for the lower tail and above it
    for the upper tail (``1 − I_x(a, b) = I_{1−x}(b, a)``), so the tail evaluated directly is
    always the small one, with full relative precision.
    """
    if x <= (a + 1) / (a + b + 2):
        front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
        lower = front * _continued_fraction(x, a, b) / a
        return lower, 1 - lower
    front = math.exp(b * math.log1p(-x) + a * math.log(x) - _log_beta(a, b))
    upper = front * _continued_fraction(1 - x, b, a) / b
    return 1 - upper, upper


def _check_shape(a: float, b: float) -> tuple[float, float]:
    return check_positive("a", a), check_positive("b", b)


def beta_cdf(x: float, a: float, b: float) -> float:
    """Beta(a, b) cumulative distribution, the regularised incomplete beta ``I_x(a, b)``.

    ``I_x(a, b) = B(x; a, b) / B(a, b)``, evaluated by its continued fraction (Lentz's
    method) on whichever side of the mean it converges quickly. ``x`` outside ``[0, 1]`` is
    clamped (0 below, 1 above). Raises :class:`~trustops.stats.StatsError` for ``a <= 0``,
    ``b <= 0`` or non-finite arguments.

    >>> from trustops.stats import beta_cdf
    >>> beta_cdf(0.5, 2, 2)
    0.5
    >>> round(beta_cdf(0.3, 2, 5), 6)
    0.579825
    """
    point = check_finite("x", x)
    shape_a, shape_b = _check_shape(a, b)
    if point <= 0:
        return 0.0
    if point >= 1:
        return 1.0
    return _tails(point, shape_a, shape_b)[0]


def _solve(target: float, lower_tail: bool, a: float, b: float) -> float:
    """The ``x ≤ 1/2`` whose lower tail (or upper tail) of Beta(a, b) equals ``target``.

    Newton's method on ``u = log x`` keeps relative precision for tiny quantiles. Each step
    keeps a bracket ``[lo, hi]`` around the root and bisects when Newton's step would leave
    it.
    """
    lo, hi = _SMALLEST_LOG, math.log(0.5)
    log_beta = _log_beta(a, b)
    # For small x, I_x(a, b) ≈ x^a / (a·B(a, b)): a good first guess.
    lower_target = target if lower_tail else 1 - target
    guess = (math.log(lower_target) + math.log(a) + log_beta) / a if lower_target > 0 else hi
    u = min(hi, max(lo, guess))
    step = math.inf
    steps = 0
    while abs(step) > 4 * _EPSILON * max(1.0, abs(u)) and steps < 200:
        steps += 1
        x = math.exp(u)
        lower, upper = _tails(x, a, b) if x > 0 else (0.0, 1.0)
        error = lower - target if lower_tail else target - upper
        if error < 0:
            lo = u
        else:
            hi = u
        # d(error)/du = x · density(x) = x^a (1 − x)^(b−1) / B(a, b)
        slope = math.exp(a * u + (b - 1) * math.log1p(-x) - log_beta)
        candidate = u - error / slope if slope > 0 else hi
        if not lo < candidate < hi:
            candidate = (lo + hi) / 2
        step = candidate - u
        u = candidate
    return math.exp(u)


def beta_ppf(q: float, a: float, b: float) -> float:
    """Beta(a, b) quantile: the ``x`` in ``[0, 1]`` with ``I_x(a, b) = q``.

    Inverts :func:`beta_cdf` by a safeguarded Newton iteration on ``log x`` (or on
    ``log(1 − x)`` for quantiles above 1/2, using ``I_x(a, b) = 1 − I_{1−x}(b, a)``), aiming
    at whichever tail is smaller, so tiny and near-1 quantiles keep their relative
    precision; agrees with ``scipy.stats.beta.ppf`` to about 1e-9 over ordinary shapes.
    ``q = 0`` gives 0 and ``q = 1`` gives 1. Raises :class:`~trustops.stats.StatsError` for ``q``
    outside ``[0, 1]``, ``a <= 0``, ``b <= 0`` or non-finite arguments.

    >>> from trustops.stats import beta_ppf
    >>> round(beta_ppf(0.5, 2, 2), 12)
    0.5
    >>> round(beta_ppf(0.975, 9, 3), 6)
    0.939782
    """
    level = check_finite("q", q)
    if not 0 <= level <= 1:
        raise StatsError(f"q: expected a probability between 0 and 1, got {q!r}")
    shape_a, shape_b = _check_shape(a, b)
    if level == 0:
        return 0.0
    if level == 1:
        return 1.0
    # Aim at the smaller tail (1 − q is exact for q ≥ 1/2) and solve for x or for 1 − x,
    # whichever is at most 1/2, so both tails keep their relative precision.
    lower_tail = level <= 0.5
    target = level if lower_tail else 1 - level
    lower_half, upper_half = _tails(0.5, shape_a, shape_b)
    if (target <= lower_half) if lower_tail else (target >= upper_half):
        return _solve(target, lower_tail, shape_a, shape_b)
    return 1 - _solve(target, not lower_tail, shape_b, shape_a)
