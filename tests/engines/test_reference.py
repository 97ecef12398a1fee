"""Tests for trustops.engines._reference: objects, readers and files, by the reference engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustops.engines import EngineError, ReferenceEngine, engagement_table
from trustops.io import read_jsonl, write_csv, write_jsonl
from trustops.metrics import engagement_table as table_of_objects
from trustops.model import Interaction
from trustops.sample import generate

SAMPLE = generate(scale=0.05)


def test_objects_give_the_metrics_table() -> None:
    found = engagement_table(SAMPLE.interactions, engine="reference", period="month",
                             areas=SAMPLE.areas)  # fmt: skip
    expected = table_of_objects(SAMPLE.interactions, period="month", areas=SAMPLE.areas)
    assert found.table == expected
    assert (found.engine, found.rejects, found.counts) == ("reference", (), None)


def test_files_and_readers_keep_their_rejects(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    write_jsonl(SAMPLE.interactions[:50], path)
    with path.open("ab") as handle:
        handle.write(b'{"id": "x"}\n')
    by_path = engagement_table(path, engine="reference")
    by_reader = engagement_table(read_jsonl(path, Interaction), engine="reference")
    assert by_path.table == by_reader.table
    assert by_path.counts is not None
    assert by_path.counts.accepted == 50
    assert [r.line for r in by_path.rejects] == [51] == [r.line for r in by_reader.rejects]
    csv = tmp_path / "log.csv"
    write_csv(SAMPLE.interactions[:50], csv)
    assert engagement_table(csv, engine="reference").table == by_path.table


def test_bad_sources() -> None:
    with pytest.raises(EngineError, match="is not a file"):
        engagement_table("missing.jsonl", engine="reference")
    with pytest.raises(EngineError, match="interactions or a file path"):
        ReferenceEngine().count(3, None)  # type: ignore[arg-type]
    with pytest.raises(EngineError, match="engine name or an Engine"):
        engagement_table([], engine=3)  # type: ignore[arg-type]
    assert ReferenceEngine().accepts("a.csv")
    assert ReferenceEngine().accepts(".")  # a folder
    assert ReferenceEngine().accepts("a.parquet")
    assert not ReferenceEngine().accepts("a.txt")


def test_a_folder_of_csv_files_counts_each_id_once(tmp_path: Path) -> None:
    log = SAMPLE.interactions[:40]
    write_csv(log[:25], tmp_path / "a.csv")
    write_csv(log[15:], tmp_path / "b.csv")
    found = engagement_table(tmp_path, engine="reference")
    assert found.table.rows == table_of_objects(log).rows
    assert found.table.duplicates == 10
    assert found.counts is not None
    assert (found.counts.lines, found.counts.accepted) == (50, 50)
