"""Published figures: a value with its n and interval, after the small-cell policy."""

from __future__ import annotations

import math
from typing import Final, Protocol

import attrs

from ..metrics import METRICS, MetricKind
from ..privacy import CellStatus, SmallCellPolicy
from ..scoring import SHARE_METRICS
from ..stats import Interval

__all__ = ["COUNT_METRICS", "Cell", "format_value", "publish"]

COUNT_METRICS: Final = frozenset(
    name for name, metric in METRICS.items() if metric.kind is MetricKind.COUNT
)
"""Engagement metrics that are counts (read from the registry); shown as whole numbers."""


class _Figure(Protocol):
    @property
    def value(self) -> float | None: ...
    @property
    def n(self) -> float | None: ...
    @property
    def interval(self) -> Interval | None: ...


@attrs.frozen(kw_only=True)
class Cell:
    """One figure as it may be published.

    ``value`` is ``None`` when there is no data (``reason`` is then ``None``) or when the
    small-cell policy withheld it (``status`` is ``insufficient`` and ``reason`` says why).
    ``n`` is the figure's denominator (``None`` for counts, which the policy does not apply
    to) and ``interval`` its 95% interval, withheld together with the value.
    """

    value: float | None
    n: float | None = None
    interval: Interval | None = None
    status: CellStatus = CellStatus.OK
    reason: str | None = None

    @property
    def withheld(self) -> bool:
        """Whether the small-cell policy withheld the value."""
        return self.status is CellStatus.INSUFFICIENT

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON: value, n, low, high, status and reason."""
        return {
            "value": self.value,
            "n": self.n,
            "low": None if self.interval is None else self.interval.low,
            "high": None if self.interval is None else self.interval.high,
            "status": str(self.status),
            "reason": self.reason,
        }


def publish(figure: _Figure, policy: SmallCellPolicy) -> Cell:
    """Apply ``policy`` to a figure with ``value``, ``n`` and ``interval`` (a metric value).

    A figure without a value stays empty; one without an ``n`` (a count) is not subject to
    the policy; otherwise ``policy.classify(n)`` decides: withheld below ``withhold_below``,
    flagged ``caution`` below ``caution_below``.

    >>> from trustops.privacy import DEFAULT_POLICY
    >>> from trustops.stats import Interval
    >>> class Share:
    ...     value, n, interval = 0.5, 7, Interval(0.2, 0.8)
    >>> cell = publish(Share(), DEFAULT_POLICY)
    >>> cell.value, cell.interval, cell.reason
    (None, None, 'withheld: n = 7 is below 10')
    """
    value, n, interval = figure.value, figure.n, figure.interval
    if value is None:
        return Cell(value=None, n=n)
    if n is None:
        return Cell(value=value, interval=interval)
    status = policy.classify(n)
    if status is CellStatus.INSUFFICIENT:
        return Cell(value=None, n=n, status=status, reason=policy.reason(n))
    return Cell(value=value, n=n, interval=interval, status=status, reason=policy.reason(n))


def format_value(name: str, value: float | None) -> str:
    """A figure as text: counts as whole numbers, shares as percentages, others to 1 decimal.

    >>> format_value("positive_share", 0.6234), format_value("interactions", 1234.0)
    ('62.3%', '1,234')
    >>> format_value("median_hours_to_report", None)
    '—'
    """
    if value is None or not math.isfinite(value):
        return "—"
    if name in SHARE_METRICS:
        return f"{value * 100:.1f}%"
    if name in COUNT_METRICS:
        return f"{value:,.0f}"
    return f"{value:,.1f}"
