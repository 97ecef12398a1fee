"""The files a path names, for every engine that reads files: one file, a folder, a glob."""

from __future__ import annotations

import glob
import os
from typing import Final, TypeGuard

from ..io import ReaderError
from ._errors import EngineError

__all__ = ["GLOB", "file_kind", "is_path", "must_open", "source_files"]

GLOB: Final = "*?["
"""The characters that make a path that does not exist a pattern, for Python and DuckDB."""

_JSON_SUFFIXES: Final = (".jsonl", ".ndjson")


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


def file_kind(file: str) -> str | None:
    """``"parquet"``, ``"jsonl"`` or ``"csv"`` as the name of ``file`` says (JSON Lines and
    CSV optionally gzip-compressed), else ``None``.

    >>> [file_kind(name) for name in ("a.parquet", "b.JSONL.gz", "c.csv", "d.json")]
    ['parquet', 'jsonl', 'csv', None]
    """
    lowered = file.lower()
    if lowered.endswith(".parquet"):
        return "parquet"
    lowered = lowered.removesuffix(".gz")
    if lowered.endswith(_JSON_SUFFIXES):
        return "jsonl"
    return "csv" if lowered.endswith(".csv") else None


def source_files(source: str | os.PathLike[str]) -> tuple[list[str], str]:
    """The files a path names (a file, a folder, a glob), in the order every engine reads
    them (by path), and their format.

    A folder holds the Parquet, JSON Lines and CSV files under it (other files are left
    alone), all of one format. A path that exists is taken as written, whatever characters
    it holds; only a path that does not exist is a pattern (when it holds ``*``, ``?`` or
    ``[``). Every file must open.
    """
    name = os.fspath(source)
    if os.path.isdir(name):
        found = sorted(
            os.path.join(root, file)
            for root, _, files in os.walk(name)
            for file in files
            if file_kind(file) is not None
        )
    elif os.path.isfile(name):
        found = [name]
    elif any(char in name for char in GLOB):
        found = sorted(glob.glob(name, recursive=True))
    else:
        raise EngineError(f"{name!r} is not a file, a folder or a glob")
    if not found:
        raise EngineError(f"{name!r} names no Parquet, JSON Lines or CSV files")
    for file in found:
        if file_kind(file) is None:
            raise EngineError(f"{file!r} is neither Parquet, JSON Lines nor CSV")
    kinds = {file_kind(file) for file in found}
    if len(kinds) > 1:
        raise EngineError(
            f"{name!r} mixes {' and '.join(sorted(map(str, kinds)))} files; count them apart"
        )
    for file in found:
        must_open(file)
    return found, str(kinds.pop())
