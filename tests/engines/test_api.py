"""Tests for trustops.engines._api: the one entry point and the automatic choice."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.parquet as pq
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
from trustops.engines import _files as files_module
from trustops.io import ReadCounts, ReaderError, write_csv
from trustops.metrics import Counted, TablePlan
from trustops.sample import generate

from ._logs import arrow_table

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


def test_a_source_the_engine_cannot_read_is_refused_naming_those_that_can(
    tmp_path: Path,
) -> None:
    parquet, csv, other = tmp_path / "log.parquet", tmp_path / "log.csv", tmp_path / "log.txt"
    pq.write_table(arrow_table(SAMPLE.interactions[:5]), parquet)
    write_csv(SAMPLE.interactions[:5], csv)
    other.write_text("{}\n")
    lake = tmp_path / "lake"
    lake.mkdir()
    pq.write_table(arrow_table(SAMPLE.interactions[:5]), lake / "part-0.parquet")
    refused: list[tuple[str, object, str]] = [
        ("processes", parquet, f"{str(parquet)!r}; the reference or the duckdb engine can"),
        ("processes", csv, f"{str(csv)!r}; the reference or the duckdb engine can"),
        ("processes", SAMPLE.interactions, "the tuple given; the reference engine can"),
        ("duckdb", SAMPLE.interactions, "the tuple given; the reference engine can"),
        ("processes", lake, f"{str(lake)!r}; the reference or the duckdb engine can"),
        ("reference", arrow_table(SAMPLE.interactions[:5]), "Table given; the duckdb engine"),
    ]
    for name, source, message in refused:
        with pytest.raises(EngineError, match=re.escape(f"the {name} engine cannot read")):
            engagement_table(source, engine=name)
        with pytest.raises(EngineError, match=re.escape(message)):
            engagement_table(source, engine=make_engine(name))
    for engine in ("auto", "reference", "processes", "duckdb"):
        with pytest.raises(EngineError, match=r"no engine reads '.*log\.txt': expected"):
            engagement_table(other, engine=engine)
    assert engagement_table(parquet, engine="reference").counts == ReadCounts(
        lines=5, accepted=5, rejected=0, blank=0
    )
    counted: list[object] = []

    class Picky:
        name = "picky"

        def accepts(self, source: object) -> bool:
            return False

        def count(self, source: object, plan: TablePlan) -> Counting:
            counted.append(source)
            return Counting(counted=Counted(groups={}, window=None))

    with pytest.raises(EngineError, match="the picky engine cannot read the list given"):
        engagement_table([], engine=Picky())
    assert counted == []


@pytest.mark.parametrize(
    ("name", "content", "blank"),
    [
        ("log.jsonl", b"", ""),
        ("log.jsonl", b"\n", " (only 1 blank line)"),
        ("log.jsonl", b"\n  \n\r\n\t\n", " (only 4 blank lines)"),
        ("log.csv", b"id,occurred_at,area_id,kind,initiator,channel\n", ""),
        ("log.csv", b"id,occurred_at,area_id,kind,initiator,channel\n\n,,\n", " (only 2 blank"),
    ],
)
def test_an_input_without_records_is_the_same_error_in_every_engine(
    tmp_path: Path, name: str, content: bytes, blank: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    message = f"{str(path)!r} holds no records{blank}"
    for engine in ("reference", "processes", "duckdb"):
        if not make_engine(engine).accepts(path):
            continue
        with pytest.raises(EngineError, match=re.escape(message)):
            engagement_table(path, engine=engine)
    pq.write_table(arrow_table(SAMPLE.interactions[:0]), tmp_path / "none.parquet")
    for engine in ("reference", "duckdb"):
        with pytest.raises(EngineError, match=r"none\.parquet' holds no records: an empty input"):
            engagement_table(tmp_path / "none.parquet", engine=engine)


@pytest.mark.parametrize("engine", ["processes", "duckdb"])
def test_a_file_that_does_not_open_is_a_reader_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    path = tmp_path / "interactions.jsonl"
    path.write_text('{"id": "i1"}\n')

    def denied(name: str, mode: str = "r") -> None:
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(files_module, "open", denied, raising=False)
    with pytest.raises(ReaderError, match=f"cannot open {re.escape(repr(str(path)))}: Permission"):
        engagement_table(path, engine=engine)
