"""Tests for trustops.engines._processes: parallel tables equal the serial table, rejects and
counts included."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustops.engines import EngineError, ProcessesEngine, byte_ranges, engagement_table
from trustops.engines import _processes as processes
from trustops.io import read_jsonl, write_jsonl
from trustops.metrics import engagement_table as table_of_objects
from trustops.model import Interaction
from trustops.sample import generate

SAMPLE = generate(scale=0.1)
BAD_LINES = {
    5: b'{"id": "bad-1", "occurred_at": "2025-01-01T00:00:00"}',
    700: b"not json at all",
    1500: b"",
    2900: b'{"id": "bad-2", "occurred_at": "2025-02-01T10:00:00Z", "area_id": "x", "kind": "gossip",'
    b' "initiator": "staff", "channel": "phone"}',
}


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parallel") / "interactions.jsonl"
    write_jsonl(SAMPLE.interactions, path)
    lines = path.read_bytes().splitlines()
    for index, line in sorted(BAD_LINES.items()):
        lines.insert(index, line)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize(
    ("by", "period"), [(("area",), "month"), (("initiative_kind", "staff"), None)]
)
def test_parallel_equals_serial(
    log: Path,
    workers: int,
    by: tuple[str, ...],
    period: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(processes, "_MIN_RANGE", 1)  # several ranges even for a small file
    reader = read_jsonl(log, Interaction)
    serial = table_of_objects(
        reader, by=by, period=period, areas=SAMPLE.areas, initiatives=SAMPLE.initiatives
    )
    found = engagement_table(
        log,
        engine="processes",
        by=by,
        period=period,
        areas=SAMPLE.areas,
        initiatives=SAMPLE.initiatives,
        workers=workers,
    )
    assert found.workers == workers
    assert found.table == serial
    assert found.rejects == tuple(reader.rejects)
    assert [r.line for r in found.rejects] == [6, 701, 2901]
    assert found.counts == reader.counts
    assert found.counts.blank == 1


def test_small_files_are_read_in_this_process(log: Path) -> None:
    found = engagement_table(log, engine="processes", workers=4)
    assert (found.workers, found.engine) == (1, "processes")


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    with pytest.raises(EngineError, match="holds no records"):
        engagement_table(path, engine="processes", workers=2)


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="is not a file"):
        engagement_table(tmp_path / "missing.jsonl", engine="processes")
    with pytest.raises(EngineError, match="JSONL file path"):
        ProcessesEngine().count([], None)  # type: ignore[arg-type]
    path = tmp_path / "one.jsonl"
    path.write_bytes(b"\n")
    with pytest.raises(EngineError, match="at least 1 worker"):
        engagement_table(path, engine="processes", workers=0)
    with pytest.raises(EngineError, match="at least 1 part"):
        byte_ranges(path, 0)
    assert ProcessesEngine().accepts(path)
    assert ProcessesEngine().accepts(tmp_path)  # a folder of JSON Lines files
    assert not ProcessesEngine().accepts([])


def test_a_folder_is_read_file_by_file_each_id_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two files, the second repeating ids of the first: ranges of both files are read by the
    # workers, the first of each id (by path, then line) is kept, rejects keep their file's line
    log = generate(scale=0.05).interactions[:40]
    write_jsonl(log[:30], tmp_path / "a.jsonl")
    (tmp_path / "later").mkdir()
    write_jsonl([*log[20:], *log[:5]], tmp_path / "later" / "b.jsonl")
    with (tmp_path / "later" / "b.jsonl").open("ab") as handle:
        handle.write(b'{"id": "x"}\n')
    monkeypatch.setattr(processes, "_MIN_RANGE", 1024)  # a few ranges per file
    found = engagement_table(tmp_path, engine="processes", workers=2)
    reference = engagement_table(tmp_path, engine="reference")
    assert found.table == reference.table
    assert found.table.rows == table_of_objects(log).rows
    assert found.table.duplicates == 15
    assert found.rejects == reference.rejects
    assert [(r.source, r.line) for r in found.rejects] == [(str(tmp_path / "later/b.jsonl"), 26)]
    assert found.counts == reference.counts
    assert found.workers == 2
    monkeypatch.setattr(processes, "_MIN_RANGE", 1 << 20)  # small files: read in this process
    again = engagement_table(tmp_path, engine="processes", workers=2)
    assert (again.table, again.rejects, again.workers) == (found.table, found.rejects, 1)


def test_a_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id\nx\n", encoding="utf-8")
    assert not ProcessesEngine().accepts(tmp_path)
    with pytest.raises(EngineError, match=r"the processes engine cannot read .*; the reference"):
        engagement_table(tmp_path, engine="processes")
    with pytest.raises(EngineError, match=r"reads JSON Lines, and .* holds csv"):
        ProcessesEngine().count(tmp_path, None)  # type: ignore[arg-type]
    (tmp_path / "b.jsonl").write_text("\n", encoding="utf-8")
    assert not ProcessesEngine().accepts(tmp_path)  # mixed


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")), max_size=40),
    trailing=st.booleans(),
    parts=st.integers(1, 8),
)
def test_byte_ranges_cover_the_file_at_line_starts(
    tmp_path: Path, lines: list[bytes], trailing: bool, parts: int
) -> None:
    data = b"\n".join(lines) + (b"\n" if trailing and lines else b"")
    path = tmp_path / "cut.jsonl"
    path.write_bytes(data)
    ranges = byte_ranges(path, parts)
    assert len(ranges) <= parts
    assert all(end > start for start, end in ranges)
    assert [start for start, _ in ranges[1:]] == [end for _, end in ranges[:-1]]
    if data:
        assert ranges[0][0] == 0
        assert ranges[-1][1] == len(data)
    else:
        assert ranges == []
    for start, _ in ranges[1:]:
        assert data[start - 1 : start] == b"\n"


def test_a_range_reads_exactly_its_bytes_in_any_piece_size(tmp_path: Path) -> None:
    path = tmp_path / "bytes.bin"
    path.write_bytes(bytes(range(100)))
    with processes._Range(str(path), 10, 25) as stream:
        pieces = [stream.read(4) for _ in range(5)]
    assert b"".join(pieces) == bytes(range(10, 25))
    assert pieces[-1] == b""
