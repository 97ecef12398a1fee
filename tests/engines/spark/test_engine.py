"""Tests for trustops.engines.spark._engine: rejects accounted for and equal to the row
reader's, files and DataFrames in, clear errors. (Identical tables to every other engine:
tests/engines/test_equivalence.py.)"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import cast

import attrs
import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as fn

from trustops import Area, Interaction
from trustops.engines import EngineError, choose_engine, engagement_table
from trustops.engines.spark import (
    REJECT_COLUMNS,
    SparkEngine,
    interactions_frame,
)
from trustops.engines.spark import engagement_table as spark_table
from trustops.io import read_jsonl, write_jsonl
from trustops.metrics import MetricsError
from trustops.metrics import engagement_table as reference_table
from trustops.model import Channel, Initiator, InteractionKind
from trustops.privacy import PrivacyKey
from trustops.sample import generate
from trustops.stats import median_of_counts
from trustops.testing import AWKWARD_TIMEZONES

SAMPLE = generate(scale=0.05)
UTC = _dt.UTC


_AREAS = [
    Area(id=f"a{index}", name=f"Area {index}", timezone=zone, population=1_000 + index)
    for index, zone in enumerate(AWKWARD_TIMEZONES)
]


def _record(n: int, **changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": f"x{n}", "occurred_at": "2026-03-29T00:30:00+00:00", "area_id": "a4",
        "kind": "conversation", "initiator": "staff", "channel": "phone", "resident_id": "r1",
    }  # fmt: skip
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


_BAD = [
    _record(1, id="x 1 "),
    _record(2, kind="gossip"),
    _record(3, occurred_at="2026-03-29T00:30:00"),
    _record(4, kind="attendance"),
    _record(5, occurred_at=None),
    _record(6, kind="suspicious_activity_report", observed_at="2026-03-30T00:00:00+01:00"),
    _record(7, duration_minutes=-5.0),
    _record(8, kind="complaint", duration_minutes=3.0),
    _record(9, session_id="s1"),
    _record(10, resident_id="bad\u200bid"),
    _record(11, occurred_at="1850-06-01T12:00:00Z"),  # outside the years 1900 to 2199
    _record(12, occurred_at="2199-12-31T23:00:00-05:00"),  # 2200-01-01T04:00Z: outside too
]
_GOOD_BUT_UNUSUAL = [  # forms the fast check leaves to the model, which accepts them
    _record(20, occurred_at="2026-03-29T02:30:00.5+02:00:30"),
    _record(21, occurred_at="2026-03-29T01:30:00+18:30"),
    _record(22, occurred_at="2200-01-01T00:30:00+01:00"),  # 2199-12-31T23:30Z: inside
]


def test_rejects_match_the_row_reader_and_rows_add_up(spark: SparkSession, tmp_path: Path) -> None:
    good = [_record(100 + n, resident_id=f"r{n % 3}") for n in range(5)]
    records = good + _BAD + _GOOD_BUT_UNUSUAL
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    reader = read_jsonl(path, Interaction)
    accepted = list(reader)
    written = tmp_path / "rejects"
    found = spark_table(path, period="day", areas=_AREAS, rejects=written, session=spark)
    assert found.table == reference_table(accepted, period="day", areas=_AREAS)
    assert found.rows == len(records) == found.accepted + found.rejected
    assert found.rejected == len(_BAD) == len(reader.rejects)
    rows = found.rejects.orderBy("line").collect()
    assert tuple(found.rejects.columns) == REJECT_COLUMNS
    assert [
        (row["id"], row["file"], row["line"], row["column"], row["message"], row["raw"])
        for row in rows
    ] == [
        (json.loads(r.raw)["id"], path.as_uri().replace("file:///", "file:/"), r.line, r.path,
         r.message, r.raw)
        for r in reader.rejects
    ]  # fmt: skip
    assert spark.read.parquet(str(written)).count() == found.rejected
    assert found.rejects_path == str(written)


def test_the_shared_entry_point_keeps_some_rejects_and_counts_all(
    spark: SparkSession, tmp_path: Path
) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in [_record(1), *_BAD]) + "\n\n")
    found = engagement_table(path, engine=SparkEngine(session=spark, keep=3))
    reader = read_jsonl(path, Interaction)
    reader.read_all()
    assert found.counts == reader.counts
    # one good line, the bad ones, and the blank line the file ends with
    lines = 1 + len(_BAD) + 1
    assert (found.counts.lines, found.counts.accepted, found.counts.blank) == (lines, 1, 1)
    assert found.rejects == tuple(
        attrs.evolve(reject, source=path.as_uri().replace("file:///", "file:/"))
        for reject in reader.rejects[:3]
    )


def test_parquet_files_and_areas_without_zones(spark: SparkSession, tmp_path: Path) -> None:
    frame = interactions_frame(spark, SAMPLE.interactions[:300])
    frame.write.parquet(str(tmp_path / "log.parquet"))
    found = spark_table(str(tmp_path / "log.parquet"), period="month", session=spark)
    assert found.table == reference_table(SAMPLE.interactions[:300], period="month")
    assert found.partitions >= 1
    assert 0 < found.collected_bytes < 2_000 * found.groups


def test_lakes_as_they_are(spark: SparkSession, tmp_path: Path) -> None:
    """A Hive-partitioned folder without a suffix, its partition column declared; a missing
    path and a folder of unknown files are clear errors."""
    log = SAMPLE.interactions[:60]
    frame = interactions_frame(spark, log).withColumn("year", fn.lit(2026))
    frame.write.partitionBy("year").parquet(str(tmp_path / "lake"))
    found = spark_table(str(tmp_path / "lake"), partitions=["year"], session=spark)
    assert found.table == reference_table(log)
    undeclared = spark_table(str(tmp_path / "lake"), session=spark)
    assert undeclared.rejected == len(log)
    assert {row["column"] for row in undeclared.rejects.collect()} == {"$.year"}
    with pytest.raises(EngineError, match=r"Spark cannot read '.*missing'.*PATH_NOT_FOUND"):
        spark_table(str(tmp_path / "missing"), session=spark)
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "a.txt").write_text("x")
    with pytest.raises(EngineError, match=r"cannot tell the format of .*odd"):
        spark_table(str(tmp_path / "odd"), session=spark)
    (tmp_path / "empty.jsonl").write_text("")
    with pytest.raises(EngineError, match="holds no lines"):
        spark_table(str(tmp_path / "empty.jsonl"), session=spark)


def test_bad_arguments_are_clear_errors(spark: SparkSession, tmp_path: Path) -> None:
    frame = interactions_frame(spark, SAMPLE.interactions[:20])
    assert choose_engine(frame) == "spark"
    with pytest.raises(MetricsError, match="not among the initiatives given"):
        spark_table(frame, by=["initiative_kind"])
    with pytest.raises(EngineError, match="holds no rows"):
        spark_table(frame.limit(0))
    with pytest.raises(EngineError, match="unknown format 'xml'"):
        spark_table(str(tmp_path / "log.txt"), session=spark, format="xml")
    with pytest.raises(EngineError, match="at least one path"):
        spark_table([], session=spark)
    with pytest.raises(EngineError, match="column named '_row'"):
        spark_table(frame.withColumnRenamed("id", "_row"))
    write_jsonl(SAMPLE.interactions[:5], tmp_path / "few.jsonl")
    assert SparkEngine(session=spark).accepts(frame)
    assert not SparkEngine(session=spark).accepts(42)


def test_typed_instants_outside_the_supported_years_are_the_models_rejects(
    spark: SparkSession, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    instants = ["1850-06-01T12:00:00+00:00", "1900-01-01T00:00:00+00:00",
                "2199-12-31T23:59:59+00:00", "2200-01-01T00:00:00+00:00"]  # fmt: skip
    records = [_record(n, occurred_at=at) for n, at in enumerate(instants)]
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    reader = read_jsonl(path, Interaction)
    typed = pa.Table.from_pylist(
        [{**r, "occurred_at": _dt.datetime.fromisoformat(str(r["occurred_at"]))} for r in records]
    )
    pq.write_table(typed, tmp_path / "log.parquet")
    found = spark_table(str(tmp_path / "log.parquet"), areas=_AREAS, session=spark)
    assert found.table == reference_table(list(reader), areas=_AREAS)
    rows = found.rejects.orderBy("id").collect()
    assert [(row["id"], row["line"], row["column"], row["message"]) for row in rows] == [
        (json.loads(r.raw)["id"], r.line, r.path, r.message) for r in reader.rejects
    ]  # Parquet rows numbered from 1, as the JSON Lines lines are
    assert {Path(row["file"]).suffix for row in rows} == {".parquet"}
    assert [json.loads(r.raw)["id"] for r in reader.rejects] == ["x0", "x3"]


_MINUTES = [5e-324, 2.2250738585072014e-308, 0.1, 0.2, 1 / 3, 30.0, 999_999.999_999_999_9, 1e6, 0.0]


def test_volunteering_sums_and_cell_keys_are_the_reference_engines(spark: SparkSession) -> None:
    """Durations from the smallest subnormal to the largest supported (10⁶ minutes), whose
    float sum depends on order:
    summed exactly per exponent, bit for bit the reference total; record keys too."""
    import pendulum

    log = [
        Interaction(
            id=f"v{n}", occurred_at=pendulum.datetime(2026, 3, 1 + n % 20, tz="UTC"),
            area_id=f"a{n % 3}", kind=InteractionKind.VOLUNTEERING, initiator=Initiator.RESIDENT,
            channel=Channel.IN_PERSON,
            resident_id=f"r{n % 7}", duration_minutes=_MINUTES[n % len(_MINUTES)],
        )
        for n in range(90)
    ] + [
        Interaction(
            id=f"s{n}", occurred_at=pendulum.datetime(2026, 3, 2, n, tz="UTC"), area_id="a0",
            kind=InteractionKind.SUSPICIOUS_ACTIVITY_REPORT, initiator=Initiator.RESIDENT,
            channel=Channel.PHONE,
            observed_at=pendulum.datetime(2026, 3, 1, tz="UTC"), resident_id=f"r{n}",
        )
        for n in range(5)
    ]  # fmt: skip
    key = PrivacyKey("spark")
    frame = interactions_frame(spark, log)
    found = engagement_table(frame, engine="spark", period="month", areas=_AREAS, privacy=key)
    expected = reference_table(log, period="month", areas=_AREAS, privacy=key)
    assert found.table == expected
    assert [r.cell_keys for r in found.table] == [r.cell_keys for r in expected]
    assert all(row.cell_keys is not None for row in expected)
    for row, reference in zip(found.table, expected, strict=True):
        assert row.totals is not None
        assert reference.totals is not None
        # Spark ships the one or two middle delays, weighted: the same median and count
        spark_delays = cast("dict[float, int]", row.totals.pop("report_delays"))
        all_delays = cast("dict[float, int]", reference.totals.pop("report_delays"))
        assert row.totals == reference.totals
        assert sum(spark_delays.values()) == sum(all_delays.values())
        if all_delays:
            assert median_of_counts(spark_delays) == median_of_counts(all_delays)


def test_several_tables_from_one_validated_pass(spark: SparkSession, tmp_path: Path) -> None:
    log = SAMPLE.interactions[:150]
    path = tmp_path / "log.jsonl"
    write_jsonl(log, path)
    engine = SparkEngine(session=spark)
    checked = engine.validated(str(path))
    try:
        assert engine.accepts(checked)
        for by in (("area",), ("staff",)):
            found = engagement_table(checked, engine=engine, by=by, period="month")
            assert found.table == reference_table(log, by=by, period="month")
            assert found.counts is not None
            assert found.counts.accepted == len(log)
    finally:
        checked.release()


def test_parquet_columns_are_read_as_the_row_reader_reads_them(
    spark: SparkSession, tmp_path: Path
) -> None:
    """Binary text is UTF-8 (other bytes are the row reader's reject); a column that is not
    a field rejects its rows unless ``extra="ignore"``, as in every engine."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from trustops.io import read_parquet

    rows = [_record(n) for n in range(4)]
    table = pa.Table.from_pylist(
        [{**r, "occurred_at": _dt.datetime.fromisoformat(str(r["occurred_at"]))} for r in rows]
    )
    table = table.set_column(
        table.column_names.index("area_id"), "area_id", pa.array([b"a4", b"a\xff", b"a1", b"a4"])
    ).append_column("note", pa.array(["x", None, None, None]))
    path = tmp_path / "log.parquet"
    pq.write_table(table, path)
    for extra in ("forbid", "ignore"):
        reader = read_parquet(path, Interaction, extra=extra)
        records = reader.read_all()
        found = spark_table(str(path), areas=_AREAS, session=spark, extra=extra)
        assert found.table == reference_table(records, areas=_AREAS)
        assert (found.accepted, found.rejected) == (reader.counts.accepted, reader.counts.rejected)
        assert sorted(
            (row["line"], row["column"], row["message"]) for row in found.rejects.collect()
        ) == [(r.line, r.path, r.message) for r in reader.rejects]
    with pytest.raises(EngineError, match="extra='forbid' or extra='ignore'"):
        SparkEngine(extra="allow")


def test_naive_timestamps_are_read_only_in_a_declared_zone(
    spark: SparkSession, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from trustops.io import read_parquet

    # TIMESTAMP_NTZ: refused by default (the model's message), wall times in naive_zone
    # otherwise; a wall time Amsterdam's clocks skip or repeat is a reject, as in every engine
    walls = [
        _dt.datetime(2026, 3, 29, 2, 30), _dt.datetime(2026, 10, 25, 2, 30),
        _dt.datetime(2026, 3, 31, 23, 30), _dt.datetime(1930, 6, 1, 23, 50),
    ]  # fmt: skip
    n = len(walls)
    path = tmp_path / "naive.parquet"
    pq.write_table(
        pa.table({
            "id": [f"i{k}" for k in range(n)],
            "occurred_at": pa.array(walls, pa.timestamp("us")),
            "area_id": ["a4"] * n, "kind": ["conversation"] * n, "initiator": ["staff"] * n,
            "channel": ["phone"] * n, "resident_id": [f"r{k}" for k in range(n)],
        }),
        path,
    )  # fmt: skip
    for zone, accepted in [(None, 0), ("UTC", 4), ("Europe/Amsterdam", 2)]:
        reader = read_parquet(path, Interaction, naive_zone=zone)
        records = reader.read_all()
        found = spark_table(str(path), areas=_AREAS, session=spark, naive_zone=zone, period="day")
        assert (found.accepted, found.rejected) == (accepted, n - accepted), zone
        assert found.table == reference_table(records, areas=_AREAS, period="day"), zone
        assert sorted(
            (row["line"], row["column"], row["message"]) for row in found.rejects.collect()
        ) == [(r.line, r.path, r.message) for r in reader.rejects], zone
    with pytest.raises(EngineError, match="naive_zone: expected an IANA time zone name"):
        SparkEngine(naive_zone="Mars/Olympus")
