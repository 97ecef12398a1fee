"""The Spark engine: engagement tables from a cluster, with the same definitions and results.

Needs the optional extra ``spark`` (``pip install 'trustops[spark]'``, pyspark 4) and a Java
runtime 17 or newer. Spark validates and counts on the executors; only a few numbers per group
and period reach the driver, where the metrics package finishes them into the same
:class:`~trustops.metrics.EngagementTable` as every other engine. See
:doc:`/explanation/spark` for what runs where.
"""

from ._counting import GroupCounts, SparkCounts, group_counts, local_columns
from ._engine import (
    SparkEngagement,
    SparkEngine,
    SparkGroup,
    SparkRun,
    engagement_table,
    interactions_frame,
    read_source,
)
from ._session import JavaMissingError, local_session, require_java
from ._validation import REJECT_COLUMNS, Validated, validate

__all__ = [
    "REJECT_COLUMNS",
    "GroupCounts",
    "JavaMissingError",
    "SparkCounts",
    "SparkEngagement",
    "SparkEngine",
    "SparkGroup",
    "SparkRun",
    "Validated",
    "engagement_table",
    "group_counts",
    "interactions_frame",
    "local_columns",
    "local_session",
    "read_source",
    "require_java",
    "validate",
]
