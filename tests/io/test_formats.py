"""Formats by file name: which reader a suffix asks for; every format reads alike."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from trustops import Interaction
from trustops.io import (
    ReaderError,
    path_kind,
    read,
    read_arrow,
)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.json", "json"), ("a.csv", "csv")],
)
def test_path_kind(name: str, kind: str) -> None:
    assert path_kind(name) == kind


def test_path_kind_refuses_unknown_suffixes() -> None:
    with pytest.raises(ReaderError, match="unknown format"):
        path_kind("data.xlsx")


# The supported range of an instant is checked on its UTC value, the same in every format
# (METHODS §2): (the instant as written, whether it is in range).
EDGES = [
    ("2199-12-31T23:00:00-05:00", False),  # 2200-01-01T04:00Z
    ("2199-12-31T18:59:59.999999-05:00", True),  # 2199-12-31T23:59:59.999999Z
    ("2200-01-01T00:30:00+01:00", True),  # 2199-12-31T23:30Z
    ("1900-01-01T00:30:00+01:00", False),  # 1899-12-31T23:30Z
    ("1900-01-01T01:00:00+01:00", True),  # 1900-01-01T00:00Z
    ("1899-12-31T23:30:00-01:00", True),  # 1900-01-01T00:30Z
    ("2026-03-04T12:00:00Z", True),
]


def test_an_instant_is_in_range_by_its_utc_value_in_every_format(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    records = [
        {"id": f"i{n}", "occurred_at": when, "area_id": "a", "kind": "conversation",
         "initiator": "staff", "channel": "phone"}
        for n, (when, _) in enumerate(EDGES)
    ]  # fmt: skip
    expected = [f"i{n}" for n, (_, inside) in enumerate(EDGES) if inside]
    rejected = [n + 1 for n, (_, inside) in enumerate(EDGES) if not inside]
    (tmp_path / "log.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "log.json").write_text("[" + ",\n".join(map(json.dumps, records)) + "]")
    header = list(records[0])
    (tmp_path / "log.csv").write_text(
        ",".join(header) + "\n" + "".join(",".join(r[k] for k in header) + "\n" for r in records)
    )
    table = pa.Table.from_pylist(records)
    pq.write_table(table, tmp_path / "log.parquet")
    # Typed timestamps hold the UTC value only: the out-of-range ones stay out
    typed = pa.Table.from_pylist(
        [{**r, "occurred_at": dt.datetime.fromisoformat(r["occurred_at"])} for r in records],
        schema=pa.schema([*(pa.field(k, pa.string()) for k in header if k != "occurred_at"),
                          pa.field("occurred_at", pa.timestamp("us", tz="UTC"))]),
    )  # fmt: skip
    readers = [read(tmp_path / f"log.{suffix}", Interaction)
               for suffix in ("jsonl", "json", "csv", "parquet")]  # fmt: skip
    readers += [read_arrow(table, Interaction), read_arrow(typed, Interaction)]
    for reader in readers:
        assert [i.id for i in reader] == expected, reader
        assert [r.row or r.line for r in reader.rejects] == rejected  # CSV: row, not line
        assert {r.path for r in reader.rejects} == {"$.occurred_at"}
        assert all("years 1900 to 2199 in UTC" in r.message for r in reader.rejects)
