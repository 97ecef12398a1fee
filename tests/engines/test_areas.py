"""Tests for trustops.engines._areas: areas as a table, checked as Area records are."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import attrs
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from trustops import Area, MissingExtraError
from trustops.engines import EngineError, engagement_table
from trustops.engines._areas import to_areas
from trustops.sample import generate

from ._logs import arrow_table

SAMPLE = generate(scale=0.03)


def _table(areas: list[Area]) -> pa.Table:
    return pa.table(
        {
            "area_id": [a.id for a in areas],
            "timezone": [a.timezone for a in areas],
            "population": pa.array([a.population for a in areas], pa.int64()),
            "name": [a.name for a in areas],
            "note": ["ignored"] * len(areas),
        }
    )


def test_a_table_of_areas_gives_the_records_table(tmp_path: Path) -> None:
    table = _table(list(SAMPLE.areas))
    pq.write_table(table, tmp_path / "areas.parquet")
    log = arrow_table(SAMPLE.interactions)
    expected = engagement_table(log, engine="duckdb", period="month", areas=SAMPLE.areas).table
    for areas in (table, pl.from_arrow(table), table.to_pandas(), tmp_path / "areas.parquet"):
        assert list(to_areas(areas)) == [attrs.evolve(a, margins={}) for a in SAMPLE.areas]
        found = engagement_table(log, engine="duckdb", period="month", areas=areas)
        assert found.table == expected
    assert to_areas(SAMPLE.areas) is SAMPLE.areas


def test_name_defaults_to_the_id_and_other_spellings() -> None:
    table = pd.DataFrame({"id": ["a1"], "time_zone": ["Asia/Tokyo"]})
    assert list(to_areas(table)) == [Area(id="a1", name="a1", timezone="Asia/Tokyo")]


def test_bad_tables_are_named() -> None:
    with pytest.raises(EngineError, match=r"lacks the column\(s\) timezone"):
        to_areas(pa.table({"area_id": ["a1"], "population": [3]}))
    with pytest.raises(EngineError, match=r"lacks the column\(s\) id, timezone"):
        to_areas(pa.table({"zone": ["UTC"]}))
    too_many = pa.table({"id": ["a1", "a2"], "timezone": ["UTC", "UTC"],
                         "population": [10, 10**10 + 1]})  # fmt: skip
    with pytest.raises(EngineError, match=r"the areas table, row 2: .*population"):
        to_areas(too_many)
    with pytest.raises(EngineError, match=r"row 1: .*timezone"):
        to_areas(pa.table({"id": ["a1"], "timezone": ["Mars/Olympus"]}))


def test_a_missing_pyarrow_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtraError, match=r"trustops\[arrow\]"):
        to_areas(tmp_path / "areas.parquet")


def test_both_spellings_of_a_column_are_an_error() -> None:
    both = pa.table({"id": ["a1"], "area_id": ["a2"], "timezone": ["UTC"]})
    with pytest.raises(EngineError, match=r"both the columns 'id' and 'area_id'.*keep one"):
        to_areas(both)
    zones = pd.DataFrame({"id": ["a1"], "time_zone": ["UTC"], "timezone": ["Asia/Tokyo"]})
    with pytest.raises(EngineError, match=r"'time_zone' and 'timezone'"):
        to_areas(zones)


def test_area_files_that_cannot_be_read_are_named(tmp_path: Path) -> None:
    good = arrow_table(SAMPLE.interactions[:3])
    (tmp_path / "garbage.parquet").write_bytes(b"not a parquet file at all")
    (tmp_path / "empty.parquet").write_bytes(b"")
    (tmp_path / "folder.parquet").mkdir()
    (tmp_path / "areas.jsonl").write_text('{"id": "a1"}\n')
    cases = {
        "garbage.parquet": "cannot read it as Parquet",
        "empty.parquet": "cannot read it as Parquet",
        "missing.parquet": "not a file",
        "folder.parquet": "not a file",
        "areas.jsonl": "a file of areas is read here as Parquet",
    }
    for name, message in cases.items():
        path = tmp_path / name
        with pytest.raises(EngineError, match=re.escape(f"areas {str(path)!r}: {message}")):
            engagement_table(good, engine="duckdb", areas=path)
        with pytest.raises(EngineError, match=message):
            engagement_table(SAMPLE.interactions[:3], engine="reference", areas=str(path))
