"""Readers: every bad record becomes a located reject; nothing good is lost; counts add up."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustops import Area, Interaction
from trustops import testing as tst
from trustops.io import (
    ReadCounts,
    Reader,
    ReaderError,
    Reject,
    make_converter,
    read_csv,
    read_dataset,
    read_json,
    read_jsonl,
    write_csv,
    write_json,
    write_jsonl,
)
from trustops.io._reader import Sink

from ._records import AREA, line, read_all_formats, read_checked


def load(text: str | bytes, **options: Any) -> tuple[list[Interaction], list[Reject], Any]:
    return read_checked("jsonl", text, Interaction, **options)


def deep(depth: int) -> str:
    return '{"id": "d", "name": ' + "[" * depth + "]" * depth + ', "timezone": "UTC"}'


def _valid_file(kind: str, areas: list[Area]) -> bytes:
    out = io.StringIO()
    {"jsonl": write_jsonl, "json": write_json, "csv": write_csv}[kind](areas, out)
    return out.getvalue().encode("utf-8")


_MUTATIONS = st.sampled_from(
    ["flip", "insert", "delete", "truncate", "nest", "utf16", "surrogate", "dup", "gzip"]
)


def _mutate(data: bytes, how: str, where: int, byte: int) -> bytes:
    at = where % (len(data) + 1)
    if how == "flip":
        return data[:at] + bytes([byte]) + data[at + 1 :]
    if how == "insert":
        return data[:at] + bytes([byte]) + data[at:]
    if how == "delete":
        return data[:at] + data[at + 1 + byte % 8 :]
    if how == "truncate":
        return data[:at]
    if how == "nest":
        return data[:at] + b"[" * 1_100 + b"]" * 1_100 + data[at:]
    if how == "utf16":
        return data.decode("utf-8", "surrogateescape").encode("utf-16", "surrogatepass")
    if how == "surrogate":
        return data[:at] + (b"\\ud800" if byte % 2 else b"\xed\xa0\x80") + data[at:]
    if how == "dup":
        return data.replace(b'"name"', b'"name":"x","name"', 1 + byte % 3)
    return gzip.compress(data)[: max(at, 10)]


def test_on_reject_is_called_as_rejects_happen() -> None:
    seen: list[Reject] = []
    load(line(kind="gossip") + "\n" + line(kind="gossip") + "\n", on_reject=seen.append)
    assert [r.line for r in seen] == [1, 2]


def test_a_reader_is_single_pass() -> None:
    reader = read_jsonl(io.BytesIO(line().encode()), Interaction)
    reader.read_all()
    assert reader.done
    with pytest.raises(ReaderError, match="only once"):
        list(reader)


@pytest.mark.parametrize("depth", [100, 1_025, 5_000])
def test_deep_nesting_is_a_reject_without_hypothesis(depth: int) -> None:
    # A plain test: hypothesis raises the recursion limit while it runs, hiding the crash.
    jsonl = f"{AREA}\n{deep(depth)}\n{AREA}\n".encode()
    records, rejects = read_all_formats(jsonl, "jsonl")
    assert len(records) == 2
    assert [r.line for r in rejects] == [2]
    records, rejects = read_all_formats(f"[{AREA}, {deep(depth)}]".encode(), "json")
    assert len(records) == 1
    assert len(rejects) == 1
    assert rejects[0].row == 2


@pytest.mark.parametrize("kind", ["jsonl", "json"])
@pytest.mark.parametrize("digits", [21, 401, 4_400])
def test_integers_beyond_64_bits_are_rejected_and_reading_goes_on(kind: str, digits: int) -> None:
    big = '{"id": "b", "name": "B", "timezone": "UTC", "population": 1' + "0" * digits + "}"
    data = f"{big}\n{AREA}\n" if kind == "jsonl" else f"[{big}, {AREA}]"
    records, rejects = read_all_formats(data.encode(), kind)
    assert [a.id for a in records] == ["a"]
    # beyond 64 bits read as a float (as orjson reads it), refused as too large by field
    assert (rejects[0].line, rejects[0].path) == (1, "$.population")
    assert "at most 10,000,000,000" in rejects[0].message


def test_invalid_utf8_between_json_records_is_a_located_reject() -> None:
    data = f"[{AREA},\n  {AREA}  ".encode() + b"\xff ," + f"{AREA}]".encode()
    records, rejects = read_all_formats(data, "json")
    assert len(records) == 2
    assert rejects[0].line == 2
    assert "invalid UTF-8" in rejects[0].message


@pytest.mark.parametrize(
    ("record", "path"),
    [
        (b'{"id": "a", "name": "A\\ud800", "timezone": "UTC"}', "$.name"),
        (b'{"id": "a", "name": "A", "timezone": "UTC", "x\\udc00": 1}', "$.<key 'x\\udc00'>"),
        (b'{"id": "a", "name": "A\xed\xa0\x80", "timezone": "UTC"}', "$"),
    ],
)
def test_lone_surrogates_are_rejected_at_the_door(record: bytes, path: str) -> None:
    for data, kind in ((record + b"\n", "jsonl"), (b"[" + record + b"]", "json")):
        records, rejects = read_all_formats(data, kind)
        assert records == []
        assert "surrogate" in rejects[0].message or "UTF-8" in rejects[0].message
        if b"\\u" in record:
            assert rejects[0].path == path


@pytest.mark.parametrize(
    "record",
    [
        '{"id": "a", "name": "A", "name": "B", "timezone": "UTC"}',
        '{"id": "a", "name" : "A", "name": "B", "timezone": "UTC"}',
        '{"id":"a","name":"A","timezone":"UTC","margins":{"age":{"x":0.5,"x":0.5}}}',
    ],
)
def test_duplicate_keys_are_rejected(record: str) -> None:
    for data, kind in ((record, "jsonl"), (f"[{record}]", "json")):
        records, rejects = read_all_formats(data.encode(), kind)
        assert records == []
        assert "appears twice" in rejects[0].message


def test_a_colon_after_an_escaped_quote_is_not_taken_for_a_repeated_key() -> None:
    record = '{"id": "a", "name": "say \\": hi", "timezone": "UTC"}'
    records, rejects = read_all_formats(record.encode(), "jsonl")
    assert [a.name for a in records] == ['say ": hi'], rejects


def test_a_folder_reads_gzip_files(tmp_path: Path) -> None:
    (tmp_path / "areas.jsonl.gz").write_bytes(gzip.compress((AREA + "\n").encode()))
    load = read_dataset(tmp_path)
    assert [a.id for a in load.dataset.areas] == ["a"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    kind=st.sampled_from(["jsonl", "json", "csv"]),
    areas=st.lists(tst.areas(), min_size=1, max_size=4, unique_by=lambda a: a.id),
    mutations=st.lists(
        st.tuples(_MUTATIONS, st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=3
    ),
)
def test_fuzz_mutated_files_are_read_without_an_escaping_exception(
    kind: str, areas: list[Area], mutations: list[tuple[str, int, int]]
) -> None:
    data = _valid_file(kind, areas)
    for how, where, byte in mutations:
        data = _mutate(data, how, where, byte)
    gzipped = data[:2] == b"\x1f\x8b"
    source: Any = gzip.GzipFile(fileobj=io.BytesIO(data)) if gzipped else io.BytesIO(data)
    opener = {"jsonl": read_jsonl, "json": read_json, "csv": read_csv}[kind]
    reader = opener(source, Area)
    records = reader.read_all()  # no exception may escape
    counts = reader.counts
    assert counts.lines == counts.accepted + counts.rejected + counts.blank
    assert counts.accepted == len(records)
    for reject in reader.rejects:
        str(reject).encode("utf-8")
    for record in records:
        write_jsonl([record], io.StringIO())  # whatever is accepted can be written


def default_structure(cls: type[Any]) -> Any:
    return make_converter().get_structure_hook(cls)


# --- the parser API: a format parser sees only the sink ------------------------------------


def _parser(steps: list[str]) -> Any:
    """A toy format: each item of the source is a line that is blank, a record or a reject."""

    def parse(sink: Sink[Area]) -> Iterator[Area]:
        for number, text in enumerate(steps, 1):
            sink.count()
            if not text:
                sink.skip_blank()
            elif text.startswith("!"):
                sink.reject(number, "$", text[1:], text, row=number)
            else:
                record = sink.accept(json.loads(text), number, text)
                if record is not None:
                    yield record

    return parse


def test_a_parser_counts_accepts_and_rejects_through_the_sink() -> None:
    steps = [AREA, "", "!not a record", '{"id": "b", "name": "B", "timezone": "Mars"}']
    found: list[Reject] = []
    reader = Reader("toy", Area, parse=_parser(steps), on_reject=found.append)
    assert [area.id for area in reader] == ["a"]
    assert reader.counts == ReadCounts(lines=4, accepted=1, rejected=2, blank=1)
    assert [(r.source, r.line, r.row, r.path) for r in reader.rejects] == [
        ("toy", 3, 3, "$"),
        ("toy", 4, None, "$.timezone"),
    ]
    assert reader.rejects[0].problems == (("$", "not a record"),)
    assert found == reader.rejects
    assert reader.done


def test_a_sink_turns_a_refused_record_into_its_located_reject() -> None:
    sink: Sink[Area] = Sink(
        "s",
        Area,
        name="named",
        max_line_bytes=10,
        structure=default_structure(Area),
        on_reject=None,
    )
    assert sink.accept({"id": "a", "name": "A", "timezone": "UTC"}, 1, b"raw") is not None
    assert sink.accept({"id": "a"}, 2, b"\xff{") is None
    sink.count(lines=2, accepted=0)
    (reject,) = sink.rejects
    assert (reject.source, reject.line, reject.raw) == ("named", 2, "\ufffd{")
    assert [path for path, _ in reject.problems] == ["$.name", "$.timezone"]
    assert (sink.lines, sink.accepted, sink.blank) == (2, 1, 0)


def test_a_reader_can_be_renamed_before_it_is_read() -> None:
    reader = read_jsonl(io.BytesIO(b'{"id": 1}\n'), Area)
    assert reader.name == "<stream>"
    reader.name = "part-of/areas.jsonl"
    reader.read_all()
    assert reader.rejects[0].source == "part-of/areas.jsonl"
