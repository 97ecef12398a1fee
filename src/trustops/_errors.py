"""The root of trustops' exceptions, and the two every package shares.

Each package keeps its own errors in its own ``_errors.py`` (``trustops.stats.StatsError``,
``trustops.metrics.MetricsError``, ...), all subclasses of :class:`TrustopsError`. Here live only
the root, :class:`FieldError` (a bad field of any record: models, scoring models, files) and
:class:`MissingExtraError` (an optional dependency that is not installed).
"""

from __future__ import annotations

__all__ = ["FieldError", "MissingExtraError", "TrustopsError"]


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


class MissingExtraError(TrustopsError, ImportError):
    """An optional dependency is needed for this feature; the message names the extra to install."""

    def __init__(self, feature: str, extra: str, package: str) -> None:
        super().__init__(
            f"{feature} needs the optional dependency {package!r}; install the {extra!r} "
            f"extra: pip install -e '.[{extra}]' in a clone of trustops "
            f"(pip install 'trustops[{extra}]' where it is on a package index)"
        )
        self.feature = feature
        self.extra = extra
        self.package = package

    def __reduce__(self) -> tuple[type[MissingExtraError], tuple[str, str, str]]:
        return (type(self), (self.feature, self.extra, self.package))
