"""Tests of atomic_path: files are written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from trustops import Area, Partner
from trustops.io import atomic_path, write_csv, write_json, write_jsonl

AREA = Area(id="a", name="A", timezone="UTC")


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_the_file_appears_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_path(target) as temporary:
        assert temporary.parent == tmp_path
        assert not target.exists()  # nothing shows until the block ends
        temporary.write_text("whole")
    assert target.read_text() == "whole"
    assert names(tmp_path) == ["out.txt"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def write_half() -> None:
        with atomic_path(target) as temporary:
            temporary.write_text("half")
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        write_half()
    assert target.read_text() == "old"
    assert names(tmp_path) == ["out.txt"]


def test_a_missing_folder_is_an_error_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_path(tmp_path / "no" / "out.txt"):
        pytest.fail("the block must not run")  # pragma: no cover
    assert names(tmp_path) == []


def test_a_writer_that_fails_midway_leaves_no_half_file(tmp_path: Path) -> None:
    target = tmp_path / "partners.csv"
    mixed = [Partner(id="p1", name="Library"), AREA]
    with pytest.raises(TypeError, match="one record type"):
        write_csv(mixed, target)  # type: ignore[arg-type]
    assert names(tmp_path) == []


@pytest.mark.parametrize("write", [write_jsonl, write_json])
def test_json_writers_keep_the_old_file_when_a_record_fails(tmp_path: Path, write: object) -> None:
    target = tmp_path / "areas.json"
    target.write_text("old")

    def records() -> object:
        yield AREA
        raise ValueError("the source broke")

    with pytest.raises(ValueError, match="the source broke"):
        write(records(), target)  # type: ignore[operator]
    assert target.read_text() == "old"
    assert names(tmp_path) == ["areas.json"]


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    with atomic_path(target) as temporary:
        temporary.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert names(tmp_path) == ["out.csv"]


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.csv"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with atomic_path(link) as temporary:
        temporary.write_text("new", encoding="utf-8")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert names(real.parent) == ["real.csv"]
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "data" / "later.csv")
    with atomic_path(dangling) as temporary:
        temporary.write_text("made", encoding="utf-8")
    assert dangling.is_symlink()
    assert (tmp_path / "data" / "later.csv").read_text(encoding="utf-8") == "made"


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    with atomic_path(fifo) as temporary:
        assert temporary == fifo
        temporary.write_text("area,n\n", encoding="utf-8")
    reader.join(timeout=10)
    assert received == [b"area,n\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert names(tmp_path) == ["fifo.csv"]


def test_a_device_is_written_through_not_replaced() -> None:
    with atomic_path("/dev/null") as temporary:
        assert temporary == Path("/dev/null")
        temporary.write_text("nothing", encoding="utf-8")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
