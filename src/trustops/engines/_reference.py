"""The reference engine: the accumulators over Python objects or a streaming reader."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from typing import Final

from ..io import ReadCounts, Reader, path_kind, read, read_parquet
from ..metrics import TablePlan, accumulate
from ..model import Interaction
from ._base import Counting, EngineError, checked_naive_zone
from ._files import GLOB, file_kind, is_path, source_files

__all__ = ["ReferenceEngine"]


class ReferenceEngine:
    """Counts :class:`~trustops.model.Interaction` objects one by one, in this process.

    ``source`` is any iterable of interactions (a list, a generator, a
    :class:`~trustops.io.Reader`) or the path of a JSONL, JSON or CSV file (or a Parquet
    file, with the ``arrow`` extra), or of a folder of JSONL, CSV or Parquet files, or a glob
    of them (one format, read in the order of their paths, each id counted once across
    them), which is
    read as a stream: memory grows with groups and distinct residents, not with records.
    This is the definition every other engine is tested against.

    A Parquet file is read by :func:`~trustops.io.read_parquet`: a column that is not a field
    makes its rows rejects, unless ``extra="ignore"`` (columns of a data lake's own); a
    timestamp column without a zone (``TIMESTAMP_NTZ``) holds wall times, which are rejects
    unless ``naive_zone`` names the IANA zone they were written in (``"UTC"``).
    """

    name: Final = "reference"

    def __init__(self, extra: str = "forbid", naive_zone: str | None = None) -> None:
        if extra not in ("forbid", "ignore"):
            raise EngineError(f"expected extra='forbid' or extra='ignore', got {extra!r}")
        self.extra = extra
        self.naive_zone = checked_naive_zone(naive_zone)

    def accepts(self, source: object) -> bool:
        """Paths of JSONL, JSON or CSV files (also gzip-compressed) and of Parquet files (read
        row by row), folders and globs of JSONL, CSV or Parquet files, readers and other
        iterables of interactions."""
        if is_path(source):
            name = os.fspath(source)
            return (
                name.lower().removesuffix(".gz").endswith(".json")
                or file_kind(name) is not None
                or os.path.isdir(name)
                or (not os.path.exists(name) and any(char in name for char in GLOB))
            )
        return isinstance(source, Iterable) and not hasattr(source, "__arrow_c_stream__")

    def count(self, source: object, plan: TablePlan) -> Counting:
        """Accumulate every interaction of ``source``; the files of a folder or glob one after
        the other, in the order of their paths (subfolders included), each id counted once
        across them."""
        if is_path(source):
            path = os.fspath(source)
            files = [path] if os.path.isfile(path) else source_files(path)[0]
            readers = [self._reader(file) for file in files]
            counted = accumulate(
                itertools.chain.from_iterable(readers),
                plan.fields,
                plan.calendar(),
                privacy=plan.privacy,
            )
            rejects = tuple(reject for reader in readers for reject in reader.rejects)
            counts = [reader.counts for reader in readers]
            total = ReadCounts(
                lines=sum(c.lines for c in counts),
                accepted=sum(c.accepted for c in counts),
                rejected=sum(c.rejected for c in counts),
                blank=sum(c.blank for c in counts),
            )
            return Counting(counted=counted, rejects=rejects, counts=total)
        if not isinstance(source, Iterable):
            raise EngineError(
                f"the reference engine expected interactions or a file path, got {source!r:.80}"
            )
        counted = accumulate(source, plan.fields, plan.calendar(), privacy=plan.privacy)
        if isinstance(source, Reader):
            return Counting(counted=counted, rejects=tuple(source.rejects), counts=source.counts)
        return Counting(counted=counted)

    def _reader(self, path: str) -> Reader[Interaction]:
        if path_kind(path) == "parquet":
            return read_parquet(path, Interaction, extra=self.extra, naive_zone=self.naive_zone)
        return read(path, Interaction)
