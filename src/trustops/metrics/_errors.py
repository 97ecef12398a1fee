"""The error raised by :mod:`trustops.metrics`."""

from __future__ import annotations

from .._errors import TrustopsError

__all__ = ["MetricsError"]


class MetricsError(TrustopsError, ValueError):
    """A grouping, metric name or input that :mod:`trustops.metrics` cannot use.

    The message names the value and says what was expected.

    >>> from trustops.metrics import engagement_table
    >>> engagement_table([], by=["neighbourhood"])
    Traceback (most recent call last):
    ...
    trustops.metrics._errors.MetricsError: cannot group by 'neighbourhood'; expected some of 'area', 'initiative', 'initiative_kind', 'staff'
    """
