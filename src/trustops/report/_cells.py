"""How published figures are written: counts, shares and other values as text."""

from __future__ import annotations

import math
from typing import Final

from ..metrics import METRICS, MetricKind
from ..scoring import SHARE_METRICS

__all__ = ["COUNT_METRICS", "format_alpha", "format_amount", "format_value"]

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


def format_amount(value: float) -> str:
    """An indicator's baseline, target or actual: a whole number without decimals (a count
    of reports reads 494, not 494.0), anything else to one decimal.

    >>> format_amount(494.0), format_amount(79.84), format_amount(-0.01)
    ('494', '79.8', '0.0')
    """
    if value == round(value):
        return f"{value:,.0f}"
    text = f"{value:,.1f}"
    return "0.0" if text == "-0.0" else text


def format_alpha(alpha: float, threshold: float) -> str:
    """Cronbach's alpha to two decimals, rounded down where rounding would hide that it is
    below ``threshold`` (0.6996 against 0.7 reads 0.69, never 0.70).

    >>> format_alpha(0.59, 0.7), format_alpha(0.6996, 0.7), format_alpha(0.8, 0.7)
    ('0.59', '0.69', '0.80')
    """
    if alpha < threshold <= round(alpha, 2):
        return f"{math.floor(alpha * 100) / 100:.2f}"
    return f"{alpha:.2f}"
