"""The reference engine: the accumulators over Python objects or a streaming reader."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Final, TypeGuard

from ..io import Reader, ReaderError, path_kind, read, read_parquet
from ..metrics import TablePlan, accumulate
from ..model import Interaction
from ._base import Counting, EngineError

__all__ = ["ReferenceEngine", "is_path", "must_open"]


def is_path(source: object) -> TypeGuard[str | os.PathLike[str]]:
    """Whether ``source`` names a file (a ``str`` or a path-like object)."""
    return isinstance(source, str | os.PathLike)


def must_open(path: str) -> None:
    """A :class:`~trustops.io.ReaderError` naming ``path`` when it cannot be opened for
    reading (permission denied, ...), as the row reader words it."""
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        raise ReaderError(f"cannot open {path!r}: {error.strerror or error}") from None


class ReferenceEngine:
    """Counts :class:`~trustops.model.Interaction` objects one by one, in this process.

    ``source`` is any iterable of interactions (a list, a generator, a
    :class:`~trustops.io.Reader`) or the path of a JSONL, JSON or CSV file (or a Parquet
    file, with the ``arrow`` extra), which is read as a stream: memory grows with groups and distinct residents, not with records. This is
    the definition every other engine is tested against.

    A Parquet file is read by :func:`~trustops.io.read_parquet`: a column that is not a field
    makes its rows rejects, unless ``extra="ignore"`` (columns of a data lake's own).
    """

    name: Final = "reference"

    def __init__(self, extra: str = "forbid") -> None:
        if extra not in ("forbid", "ignore"):
            raise EngineError(f"expected extra='forbid' or extra='ignore', got {extra!r}")
        self.extra = extra

    def accepts(self, source: object) -> bool:
        """Paths of JSONL, JSON or CSV files (also gzip-compressed) and of Parquet files (read
        row by row), readers and other iterables of interactions."""
        if is_path(source):
            name = os.fspath(source).lower()
            return name.removesuffix(".gz").endswith((".jsonl", ".ndjson", ".json", ".csv")) or (
                name.endswith(".parquet")
            )
        return isinstance(source, Iterable) and not hasattr(source, "__arrow_c_stream__")

    def count(self, source: object, plan: TablePlan) -> Counting:
        """Accumulate every interaction of ``source``."""
        if is_path(source):
            path = os.fspath(source)
            if not os.path.isfile(path):
                raise EngineError(f"{path!r} is not a file")
            reader: Reader[Interaction] = (
                read_parquet(path, Interaction, extra=self.extra)
                if path_kind(path) == "parquet"
                else read(path, Interaction)
            )
            counted = accumulate(reader, plan.fields, plan.calendar(), privacy=plan.privacy)
            return Counting(counted=counted, rejects=tuple(reader.rejects), counts=reader.counts)
        if not isinstance(source, Iterable):
            raise EngineError(
                f"the reference engine expected interactions or a file path, got {source!r:.80}"
            )
        counted = accumulate(source, plan.fields, plan.calendar(), privacy=plan.privacy)
        if isinstance(source, Reader):
            return Counting(counted=counted, rejects=tuple(source.rejects), counts=source.counts)
        return Counting(counted=counted)
