"""How published figures are written: counts, shares and other values as text."""

from __future__ import annotations

import math
from typing import Final

from ..metrics import METRICS, MetricKind
from ..scoring import SHARE_METRICS

__all__ = ["COUNT_METRICS", "format_value"]

COUNT_METRICS: Final = frozenset(
    name for name, metric in METRICS.items() if metric.kind is MetricKind.COUNT
)
"""Engagement metrics that are counts (read from the registry); shown as whole numbers."""


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
