"""Datasets as folders of files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from trustops import Dataset
from trustops import testing as tst
from trustops.io import ReaderError, find_record_files, read_dataset, write_dataset


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=20)
@given(tst.datasets())
def test_write_then_read_gives_the_same_dataset(tmp_path: Path, dataset: Dataset) -> None:
    folder = tmp_path / "ds"
    for old in folder.glob("*"):
        old.unlink()
    write_dataset(dataset, folder)
    load = read_dataset(folder)
    assert load.rejects == ()
    assert load.dataset == dataset
    assert load.clean


def test_rejects_and_counts_are_kept_per_file(tmp_path: Path) -> None:
    (tmp_path / "areas.csv").write_text(
        "id,name,timezone\na,A,UTC\nb,B,Nowhere\n", encoding="utf-8"
    )
    (tmp_path / "partners.json").write_text('[{"id": "p", "name": "P"}]', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    load = read_dataset(tmp_path)
    assert [a.id for a in load.dataset.areas] == ["a"]
    assert [p.id for p in load.dataset.partners] == ["p"]
    assert load.rejects[0].source.endswith("areas.csv")
    assert load.counts["areas"].rejected == 1
    assert not load.clean


def test_two_files_for_one_kind_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "areas.csv").write_text("id,name,timezone\n", encoding="utf-8")
    (tmp_path / "areas.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(ReaderError, match="more than one file for areas"):
        find_record_files(tmp_path)


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="is not a folder"):
        read_dataset(tmp_path / "missing")
