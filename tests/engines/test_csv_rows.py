"""Tests for trustops.engines._csv_rows: plain CSV rows for the engine, the others aside."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from trustops.engines._csv_rows import CsvSplit, read_rows
from trustops.io import MAX_LINE_BYTES

HEADER = b"id,occurred_at,area_id,kind,initiator,channel,resident_id"
ROW = b"c%d,2025-03-01T10:00:00Z,x,conversation,staff,phone,%s"


def split(tmp_path: Path, *files: bytes) -> tuple[CsvSplit, list[tuple[int, int, int, str]]]:
    paths = []
    for index, content in enumerate(files):
        path = tmp_path / f"f{index}.csv"
        path.write_bytes(content)
        paths.append(str(path))
    found = CsvSplit(pa, paths)
    rows = [
        (row["file"], row["line"], row["row"], row["text"])
        for batch in found.batches()
        for row in batch.to_pylist()
    ]
    return found, rows


def test_plain_rows_go_to_the_engine_and_quoted_rows_aside(tmp_path: Path) -> None:
    content = b"\n".join(
        [
            HEADER,
            ROW % (1, b"r1"),
            ROW % (2, b'"r\n2"'),
            ROW % (3, b'"r""3"'),
            b"",
            ROW % (4, b"r4"),
        ]
    )
    found, rows = split(tmp_path, content + b"\n", HEADER + b"\n" + ROW % (5, b'"r5'))
    assert not found.whole
    assert [(f, line, row) for f, line, row, _ in rows] == [(0, 2, 1), (0, 6, 4), (0, 7, 5)]
    assert rows[1][3] == ""
    assert [(line, row) for line, row, _ in found.files[0].aside] == [(3, 2), (5, 3)]
    assert found.files[0].aside[0][2] == ROW % (2, b'"r\n2"')
    assert not found.files[0].truncated
    assert found.files[1].aside == [(2, 1, ROW % (5, b'"r5'))]  # a quote never closed
    assert found.files[1].truncated


@pytest.mark.parametrize(
    "content",
    [
        HEADER + b"\n" + ROW % (1, b"r\xff") + b"\n",
        HEADER + b"\n" + b"x" * (MAX_LINE_BYTES + 1) + b"\n",
        HEADER + b"\n" + b"x" * (MAX_LINE_BYTES + 1),
        b"id,k\xffnd\n",
        b"id,note\n",
        b"id,id\n",
        b"id",
    ],
)
def test_files_the_row_reader_must_read_whole(tmp_path: Path, content: bytes) -> None:
    found, rows = split(tmp_path, content, HEADER + b"\n" + ROW % (1, b"r1") + b"\n")
    assert found.whole
    assert rows == []


def test_rows_read_apart_keep_their_lines_unless_the_reader_cuts_them_otherwise() -> None:
    rows = [(4, 3, ROW % (7, b"r7")), (9, 6, b"c8,2025-03-01T10:00:00Z,x,gossip,staff,phone,")]
    read = read_rows("log.csv", HEADER, rows, truncated=False)
    assert read is not None
    rejects, records, blank = read
    assert [(r.source, r.line, r.row, r.path) for r in rejects] == [("log.csv", 9, 6, "$.kind")]
    assert [r.id for r in records] == ["c7"]
    assert blank == 0
    assert read_rows("log.csv", HEADER, [(4, 3, ROW % (7, b"r7\nc9"))], truncated=False) is None
