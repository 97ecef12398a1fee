"""A whole dataset as a folder of files, one per record kind (``interactions.jsonl`` ...)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import cattrs

from ..model import Dataset
from ._converter import RECORD_TYPES, default_converter
from ._errors import ReaderError
from ._formats import read
from ._reader import Reader
from ._reject import ReadCounts, Reject
from ._writer import write_jsonl

__all__ = ["DatasetLoad", "read_dataset", "write_dataset"]

_SUFFIXES = tuple(
    plain + gz for plain in (".jsonl", ".ndjson", ".json", ".csv") for gz in ("", ".gz")
)


@attrs.frozen(kw_only=True)
class DatasetLoad:
    """What :func:`read_dataset` found: the dataset, every reject and the counts per file."""

    dataset: Dataset
    rejects: tuple[Reject, ...]
    counts: Mapping[str, ReadCounts]

    @property
    def clean(self) -> bool:
        """No rejects and no cross-record problems."""
        return not self.rejects and not self.dataset.problems()


def find_record_files(directory: str | os.PathLike[str]) -> dict[str, Path]:
    """The record files in ``directory`` by kind (``{"interactions": .../interactions.jsonl}``).

    >>> import tempfile
    >>> from pathlib import Path
    >>> from trustops.io import find_record_files
    >>> folder = tempfile.TemporaryDirectory()
    >>> for name in ("areas.jsonl", "interactions.csv", "notes.txt"):
    ...     _ = Path(folder.name, name).write_text("")
    >>> {kind: path.name for kind, path in find_record_files(folder.name).items()}
    {'areas': 'areas.jsonl', 'interactions': 'interactions.csv'}
    >>> folder.cleanup()
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise ReaderError(f"{os.fspath(directory)!r} is not a folder")
    found: dict[str, Path] = {}
    for kind in RECORD_TYPES:
        matches = [
            folder / f"{kind}{suffix}"
            for suffix in _SUFFIXES
            if (folder / f"{kind}{suffix}").is_file()
        ]
        if len(matches) > 1:
            names = ", ".join(m.name for m in matches)
            raise ReaderError(f"{folder}: more than one file for {kind}: {names}; keep one")
        if matches:
            found[kind] = matches[0]
    return found


def skipped_files(directory: str | os.PathLike[str]) -> list[str]:
    """What :func:`find_record_files` leaves out of ``directory``, each with the reason: files
    not named after a record kind (``Areas.jsonl``, ``interaction.jsonl``,
    ``partner.jsonl.gz``), with the name meant when one is close, and links that lead
    nowhere. Hidden files (``.name``) are not listed.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from trustops.io import skipped_files
    >>> folder = tempfile.TemporaryDirectory()
    >>> for name in ("areas.jsonl", "Interaction.JSONL", "notes.txt"):
    ...     _ = Path(folder.name, name).write_text("")
    >>> skipped_files(folder.name)
    ["Interaction.JSONL (not a record kind's name: did you mean interactions.jsonl?)", "notes.txt (not a record kind's name)"]
    >>> folder.cleanup()
    """
    folder = Path(directory)
    used = {path.name for path in find_record_files(folder).values()}
    skipped: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.name in used or path.name.startswith("."):
            continue
        if path.is_symlink() and not path.exists():
            skipped.append(f"{path.name} (a link that leads nowhere)")
            continue
        if not path.is_file():
            continue
        skipped.append(f"{path.name} ({_meant(path.name)})")
    return skipped


def _meant(name: str) -> str:
    lowered = name.lower()
    stem = lowered.partition(".")[0]
    for kind in RECORD_TYPES:
        if stem in (kind, kind.rstrip("s")) or stem == kind + "s":
            suffix = lowered[len(stem) :]
            if suffix not in _SUFFIXES:
                suffix = ".jsonl.gz" if suffix.endswith(".gz") else ".jsonl"
            return f"not a record kind's name: did you mean {kind}{suffix}?"
    return "not a record kind's name"


def read_dataset(
    directory: str | os.PathLike[str], *, converter: cattrs.Converter | None = None
) -> DatasetLoad:
    """Read every record file in ``directory`` into a :class:`~trustops.model.Dataset`.

    Files are named after the record kinds: ``programmes``, ``areas``, ``partners``,
    ``initiatives``, ``sessions``, ``interactions``, ``instruments``, ``responses`` and
    ``indicators``, each ``.jsonl``, ``.json`` or ``.csv``, optionally gzip-compressed
    (``.jsonl.gz``); missing files are empty kinds.
    Bad records become rejects; check references with :meth:`~trustops.model.Dataset.problems`.

    >>> import tempfile
    >>> from trustops.io import read_dataset, write_dataset
    >>> from trustops.sample import generate
    >>> folder = tempfile.TemporaryDirectory()
    >>> dataset = generate(scale=0.05)
    >>> _ = write_dataset(dataset, folder.name)
    >>> load = read_dataset(folder.name)
    >>> load.dataset == dataset, load.rejects, load.clean
    (True, (), True)
    >>> folder.cleanup()
    """
    conv = converter or default_converter()
    records: dict[str, Any] = {}
    rejects: list[Reject] = []
    counts: dict[str, ReadCounts] = {}
    for kind, path in find_record_files(directory).items():
        reader: Reader[Any] = read(path, RECORD_TYPES[kind], converter=conv)
        records[kind] = reader.read_all()
        rejects.extend(reader.rejects)
        counts[kind] = reader.counts
    return DatasetLoad(dataset=Dataset(**records), rejects=tuple(rejects), counts=counts)


def write_dataset(
    dataset: Dataset,
    directory: str | os.PathLike[str],
    *,
    converter: cattrs.Converter | None = None,
) -> dict[str, Path]:
    """Write each non-empty kind of ``dataset`` to ``directory/<kind>.jsonl``; return the paths.

    >>> import tempfile
    >>> from trustops import Area, Dataset
    >>> from trustops.io import write_dataset
    >>> folder = tempfile.TemporaryDirectory()
    >>> paths = write_dataset(Dataset(areas=[Area(id="a", name="A", timezone="UTC")]), folder.name)
    >>> {kind: path.name for kind, path in paths.items()}
    {'areas': 'areas.jsonl'}
    >>> folder.cleanup()
    """
    conv = converter or default_converter()
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for kind in RECORD_TYPES:
        items = getattr(dataset, kind)
        if items:
            path = folder / f"{kind}.jsonl"
            write_jsonl(items, path, converter=conv)
            written[kind] = path
    return written
