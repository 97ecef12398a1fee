"""A whole dataset as a folder of files, one per record kind (``interactions.jsonl`` ...)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import cattrs

from ..model import Dataset
from ._converter import RECORD_TYPES, default_converter
from ._errors import ReaderError
from ._formats import read
from ._read_jsonl import read_jsonl
from ._reader import Reader, Source
from ._reject import ReadCounts, Reject
from ._writer import write_jsonl

__all__ = [
    "DatasetLoad",
    "RecordSource",
    "find_record_files",
    "read_dataset",
    "read_sources",
    "skipped_files",
    "write_dataset",
]

RecordSource = tuple[str, Source] | tuple[str, Source, str]
"""One source of records: ``(kind, path or open binary stream)``, optionally with a name for
the stream's rejects (``("areas", sys.stdin.buffer, "<stdin>")``)."""

_TICK: Final = 1_000

_SUFFIXES = (
    *(plain + gz for plain in (".jsonl", ".ndjson", ".json", ".csv") for gz in ("", ".gz")),
    ".parquet",
)


@attrs.frozen(kw_only=True)
class DatasetLoad:
    """What :func:`read_dataset` found: the dataset, every reject and the counts per file."""

    dataset: Dataset
    rejects: tuple[Reject, ...]
    counts: Mapping[str, ReadCounts]
    """The counts of each record kind read, over all its sources."""
    sources: tuple[tuple[str, ReadCounts], ...] = ()
    """Each source read, by name (a file's path), with its counts, in the order read."""

    @property
    def clean(self) -> bool:
        """No rejects and no cross-record problems."""
        return not self.rejects and not self.dataset.problems()

    @property
    def accepted(self) -> int:
        """Records accepted over all sources."""
        return sum(counts.accepted for counts in self.counts.values())

    @property
    def blank(self) -> int:
        """Blank lines or rows skipped over all sources."""
        return sum(counts.blank for counts in self.counts.values())


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
    (``.jsonl.gz``), or ``.parquet`` (the ``arrow`` extra); missing files are empty kinds.
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
    return read_sources(find_record_files(directory).items(), converter=converter)


def read_sources(
    sources: Iterable[RecordSource],
    *,
    converter: cattrs.Converter | None = None,
    on_progress: Callable[[str, int], None] | None = None,
) -> DatasetLoad:
    """Read record sources of any kinds into one :class:`~trustops.model.Dataset`.

    Each source is ``(kind, path or open binary stream)`` (see :data:`~trustops.io.RecordSource`): a path
    is read in the format its name says (:func:`read`), a stream as JSON Lines. Several
    sources of one kind add up, in order. Bad records become rejects, never errors;
    ``on_progress(name, records read)`` is called as each source starts, every 1,000
    records and at its end. A source that cannot be opened raises
    :class:`~trustops.io.ReaderError`. The one loader behind :func:`read_dataset`, the command line's FILES and the
    bundled sample.

    >>> import io
    >>> from trustops.io import read_sources
    >>> load = read_sources([
    ...     ("areas", io.BytesIO(b'{"id": "a", "name": "A", "timezone": "UTC"}\\n'), "one"),
    ...     ("areas", io.BytesIO(b'{"id": "b", "name": "B", "timezone": "Mars"}\\n'), "two"),
    ... ])
    >>> [area.id for area in load.dataset.areas], [(r.source, r.path) for r in load.rejects]
    (['a'], [('two', '$.timezone')])
    >>> load.counts["areas"], [name for name, _ in load.sources]
    (ReadCounts(lines=2, accepted=1, rejected=1, blank=0), ['one', 'two'])
    """
    conv = converter or default_converter()
    records: dict[str, list[Any]] = {}
    rejects: list[Reject] = []
    counts: dict[str, ReadCounts] = {}
    read_counts: list[tuple[str, ReadCounts]] = []
    for kind, source, *name in sources:
        cls = RECORD_TYPES[kind]
        reader: Reader[Any] = (
            read(source, cls, converter=conv)
            if isinstance(source, str | os.PathLike)
            else read_jsonl(source, cls, converter=conv)
        )
        if name:
            reader.name = name[0]
        found = records.setdefault(kind, [])
        if on_progress is None:
            found.extend(reader)
        else:
            start = len(found)
            on_progress(reader.name, 0)
            for record in reader:
                found.append(record)
                if not (len(found) - start) % _TICK:
                    on_progress(reader.name, len(found) - start)
            on_progress(reader.name, len(found) - start)
        rejects.extend(reader.rejects)
        read_counts.append((reader.name, reader.counts))
        counts[kind] = _add(counts.get(kind, ReadCounts()), reader.counts)
    return DatasetLoad(
        dataset=Dataset(**records),
        rejects=tuple(rejects),
        counts=counts,
        sources=tuple(read_counts),
    )


def _add(first: ReadCounts, second: ReadCounts) -> ReadCounts:
    return ReadCounts(
        lines=first.lines + second.lines,
        accepted=first.accepted + second.accepted,
        rejected=first.rejected + second.rejected,
        blank=first.blank + second.blank,
    )


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
