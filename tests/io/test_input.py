"""Sources: opened, recognised as UTF-8 (or named as what they are), read to the end or located."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest

from trustops import Area, Interaction
from trustops.io import (
    ReaderError,
    Reject,
    read,
    read_csv,
    read_json,
    read_jsonl,
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


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="cannot open"):
        list(read_jsonl(tmp_path / "nope.jsonl", Interaction))


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
