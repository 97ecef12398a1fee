"""Typing examples for trustops.engines: checked by mypy --strict, never run."""

from __future__ import annotations

from typing import assert_type

from trustops import Area
from trustops.engines import (
    ENGINE_NAMES,
    DuckDBEngine,
    Engine,
    EngineResult,
    ReferenceEngine,
    choose_engine,
    engagement_table,
)
from trustops.io import ReadCounts, Reject
from trustops.metrics import EngagementTable

areas = [Area(id="a", name="A", timezone="Europe/London", population=1_000)]
found = engagement_table(
    "logs/*.parquet", engine="duckdb", by=["area"], period="month", areas=areas
)
assert_type(found, EngineResult)
assert_type(found.table, EngagementTable)
assert_type(found.rejects, tuple[Reject, ...])
assert_type(found.counts, ReadCounts | None)
assert_type(found.engine, str)
assert_type(choose_engine("logs/"), str)
assert_type(ENGINE_NAMES, tuple[str, ...])
engine: Engine = ReferenceEngine()
engine = DuckDBEngine()
engagement_table([], engine=engine)
engagement_table([], engine=3)  # type: ignore[arg-type]  # a name or an Engine
