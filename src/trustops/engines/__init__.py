"""Engines: *how* engagement metrics are counted, from any source, with identical results.

An engine reads a source and counts it into the sufficient statistics of
:class:`~trustops.metrics.EngagementAccumulator`, grouped as a
:class:`~trustops.metrics.TablePlan` says; :meth:`~trustops.metrics.TablePlan.finish` turns
them into the table, the same step for every engine. Engines count; they never define: each
metric is declared once in :data:`trustops.metrics.METRICS`.

- ``reference``: the accumulators over Python objects or a streaming reader (the definition).
- ``processes``: a JSON Lines file cut into byte ranges, one process per range.
- ``duckdb`` (extra ``duckdb``): Parquet, JSONL and CSV files, folders and globs, and any
  Arrow data, counted out of core by DuckDB after columnar validation.

:func:`engagement_table` is the one entry point.
"""

from ._api import ENGINE_NAMES, choose_engine, engagement_table, make_engine
from ._base import Counting, Engine, EngineError, EngineResult
from ._processes import ProcessesEngine, byte_ranges
from ._reference import ReferenceEngine

__all__ = [
    "ENGINE_NAMES",
    "Counting",
    "Engine",
    "EngineError",
    "EngineResult",
    "ProcessesEngine",
    "ReferenceEngine",
    "byte_ranges",
    "choose_engine",
    "engagement_table",
    "make_engine",
]
