"""The exception hierarchy shared by every trustops package."""

from __future__ import annotations

__all__ = [
    "FieldError",
    "IllegalTransitionError",
    "MissingExtraError",
    "PrivacyError",
    "RakingError",
    "StatsError",
    "TrustopsError",
]


class TrustopsError(Exception):
    """Root of every exception trustops raises on purpose.

    Catch this to handle any trustops failure; the specific subclasses also derive from the
    built-in exception that describes them (:class:`ValueError`, :class:`TypeError`,
    :class:`ImportError`), so existing ``except ValueError`` code keeps working.
    """


class FieldError(TrustopsError, ValueError):
    """A value given for one field of a record is not acceptable.

    ``field`` names the field (``"occurred_at"``), ``message`` says what was expected.
    The string form is ``"<field>: <message>"``.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def __reduce__(self) -> tuple[type[FieldError], tuple[str, str]]:
        return (type(self), (self.field, self.message))


class IllegalTransitionError(TrustopsError, ValueError):
    """A lifecycle move that the status machine does not allow (e.g. ``completed → active``)."""


class MissingExtraError(TrustopsError, ImportError):
    """An optional dependency is needed for this feature; the message names the extra to install."""

    def __init__(self, feature: str, extra: str, package: str) -> None:
        super().__init__(
            f"{feature} needs the optional dependency {package!r}; "
            f"install it with: pip install 'trustops[{extra}]'"
        )
        self.feature = feature
        self.extra = extra
        self.package = package

    def __reduce__(self) -> tuple[type[MissingExtraError], tuple[str, str, str]]:
        return (type(self), (self.feature, self.extra, self.package))


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


class PrivacyError(TrustopsError, ValueError):
    """A privacy operation was asked for without what it needs (e.g. an empty HMAC key)."""
