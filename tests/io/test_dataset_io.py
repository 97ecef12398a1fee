"""Datasets as folders of files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from trustops import Dataset
from trustops import testing as tst
from trustops.io import (
    ReadCounts,
    ReaderError,
    find_record_files,
    read_dataset,
    read_sources,
    write_dataset,
)


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


AREA_LINE = b'{"id": "%s", "name": "A", "timezone": "UTC"}\n'


def test_sources_of_one_kind_add_up_in_order_with_their_names(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("id,name,timezone\nc,C,UTC\nd,D,Mars\n", encoding="utf-8")
    load = read_sources(
        [
            ("areas", io.BytesIO(AREA_LINE % b"a" + b"\n" + AREA_LINE % b"b"), "<stdin>"),
            ("areas", path),
            ("partners", io.BytesIO(b'{"id": "p", "name": "P"}\n')),
        ]
    )
    assert [area.id for area in load.dataset.areas] == ["a", "b", "c"]
    assert [partner.id for partner in load.dataset.partners] == ["p"]
    assert [(r.source, r.line, r.path) for r in load.rejects] == [(str(path), 3, "$.timezone")]
    assert load.counts["areas"] == ReadCounts(lines=5, accepted=3, rejected=1, blank=1)
    assert [name for name, _ in load.sources] == ["<stdin>", str(path), "<stream>"]
    assert (load.accepted, load.blank) == (4, 1)


def test_progress_is_told_at_the_start_every_thousand_records_and_at_the_end() -> None:
    told: list[tuple[str, int]] = []
    data = b"".join(AREA_LINE % f"a{i}".encode() for i in range(2_500))
    read_sources([("areas", io.BytesIO(data), "big")], on_progress=lambda *a: told.append(a))
    assert told == [("big", 0), ("big", 1_000), ("big", 2_000), ("big", 2_500)]


def test_no_sources_give_an_empty_dataset_and_a_missing_file_is_an_error(tmp_path: Path) -> None:
    load = read_sources([])
    assert load.dataset.areas == ()
    assert load.sources == ()
    assert load.accepted == 0
    with pytest.raises(ReaderError, match="cannot open"):
        read_sources([("areas", tmp_path / "areas.jsonl")])


def test_a_parquet_file_in_a_folder_is_read_and_a_misnamed_one_gets_the_right_hint(
    tmp_path: Path,
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from trustops.io import skipped_files

    (tmp_path / "areas.jsonl").write_text(
        '{"id": "a", "name": "A", "timezone": "UTC"}\n', encoding="utf-8"
    )
    visits = pa.table({"id": ["i1", "i2"], "occurred_at": ["2026-03-01T10:00:00+00:00"] * 2,
                       "area_id": ["a", "a"], "kind": ["conversation"] * 2,
                       "initiator": ["staff"] * 2, "channel": ["phone"] * 2})  # fmt: skip
    pq.write_table(visits, tmp_path / "interactions.parquet")
    pq.write_table(visits, tmp_path / "interaction.parquet")
    assert sorted(find_record_files(tmp_path)) == ["areas", "interactions"]
    load = read_dataset(tmp_path)
    assert [i.id for i in load.dataset.interactions] == ["i1", "i2"]
    assert load.clean
    assert skipped_files(tmp_path) == [
        "interaction.parquet (not a record kind's name: did you mean interactions.parquet?)"
    ]
