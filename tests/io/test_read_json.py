"""JSON arrays: streamed record by record; bad records located; a syntax error ends the read."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from trustops import Area, Interaction, Partner, SurveyInstrument
from trustops.io import (
    Reject,
    read_json,
    read_jsonl,
)

from ._records import GOOD, line


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
    monkeypatch.setattr("trustops.io._read_json._CHUNK", 7)
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
