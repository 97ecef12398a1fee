"""Tests for trustops.metrics._frames: tables out as Arrow, pandas and polars, evidence kept."""

from __future__ import annotations

import builtins
import math
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from trustops import MissingExtraError
from trustops.metrics import METRIC_NAMES, engagement_table
from trustops.sample import generate
from trustops.scoring import survey_scores, trust_index

SAMPLE = generate(scale=0.05)
TABLE = engagement_table(SAMPLE.interactions, period="quarter", areas=SAMPLE.areas)


def test_the_engagement_table_in_long_form_keeps_its_evidence() -> None:
    frame = pl.DataFrame(TABLE)  # through __arrow_c_stream__
    assert frame.columns == ["area", "period", "metric", "value", "n", "low", "high", "status",
                             "reason"]  # fmt: skip
    assert frame.height == len(TABLE) * len(METRIC_NAMES)
    for row in TABLE:
        for name, value in row.values.items():
            found = frame.filter(
                (pl.col("area") == row.keys["area"]) & (pl.col("period") == row.keys["period"])
                & (pl.col("metric") == name)
            ).row(0, named=True)  # fmt: skip
            assert found["value"] == (None if value.value is None else float(value.value))
            assert found["n"] == (None if value.n is None else float(value.n))
            if value.interval is not None:
                assert (found["low"], found["high"]) == tuple(value.interval)
            assert (found["status"] == "missing") == (value.value is None)
            assert (found["reason"] is None) == (value.value is not None)


def test_arrow_pandas_polars_and_duckdb_agree() -> None:
    arrow = pa.table(TABLE)
    assert arrow.schema.field("value").type == pa.float64()
    assert arrow.equals(TABLE.to_arrow())
    assert TABLE.to_polars().equals(pl.from_arrow(arrow))
    pandas = TABLE.to_pandas()
    assert list(pandas.columns) == arrow.column_names
    assert len(pandas) == arrow.num_rows
    engagement = TABLE
    found = duckdb.sql("SELECT count(*) FROM engagement WHERE status = 'ok'").fetchall()
    assert engagement is TABLE
    assert found == [(sum(1 for row in TABLE for v in row.values.values() if v.value is not None),)]


def test_score_and_index_tables_stream_their_records() -> None:
    scores = survey_scores(SAMPLE.instruments[0], SAMPLE.responses, by=["area"],
                           areas=SAMPLE.areas)  # fmt: skip
    index = trust_index(SAMPLE.interactions, SAMPLE.responses, SAMPLE.instruments[0],
                        areas=SAMPLE.areas)  # fmt: skip
    for table in (scores, index):
        records = table.to_records()
        frame = pl.DataFrame(table)
        assert frame.height == len(records)
        assert {"status", "reason"} <= set(frame.columns)
        for record, status in zip(records, frame["status"], strict=True):
            assert status == ("ok" if record["withheld"] is None else "withheld")
        pandas = table.to_pandas()
        first = records[0]
        for name, value in first.items():
            got = pandas[name].iloc[0]
            assert got == value or (value is None and (got is None or math.isnan(got)))


@pytest.mark.parametrize(
    ("method", "module", "extra"),
    [("to_arrow", "pyarrow", "arrow"), ("to_pandas", "pandas", "pandas"),
     ("to_polars", "polars", "polars")],
)  # fmt: skip
def test_a_missing_library_names_its_extra(
    monkeypatch: pytest.MonkeyPatch, method: str, module: str, extra: str
) -> None:
    real = builtins.__import__

    def without(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == module:
            raise ImportError(f"No module named {module!r}", name=module)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without)
    with pytest.raises(MissingExtraError, match=rf"trustops\[{extra}\]"):
        getattr(TABLE, method)()


def test_an_empty_table_has_its_columns() -> None:
    empty = engagement_table([], by=["area", "staff"])
    assert pa.table(empty).column_names[:2] == ["area", "staff"]
    assert pa.table(empty).num_rows == 0
    assert isinstance(empty.to_pandas(), pd.DataFrame)
