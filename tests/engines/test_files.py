"""The files a path names, shared by every engine that reads files."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustops.engines import EngineError
from trustops.engines._files import source_files


def test_a_folder_names_its_files_by_path_and_leaves_others_alone(tmp_path: Path) -> None:
    for name in ("b.jsonl", "a/z.jsonl", "a/readme.txt", "c.ndjson.gz"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"\n")
    found, kind = source_files(tmp_path)
    assert kind == "jsonl"
    assert found == [str(tmp_path / name) for name in ("a/z.jsonl", "b.jsonl", "c.ndjson.gz")]
    assert source_files(str(tmp_path / "*.jsonl")) == ([str(tmp_path / "b.jsonl")], "jsonl")
    with pytest.raises(EngineError, match="is not a file, a folder or a glob"):
        source_files(tmp_path / "missing")
    with pytest.raises(EngineError, match=r"'.*readme\.txt' is neither Parquet"):
        source_files(str(tmp_path / "a" / "*"))
