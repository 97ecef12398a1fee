"""Reading the command's FILES (record files, dataset folders or ``-``) into one dataset."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from ..io import (
    RECORD_TYPES,
    ReadCounts,
    Reader,
    ReaderError,
    Reject,
    find_record_files,
    make_converter,
    path_kind,
    read,
    read_jsonl,
    skipped_files,
)
from ..model import Dataset
from ..sample import bundled
from ..scoring import ScoringModel, ScoringModelError
from ._errors import DataError, InputError
from ._ui import Ui

__all__ = [
    "KIND_HELP",
    "STDIN",
    "InteractionStream",
    "Loaded",
    "bundled_sample",
    "kind_of",
    "load",
    "load_dataset",
    "load_model",
    "note_duplicates",
    "stream_interactions",
]

STDIN: Final = "-"
KIND_HELP: Final = ", ".join(RECORD_TYPES)
_TICK: Final = 1_000


@attrs.frozen(kw_only=True)
class Loaded:
    """Everything read: the dataset, every reject and the counts of each source read."""

    dataset: Dataset
    rejects: tuple[Reject, ...]
    counts: tuple[tuple[str, ReadCounts], ...]

    @property
    def accepted(self) -> int:
        """Records accepted over all sources."""
        return sum(c.accepted for _, c in self.counts)

    @property
    def blank(self) -> int:
        """Blank lines or rows skipped over all sources."""
        return sum(c.blank for _, c in self.counts)


def kind_of(path: str, kind: str | None) -> str:
    """The record kind of a file: ``kind`` when given, otherwise the file name's stem."""
    if kind is not None:
        return kind
    stem = Path(path).name.split(".", 1)[0]
    if stem in RECORD_TYPES:
        return stem
    raise InputError(
        f"cannot tell the record type of {path!r} from its name; name the file after a kind "
        f"({KIND_HELP}), e.g. interactions.jsonl, or pass --type"
    )


def _read(reader: Reader[Any], label: str, ui: Ui, progress: Any) -> list[Any]:
    task = progress.add_task(f"Reading {label}", total=None)
    records: list[Any] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) % _TICK == 0:
                progress.update(task, completed=len(records))
    except ReaderError as error:
        raise InputError(str(error)) from None
    progress.update(task, completed=len(records))
    return records


def _file_kind(paths: Sequence[str], kind: str | None) -> str | None:
    """The ``--type`` that applies to the files among ``paths``: with ``-`` among them, it names
    what standard input holds, and the files are known by their names."""
    return None if STDIN in paths else kind


def load(paths: Sequence[str], *, kind: str | None, ui: Ui) -> Loaded:
    """Read ``paths`` (files, folders of record files, or ``-`` for JSONL on standard input)
    and merge them into one dataset; bad records become rejects, never errors.

    Raises :class:`InputError` (exit status 2) when a source cannot be read at all.
    """
    converter = make_converter()
    records: dict[str, list[Any]] = {name: [] for name in RECORD_TYPES}
    rejects: list[Reject] = []
    counts: list[tuple[str, ReadCounts]] = []
    file_kind = _file_kind(paths, kind)
    with ui.progress() as progress:
        for path in paths:
            jobs: list[tuple[str, str, Reader[Any]]] = []
            if path == STDIN:
                if kind is None:
                    raise InputError(
                        "reading '-' (standard input) needs --type to say what the records are "
                        f"({KIND_HELP}); the input is read as JSON Lines"
                    )
                stream = sys.stdin.buffer
                jobs.append((kind, "<stdin>", read_jsonl(stream, RECORD_TYPES[kind])))
            elif os.path.isdir(path):
                if file_kind is not None:
                    raise InputError(
                        f"--type applies to record files, but {path!r} is a folder whose files "
                        "are named after their kinds; leave out --type"
                    )
                found = _folder(path, ui)
                for name, file in found.items():
                    reader = read(file, RECORD_TYPES[name], converter=converter)
                    jobs.append((name, os.fspath(file), reader))
            else:
                name = kind_of(path, file_kind)
                try:
                    path_kind(path)
                except ReaderError as error:
                    raise InputError(str(error)) from None
                jobs.append((name, path, read(path, RECORD_TYPES[name], converter=converter)))
            for name, label, reader in jobs:
                records[name].extend(_read(reader, label, ui, progress))
                rejects.extend(attrs.evolve(reject, source=label) for reject in reader.rejects)
                counts.append((label, reader.counts))
    return Loaded(dataset=Dataset(**records), rejects=tuple(rejects), counts=tuple(counts))


@attrs.frozen(kw_only=True)
class InteractionStream:
    """The interactions of FILES, not yet read, with the areas and initiatives read.

    ``source`` is the path of the one interactions file (any engine may read it; Parquet
    too), or an iterable that streams the records of several files or standard input
    through their readers (``readers``, whose rejects are known once it has been read).
    """

    source: object
    areas: tuple[Any, ...]
    initiatives: tuple[Any, ...]
    readers: tuple[tuple[str, Reader[Any]], ...] = ()

    def rejects(self) -> list[Reject]:
        """The rejects of the readers, named by their source (after the stream is read)."""
        return [
            attrs.evolve(reject, source=label)
            for label, reader in self.readers
            for reject in reader.rejects
        ]


_CONTEXT: Final = ("areas", "initiatives")


def stream_interactions(paths: Sequence[str], *, kind: str | None, ui: Ui) -> InteractionStream:
    """The interactions of ``paths`` as a stream for an engine, and the areas and
    initiatives in full (they give zones, populations and initiative kinds). Other record
    kinds are not read. Raises :class:`InputError` as :func:`load` does."""
    converter = make_converter()
    context: dict[str, list[Any]] = {name: [] for name in _CONTEXT}
    sources: list[tuple[str, object]] = []  # (label, path or reader)
    rejects: list[Reject] = []
    file_kind = _file_kind(paths, kind)
    for path in paths:
        if path == STDIN:
            if kind is None:
                raise InputError(
                    "reading '-' (standard input) needs --type to say what the records are "
                    f"({KIND_HELP}); the input is read as JSON Lines"
                )
            reader = read_jsonl(sys.stdin.buffer, RECORD_TYPES[kind])
            if kind == "interactions":
                sources.append(("<stdin>", reader))
            elif kind in _CONTEXT:
                context[kind].extend(_read_all(reader, "<stdin>", rejects))
            continue
        if os.path.isdir(path):
            if file_kind is not None:
                raise InputError(
                    f"--type applies to record files, but {path!r} is a folder whose files "
                    "are named after their kinds; leave out --type"
                )
            found = _folder(path, ui)
            files = [(name, os.fspath(file)) for name, file in found.items()]
        else:
            files = [(kind_of(path, file_kind), path)]
        for name, file in files:
            if name == "interactions":
                sources.append((file, file))
            elif name in _CONTEXT:
                try:
                    path_kind(file)
                    reader = read(file, RECORD_TYPES[name], converter=converter)
                except ReaderError as error:
                    raise InputError(str(error)) from None
                context[name].extend(_read_all(reader, file, rejects))
    if rejects:
        ui.note(
            f"note: {len(rejects):,} area or initiative record(s) were rejected and left out; "
            "run trustops validate to see them"
        )
    if len(sources) == 1 and isinstance(sources[0][1], str):
        source: object = sources[0][1]
        readers: tuple[tuple[str, Reader[Any]], ...] = ()
    else:
        opened = []
        for label, item in sources:
            try:
                reader = (
                    item
                    if isinstance(item, Reader)
                    else read(str(item), RECORD_TYPES["interactions"], converter=converter)
                )
            except ReaderError as error:
                raise InputError(str(error)) from None
            opened.append((label, reader))
        readers = tuple(opened)
        source = itertools.chain.from_iterable(reader for _, reader in readers)
    return InteractionStream(
        source=source,
        areas=tuple(context["areas"]),
        initiatives=tuple(context["initiatives"]),
        readers=readers,
    )


def _folder(path: str, ui: Ui) -> dict[str, Path]:
    """The record files of the folder ``path``; what is skipped is named, and a folder
    without any record file is an error (exit status 1: nothing to compute)."""
    try:
        found = find_record_files(path)
        skipped = skipped_files(path)
    except (ReaderError, OSError) as error:
        raise InputError(str(error)) from None
    if skipped:
        ui.note(f"note: skipped in {path}: " + "; ".join(skipped))
    if not found:
        raise DataError(
            f"{path!r} holds no record files: name them after their kind "
            f"({KIND_HELP}), e.g. interactions.jsonl"
        )
    return found


def _read_all(reader: Reader[Any], label: str, rejects: list[Reject]) -> list[Any]:
    try:
        records = reader.read_all()
    except ReaderError as error:
        raise InputError(str(error)) from None
    rejects.extend(attrs.evolve(reject, source=label) for reject in reader.rejects)
    return records


def load_dataset(paths: Sequence[str], *, kind: str | None, ui: Ui) -> Dataset:
    """:func:`load` for commands that publish figures: rejects are left out, with a note,
    and so are interactions repeating an id (:func:`note_duplicates`)."""
    loaded = load(paths, kind=kind, ui=ui)
    if loaded.rejects:
        ui.note(
            f"note: {len(loaded.rejects):,} record(s) were rejected and left out; "
            "run trustops validate to see them"
        )
    note_duplicates(loaded.dataset, ui)
    return loaded.dataset


def note_duplicates(found: Dataset | int, ui: Ui) -> None:
    """Say how many interactions repeat an id and are left out (every computation counts
    the first of each id): ``found`` is the dataset, or the count an engine reported."""
    if isinstance(found, Dataset):
        found = len(found.interactions) - len({i.id for i in found.interactions})
    if found:
        ui.note(
            f"note: {found:,} interaction(s) repeat an id already counted and were left out "
            "(the first of each id is counted); run trustops validate to see them"
        )


def load_model(path: str | None) -> ScoringModel | None:
    """Read a scoring model from a ``.toml`` or ``.json`` file; ``None`` when no path.

    Raises :class:`InputError` (exit status 2) naming the file and the problem.
    """
    if path is None:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the scoring model {path!r}: {error}") from None
    try:
        if path.lower().endswith(".json"):
            return ScoringModel.from_json(text)
        return ScoringModel.from_toml(text)
    except ScoringModelError as error:
        raise InputError(f"scoring model {path!r}: {error}") from None


def bundled_sample() -> Dataset:
    """The sample programme the command uses when no FILES are given
    (:func:`trustops.sample.bundled`)."""
    return bundled()
