"""Tests for trustops.engines._duckdb: sources, columnar checks, rejects equal to the row reader's."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustops import MissingExtraError
from trustops.engines import EngineError, engagement_table
from trustops.engines import _duckdb as duck
from trustops.engines._duckdb import DuckDBEngine
from trustops.io import ReaderError, read_csv, read_jsonl, write_csv
from trustops.metrics import TablePlan
from trustops.metrics import engagement_table as table_of_objects
from trustops.model import Area, Interaction
from trustops.sample import generate

from ._logs import arrow_table, jsonl_file

SAMPLE = generate(scale=0.03)
GOOD = (
    b'{"id": "g%d", "occurred_at": "2025-03-01T10:00:00+01:00", "area_id": "x", '
    b'"kind": "conversation", "initiator": "staff", "channel": "phone"%s}'
)
BAD_LINES = [
    b'{"id": "b1", "occurred_at": "2025-01-01T00:00:00"}',  # naive, missing fields
    b"not json at all",
    b"",
    b"   \r",
    b"[1, 2]",
    GOOD % (2, b",}"),  # a trailing comma DuckDB would accept
    GOOD % (3, b', "resident_id": "r\xc3\xa9"'),  # non-ASCII: accepted by the row reader
    GOOD % (4, b', "resident_id": "r\xff"'),  # not UTF-8
    GOOD % (5, b', "note": "unknown field"'),
    GOOD % (6, b', "id": "twice"'),
    GOOD % (7, b', "duration_minutes": -1'),
    GOOD % (8, b', "duration_minutes": "30"'),
    GOOD % (9, b', "outcome": "great"'),
    GOOD % (10, b', "observed_at": "2025-03-01T11:00:00+01:00"'),
    GOOD % (11, b', "attendance": "present"'),
    GOOD % (12, b', "session_id": "s1"'),
    GOOD % (13, b', "staff_id": " s1"'),
    GOOD % (14, b', "duration_minutes": 1e400'),
    b"\xef\xbb\xbf" + GOOD % (15, b""),  # a BOM in the middle of the file
    GOOD % (16, b', "occurred_at": "2025-03-01 10:00:00Z"'),  # a rarer ISO form
    GOOD % (17, b', "duration_minutes": 30'),
    GOOD % (18, b', "kind": "attendance", "attendance": "present"'),
    GOOD % (19, b', "outcome": null, "staff_id": null, "duration_minutes": null'),  # nulls
    GOOD % (20, b', "staff_id": "s\\u0031\\"q\\\\"'),  # escaped characters
    b' { "id" : "g21" , "occurred_at" : "2025-03-01T10:00:00Z" , "area_id" : "x" , '
    b'"kind" : "conversation" , "initiator" : "staff" , "channel" : "phone" } ',
    GOOD % (22, b', "note": null'),  # an unknown key that is null
    GOOD % (23, b', "outcome": null, "outcome": "positive"'),  # repeated, once null
    GOOD % (24, b', "resident_id": 5'),
    GOOD % (25, b', "staff_id": "\\u00e9"'),  # escaped non-ASCII
    GOOD % (26, b', "kind": "conversation"'),  # a known key repeated with its value
]


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("duckdb")
    path = jsonl_file(SAMPLE.interactions, folder)
    lines = path.read_bytes().splitlines()
    for index, line in enumerate(BAD_LINES):
        lines.insert(3 + 40 * index, line)
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n" + GOOD % (99, b""))  # no end
    return path


def test_jsonl_read_in_small_chunks_equals_the_row_reader(
    messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chunks cut by Arrow and, where a line is not UTF-8, line by line
    monkeypatch.setattr(duck, "_CHUNK", 2048)
    reader = read_jsonl(messy, Interaction)
    expected = table_of_objects(reader, by=("area",), period="month", areas=SAMPLE.areas)
    found = engagement_table(messy, engine="duckdb", period="month", areas=SAMPLE.areas)
    assert found.rejects == tuple(reader.rejects)
    assert found.counts == reader.counts
    assert found.table == expected


_KEYS = [name.encode() for name in attrs.fields_dict(Interaction)] + [b"note"]
_VALUES = [
    b"null", b"5", b"-1", b"2.5", b"1e400", b"true", b"[]", b"{}", b'"x"', b'" x"', b'"s\\u0031"',
    b'"\\u00e9"', b'"a\\"b"', b'"2025-03-01T10:00:00Z"', b'"2025-03-01T10:00:00+01:00"',
    b'"2025-03-01 10:00:00Z"', b'"phone"', b'"positive"', b'"present"', b'"conversation"',
    b'"attendance"', b'"suspicious_activity_report"', b'"volunteering"', b'"resident"',
    b"NaN", b"-0", b"1E2", b"0.1", b"123.456789012345678901", b"4.9e-324", b'"\\u0000"',
    b'"2025-03-01T10:00:00.1234567Z"', b'"\\ud800"',
]  # fmt: skip
_PAIRS = st.tuples(st.sampled_from(_KEYS), st.sampled_from(_VALUES))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.lists(_PAIRS, max_size=4), min_size=1, max_size=6),
    comma=st.sampled_from([b",", b" , ", b",\t"]),
    ending=st.sampled_from([b"}", b" }", b",}", b"} x", b"}\r"]),
    line_by_line=st.booleans(),
)
def test_jsonl_lines_of_any_shape_are_decided_as_the_row_reader_does(
    tmp_path_factory: pytest.TempPathFactory,
    changes: list[list[tuple[bytes, bytes]]],
    comma: bytes,
    ending: bytes,
    line_by_line: bool,
) -> None:
    # nulls, escapes, numbers, unknown and repeated keys, spaces, endings: whatever either
    # columnar parser takes (Arrow's, for a chunk of objects of known fields; DuckDB's), it
    # takes as the model does. With chunks of about a line, each line is parsed by Arrow
    # wherever Arrow can, and by DuckDB elsewhere.
    lines = []
    for number, pairs in enumerate(changes):
        body = GOOD % (number, b"")
        extra = b"".join(comma + b'"' + key + b'": ' + value for key, value in pairs)
        lines.append(body[:-1] + extra + (ending if number == 0 else b"}"))
    path = tmp_path_factory.mktemp("shapes") / "lines.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    reader = read_jsonl(path, Interaction)
    records = list(reader)
    with pytest.MonkeyPatch.context() as patch:
        if line_by_line:
            patch.setattr(duck, "_CHUNK", 16)
        found = engagement_table(path, engine="duckdb", by=("staff",))
    assert found.rejects == tuple(reader.rejects)
    assert found.counts == reader.counts
    if records:
        assert found.table == table_of_objects(records, by=("staff",))


def test_chunks_of_objects_of_known_fields_are_parsed_by_arrow(tmp_path: Path) -> None:
    # the fast path is taken where it can be, and only there
    plan = TablePlan.make(by=("area",), period=None, areas=(), initiatives=())
    count = duck._Count(duck._require()[0].connect(), pa, plan)
    clean = jsonl_file(SAMPLE.interactions[:50], tmp_path)
    batches = list(duck._jsonl_batches(pa, [str(clean)], count))
    assert all(all(batch.column("__typed").to_pylist()) for batch in batches)
    assert sum(batch.num_rows for batch in batches) == 50
    for line in (GOOD % (1, b', "note": 1'), b"", b" " + GOOD % (1, b""), GOOD % (1, b",}")):
        messy = tmp_path / "messy.jsonl"
        messy.write_bytes(clean.read_bytes() + line + b"\n" + GOOD % (2, b"") + b"\n")
        batches = list(duck._jsonl_batches(pa, [str(messy)], count))
        assert not any(any(batch.column("__typed").to_pylist()) for batch in batches)
        assert [n for b in batches for n in b.column("line").to_pylist()] == list(range(1, 53))


@pytest.mark.parametrize(("by", "period"), [(("area",), "month"), (("staff",), None)])
def test_jsonl_rejects_and_counts_equal_the_row_reader(
    messy: Path, by: tuple[str, ...], period: str | None
) -> None:
    reader = read_jsonl(messy, Interaction)
    expected = table_of_objects(reader, by=by, period=period, areas=SAMPLE.areas)
    found = engagement_table(messy, engine="duckdb", by=by, period=period, areas=SAMPLE.areas)
    assert found.rejects == tuple(reader.rejects)
    assert found.counts == reader.counts
    assert found.table == expected
    counts = found.counts
    assert counts is not None
    assert counts.lines == counts.accepted + counts.rejected + counts.blank


def test_parquet_files_folders_globs_and_arrow(tmp_path: Path) -> None:
    table = arrow_table(SAMPLE.interactions)
    half = table.num_rows // 2
    pq.write_table(table.slice(0, half), tmp_path / "part-1.parquet")
    pq.write_table(table.slice(half), tmp_path / "part-2.parquet")
    expected = table_of_objects(SAMPLE.interactions, period="month", areas=SAMPLE.areas)
    for source in (tmp_path, str(tmp_path / "*.parquet"), table, table.to_batches()[0:0] or table):
        found = engagement_table(source, engine="duckdb", period="month", areas=SAMPLE.areas)
        assert found.table == expected
        assert found.counts is not None
        assert found.counts.accepted == table.num_rows


def test_typed_rows_that_fail_are_rejected_by_the_model(tmp_path: Path) -> None:
    rows = arrow_table(SAMPLE.interactions[:5]).to_pylist()
    rows[1]["kind"] = "gossip"
    rows[3]["duration_minutes"] = -2.0
    rows[4]["resident_id"] = "résident"  # not ASCII: the model accepts it
    table = pa.Table.from_pylist(rows, schema=arrow_table([]).schema)
    pq.write_table(table, tmp_path / "one.parquet")
    found = engagement_table(tmp_path / "one.parquet", engine="duckdb", by=[])
    assert [(r.line, r.path) for r in found.rejects] == [(2, "$.kind"), (4, "$.duration_minutes")]
    assert all(r.source.endswith("one.parquet") for r in found.rejects)
    assert found.table.rows[0].metric("interactions").value == 3
    naive = table.set_column(1, "occurred_at", table.column(1).cast(pa.timestamp("us")))
    rejected = engagement_table(naive, engine="duckdb", by=[])
    assert {r.path for r in rejected.rejects} >= {"$.occurred_at"}


def test_rejects_of_string_view_columns_as_polars_gives_them() -> None:
    """polars' strings reach Arrow as string_view, which Arrow's take has no kernel for."""
    rows = arrow_table(SAMPLE.interactions[:5]).to_pylist()
    rows[1]["kind"] = "gossip"
    table = pa.Table.from_pylist(rows, schema=arrow_table([]).schema)
    views = pa.schema(
        [f.with_type(pa.string_view()) if f.type == pa.string() else f for f in table.schema]
    )
    found = engagement_table(table.cast(views), engine="duckdb", by=[])
    assert [(r.line, r.path) for r in found.rejects] == [(2, "$.kind")]
    assert found.table == engagement_table(table, engine="duckdb", by=[]).table


def test_bad_sources(tmp_path: Path) -> None:
    (tmp_path / "a.parquet").write_bytes(b"")
    (tmp_path / "b.jsonl").write_bytes(b"\n")
    with pytest.raises(EngineError, match="mixes jsonl and parquet"):
        engagement_table(tmp_path, engine="duckdb")
    with pytest.raises(EngineError, match="names no Parquet, JSON Lines or CSV"):
        engagement_table(str(tmp_path / "*.csv"), engine="duckdb")
    with pytest.raises(EngineError, match="not a file"):
        engagement_table(tmp_path / "nothing.parquet", engine="duckdb")
    with pytest.raises(EngineError, match="Arrow data or file paths"):
        DuckDBEngine().count(3, TablePlan.make(by=(), period=None, areas=(), initiatives=()))
    for threads in (0, 1025, 10**6, 2.0):
        with pytest.raises(EngineError, match="threads: expected a whole number from 1 to 1024"):
            DuckDBEngine(threads=threads)  # type: ignore[arg-type]
    for limit in (2 << 30, "lots", "", "2", "0GB", "-1", "-5GB", "1PB", "120%", "0%", "none"):
        with pytest.raises(EngineError, match=r"memory_limit: expected a size above 0 with a "
                           r"unit .* such as '2GB', or a percentage .* such as '50%'; got"):  # fmt: skip
            DuckDBEngine(memory_limit=limit)  # type: ignore[arg-type]
    for limit in ("2GB", "1.5 gib", " 512MiB ", ".5TB", "50%", "100%", "0.5%"):
        assert DuckDBEngine(memory_limit=limit).memory_limit == limit
    with pytest.raises(EngineError, match="temp_directory: expected the path of a folder"):
        DuckDBEngine(temp_directory=3)  # type: ignore[arg-type]
    assert DuckDBEngine().accepts(tmp_path / "x.parquet")
    assert not DuckDBEngine().accepts([1])


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise MissingExtraError("the duckdb engine", "duckdb", "duckdb")

    monkeypatch.setattr(duck, "_require", missing)
    with pytest.raises(MissingExtraError, match=r"trustops\[duckdb\]"):
        engagement_table(arrow_table(SAMPLE.interactions[:3]), engine="duckdb")


@pytest.mark.parametrize("by", [(), ("area",), ("initiative_kind",)])
def test_people_seen_by_both_the_rules_and_the_row_reader_count_once(
    tmp_path: Path, by: tuple[str, ...]
) -> None:
    # The non-ASCII id sends one row of staff s1 and resident r1 to the row reader, while
    # their other rows pass the columnar rules: each person is still one person.
    lines = [
        GOOD % (1, b', "staff_id": "s1", "resident_id": "r1"'),
        GOOD % (2, b', "staff_id": "s1", "resident_id": "r1"'),
        b'{"id": "\xc2\xa1", "occurred_at": "2025-03-02T10:00:00+01:00", "area_id": "x", '
        b'"kind": "conversation", "initiator": "staff", "channel": "phone", '
        b'"staff_id": "s1", "resident_id": "r1"}',
    ]
    path = tmp_path / "interactions.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    found = engagement_table(path, engine="duckdb", by=by, period="month")
    expected = table_of_objects(read_jsonl(path, Interaction), by=by, period="month")
    assert found.table == expected
    (row,) = found.table
    assert row.metric("active_staff").value == 1
    assert row.metric("residents_reached").value == 1
    assert row.metric("interactions_per_staff").value == 3.0


@pytest.mark.parametrize("by", [(), ("area",)])
def test_a_stream_read_once_counts_rows_the_row_reader_accepts(by: tuple[str, ...]) -> None:
    # A record batch reader cannot be read twice: residents leave DuckDB per person, and the
    # row the rules leave to the row reader (a non-ASCII id) joins them once.
    log = [
        attrs.evolve(record, resident_id="résident") if index in (3, 7) else record
        for index, record in enumerate(SAMPLE.interactions[:60])
    ]
    table = arrow_table(log)
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=16))
    found = engagement_table(reader, engine="duckdb", by=by, period="month", areas=SAMPLE.areas)
    again = engagement_table(table, engine="duckdb", by=by, period="month", areas=SAMPLE.areas)
    expected = table_of_objects(log, by=by, period="month", areas=SAMPLE.areas)
    assert found.rejects == again.rejects == ()
    assert found.table == again.table == expected


def test_memory_limit_and_spill_folder_are_duckdbs(tmp_path: Path) -> None:
    table = arrow_table(SAMPLE.interactions)
    expected = table_of_objects(SAMPLE.interactions, period="month", areas=SAMPLE.areas)
    engine = DuckDBEngine(threads=1, memory_limit="64MB", temp_directory=tmp_path / "spill")
    found = engagement_table(table, engine=engine, period="month", areas=SAMPLE.areas)
    assert found.table == expected


OUT_OF_RANGE = [  # (occurred_at, observed_at); the model takes years 1900 to 2199 in UTC
    ("1850-06-01T12:00:00+00:00", None),
    ("1899-12-31T23:59:59.999999+00:00", None),
    ("1900-01-01T00:00:00+00:00", None),
    ("2199-12-31T23:59:59.999999+00:00", None),
    ("2200-01-01T00:00:00+00:00", None),
    ("2250-03-01T00:00:00+00:00", None),
    ("2026-03-01T00:00:00+00:00", "1850-01-01T00:00:00+00:00"),
    ("2026-03-01T00:00:00+00:00", "1900-01-01T00:00:00+00:00"),
    ("2199-12-31T23:00:00-05:00", None),  # 2200-01-01T04:00Z: out (METHODS §2)
    ("2200-01-01T00:30:00+01:00", None),  # 2199-12-31T23:30Z: in
    ("1900-01-01T00:30:00+01:00", None),  # 1899-12-31T23:30Z: out
    ("1899-12-31T23:30:00-01:00", None),  # 1900-01-01T00:30Z: in
]


def test_instants_outside_the_supported_years_are_the_models_rejects(tmp_path: Path) -> None:
    records = [
        {"id": f"i{n}", "occurred_at": at, "area_id": "x", "initiator": "resident",
         "channel": "phone", "resident_id": f"r{n}",
         "kind": "conversation" if seen is None else "suspicious_activity_report",
         **({} if seen is None else {"observed_at": seen})}
        for n, (at, seen) in enumerate(OUT_OF_RANGE)
    ]  # fmt: skip
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    reader = read_jsonl(path, Interaction)
    expected = table_of_objects(reader, by=[], period="year")
    assert [(r.line, r.path) for r in reader.rejects] == [
        (1, "$.occurred_at"), (2, "$.occurred_at"), (5, "$.occurred_at"),
        (6, "$.occurred_at"), (7, "$.observed_at"), (9, "$.occurred_at"), (11, "$.occurred_at"),
    ]  # fmt: skip
    typed = pa.Table.from_pylist(
        [
            {**record, **{f: dt.datetime.fromisoformat(record[f]) for f in
                          ("occurred_at", "observed_at") if f in record}}
            for record in records
        ],
        schema=pa.schema([(f.name, f.type) for f in arrow_table([]).schema]),
    )  # fmt: skip
    pq.write_table(typed, tmp_path / "log.parquet")
    runs = [
        ("duckdb", path),
        ("duckdb", tmp_path / "log.parquet"),
        ("duckdb", typed),
        ("reference", path),
        ("reference", tmp_path / "log.parquet"),
        ("processes", path),
    ]
    for engine, source in runs:
        found = engagement_table(source, engine=engine, by=[], period="year")
        assert [(r.line, r.path) for r in found.rejects] == [
            (r.line, r.path) for r in reader.rejects
        ]
        if source == path:  # typed timestamps hold only the UTC value, which messages show
            assert [r.message for r in found.rejects] == [r.message for r in reader.rejects]
        assert found.table == expected
        assert found.counts is not None
        assert found.counts.lines == found.counts.accepted + found.counts.rejected == 12


CSV_HEADER = b"id,occurred_at,area_id,kind,initiator,channel,resident_id,duration_minutes"
CSV_GOOD = b"c%d,2025-03-01T10:00:00+01:00,x,conversation,staff,phone,%s,%s"
CSV_ODD_ROWS = [
    CSV_GOOD % (1, b"r1", b"30"),
    b"",
    b" , ,",
    CSV_GOOD % (2, b'"r,2"', b"30"),  # a quoted cell with a comma
    CSV_GOOD % (3, b'"r\n3"', b""),  # a quoted cell over two lines
    CSV_GOOD % (4, b"r4", b"1e1"),  # a number form the model reads
    CSV_GOOD % (5, b"r4", b".5"),
    CSV_GOOD % (6, b"r\xc3\xa9", b""),  # not ASCII: the model accepts it
    CSV_GOOD % (7, b"'r7", b""),  # a protected cell: the model unescapes it
    CSV_GOOD % (8, b"r8", b"-3"),
    CSV_GOOD % (9, b"r9", b"lots"),
    b"c10,2025-03-01T10:00:00+01:00,x,gossip,staff,phone,r1,",
    b"c11,2025-03-01T10:00:00,x,conversation,staff,phone,r1,",
    b"c12,2025-03-01T10:00:00+01:00,x,conversation,staff",
    CSV_GOOD % (13, b"r1", b"30") + b"\r",  # a CRLF line end
    CSV_GOOD % (14, b"r1", b"3\r0"),  # a carriage return inside a cell
    CSV_GOOD % (15, b'r"15', b""),  # a quote inside an unquoted cell
    CSV_GOOD % (1, b"r1", b"45"),  # an id given twice
    CSV_GOOD % (16, b'"q16"', b""),  # an id given twice, first in a row read apart
    CSV_GOOD % (16, b"r1", b"30"),
]


@pytest.mark.parametrize(("end", "rows"), [(b"\n", CSV_ODD_ROWS), (b"", CSV_ODD_ROWS[:-2])])
def test_csv_rejects_and_counts_equal_the_row_reader(
    tmp_path: Path, end: bytes, rows: list[bytes]
) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join([CSV_HEADER, *rows]) + end)
    reader = read_csv(path, Interaction)
    expected = table_of_objects(reader, by=["area"], period="month")
    found = engagement_table(path, engine="duckdb", by=["area"], period="month")
    assert found.rejects == tuple(reader.rejects)
    assert found.counts == reader.counts
    assert found.table == expected
    assert found.table.duplicates == expected.duplicates == (2 if end else 0)
    assert len(reader.rejects) >= 6


def test_csv_folders_and_globs_with_their_own_headers(tmp_path: Path) -> None:
    log = SAMPLE.interactions[:200]
    write_csv(log[:120], tmp_path / "a.csv")
    lines = (tmp_path / "a.csv").read_text().splitlines()
    write_csv(log[120:], tmp_path / "b.csv")
    (tmp_path / "b.csv").write_text(  # the columns in another order, one left out when empty
        "\n".join(
            ",".join(reversed(line.split(",")))
            for line in (tmp_path / "b.csv").read_text().splitlines()
        )
        + "\n"
    )
    expected = table_of_objects(log, by=["area"], period="month", areas=SAMPLE.areas)
    for source in (tmp_path, str(tmp_path / "*.csv")):
        found = engagement_table(source, engine="duckdb", by=["area"], period="month",
                                 areas=SAMPLE.areas)  # fmt: skip
        assert found.table == expected
        assert found.counts is not None
        assert (found.counts.lines, found.counts.rejected) == (200, 0)
    assert len(lines) == 121


@pytest.mark.parametrize(
    "content",
    [
        CSV_HEADER + b",note\n" + CSV_GOOD % (1, b"r1", b"30") + b",x\n",  # an unknown column
        CSV_HEADER + b"\n" + CSV_GOOD % (1, b"r1", b"30") + b"\n" + CSV_GOOD % (2, b"r\xff", b"")
        + b"\n" + CSV_GOOD % (3, b"r3", b"") + b"\n",  # not UTF-8: the message names its line
        b'"id",kind\nc1,conversation\n',  # a quoted header
    ],
)  # fmt: skip
def test_csv_files_the_row_reader_reads_whole(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(content)
    reader = read_csv(path, Interaction)
    records = list(reader)
    found = engagement_table(path, engine="duckdb", by=[])
    assert found.rejects == tuple(reader.rejects)
    assert found.counts == reader.counts
    if records:
        assert found.table == table_of_objects(records, by=[])


def test_areas_without_a_record_count_in_utc(tmp_path: Path) -> None:
    # the zone of each row comes from its area's record; an area the caller did not describe
    # is counted in UTC, as the reference engine counts it
    path = jsonl_file(SAMPLE.interactions, tmp_path)
    known = SAMPLE.areas[:1]
    assert {i.area_id for i in SAMPLE.interactions} - {a.id for a in known}
    expected = table_of_objects(read_jsonl(path, Interaction), period="day", areas=known)
    found = engagement_table(path, engine="duckdb", period="day", areas=known)
    assert found.table == expected


_BOM = b"\xef\xbb\xbf"
_TWIN = (
    b'{"id": "t1", "occurred_at": "2025-03-01T10:00:00Z", "area_id": "%s", '
    b'"kind": "conversation", "initiator": "staff", "channel": "phone"}'
)


@pytest.mark.parametrize(
    "lines",
    [
        [_BOM + _TWIN % b"x", _BOM + _TWIN % b"x"],  # `cat a.jsonl a.jsonl`
        [_TWIN % b"x", _BOM + _TWIN % b"y"],  # DuckDB's first, the row reader's second
        [GOOD % (1, b""), _BOM + _TWIN % b"y", _TWIN % b"x"],  # the row reader's first
        [_BOM + _TWIN % b"y", _TWIN % b"x", _BOM + _TWIN % b"z", GOOD % (1, b"")],
        [GOOD % (1, b""), b"\x0c" + _TWIN % b"y", _TWIN % b"x"],  # a line neither takes
    ],
)
@pytest.mark.parametrize("by", [("area",), ("initiative_kind",)])
def test_an_id_repeated_on_a_line_duckdb_cannot_parse_counts_once(
    tmp_path: Path, lines: list[bytes], by: tuple[str, ...]
) -> None:
    path = tmp_path / "twice.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    reader = read_jsonl(path, Interaction)
    expected = table_of_objects(reader, by=by)
    found = engagement_table(path, engine="duckdb", by=by)
    assert found.rejects == tuple(reader.rejects)
    assert found.counts == reader.counts
    assert found.table == expected
    assert found.table.duplicates == expected.duplicates


@pytest.mark.parametrize("ending", [b"\n" + GOOD % (2, b"") + b"\n", b"\n", b""])
def test_a_line_too_long_is_never_held_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: bytes
) -> None:
    # The row reader reads no more of a line than its limit; neither does the engine.
    import tracemalloc

    monkeypatch.setattr(duck, "_CHUNK", 64 << 10)
    huge = b'{"id": "' + b"x" * (6 << 20) + b'"}'
    path = tmp_path / "long.jsonl"
    path.write_bytes(_BOM + huge + b"\n" + GOOD % (1, b"") + b"\n" + huge + ending)
    del huge
    reader = read_jsonl(path, Interaction)
    expected = table_of_objects(reader)
    engagement_table(jsonl_file(SAMPLE.interactions[:5], tmp_path), engine="duckdb")  # imports
    tracemalloc.start()
    try:
        found = engagement_table(path, engine="duckdb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found.rejects == tuple(reader.rejects)
    assert {r.message for r in found.rejects} == {
        "line is longer than 1,048,576 bytes; split the record"
    }
    assert found.counts == reader.counts
    assert found.table == expected
    assert peak < 8 << 20  # two lines cut at the limit (1 MiB) and chunks, not 6 MiB lines


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".csv.gz", ".ndjson.GZ"])
@pytest.mark.parametrize("cut", [False, True])
def test_gzipped_files_are_read_as_the_row_reader_reads_them(
    tmp_path: Path, messy: Path, suffix: str, cut: bool
) -> None:
    import gzip

    path = tmp_path / ("log" + suffix)
    if suffix.startswith(".csv"):
        plain = tmp_path / "log.csv"
        write_csv(SAMPLE.interactions[:200] + SAMPLE.interactions[:3], plain)
        data = plain.read_bytes()
    else:
        data = messy.read_bytes()
    packed = gzip.compress(data)
    path.write_bytes(packed[: len(packed) * 2 // 3] if cut else packed)
    expected = engagement_table(path, engine="reference", by=("area",), period="month")
    found = engagement_table(path, engine="duckdb", by=("area",), period="month")
    assert found.rejects == expected.rejects
    assert found.counts == expected.counts
    assert found.table == expected.table
    assert found.table.duplicates == expected.table.duplicates
    if not cut:
        assert found.counts is not None
        assert found.counts.accepted > 0
    if "jsonl" in suffix or "ndjson" in suffix:
        by_processes = engagement_table(path, engine="processes", by=("area",), period="month")
        assert by_processes.rejects == expected.rejects
        assert by_processes.table == expected.table
    assert DuckDBEngine().accepts(path)


def _parquet_bytes(count: int = 3) -> bytes:
    path = pa.BufferOutputStream()
    pq.write_table(arrow_table(SAMPLE.interactions[:count]), path, compression="snappy")
    return bytes(path.getvalue().to_pybytes())


def _broken_pages() -> bytes:
    whole = bytearray(_parquet_bytes(300))
    whole[1000:1200] = b"\xff" * 200  # the footer is whole, a page is not
    return bytes(whole)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "too small to be a Parquet file"),
        (b"PAR1 garbage, not Parquet", "No magic bytes"),
        (_parquet_bytes()[:200], "No magic bytes"),  # truncated
        (_broken_pages(), "Snappy decompression failure"),
    ],
)
def test_parquet_duckdb_cannot_read_is_a_reader_error_naming_it(
    tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "interactions.parquet"
    bad.write_bytes(content)
    with pytest.raises(ReaderError, match=re.escape(f"{str(bad)!r}: the duckdb engine cannot")):
        engagement_table(bad, engine="duckdb")
    (tmp_path / "more.parquet").write_bytes(_parquet_bytes())
    with pytest.raises(ReaderError, match=f"{re.escape(repr(str(tmp_path)))}: .*{message}"):
        engagement_table(tmp_path, engine="duckdb")  # a folder: DuckDB names the file


def _glob_tree(root: Path) -> None:
    rows = {"d[1]": 1, "d1": 2, "run?": 3, "runA": 4, "star*": 5, "starB": 6}
    for folder, count in rows.items():
        (root / folder).mkdir()
        pq.write_table(
            arrow_table(SAMPLE.interactions[:count]), root / folder / "interactions.parquet"
        )
        write_csv(SAMPLE.interactions[:count], root / folder / "interactions.csv")


def test_an_existing_path_is_literal_whatever_its_characters(tmp_path: Path) -> None:
    _glob_tree(tmp_path)

    def lines(path: Path | str) -> int:
        counts = engagement_table(path, engine="duckdb").counts
        assert counts is not None
        return counts.lines

    assert lines(tmp_path / "d[1]" / "interactions.parquet") == 1
    assert lines(tmp_path / "d[1]" / "interactions.csv") == 1
    assert lines(tmp_path / "run?" / "interactions.parquet") == 3
    assert lines(tmp_path / "star*" / "interactions.parquet") == 5
    with pytest.raises(EngineError, match="mixes csv and parquet"):
        lines(tmp_path / "run?")  # the folder itself, not runA too
    for folder in ("run?", "star*", "d[1]"):
        (tmp_path / folder / "interactions.csv").unlink()
    assert lines(tmp_path / "run?") == 3
    assert lines(tmp_path / "star*") == 5
    assert lines(tmp_path / "d[1]") == 1
    # a pattern that names no path is a glob, as asked
    assert lines(f"{tmp_path}/run[A]/interactions.parquet") == 4
    assert lines(f"{tmp_path}/d?/*.parquet") == 2
    assert lines(f"{tmp_path}/star?/*.parquet") == 5 + 6
    engine = DuckDBEngine()
    assert engine.accepts(tmp_path / "run?")
    assert engine.accepts(f"{tmp_path}/*/x")
    assert not engine.accepts(tmp_path / "d1" / "interactions.txt")


def _plan() -> TablePlan:
    return TablePlan.make(by=(), period=None, areas=(), initiatives=())


def test_ctrl_c_while_duckdb_counts_is_a_keyboard_interrupt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = arrow_table(SAMPLE.interactions)
    held: list[Any] = []
    connect = DuckDBEngine._connect

    def holding(self: DuckDBEngine, spill: str) -> Any:
        held.append(connect(self, spill))
        return held[-1]

    monkeypatch.setattr(DuckDBEngine, "_connect", holding)
    numbered = duck._numbered

    def interrupting(stop: Callable[[], None]) -> Callable[[Any, Any], Any]:
        def stream(pa_: Any, source: Any) -> pa.RecordBatchReader:
            inner = numbered(pa_, source)

            def batches() -> Iterator[pa.RecordBatch]:
                for index, batch in enumerate(inner):
                    if index == 2:
                        stop()
                    yield batch

            return pa.RecordBatchReader.from_batches(inner.schema, batches())

        return stream

    def duckdbs() -> None:  # DuckDB's interrupt, as its SIGINT handling calls it
        held[-1].interrupt()

    def ctrl_c() -> None:  # Python's handler of SIGINT, in the reading thread
        raise KeyboardInterrupt

    for stop in (duckdbs, ctrl_c):
        monkeypatch.setattr(duck, "_numbered", interrupting(stop))
        batches = table.to_batches(max_chunksize=20)
        with pytest.raises(KeyboardInterrupt):
            DuckDBEngine().count(pa.RecordBatchReader.from_batches(table.schema, batches), _plan())


@pytest.mark.parametrize(
    ("raised", "expected", "message"),
    [
        (RuntimeError("Query interrupted"), KeyboardInterrupt, None),
        (RuntimeError("not DuckDB's"), RuntimeError, "not DuckDB's"),
        (OSError(5, "Input/output error"), OSError, "Input/output"),
        (
            duckdb.BinderException("Binder Error: no\nadvice"),
            EngineError,
            r"^the duckdb engine failed on the Arrow data \(Table\): Binder Error: no$",
        ),
        (
            duckdb.InvalidInputException("Invalid Input Error: odd"),
            EngineError,
            r"^the duckdb engine cannot read the Arrow data \(Table\): Invalid Input Error: odd$",
        ),
    ],
)
def test_duckdb_errors_are_explained(
    monkeypatch: pytest.MonkeyPatch, raised: BaseException, expected: type, message: str | None
) -> None:
    def failing(self: Any, source: object) -> None:
        raise raised

    monkeypatch.setattr(duck._Count, "run", failing)
    with pytest.raises(expected, match=message):
        DuckDBEngine().count(arrow_table(SAMPLE.interactions[:3]), _plan())


def test_a_stream_that_fails_raises_its_own_error() -> None:
    table = arrow_table(SAMPLE.interactions[:50])

    def batches() -> Iterator[pa.RecordBatch]:
        yield table.to_batches()[0]
        raise OSError(5, "Input/output error")

    with pytest.raises(OSError, match="Input/output error"):
        DuckDBEngine().count(pa.RecordBatchReader.from_batches(table.schema, batches()), _plan())


@pytest.mark.parametrize(("threads", "fewer"), [(1, ""), (2, " or lower threads")])
def test_a_memory_limit_too_small_is_named(threads: int, fewer: str) -> None:
    engine = DuckDBEngine(threads=threads, memory_limit="2MB")
    with pytest.raises(
        EngineError,
        match=f"ran out of memory counting the Arrow data \\(Table\\) with memory_limit '2MB' "
        f"and {threads} thread\\(s\\): raise memory_limit{fewer} \\(Out of Memory Error",
    ):
        engine.count(arrow_table(SAMPLE.interactions), _plan())
    with pytest.raises(EngineError, match=r"memory_limit '1KB'.*Out of Memory Error[^\n]*$"):
        DuckDBEngine(memory_limit="1KB").count(arrow_table(SAMPLE.interactions), _plan())


def _typed_cases() -> dict[str, dict[str, object]]:
    import decimal

    when = pa.array([dt.datetime(2026, 3, 4, tzinfo=dt.UTC)] * 3, pa.timestamp("us", tz="UTC"))
    base: dict[str, object] = {
        "id": ["i1", "i2", "i3"], "occurred_at": when, "area_id": ["a", "b", "a"],
        "kind": ["volunteering"] * 3, "initiator": ["staff"] * 3, "channel": ["phone"] * 3,
    }  # fmt: skip
    numbers = [decimal.Decimal("30.5"), decimal.Decimal("0.1"), None]
    return {
        "note": {**base, "note": ["x", None, "z"]},
        "binary": {**base, "area_id": pa.array([b"x", b"\xff", "é".encode()], pa.binary())},
        "decimal": {**base, "duration_minutes": pa.array(numbers, pa.decimal128(10, 2))},
        "wide decimal": {**base, "duration_minutes": pa.array(numbers, pa.decimal128(30, 20))},
        "duration": {
            **base,
            "duration_minutes": pa.array([dt.timedelta(minutes=30)] * 3, pa.duration("s")),
        },
        "filename": {**base, "filename": ["x", None, "y"]},
        "file_row_number": {**base, "file_row_number": [1, 2, 3]},
        "milliseconds near 2**62": {
            **base,
            "occurred_at": pa.array([2**62, 10**12, None], pa.timestamp("ms", tz="UTC")),
        },
        "beyond Python's years": {
            **base,
            "occurred_at": pa.array([2**62, 10**15, -(2**62)], pa.timestamp("us", tz="UTC")),
        },
        "naive": {**base, "occurred_at": pa.array([10**15] * 3, pa.timestamp("us"))},
        "text instants": {
            **base,
            "occurred_at": ["2026-03-04T10:00:00+01:00", "2026-03-04 10:00:00Z", "yesterday"],
        },
        "dictionary": {
            **base,
            "kind": pa.array(["volunteering", "x", "volunteering"]).dictionary_encode(),
        },
    }


@pytest.mark.parametrize("case", list(_typed_cases()))
@pytest.mark.parametrize("extra", ["forbid", "ignore"])
def test_typed_columns_are_read_as_the_row_reader_reads_them(
    tmp_path: Path, case: str, extra: str
) -> None:
    from trustops.engines import ReferenceEngine

    table = pa.table(_typed_cases()[case])
    path = tmp_path / "typed.parquet"
    pq.write_table(table, path)
    expected = engagement_table(path, engine=ReferenceEngine(extra=extra), by=("area",))
    stream = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=2))
    for source in (path, table, stream):
        found = engagement_table(source, engine=DuckDBEngine(extra=extra), by=("area",))
        named = [attrs.evolve(r, source=str(path)) for r in found.rejects]
        assert named == list(expected.rejects)
        assert found.counts == expected.counts
        assert found.table == expected.table


def test_a_column_named_twice_is_an_error_in_every_engine(tmp_path: Path) -> None:
    from trustops import TrustopsError

    table = pa.table(_typed_cases()["note"])
    twice = pa.Table.from_arrays(
        [*table.columns, pa.array(["b"] * 3)], [*table.column_names, "area_id"]
    )
    pq.write_table(twice, tmp_path / "twice.parquet")
    for engine in ("reference", "duckdb"):
        with pytest.raises(TrustopsError, match="'area_id' appears more than once"):
            engagement_table(tmp_path / "twice.parquet", engine=engine)
    with pytest.raises(EngineError, match="'area_id' appears more than once"):
        engagement_table(twice, engine="duckdb")
    with pytest.raises(EngineError, match="extra='ignore'"):
        DuckDBEngine(extra="allow")


def test_parquet_files_of_other_types_and_files_pyarrow_cannot_read(tmp_path: Path) -> None:
    from trustops.io import ReaderError

    table = pa.table(_typed_cases()["decimal"])
    minutes = table.column("duration_minutes").cast(pa.float64())
    pq.write_table(table, tmp_path / "a.parquet")
    pq.write_table(table.set_column(6, "duration_minutes", minutes), tmp_path / "b.parquet")
    expected = [
        engagement_table(tmp_path / f, engine="reference") for f in ("a.parquet", "b.parquet")
    ]
    found = engagement_table(tmp_path, engine="duckdb")  # a column of two types: the row reader's
    assert found.counts is not None
    assert found.counts.accepted == sum(e.counts.accepted for e in expected if e.counts)
    assert found.rejects == tuple(r for e in expected for r in e.rejects)
    deep, value = pa.int64(), 1
    for _ in range(120):
        deep, value = pa.list_(deep), [value]
    nested = tmp_path / "deep" / "nested.parquet"
    nested.parent.mkdir()
    pq.write_table(table.append_column("deep", pa.array([value] * 3, deep)), nested)
    for engine in ("reference", "duckdb"):
        with pytest.raises(ReaderError, match=r"cannot read it as Parquet: .*too deeply nested"):
            engagement_table(nested, engine=engine)


class _Explaining:
    """A connection that explains each statement it is asked to query before running it."""

    def __init__(self, db: Any, plans: list[str]) -> None:
        self._db, self._plans = db, plans

    def query(self, sql: str) -> Any:
        self._plans.append(self._db.execute("EXPLAIN " + sql).fetchall()[0][1])
        return self._db.query(sql)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


@pytest.mark.parametrize("kind", ["jsonl", "arrow"])
def test_the_offsets_table_is_the_build_side_of_the_zone_join(
    messy: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    # a stream DuckDB cannot size (JSON Lines, Arrow) must not become the hash table of the
    # join that finds each row's zone: that would hold every column of every row at once
    plans: list[str] = []
    query = duck._Count._query

    def explained(self: Any, canonical: str, **options: Any) -> Any:
        db, self.db = self.db, _Explaining(self.db, plans)
        try:
            return query(self, canonical, **options)
        finally:
            self.db = db

    monkeypatch.setattr(duck._Count, "_query", explained)
    source: object = messy if kind == "jsonl" else arrow_table(SAMPLE.interactions)
    engagement_table(source, engine="duckdb", by=("area",), period="month", areas=SAMPLE.areas)
    assert plans
    for plan in plans:
        joins = re.findall(r"Join Type:\s*(\w+)", plan)
        assert joins
        assert "RIGHT" not in joins, plan


def test_areas_of_a_zone_anywhere_in_the_list_and_unknown_areas_are_bucketed_as_the_model_does() -> (
    None
):
    # the areas' zones are found by their place in a list ordered by zone: areas of one zone
    # declared apart, a zone of one area, and an area not declared (in UTC) keep their days
    zones = ["Asia/Tokyo", "America/Los_Angeles", "Asia/Tokyo", "UTC", "America/Los_Angeles",
             "Pacific/Kiritimati"]  # fmt: skip
    areas = [Area(id=f"z{n}", name=f"Z{n}", timezone=zone) for n, zone in enumerate(zones)]
    late = dt.datetime(2025, 3, 31, 14, 30, tzinfo=dt.UTC)  # a day and a month apart by zone
    log = [
        Interaction(id=f"i{n}-{h}", occurred_at=late + dt.timedelta(hours=h), area_id=area,
                    kind="conversation", initiator="staff", channel="phone",
                    resident_id=f"r{n}")
        for n, area in enumerate([*(a.id for a in areas), "nowhere"])
        for h in (0, 10)
    ]  # fmt: skip
    expected = table_of_objects(log, by=("area",), period="day", areas=areas)
    found = engagement_table(arrow_table(log), engine="duckdb", by=("area",), period="day",
                             areas=areas)  # fmt: skip
    assert found.table == expected
    assert len({row.period for row in found.table}) == 2


def test_days_before_the_epoch_are_the_models_on_either_side_of_utc() -> None:
    # the local day is counted in whole microseconds and days: an instant before 1970 an
    # hour either side of local midnight keeps its day (the division rounds down), in zones
    # west and east of UTC, in the first year the model takes and in 1969
    areas = [Area(id="west", name="W", timezone="America/New_York"),
             Area(id="east", name="E", timezone="Asia/Kolkata")]  # fmt: skip
    starts = [dt.datetime(1900, 1, 1, 5, 30, tzinfo=dt.UTC),
              dt.datetime(1969, 12, 31, 4, 0, tzinfo=dt.UTC),
              dt.datetime(1969, 6, 30, 18, 0, tzinfo=dt.UTC)]  # fmt: skip
    log = [
        Interaction(id=f"i{n}-{area}-{m}", occurred_at=start + dt.timedelta(minutes=m),
                    area_id=area, kind="conversation", initiator="staff", channel="phone")
        for n, start in enumerate(starts)
        for area in ("west", "east")
        for m in (-61, -1, 0, 1, 61, 361, 421)
    ]  # fmt: skip
    expected = table_of_objects(log, by=("area",), period="day", areas=areas)
    found = engagement_table(arrow_table(log), engine="duckdb", by=("area",), period="day",
                             areas=areas)  # fmt: skip
    assert found.table == expected
    assert len(found.table) > 2 * len(starts)


def _spread_log() -> tuple[list[Area], list[Interaction]]:
    """Interactions over two years in zones with and without summer time, half an hour
    from local midnight in summer time or out of it (22:30 UTC in Amsterdam, 13:30 in
    Sydney: a day apart by the offset)."""
    areas = [Area(id="ams", name="A", timezone="Europe/Amsterdam"),
             Area(id="syd", name="S", timezone="Australia/Sydney"),
             Area(id="utc", name="U", timezone="UTC")]  # fmt: skip
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    log = [
        Interaction(id=f"i{n}-{area}-{hour}",
                    occurred_at=start + dt.timedelta(days=n * 7, hours=hour, minutes=30),
                    area_id=area, kind="conversation", initiator="staff", channel="phone",
                    resident_id=f"r{n % 5}")
        for n in range(110)
        for area in ("ams", "syd", "utc", "nowhere")
        for hour in (13, 22)
    ]  # fmt: skip
    return areas, log


@pytest.mark.parametrize("statistics", [True, False])
def test_parquet_days_found_from_the_statistics_span_or_the_join_are_the_models(
    tmp_path: Path, statistics: bool
) -> None:
    # with statistics each zone's offsets in the years they span are compared in SQL (no
    # join); without them the offsets table is joined: the same days either way
    areas, log = _spread_log()
    path = tmp_path / "log.parquet"
    pq.write_table(arrow_table(log), path, row_group_size=100, write_statistics=statistics)
    expected = table_of_objects(log, by=("area",), period="day", areas=areas)
    found = engagement_table(path, engine="duckdb", by=("area",), period="day", areas=areas)
    assert found.table == expected
    plan = TablePlan.make(by=("area",), period="day", areas=areas, initiatives=())
    connection = duckdb.connect()
    count = duck._Count(connection, pa, plan)
    span = count._span([str(path)], pq.read_schema(path))
    connection.close()
    if statistics:
        assert span == (duck._year_us(2024), duck._year_us(2027))
    else:
        assert span is None


def test_rows_outside_a_wrong_statistics_span_go_to_the_row_reader_and_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # statistics that leave rows out (a writer's error) cost time, never a wrong day: those
    # rows fail ok, the row reader accepts them, and they are counted with the join
    areas, log = _spread_log()
    path = tmp_path / "log.parquet"
    pq.write_table(arrow_table(log), path)
    monkeypatch.setattr(
        duck._Count, "_span", lambda self, files, schema: (duck._year_us(2024), duck._year_us(2025))
    )
    expected = table_of_objects(log, by=("area",), period="day", areas=areas)
    found = engagement_table(path, engine="duckdb", by=("area",), period="day", areas=areas)
    assert found.table == expected
    assert found.rejects == ()
