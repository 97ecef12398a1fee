"""Engines: *how* engagement metrics are counted, from any source, with identical results.

An engine reads a source and counts it into the sufficient statistics of
:class:`~trustops.metrics.EngagementAccumulator`, grouped as a
:class:`~trustops.metrics.TablePlan` says; :meth:`~trustops.metrics.TablePlan.finish` turns
them into the table, the same step for every engine. Engines count; they never define: each
metric is declared once in :data:`trustops.metrics.METRICS`.

- ``reference``: the accumulators over Python objects or a streaming reader (the definition).
- ``processes``: JSON Lines files cut into byte ranges, one process per range.
- ``duckdb`` (extra ``duckdb``): Parquet, JSONL and CSV files, folders and globs, and any
  Arrow data, counted out of core by DuckDB after columnar validation.
- ``spark`` (extra ``spark``, :mod:`trustops.engines.spark`): Spark DataFrames and the files
  Spark reads, counted on a cluster by Spark's operators after the same columnar validation.

:func:`engagement_table` is the one entry point for a table; :func:`daily_statistics`
gives the mergeable statistics per area, initiative and local day that trust indexes,
reports and effect panels merge every window and table they need from.

Columnar engines share two declarations. :data:`RULES` are the model's checks as column
predicates (:class:`ColumnRule`: path, SQL predicate rendered through a :class:`Dialect`,
message) over the canonical columns of :data:`FIELDS`; they are stricter than the model, never
looser, and every row they do not pass goes to the row reader. :func:`counted_from_arrow`
takes the *columnar statistics*, one long Arrow table of per-group sufficient statistics
(its columns are listed there), which any engine can produce, and turns it into the
statistics the one finishing step takes.
"""

from ._api import (
    ENGINE_NAMES,
    choose_engine,
    daily_statistics,
    empty_input,
    engagement_table,
    make_engine,
)
from ._base import Counting, Engine, EngineError, EngineResult, EngineStatistics
from ._columnar import PARTS, counted_from_arrow
from ._duckdb import DUCKDB, DuckDBEngine
from ._processes import ProcessesEngine, byte_ranges
from ._reference import ReferenceEngine
from ._rules import (
    FIELDS,
    ID_PATTERN,
    INSTANT_PATTERN,
    RULES,
    ColumnRule,
    Dialect,
    FieldKind,
    passes_all,
    record_key_sql,
)

__all__ = [
    "DUCKDB",
    "ENGINE_NAMES",
    "FIELDS",
    "ID_PATTERN",
    "INSTANT_PATTERN",
    "PARTS",
    "RULES",
    "ColumnRule",
    "Counting",
    "Dialect",
    "DuckDBEngine",
    "Engine",
    "EngineError",
    "EngineResult",
    "EngineStatistics",
    "FieldKind",
    "ProcessesEngine",
    "ReferenceEngine",
    "byte_ranges",
    "choose_engine",
    "counted_from_arrow",
    "daily_statistics",
    "empty_input",
    "engagement_table",
    "make_engine",
    "passes_all",
    "record_key_sql",
]
