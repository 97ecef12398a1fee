"""Sources: opened, recognised as UTF-8 (or named as what they are), read to the end or located."""

from __future__ import annotations

import gc
import gzip
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import Area, Interaction
from trustops.io import (
    ReaderError,
    read,
    read_jsonl,
)
from trustops.io._input import Input, split_lines

from ._records import AREA, read_all_formats


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


class _Trickle(io.RawIOBase):
    """A stream handing out at most ``step`` bytes a read, as pipes and sockets may."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data, self._step = data, step

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = self._step if size < 0 else min(size, self._step)
        chunk, self._data = self._data[:size], self._data[size:]
        return chunk


@pytest.mark.parametrize("step", [1, 3, 64])
def test_lines_are_split_whatever_the_reads_hand_out(
    monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    monkeypatch.setattr("trustops.io._input._READ_SIZE", 5)
    data = b"one\ntwo\n\nthree-is-long\nlast"
    ended = [True]
    lines = list(split_lines(Input(_Trickle(data, step)), 8, ended))  # type: ignore[arg-type]
    assert lines[:3] + lines[4:] == [b"one", b"two", b"", b"last"]
    # cut to at most limit + 4 bytes (too long even without a BOM)
    assert b"three-is-long".startswith(lines[3])
    assert 8 < len(lines[3]) <= 12
    assert ended == [False]  # the last line had no line end


def test_a_file_opened_for_a_read_is_closed_after_it_and_a_stream_is_not(tmp_path: Path) -> None:
    path = tmp_path / "areas.jsonl"
    path.write_text(AREA + "\n", encoding="utf-8")
    reader = read_jsonl(path, Area)
    iterator = iter(reader)
    next(iterator)
    opened = [f for f in gc_open_files() if f.name == str(path)]
    assert opened
    iterator.close()  # the reader is abandoned part-way
    assert all(f.closed for f in opened)
    stream = io.BytesIO((AREA + "\n").encode())
    read_jsonl(stream, Area).read_all()
    assert not stream.closed


def gc_open_files() -> list[Any]:
    return [o for o in gc.get_objects() if isinstance(o, io.BufferedReader)]


def test_gzip_bytes_without_a_gz_name_are_named_as_such() -> None:
    reader = read_jsonl(io.BytesIO(gzip.compress(AREA.encode())), Area)
    assert reader.read_all() == []
    assert "gzip-compressed" in reader.rejects[0].message
    assert reader.counts.lines == 1


@given(
    lines=st.lists(st.binary(max_size=30).map(lambda line: line.replace(b"\n", b"")), max_size=12),
    last_ends=st.booleans(),
    step=st.integers(1, 40),
    size=st.integers(1, 40),
    limit=st.integers(1, 20),
)
def test_split_lines_gives_each_line_or_a_long_line_cut_whatever_the_reads(
    lines: list[bytes], last_ends: bool, step: int, size: int, limit: int
) -> None:
    data = b"\n".join(lines) + (b"\n" if last_ends and lines else b"")
    expected = data.split(b"\n")
    if expected[-1] == b"":
        expected.pop()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("trustops.io._input._READ_SIZE", size)
        ended = [True]
        found = list(split_lines(Input(_Trickle(data, step)), limit, ended))  # type: ignore[arg-type]
    assert len(found) == len(expected)
    for got, line in zip(found, expected, strict=True):
        assert got == line or (len(line) > limit and line.startswith(got) and len(got) > limit)
    # a last line without a line end is reported as such, unless it is refused as too long
    assert ended == [data.endswith(b"\n") or not expected or len(expected[-1]) > limit]
