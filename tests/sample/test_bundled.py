"""The bundled sample data is exactly the generator's output, loaded through the readers."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from trustops.io import RECORD_TYPES
from trustops.sample import BUNDLED_SCALE, BUNDLED_SEED, BundledSampleError, bundled, bundled_files
from trustops.sample import _bundled as module


def test_bundled_equals_the_generator_so_the_files_never_drift() -> None:
    from trustops.sample import generate

    assert bundled() == generate(seed=BUNDLED_SEED, scale=BUNDLED_SCALE), (
        "the bundled files are stale: run python scripts/build_sample.py"
    )


def test_every_record_kind_is_bundled_and_clean() -> None:
    assert set(bundled_files()) == set(RECORD_TYPES)
    assert bundled().problems() == ()


def test_bundled_files_are_reproducible_gzip_without_timestamps() -> None:
    folder = resources.files("trustops.sample.data")
    for name in bundled_files().values():
        header = folder.joinpath(name).read_bytes()[:10]
        assert header[:2] == b"\x1f\x8b"
        assert header[4:8] == b"\x00\x00\x00\x00"  # mtime 0


def test_damaged_package_data_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    bad = gzip.compress(b'{"id": "a", "name": "A", "timezone": "Nowhere/Atlantis"}\n')

    class Folder:
        def joinpath(self, name: str) -> object:
            import io

            class Entry:
                def open(self, mode: str) -> io.BytesIO:
                    return io.BytesIO(bad)

                def is_file(self) -> bool:
                    return name == "areas.jsonl.gz"

            return Entry()

    monkeypatch.setattr(module.resources, "files", lambda package: Folder())
    with pytest.raises(BundledSampleError, match="reinstall trustops") as info:
        bundled()
    assert info.value.rejects[0].path == "$.timezone"
