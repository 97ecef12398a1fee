"""What every engine shares: the protocol, the result and the error."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import attrs

from .._errors import FieldError
from ..io import ReadCounts, Reject
from ..metrics import Counted, DailyStatistics, EngagementTable, TablePlan
from ..model import check_timezone
from ._errors import EngineError

__all__ = [
    "Counting",
    "Engine",
    "EngineError",
    "EngineResult",
    "EngineStatistics",
    "checked_naive_zone",
]


@attrs.frozen(kw_only=True)
class Counting:
    """What an engine hands back: the sufficient statistics and what it read.

    ``rejects`` are the records that failed validation, in source order; ``counts`` add up
    (``lines == accepted + rejected + blank``) and are ``None`` for Python objects, which are
    valid by construction. ``workers`` is the number of processes or threads that counted.
    """

    counted: Counted
    rejects: tuple[Reject, ...] = ()
    counts: ReadCounts | None = None
    workers: int = 1


@runtime_checkable
class Engine(Protocol):
    """How metrics are counted. An engine counts; it never defines.

    :meth:`count` reads ``source`` and returns, per (group key, period key), the sufficient
    statistics of :class:`~trustops.metrics.EngagementAccumulator` grouped as ``plan``
    says; :func:`~trustops.engines.engagement_table` then finishes them with
    :meth:`~trustops.metrics.TablePlan.finish`, the same step for every engine.
    """

    @property
    def name(self) -> str:
        """The engine's name, as given to ``engine=``."""
        ...

    def accepts(self, source: object) -> bool:
        """Whether this engine can read ``source``."""
        ...

    def count(self, source: object, plan: TablePlan) -> Counting:
        """Count ``source`` into sufficient statistics grouped as ``plan`` says."""
        ...


@attrs.frozen(kw_only=True)
class EngineResult:
    """An engagement table, with what was read to make it.

    ``engine`` names the engine that counted; ``rejects`` and ``counts`` are those of
    :class:`Counting` (for files: ``counts.lines == counts.accepted + counts.rejected +
    counts.blank``, and no rejected row is counted).
    """

    table: EngagementTable
    rejects: tuple[Reject, ...]
    counts: ReadCounts | None
    engine: str
    workers: int = 1


@attrs.frozen(kw_only=True)
class EngineStatistics:
    """The daily statistics of a source (:func:`~trustops.engines.daily_statistics`), with
    what was read to make them: ``rejects``, ``counts``, ``engine`` and ``workers`` as in
    :class:`EngineResult`."""

    statistics: DailyStatistics
    rejects: tuple[Reject, ...]
    counts: ReadCounts | None
    engine: str
    workers: int = 1


def checked_naive_zone(naive_zone: object) -> str | None:
    """An engine's ``naive_zone`` setting, checked when the engine is made: ``None`` (wall
    times without a zone are rejects) or an IANA zone name (they are wall times there), else
    an :class:`EngineError` naming the setting."""
    if naive_zone is None:
        return None
    try:
        return check_timezone(naive_zone, "naive_zone")
    except FieldError as error:
        raise EngineError(str(error)) from None
