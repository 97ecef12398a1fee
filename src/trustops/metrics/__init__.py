"""Engagement metrics: mergeable accumulators and tables per area, initiative, staff and period.

Every metric of the methods notes (§3) is computed in one streaming pass by
:func:`engagement_table`; :class:`EngagementAccumulator` is the mergeable state behind one
group, for splitting work across processes, as :func:`engagement_table_from_jsonl` does to
read one large file with every CPU. See :doc:`/explanation/metrics` for the
definitions.
"""

from ._accumulator import EngagementAccumulator
from ._errors import MetricsError
from ._parallel import FileEngagement, byte_ranges, engagement_table_from_jsonl
from ._registry import METRIC_NAMES, METRICS, TOTALS, Metric, MetricKind, finish
from ._table import GROUP_KEYS, EngagementRow, EngagementTable, engagement_table
from ._values import MetricValue

__all__ = [
    "GROUP_KEYS",
    "METRICS",
    "METRIC_NAMES",
    "TOTALS",
    "EngagementAccumulator",
    "EngagementRow",
    "EngagementTable",
    "FileEngagement",
    "Metric",
    "MetricKind",
    "MetricValue",
    "MetricsError",
    "byte_ranges",
    "engagement_table",
    "engagement_table_from_jsonl",
    "finish",
]
