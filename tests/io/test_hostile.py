"""Hostile input: every class of the reliability issue is a reject, never a crash.

The deep-nesting tests run without hypothesis on purpose: hypothesis raises the recursion
limit while it runs, which would hide a RecursionError.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from trustops import Area, Interaction
from trustops.io import read_json, read_jsonl
from trustops.scoring import ScoringModel, ScoringModelError

AREA = {"id": "a1", "name": "A", "timezone": "UTC", "population": 100}


def _line(value: object) -> bytes:
    return json.dumps(value).encode() + b"\n"


@pytest.mark.parametrize("depth", [1_100, 50_000])
def test_deep_nesting_in_jsonl_is_a_reject(depth: int) -> None:
    assert sys.getrecursionlimit() < depth
    deep = b"[" * depth + b"]" * depth + b"\n"
    data = _line(AREA) + deep + _line({**AREA, "id": "a2"})
    reader = read_jsonl(io.BytesIO(data), Area)
    assert [area.id for area in reader] == ["a1", "a2"]
    assert [(r.line, r.path) for r in reader.rejects] == [(2, "$")]
    assert "nested" in reader.rejects[0].message or "invalid JSON" in reader.rejects[0].message


def _deep(depth: int, shape: str) -> str:
    if shape == "arrays":
        return "[" * depth + "]" * depth
    return '{"a": ' * depth + '"]}"' + "}" * depth  # brackets inside a string are text


@pytest.mark.parametrize("depth", [1_000, 1_100, 50_000])
@pytest.mark.parametrize("shape", ["arrays", "objects"])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_deep_nesting_in_a_json_array_is_a_reject_and_the_rest_is_read(
    depth: int, shape: str, where: str
) -> None:
    areas = [json.dumps({**AREA, "id": f"a{i}"}) for i in range(1, 4)]
    at = {"first": 0, "middle": 2, "last": 3}[where]
    items = [*areas[:at], _deep(depth, shape), *areas[at:]]
    reader = read_json(io.StringIO("[\n" + ",\n".join(items) + "\n]"), Area)
    assert [area.id for area in reader] == ["a1", "a2", "a3"]
    assert [(r.line, r.row, r.path) for r in reader.rejects] == [(at + 2, at + 1, "$")]
    assert "nested too deeply" in reader.rejects[0].message
    assert reader.counts.lines == 4


def test_a_deep_value_after_a_refused_one_in_the_same_record_is_passed_over() -> None:
    record = '[{"a": 1, "a": 2}, ' + "[" * 1_100 + "]" * 1_100 + "]"
    text = "[" + record + "," + json.dumps(AREA) + "]"
    reader = read_json(io.StringIO(text), Area)
    assert [area.id for area in reader] == ["a1"]
    assert "appears twice" in reader.rejects[0].message


def test_deep_nesting_that_never_closes_ends_the_read() -> None:
    text = "[" + json.dumps(AREA) + "," + "[" * 1_100 + "]" * 1_000 + "]"
    reader = read_json(io.StringIO(text), Area)
    assert [area.id for area in reader] == ["a1"]
    assert "the rest of the file cannot be read" in reader.rejects[0].message


def test_a_huge_integer_in_a_json_array_is_a_reject_by_field() -> None:
    text = '[{"id": "a1", "name": "A", "timezone": "UTC", "population": ' + "9" * 5000 + "}]"
    reader = read_json(io.StringIO(text), Area)
    assert list(reader) == []
    assert reader.rejects[0].path == "$.population"


@pytest.mark.parametrize("population", ["1" + "0" * 400, str(10**10 + 1)])
def test_a_population_beyond_the_supported_range_is_refused_in_every_format(
    population: str,
) -> None:
    line = '{"id": "a1", "name": "A", "timezone": "UTC", "population": ' + population + "}"
    from_jsonl = read_jsonl(io.BytesIO(line.encode()), Area)
    from_json = read_json(io.StringIO("[" + line + "]"), Area)
    for reader in (from_jsonl, from_json):
        assert list(reader) == []
        assert reader.rejects[0].path == "$.population"
        assert "at most 10,000,000,000" in reader.rejects[0].message


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:00:00-14:00", "0001-01-01T00:00:00+14:00", "1899-12-31T23:59:59Z"]
)
def test_timestamps_outside_the_supported_range_are_refused(when: str) -> None:
    record = {
        "id": "i1",
        "occurred_at": when,
        "area_id": "a",
        "kind": "conversation",
        "initiator": "staff",
        "channel": "phone",
    }
    reader = read_jsonl(io.BytesIO(_line(record)), Interaction)
    assert list(reader) == []
    assert reader.rejects[0].path == "$.occurred_at"
    assert "1900 to 2199" in reader.rejects[0].message


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "a1", "name": "A\\ud800", "timezone": "UTC"}',
        '{"id": "a1", "name": "A", "timezone": "UTC", "\\udc00": 1}',
    ],
)
def test_lone_surrogates_in_values_and_field_names_are_rejects(text: str) -> None:
    for reader in (
        read_jsonl(io.BytesIO(text.encode() + b"\n"), Area),
        read_json(io.StringIO("[" + text + "]"), Area),
    ):
        assert list(reader) == []
        assert "surrogate" in reader.rejects[0].message
        str(reader.rejects[0]).encode("utf-8")  # printable as UTF-8


def test_raw_surrogate_bytes_are_invalid_utf8() -> None:
    data = b'{"id": "a1", "name": "A\xed\xa0\x80", "timezone": "UTC"}\n'
    reader = read_jsonl(io.BytesIO(data), Area)
    assert list(reader) == []
    assert "UTF-8" in reader.rejects[0].message or "surrogate" in reader.rejects[0].message


@pytest.mark.parametrize(
    ("loader", "text"),
    [
        (ScoringModel.from_toml, "a = " + "[" * 3000 + "]" * 3000),
        (ScoringModel.from_toml, "a = " + "9" * 5000),
        (ScoringModel.from_json, "[" * 3000 + "]" * 3000),
        (ScoringModel.from_json, '{"a": ' + "9" * 5000 + "}"),
        (ScoringModel.from_json, b"\xff"),
    ],
)
def test_hostile_scoring_models_raise_the_librarys_error(loader: object, text: str) -> None:
    with pytest.raises(ScoringModelError, match=r"expected (JSON|TOML) text"):
        loader(text)  # type: ignore[operator]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("reading", ["jsonl", "json", "csv"])
def test_utf16_is_named_with_what_to_do(encoding: str, reading: str) -> None:
    from trustops.io import read_csv

    text = {
        "jsonl": json.dumps(AREA) + "\n" + json.dumps({**AREA, "id": "a2"}) + "\n",
        "json": json.dumps([AREA]),
        "csv": "id,name,timezone,population\na1,A,UTC,100\n",
    }[reading]
    read = {"jsonl": read_jsonl, "json": read_json, "csv": read_csv}[reading]
    reader = read(io.BytesIO(text.encode(encoding)), Area)
    assert list(reader) == []
    assert "UTF-16" in reader.rejects[0].message
    assert "save it as UTF-8" in reader.rejects[0].message
    counts = reader.counts
    assert counts.lines == counts.accepted + counts.rejected + counts.blank
