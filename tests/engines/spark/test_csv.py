"""Tests for trustops.engines.spark._csv: CSV files read whole by the row reader."""

from __future__ import annotations

from pathlib import Path

import attrs
from pyspark.sql import SparkSession

from trustops import Area, Interaction
from trustops.engines import ReferenceEngine, engagement_table
from trustops.engines.spark import engagement_table as spark_table
from trustops.io import read_csv, write_csv
from trustops.sample import generate
from trustops.testing import AWKWARD_TIMEZONES

SAMPLE = generate(scale=0.05)
_AREAS = [
    Area(id=f"a{index}", name=f"Area {index}", timezone=zone, population=1_000 + index)
    for index, zone in enumerate(AWKWARD_TIMEZONES)
]


def test_csv_files_are_read_as_the_row_reader_reads_them(
    spark: SparkSession, tmp_path: Path
) -> None:
    # numbers in text cells (an area id of 123, durations), a quoted newline, a blank line,
    # a BOM, a bad cell, and ids repeated across the folder's two files: the records, the
    # rejects (file and line as the row reader gives them), the counts and the table
    log = [
        attrs.evolve(i, area_id="123") if n % 3 == 0 else i
        for n, i in enumerate(SAMPLE.interactions[:40])
    ]
    write_csv(log[:30], tmp_path / "a.csv")
    first = (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first[4] = first[4].replace(",phone,", ",pager,", 1).replace(",in_person,", ",pager,", 1)
    first[6] = first[6].replace(f"{log[5].id},", f'"{log[5].id}\nmore",', 1)
    first.insert(9, "\n")
    (tmp_path / "a.csv").write_text("\ufeff" + "".join(first), encoding="utf-8")
    write_csv([*log[25:], *log[:3]], tmp_path / "b.csv")
    assert any(i.duration_minutes is not None for i in log)
    areas = [*_AREAS, Area(id="123", name="Numbers", timezone="Asia/Tokyo")]
    found = spark_table(str(tmp_path), areas=areas, session=spark, by=["area"], period="month")
    readers = [read_csv(tmp_path / name, Interaction) for name in ("a.csv", "b.csv")]
    for reader in readers:
        reader.read_all()
    reference = engagement_table(
        tmp_path, engine=ReferenceEngine(), areas=areas, by=["area"], period="month"
    )
    assert found.table == reference.table
    assert found.table.duplicates == reference.table.duplicates == 8
    assert (found.accepted, found.rejected, found.blank) == (
        sum(r.counts.accepted for r in readers),
        sum(r.counts.rejected for r in readers),
        sum(r.counts.blank for r in readers),
    )
    assert (found.rejected, found.blank) == (2, 1)
    bad = sorted(
        (Path(row["file"]).name, row["line"], row["column"], row["id"])
        for row in found.rejects.collect()
    )
    assert bad == [
        ("a.csv", r.line, r.path, r.raw.split(",", 1)[0].strip('"') or None)
        for r in readers[0].rejects
    ]
    assert [line for _, line, _, _ in bad] == [5, 7]
