"""Tests for trustops.engines.spark._validation: every row is accepted or rejected once, with
the row reader's path and message; typed columns out; reserved names refused."""

from __future__ import annotations

import datetime as _dt

import pytest
from pyspark.sql import SparkSession

from trustops.engines import EngineError
from trustops.engines.spark._validation import REJECT_COLUMNS, validate

_ROWS = [  # as text, the way JSONL or CSV reaches Spark
    ("x1", "2026-03-29T00:30:00+00:00", "a", "conversation", "staff", "phone", "r1"),
    ("x2", "2026-03-29T00:30:00+05:45", "a", "conversation", "resident", "app", "r2"),
    ("x3", "2026-03-29T00:30:00", "a", "conversation", "staff", "phone", "r1"),  # naive
    ("x4", "2026-03-29T00:30:00+00:00", "a", "gossip", "staff", "phone", "r1"),
    ("x5", "1850-06-01T12:00:00+00:00", "a", "conversation", "staff", "phone", "r1"),
]
_COLUMNS = ["id", "occurred_at", "area_id", "kind", "initiator", "channel", "resident_id"]


def test_rows_are_accepted_or_rejected_once_with_paths(spark: SparkSession) -> None:
    found = validate(spark.createDataFrame(_ROWS, _COLUMNS))
    try:
        accepted = {row["id"]: row["occurred_at"] for row in found.accepted.collect()}
        rejects = {row["id"]: row for row in found.rejects.collect()}
        tally = [row["_state"] for row in found.tally.collect()]
    finally:
        found.release()
    assert set(accepted) == {"x1", "x2"}
    assert accepted["x2"].astimezone(_dt.UTC) == _dt.datetime(2026, 3, 28, 18, 45, tzinfo=_dt.UTC)
    assert set(rejects) == {"x3", "x4", "x5"}
    assert (rejects["x4"]["column"], rejects["x4"]["raw"]) == ("$.kind", "gossip")
    assert rejects["x3"]["column"] == "$.occurred_at"
    assert rejects["x5"]["column"] == "$.occurred_at"
    assert tuple(found.rejects.columns) == REJECT_COLUMNS
    assert sorted(tally) == ["accepted"] * 2 + ["rejected"] * 3


def test_an_unknown_column_with_a_value_rejects_its_row(spark: SparkSession) -> None:
    frame = spark.createDataFrame(
        [(*_ROWS[0], None), (*_ROWS[1], "surprise")], [*_COLUMNS, "colour"]
    )
    found = validate(frame)
    try:
        rejected = [(row["id"], row["column"]) for row in found.rejects.collect()]
        assert found.accepted.count() == 1
    finally:
        found.release()
    assert rejected == [("x2", "$.colour")]


def test_the_engines_own_column_names_are_refused(spark: SparkSession) -> None:
    frame = spark.createDataFrame(_ROWS[:1], ["_row", *_COLUMNS[1:]])
    with pytest.raises(EngineError, match="column named '_row'"):
        validate(frame)
