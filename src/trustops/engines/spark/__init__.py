"""The Spark engine: engagement tables from a cluster, with the same definitions and results.

Needs the optional extra ``spark`` (from a clone, ``pip install -e '.[spark]'``, pyspark 4) and a Java
runtime 17 or newer. Spark validates and counts on the executors; only a few numbers per group
and period reach the driver, where the metrics package finishes them into the same
:class:`~trustops.metrics.EngagementTable` as every other engine. See
:doc:`/explanation/spark` for what runs where.
"""

from ._counting import local_columns, statistics_frame
from ._engine import (
    SparkEngagement,
    SparkEngine,
    SparkRun,
    engagement_table,
    interactions_frame,
    read_source,
)
from ._lines import LINE_BITS, read_lines
from ._session import JavaMissingError, connect_url, local_session, require_java
from ._validation import REJECT_COLUMNS, SPARK, Validated, validate
from ._zones import BUCKET_BITS, local_day, offset_rows

__all__ = [
    "BUCKET_BITS",
    "LINE_BITS",
    "REJECT_COLUMNS",
    "SPARK",
    "JavaMissingError",
    "SparkEngagement",
    "SparkEngine",
    "SparkRun",
    "Validated",
    "connect_url",
    "engagement_table",
    "interactions_frame",
    "local_columns",
    "local_day",
    "local_session",
    "offset_rows",
    "read_lines",
    "read_source",
    "require_java",
    "statistics_frame",
    "validate",
]
