"""The value of one metric for one group."""

from __future__ import annotations

import attrs

from ..stats import Interval

__all__ = ["MetricValue"]


@attrs.frozen(kw_only=True)
class MetricValue:
    """The value of one metric for one group, with its evidence.

    ``value`` is ``None`` when the metric is missing: its denominator is zero, or it does not
    apply to the grouping (a rate per 1,000 residents without a known population, a returning
    share without periods); ``reason`` then says which, for this group (``not grouped by
    area``, ``the data do not cover all of the previous period (2025-Q4)``, ``nobody
    reached``), and :attr:`status` is ``missing``. ``n`` is the denominator (``None`` for
    plain counts and sums, which have none). ``interval`` is the 95% Wilson interval of a
    share, else ``None``.

    >>> from trustops.metrics import MetricValue
    >>> MetricValue(name="positive_share", value=0.75, n=4, interval=None).value
    0.75
    >>> none = MetricValue(name="positive_share", value=None, n=0, interval=None,
    ...                    reason="no outcomes recorded")
    >>> none.status, none.reason
    ('missing', 'no outcomes recorded')

    .. versionchanged:: Unreleased
       ``reason`` and ``status``.
    """

    name: str
    value: float | None
    n: float | None
    interval: Interval | None
    reason: str | None = None

    @property
    def status(self) -> str:
        """``ok`` when there is a value, else ``missing`` (``reason`` says why)."""
        return "ok" if self.value is not None else "missing"
