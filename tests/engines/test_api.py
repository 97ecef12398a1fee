"""Tests for trustops.engines._api: the one entry point and the automatic choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustops.engines import (
    ENGINE_NAMES,
    Counting,
    Engine,
    EngineError,
    ReferenceEngine,
    choose_engine,
    engagement_table,
    make_engine,
)
from trustops.metrics import Counted, TablePlan
from trustops.sample import generate

SAMPLE = generate(scale=0.05)


def test_engines_by_name() -> None:
    assert set(ENGINE_NAMES) >= {"reference", "processes"}
    for name in ENGINE_NAMES:
        engine = make_engine(name)
        assert engine.name == name
        assert isinstance(engine, Engine)
    with pytest.raises(EngineError, match="unknown engine 'abacus'"):
        make_engine("abacus")


def test_the_automatic_choice(tmp_path: Path) -> None:
    assert choose_engine(SAMPLE.interactions) == "reference"
    assert choose_engine(tmp_path / "log.json") == "reference"
    assert choose_engine(tmp_path / "log.parquet") == "duckdb"
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_bytes(b"id\n")
    with large.open("wb") as handle:
        handle.truncate(8 << 20)
    assert (choose_engine(small), choose_engine(large)) == ("reference", "duckdb")
    upper = tmp_path / "LARGE.JSONL"  # its size is read from the path as given
    upper.write_bytes(large.read_bytes())
    assert choose_engine(upper) == "duckdb"
    assert choose_engine(tmp_path / "log.jsonl.gz") == "reference"  # only the row reader reads it
    assert ReferenceEngine().accepts(tmp_path / "log.csv.gz")


def test_any_engine_object_is_finished_by_the_same_step() -> None:
    class Empty:
        name = "empty"

        def accepts(self, source: object) -> bool:
            return True

        def count(self, source: object, plan: TablePlan) -> Counting:
            return Counting(counted=Counted(groups={}, window=None))

    found = engagement_table([], engine=Empty())
    assert (found.engine, len(found.table)) == ("empty", 0)
    assert engagement_table([], engine=ReferenceEngine()).engine == "reference"
