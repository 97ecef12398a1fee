"""Engagement metrics: the registry, sufficient statistics and tables per group and period.

Each metric of the methods notes (§3) is declared once in :data:`METRICS`;
:class:`EngagementAccumulator` holds the mergeable sufficient statistics of one group, and
:meth:`TablePlan.finish` is the one step that turns statistics into an
:class:`EngagementTable`. :func:`engagement_table` counts Python objects in one streaming
pass; :mod:`trustops.engines` counts files, dataframes and Arrow data with other engines and
finishes through the same step. See :doc:`/explanation/metrics` for the definitions.
"""

from ._accumulator import (
    CELL_KEYED,
    Counted,
    EngagementAccumulator,
    Window,
    accumulate,
    first_of_each,
    widen,
)
from ._daily import DAILY_BY, DailyStatistics, daily_statistics
from ._errors import MetricsError
from ._frames import Tabular, records_to_columns
from ._registry import (
    METRIC_NAMES,
    METRICS,
    TOTALS,
    Metric,
    MetricKind,
    finish,
    perturb_totals,
)
from ._table import GROUP_KEYS, EngagementRow, EngagementTable, TablePlan, engagement_table
from ._values import MetricValue

__all__ = [
    "CELL_KEYED",
    "DAILY_BY",
    "GROUP_KEYS",
    "METRICS",
    "METRIC_NAMES",
    "TOTALS",
    "Counted",
    "DailyStatistics",
    "EngagementAccumulator",
    "EngagementRow",
    "EngagementTable",
    "Metric",
    "MetricKind",
    "MetricValue",
    "MetricsError",
    "TablePlan",
    "Tabular",
    "Window",
    "accumulate",
    "daily_statistics",
    "engagement_table",
    "finish",
    "first_of_each",
    "perturb_totals",
    "records_to_columns",
    "widen",
]
