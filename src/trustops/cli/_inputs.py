"""Reading the command's FILES (record files, dataset folders or ``-``) into one dataset."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import click

from .. import engines, metrics
from .._errors import TrustopsError
from ..engines import choose_engine, empty_input
from ..io import (
    RECORD_TYPES,
    DatasetLoad,
    ReadCounts,
    Reader,
    ReaderError,
    RecordSource,
    Reject,
    find_record_files,
    make_converter,
    read,
    read_jsonl,
    read_sources,
    skipped_files,
)
from ..metrics import DailyStatistics
from ..model import Dataset
from ..privacy import PrivacyKey
from ..sample import bundled
from ..scoring import ScoringModel, ScoringModelError
from ._errors import DataError, InputError
from ._ui import Ui

__all__ = [
    "KIND_HELP",
    "PIPELINE_ENGINES",
    "STDIN",
    "InteractionStream",
    "Pipeline",
    "bundled_sample",
    "kind_of",
    "load",
    "load_dataset",
    "load_model",
    "load_pipeline",
    "note_duplicates",
    "refuse_empty",
    "stream_interactions",
]

STDIN: Final = "-"
_STDIN_NAME: Final = "<stdin>"
KIND_HELP: Final = ", ".join(RECORD_TYPES)


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


def _sources(paths: Sequence[str], *, kind: str | None, ui: Ui) -> list[RecordSource]:
    """What ``paths`` name: files, the record files of folders (what is skipped is noted), or
    ``-`` for JSON Lines on standard input, each with its kind.

    ``--type`` (``kind``) names what standard input holds when ``-`` is among the paths, and
    otherwise the kind of every file; folders' files are known by their names. Raises
    :class:`InputError` (exit status 2) for what cannot be read at all.
    """
    file_kind = None if STDIN in paths else kind
    found: list[RecordSource] = []
    for path in paths:
        if path == STDIN:
            if kind is None:
                raise InputError(
                    "reading '-' (standard input) needs --type to say what the records are "
                    f"({KIND_HELP}); the input is read as JSON Lines"
                )
            found.append((kind, sys.stdin.buffer, _STDIN_NAME))
        elif os.path.isdir(path):
            if file_kind is not None:
                raise InputError(
                    f"--type applies to record files, but {path!r} is a folder whose files "
                    "are named after their kinds; leave out --type"
                )
            found.extend((name, os.fspath(file)) for name, file in _folder(path, ui).items())
        else:
            found.append((kind_of(path, file_kind), path))
    return found


def _read(sources: Sequence[RecordSource], progress: Any = None) -> DatasetLoad:
    """:func:`trustops.io.read_sources`, its progress shown; :class:`InputError` if a source
    cannot be opened."""
    tasks: dict[str, Any] = {}

    def show(name: str, count: int) -> None:
        if name not in tasks:
            tasks[name] = progress.add_task(f"Reading {name}", total=None)
        progress.update(tasks[name], completed=count)

    try:
        loaded = read_sources(
            sources, converter=make_converter(), on_progress=None if progress is None else show
        )
    except ReaderError as error:
        raise InputError(str(error)) from None
    for name, counts in loaded.sources:
        refuse_empty(name, counts)
    return loaded


def refuse_empty(name: str, counts: ReadCounts) -> None:
    """A :class:`DataError` (exit status 1) when the source ``name`` holds no records (no
    line, no data row, blank lines only): every command refuses an empty input alike."""
    message = empty_input("standard input" if name == _STDIN_NAME else repr(name), counts)
    if message is not None:
        raise DataError(message)


def load(paths: Sequence[str], *, kind: str | None, ui: Ui) -> DatasetLoad:
    """Read ``paths`` (files, folders of record files, or ``-`` for JSONL on standard input)
    and merge them into one dataset; bad records become rejects, never errors.

    Raises :class:`InputError` (exit status 2) when a source cannot be read at all.
    """
    sources = _sources(paths, kind=kind, ui=ui)
    with ui.progress() as progress:
        return _read(sources, progress)


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
    found = _sources(paths, kind=kind, ui=ui)
    context = _read([source for source in found if source[0] in _CONTEXT])
    if context.rejects:
        ui.note(
            f"note: {len(context.rejects):,} area or initiative record(s) were rejected and left "
            "out; run trustops validate to see them"
        )
    interactions = [source for source in found if source[0] == "interactions"]
    if len(interactions) == 1 and isinstance(interactions[0][1], str):
        source: object = interactions[0][1]
        readers: tuple[tuple[str, Reader[Any]], ...] = ()
    else:
        converter = make_converter()
        opened = []
        for _, item, *name in interactions:
            cls = RECORD_TYPES["interactions"]
            try:
                reader = (
                    read(item, cls, converter=converter)
                    if isinstance(item, str)
                    else read_jsonl(item, cls, converter=converter)
                )
            except ReaderError as error:
                raise InputError(str(error)) from None
            opened.append((name[0] if name else reader.name, reader))
        readers = tuple(opened)
        source = itertools.chain.from_iterable(reader for _, reader in readers)
    return InteractionStream(
        source=source,
        areas=context.dataset.areas,
        initiatives=context.dataset.initiatives,
        readers=readers,
    )


PIPELINE_ENGINES: Final = ("reference", "processes", "duckdb")
"""The engines ``report``, ``score`` and ``effects`` count interactions with (``--engine``)."""

ENGINE_HELP: Final = (
    "How the interactions are counted: reference (read as records in this process), "
    "processes (a JSONL file with every CPU), duckdb (Parquet, JSONL, CSV, never read as "
    "records; the duckdb extra). auto chooses by the input's format and size: duckdb for "
    "Parquet."
)


@attrs.frozen(kw_only=True)
class Pipeline:
    """What ``report``, ``score`` and ``effects`` compute from: ``dataset`` (every record
    read, or every record but the interactions when an engine counts them from ``source``,
    the path of the one interactions file), the ``rejects`` of what was read, and the
    ``engine`` that counts the interactions."""

    dataset: Dataset
    rejects: tuple[Reject, ...]
    source: str | None
    engine: str

    def daily(self, ui: Ui, privacy: PrivacyKey | None = None) -> DailyStatistics:
        """The interactions' statistics per area, initiative and local day: counted by the
        engine from :attr:`source` (its rejects noted), or from the dataset's records. A
        source that cannot be read or holds no records is a :class:`DataError`."""
        dataset = self.dataset
        if self.source is None:
            return metrics.daily_statistics(
                dataset.interactions,
                areas=dataset.areas,
                initiatives=dataset.initiatives,
                privacy=privacy,
            )
        try:
            counted = engines.daily_statistics(
                self.source,
                engine=self.engine,
                areas=dataset.areas,
                initiatives=dataset.initiatives,
                privacy=privacy,
            )
        except TrustopsError as error:  # a file the engine cannot read, or without records
            raise DataError(str(error)) from None
        if counted.rejects:
            ui.note(
                f"note: {len(counted.rejects):,} interaction(s) were rejected and left out; "
                "run trustops validate to see them"
            )
        return counted.statistics


def load_pipeline(
    paths: Sequence[str], *, kind: str | None, ui: Ui, engine: str = "auto"
) -> Pipeline:
    """Read ``paths`` for a command that computes from every record kind. One interactions
    file that ``engine`` reads (``auto``: :func:`~trustops.engines.choose_engine`, so duckdb
    for Parquet and large files) is left to the engine, never read as records; otherwise
    every record is read (:func:`load`). Bad records become rejects, noted with the
    duplicates of the records read."""
    found = _sources(paths, kind=kind, ui=ui)
    files = [item for source in found if source[0] == "interactions" for item in source[1:2]]
    single = files[0] if len(files) == 1 and isinstance(files[0], str) else None
    if single is None and engine not in ("auto", "reference"):
        raise click.BadParameter(
            f"the {engine} engine reads one interactions file (a path), not standard input or "
            "several interactions files at once; use --engine reference (or auto), or give "
            "one file",
            param_hint="--engine",
        )
    chosen = "reference" if single is None or engine == "reference" else engine
    if chosen == "auto":
        chosen = choose_engine(single)
    kept = found if chosen == "reference" else [s for s in found if s[0] != "interactions"]
    with ui.progress() as progress:
        loaded = _read(kept, progress)
    if loaded.rejects:
        ui.note(
            f"note: {len(loaded.rejects):,} record(s) were rejected and left out; "
            "run trustops validate to see them"
        )
    note_duplicates(loaded.dataset, ui)
    return Pipeline(
        dataset=loaded.dataset,
        rejects=loaded.rejects,
        source=None if chosen == "reference" else single,
        engine=chosen,
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
