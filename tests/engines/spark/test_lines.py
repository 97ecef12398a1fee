"""Tests for trustops.engines.spark._lines: JSON Lines read by Spark as text are decided line
by line as the row reader decides them: counts, blank lines, rejects with their file, line,
path and message, whatever the lines hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyspark.sql import SparkSession

from trustops.engines import EngineError
from trustops.engines.spark import read_lines
from trustops.io import ReadCounts, read_jsonl
from trustops.model import Interaction

GOOD = (
    b'{"id": "g%d", "occurred_at": "2025-03-01T10:00:00+01:00", "area_id": "x", '
    b'"kind": "volunteering", "initiator": "resident", "channel": "in_person"%s}'
)
_LIMIT = 400  # a small size guard, so over-long lines stay small
_SHAPES = [
    b', "duration_minutes": 30.0',
    b', "duration_minutes": "12"',  # one text duration: rejected alone, never the column
    b', "id": "twice"',  # a repeated key
    b', "resident_id": "r\xff"',  # not UTF-8
    b', "resident_id": "\\ud800"',  # a lone surrogate, escaped
    b', "resident_id": "\xed\xa0\x80"',  # a lone surrogate, as bytes
    b', "resident_id": true',
    b', "note": "unknown"',
    b', "staff_id": "' + b"s" * _LIMIT + b'"',  # over the size guard
    b', "duration_minutes": ' + b"9" * 5000,  # a 5,000-digit number
]
_WHOLE = [
    b"",
    b"   ",
    b"\r",
    b"5",
    b"null",
    b'"text"',
    b"[" + GOOD % (1, b"") + b", " + GOOD % (2, b"") + b"]",  # an array of two objects
    GOOD % (3, b"") + b" " + GOOD % (4, b""),  # two objects on one line
    GOOD % (5, b"") + b" trailing",
    GOOD % (6, b"") + b"\r",  # CRLF
    (GOOD % (7, b"")).replace(b'"area_id"', b'"area\rid"'),  # a bare CR inside a line
    b"\xef\xbb\xbf" + GOOD % (8, b""),  # a BOM (stripped only on line 1)
    b'{"a": ' * 200 + b"1" + b"}" * 200,  # deep nesting
    b'{"id": "a", "id": "b"}',
]
_LINE = st.one_of(
    st.builds(lambda n, shape: GOOD % (n, shape), st.integers(0, 30), st.sampled_from(_SHAPES)),
    st.sampled_from(_WHOLE),
)
_FILE = st.tuples(st.lists(_LINE, max_size=25), st.booleans())  # lines, and a last line end


def _written(folder: Path, files: list[tuple[list[bytes], bool]]) -> list[Path]:
    paths = []
    for index, (lines, ended) in enumerate(files):
        path = folder / f"part-{index}.jsonl"
        path.write_bytes(b"\n".join(lines) + (b"\n" if ended and lines else b""))
        paths.append(path)
    return paths


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(_FILE, min_size=1, max_size=2))
def test_lines_of_any_shape_are_decided_as_the_row_reader_does(
    spark: SparkSession,
    tmp_path_factory: pytest.TempPathFactory,
    files: list[tuple[list[bytes], bool]],
) -> None:
    paths = _written(tmp_path_factory.mktemp("lines"), files)
    counts = ReadCounts()
    expected = []
    ids = []
    for path in paths:
        reader = read_jsonl(path, Interaction, max_line_bytes=_LIMIT)
        ids += [record.id for record in reader]
        found = reader.counts
        counts = ReadCounts(
            lines=counts.lines + found.lines,
            accepted=counts.accepted + found.accepted,
            rejected=counts.rejected + found.rejected,
            blank=counts.blank + found.blank,
        )
        expected += [(path.name, r.line, r.path, r.message, r.raw) for r in reader.rejects]
    if not counts.lines:
        with pytest.raises(EngineError, match="holds no lines"):
            read_lines(spark, [str(path) for path in paths], max_line_bytes=_LIMIT)
        return
    checked = read_lines(spark, [str(path) for path in paths], max_line_bytes=_LIMIT)
    try:
        states = {
            row["_state"]: row["count"] for row in checked.tally.groupBy("_state").count().collect()
        }
        rejects = checked.rejects.orderBy("file", "line").collect()
        accepted = checked.accepted.orderBy("_row").select("id").collect()
    finally:
        checked.release()
    assert (
        ReadCounts(
            lines=sum(states.values()),
            accepted=states.get("accepted", 0),
            rejected=states.get("rejected", 0),
            blank=states.get("blank", 0),
        )
        == counts
    )
    assert [
        (Path(row["file"]).name, row["line"], row["column"], row["message"], row["raw"])
        for row in rejects
    ] == expected
    assert [row["id"] for row in accepted] == ids
