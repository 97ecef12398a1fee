"""The errors raised by :mod:`trustops.stats`."""

from __future__ import annotations

from .._errors import TrustopsError

__all__ = ["RakingError", "StatsError"]


class StatsError(TrustopsError, ValueError):
    """Input a statistic cannot be computed from (empty data, NaN, a negative weight, ...).

    The message says which argument was wrong and what was expected.
    """


class RakingError(StatsError):
    """Raking did not bring the weighted margins within tolerance of the targets.

    ``gap`` is the largest absolute difference between a weighted share and its target that
    remained after ``iterations`` passes; ``tol`` is the tolerance that was asked for.
    """

    def __init__(self, gap: float, iterations: int, tol: float) -> None:
        super().__init__(
            f"raking did not converge after {iterations} passes: the largest gap between a "
            f"weighted share and its target is {gap:.3g}, above the tolerance {tol:.3g}; "
            "raise max_iter, loosen tol or the cap, or check that the margins are attainable"
        )
        self.gap = gap
        self.iterations = iterations
        self.tol = tol

    def __reduce__(self) -> tuple[type[RakingError], tuple[float, int, float]]:
        return (type(self), (self.gap, self.iterations, self.tol))
