"""Readers: every bad record becomes a located reject; nothing good is lost; counts add up."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustops import Area, Interaction, Partner, SurveyInstrument
from trustops import testing as tst
from trustops.io import (
    RAW_LIMIT,
    ReaderError,
    Reject,
    path_kind,
    read,
    read_csv,
    read_dataset,
    read_json,
    read_jsonl,
    write_csv,
    write_json,
    write_jsonl,
)

GOOD = {
    "id": "i1",
    "occurred_at": "2026-03-01T12:00:00+00:00",
    "area_id": "a",
    "kind": "conversation",
    "initiator": "staff",
    "channel": "in_person",
}


def line(**patch: Any) -> str:
    return json.dumps({**GOOD, **patch})


def load(text: str | bytes, **options: Any) -> tuple[list[Interaction], list[Reject], Any]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    reader = read_jsonl(io.BytesIO(data), Interaction, **options)
    records = reader.read_all()
    counts = reader.counts
    assert counts.lines == counts.accepted + counts.rejected + counts.blank
    return records, reader.rejects, counts


def test_good_lines_are_accepted_in_order() -> None:
    records, rejects, counts = load(line(id="a") + "\n" + line(id="b") + "\n")
    assert [r.id for r in records] == ["a", "b"]
    assert rejects == []
    assert (counts.lines, counts.accepted) == (2, 2)


def test_bom_crlf_and_blank_lines() -> None:
    text = "\ufeff" + line(id="a") + "\r\n\r\n   \r\n" + line(id="b") + "\r\n"
    records, rejects, counts = load(text)
    assert [r.id for r in records] == ["a", "b"]
    assert not rejects
    assert counts.blank == 2


def test_a_bad_record_is_located_and_the_rest_survive() -> None:
    text = "\n".join([line(id="a"), line(id="b", kind="gossip"), line(id="c")]) + "\n"
    records, rejects, _ = load(text)
    assert [r.id for r in records] == ["a", "c"]
    (reject,) = rejects
    assert (reject.line, reject.path) == (2, "$.kind")
    assert "gossip" in reject.message
    assert json.loads(reject.raw)["id"] == "b"


def test_invalid_utf8_is_a_reject_naming_the_problem() -> None:
    bad = line(id="x").encode().replace(b'"x"', b'"\xff\xfe"')
    records, rejects, _ = load(line(id="a").encode() + b"\n" + bad + b"\n")
    assert [r.id for r in records] == ["a"]
    assert rejects[0].line == 2
    assert "UTF-8" in rejects[0].message


def test_a_truncated_last_line_is_rejected_and_says_so() -> None:
    text = line(id="a") + "\n" + line(id="b")[:40]
    records, rejects, _ = load(text)
    assert [r.id for r in records] == ["a"]
    assert "truncated" in rejects[0].message
    assert rejects[0].line == 2


def test_a_complete_last_line_without_newline_is_accepted() -> None:
    records, rejects, _ = load(line(id="a") + "\n" + line(id="b"))
    assert [r.id for r in records] == ["a", "b"]
    assert not rejects


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("[1, 2]", "an array"),
        ('"text"', "a string"),
        ("42", "a number"),
        ("null", "null"),
        ("true", "a boolean"),
    ],
)
def test_non_object_json_is_rejected(text: str, kind: str) -> None:
    _, rejects, _ = load(text + "\n")
    assert rejects[0].message == f"expected a JSON object {{...}}, got {kind}"


def test_unknown_fields_are_rejected_with_the_field_named() -> None:
    _, rejects, _ = load(line(colour="blue") + "\n")
    assert rejects[0].path == "$.colour"
    assert "unknown field" in rejects[0].message


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals_are_rejected_at_their_field(literal: str) -> None:
    text = line(id="a")[:-1] + f', "duration_minutes": {literal}}}\n'
    _, rejects, _ = load(text)
    assert rejects[0].path == "$.duration_minutes"
    assert "finite number" in rejects[0].message


def test_invalid_json_names_the_column() -> None:
    _, rejects, _ = load('{"id": "a",, }\n')
    assert rejects[0].path == "$"
    assert rejects[0].message.startswith("invalid JSON at column")


def test_an_oversized_line_is_skipped_without_losing_the_next() -> None:
    big = line(id="big", staff_id="s" * 100)
    text = line(id="a") + "\n" + big + "\n" + line(id="b") + "\n"
    records, rejects, counts = load(text, max_line_bytes=200)
    assert [r.id for r in records] == ["a", "b"]
    assert rejects[0].line == 2
    assert "longer than 200 bytes" in rejects[0].message
    assert counts.lines == 3


def test_an_oversized_line_spanning_chunks_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("trustops.io._reader._READ_SIZE", 64)
    big = line(id="big", staff_id="s" * 300)
    text = line(id="a") + "\n" + big + "\n" + line(id="b") + "\n" + "x" * 500
    records, rejects, _ = load(text, max_line_bytes=200)
    assert [r.id for r in records] == ["a", "b"]
    assert [r.line for r in rejects] == [2, 4]


def test_raw_text_of_a_reject_is_bounded() -> None:
    _, rejects, _ = load(line(id="a", kind="k" * 5000) + "\n", max_line_bytes=10**6)
    assert len(rejects[0].raw) == RAW_LIMIT
    assert rejects[0].raw.endswith("…")


def test_every_problem_of_a_record_is_listed() -> None:
    _, rejects, _ = load(line(kind="gossip", channel="pigeon") + "\n")
    paths = [path for path, _ in rejects[0].problems]
    assert "$.kind" in paths or "$.channel" in paths
    assert rejects[0].problems[0] == (rejects[0].path, rejects[0].message)


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


def test_reads_paths_and_text_streams(tmp_path: Path) -> None:
    path = tmp_path / "interactions.jsonl"
    path.write_text(line(id="a") + "\n", encoding="utf-8")
    assert [r.id for r in read_jsonl(path, Interaction)] == ["a"]
    assert [r.id for r in read_jsonl(str(path), Interaction)] == ["a"]
    assert [r.id for r in read_jsonl(io.StringIO(line(id="t") + "\n"), Interaction)] == ["t"]
    reader = read(path, Interaction)
    assert reader.name == str(path)
    assert [r.id for r in reader] == ["a"]


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="cannot open"):
        list(read_jsonl(tmp_path / "nope.jsonl", Interaction))


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.json", "json"), ("a.csv", "csv")],
)
def test_path_kind(name: str, kind: str) -> None:
    assert path_kind(name) == kind


def test_path_kind_refuses_unknown_suffixes() -> None:
    with pytest.raises(ReaderError, match="unknown format"):
        path_kind("data.xlsx")


_LINES = st.one_of(
    st.builds(lambda i: line(id=f"ok{i}"), st.integers(0, 10**6)),
    st.sampled_from(
        ["", "   ", "{", "[]", "null", line(kind="gossip"), line(colour=1), '{"id": NaN}']
    ),
)


@given(st.lists(_LINES, max_size=30), st.booleans())
def test_lines_read_equal_accepted_plus_rejected_plus_blank(lines: list[str], crlf: bool) -> None:
    text = ("\r\n" if crlf else "\n").join(lines)
    records, rejects, counts = load(text)
    expected_good = [x for x in lines if x.startswith('{"id": "ok')]
    assert [r.id for r in records] == [json.loads(x)["id"] for x in expected_good]
    assert counts.accepted == len(records)
    assert counts.rejected == len(rejects)
    assert counts.lines == len(text.splitlines()) if text else counts.lines == 0


# --- JSON arrays -----------------------------------------------------------------------------


def load_json(text: str, cls: type[Any] = Interaction) -> tuple[list[Any], list[Reject]]:
    reader = read_json(io.BytesIO(text.encode("utf-8")), cls)
    records = reader.read_all()
    counts = reader.counts
    assert counts.lines == counts.accepted + counts.rejected + counts.blank
    return records, reader.rejects


def test_json_array_streams_records_and_locates_bad_ones() -> None:
    text = "[\n" + ",\n".join([line(id="a"), line(id="b", kind="gossip"), line(id="c")]) + "\n]\n"
    records, rejects = load_json(text)
    assert [r.id for r in records] == ["a", "c"]
    assert (rejects[0].line, rejects[0].row, rejects[0].path) == (3, 2, "$.kind")


def test_json_single_object_and_empty_array() -> None:
    records, rejects = load_json(line(id="solo"))
    assert [r.id for r in records] == ["solo"]
    assert rejects == []
    assert load_json("[ ]") == ([], [])
    assert load_json("") == ([], [])


def test_json_syntax_error_ends_the_read_with_a_located_reject() -> None:
    text = "[\n" + line(id="a") + ",\n" + '{"id": "b",, }' + ",\n" + line(id="c") + "\n]"
    records, rejects = load_json(text)
    assert [r.id for r in records] == ["a"]
    assert rejects[0].line == 3
    assert "rest of the file cannot be read" in rejects[0].message


def test_json_truncated_file() -> None:
    records, rejects = load_json("[" + line(id="a") + "," + line(id="b")[:30])
    assert [r.id for r in records] == ["a"]
    assert "truncated" in rejects[0].message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("42", "expected a JSON array"),
        ("[" + json.dumps(GOOD) + " " + json.dumps(GOOD) + "]", "expected ','"),
        ("[" + json.dumps(GOOD) + "] trailing", "after the closing ]"),
        (json.dumps(GOOD) + " trailing", "after the JSON object"),
        ("[1]", "expected a JSON object"),
    ],
)
def test_json_structure_problems(text: str, fragment: str) -> None:
    _, rejects = load_json(text)
    assert fragment in rejects[0].message


def test_json_records_spanning_many_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("trustops.io._reader._CHUNK", 7)
    text = (
        "["
        + ", ".join(line(id=f"r{i}", duration_minutes=1.5, kind="conversation") for i in range(20))
        + "]"
    )
    records, rejects = load_json(text)
    assert [r.id for r in records] == [f"r{i}" for i in range(20)]
    assert not rejects


def test_json_nested_records_and_text_streams() -> None:
    instrument = {
        "id": "s",
        "name": "S",
        "items": [{"id": "q", "construct": "trust", "text": "T", "scale_min": 0, "scale_max": 10}],
    }
    reader = read_json(io.StringIO(json.dumps([instrument])), SurveyInstrument)
    assert [i.id for i in reader] == ["s"]


def test_json_invalid_utf8() -> None:
    reader = read_json(io.BytesIO(b'[{"id": "\xff"}]'), Partner)
    assert reader.read_all() == []
    assert "UTF-8" in reader.rejects[0].message


def test_json_an_oversized_record_stops_the_read() -> None:
    reader = read_json(
        io.BytesIO(("[" + line(id="a", staff_id="s" * 300)).encode()),
        Interaction,
        max_line_bytes=200,
    )
    assert reader.read_all() == []
    assert "longer than 200" in reader.rejects[0].message


def test_area_reject_message_reads_well() -> None:
    reader = read_jsonl(io.StringIO('{"id": "b", "name": "B", "timezone": "Mars/Olympus"}\n'), Area)
    reader.read_all()
    assert str(reader.rejects[0]) == (
        "<stream>:1: $.timezone: expected an IANA time zone name such as 'Europe/London', "
        "got 'Mars/Olympus'"
    )
    assert reader.rejects[0].to_dict()["problems"] == [
        {"path": "$.timezone", "message": reader.rejects[0].message}
    ]


# --- hostile input: a reject, never a crash (issue 10) -------------------------------------

AREA = '{"id": "a", "name": "A", "timezone": "UTC"}'


def read_all_formats(data: bytes, kind: str) -> tuple[list[Any], list[Reject]]:
    """Read ``data`` as ``kind`` (jsonl, json or csv) and check the accounting invariant."""
    opener = {"jsonl": read_jsonl, "json": read_json, "csv": read_csv}[kind]
    reader = opener(io.BytesIO(data), Area)
    records = reader.read_all()
    counts = reader.counts
    assert counts.lines == counts.accepted + counts.rejected + counts.blank
    for reject in reader.rejects:
        str(reject).encode("utf-8")  # printable: no lone surrogates reach a reject
    return records, reader.rejects


def deep(depth: int) -> str:
    return '{"id": "d", "name": ' + "[" * depth + "]" * depth + ', "timezone": "UTC"}'


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


@pytest.mark.parametrize("kind", ["jsonl", "json", "csv"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_named_with_what_to_do(kind: str, encoding: str) -> None:
    text = {"jsonl": AREA + "\n", "json": f"[{AREA}]", "csv": "id,name,timezone\na,A,UTC\n"}
    records, rejects = read_all_formats(text[kind].encode(encoding), kind)
    assert records == []
    assert len(rejects) == 1
    assert "UTF-16" in rejects[0].message or "UTF-32" in rejects[0].message
    assert "save it as UTF-8" in rejects[0].message


@pytest.mark.parametrize("kind", ["jsonl", "json", "csv"])
def test_gzip_files_are_read_by_suffix_and_truncation_is_located(tmp_path: Path, kind: str) -> None:
    many = 3_000
    text = {
        "jsonl": "".join(AREA.replace('"a"', f'"a{i}"', 1) + "\n" for i in range(many)),
        "json": "[" + ",\n".join(AREA.replace('"a"', f'"a{i}"', 1) for i in range(many)) + "]",
        "csv": "id,name,timezone\n" + "".join(f"a{i},A,UTC\n" for i in range(many)),
    }[kind]
    whole = tmp_path / f"areas.{kind}.gz"
    whole.write_bytes(gzip.compress(text.encode()))
    reader = read(whole, Area)
    assert len(reader.read_all()) == many
    assert reader.rejects == []
    cut = tmp_path / f"cut.{kind}.gz"
    cut.write_bytes(whole.read_bytes()[:-40])
    reader = read(cut, Area)
    records = reader.read_all()
    counts = reader.counts
    assert counts.lines == counts.accepted + counts.rejected + counts.blank
    assert 0 < len(records) < many
    assert "truncated" in reader.rejects[-1].message
    plain = tmp_path / f"plain.{kind}"
    plain.write_bytes(whole.read_bytes())
    reader = read(plain, Area)
    assert reader.read_all() == []
    assert "gzip" in reader.rejects[0].message


def test_a_truncated_gzip_stream_object_is_a_reject_not_eof_error() -> None:
    data = gzip.compress((AREA + "\n").encode() * 2_000)[:-30]
    reader = read_jsonl(gzip.GzipFile(fileobj=io.BytesIO(data)), Area)
    records = reader.read_all()
    assert 0 < len(records) < 2_000
    assert reader.rejects[-1].line == len(records) + 1


def test_a_folder_reads_gzip_files(tmp_path: Path) -> None:
    (tmp_path / "areas.jsonl.gz").write_bytes(gzip.compress((AREA + "\n").encode()))
    load = read_dataset(tmp_path)
    assert [a.id for a in load.dataset.areas] == ["a"]


# --- the fuzz harness: mutated valid files never crash a reader ---------------------------


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
