"""Reading a file in the format its name says: ``.jsonl``/``.ndjson``, ``.json``, ``.csv``
(each optionally ``.gz``) and ``.parquet``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from ._errors import ReaderError
from ._read_arrow import read_parquet
from ._read_csv import read_csv
from ._read_json import read_json
from ._read_jsonl import read_jsonl
from ._reader import Reader

__all__ = ["path_kind", "read"]

T = TypeVar("T")


def path_kind(path: str | os.PathLike[str]) -> str:
    """The format of a file by its suffix: ``"jsonl"``, ``"json"``, ``"csv"`` or
    ``"parquet"``.

    A further ``.gz`` suffix means gzip-compressed: the readers decompress it as they go,
    and a truncated or corrupt stream is a located reject. Parquet files (the ``arrow``
    extra) are read row by row with the same checks (:func:`read_parquet`).

    >>> from trustops.io import path_kind
    >>> path_kind("data/interactions.jsonl"), path_kind("x.ndjson"), path_kind("areas.csv.gz")
    ('jsonl', 'jsonl', 'csv')
    """
    name = Path(path)
    if name.suffix.lower() == ".parquet":
        return "parquet"
    if name.suffix.lower() == ".gz":
        name = name.with_suffix("")
    suffix = name.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".json", ".csv"):
        return suffix[1:]
    raise ReaderError(
        f"{os.fspath(path)!r}: unknown format; expected .jsonl, .ndjson, .json or .csv "
        "(each optionally .gz), or .parquet"
    )


def read(source: str | os.PathLike[str], cls: type[T], **options: Any) -> Reader[T]:
    """Open a reader for ``source`` in the format its suffix names (see :func:`path_kind`).

    >>> import tempfile
    >>> from pathlib import Path
    >>> from trustops import Area
    >>> from trustops.io import read
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = Path(folder.name, "areas.csv")
    >>> _ = path.write_text("id,name,timezone\\nriverside,Riverside,Europe/London\\nx,X,Mars\\n")
    >>> reader = read(path, Area)
    >>> [area.id for area in reader], reader.counts.rejected, reader.rejects[0].path
    (['riverside'], 1, '$.timezone')
    >>> folder.cleanup()
    """
    kind = path_kind(source)
    if kind == "parquet":
        return read_parquet(source, cls, converter=options.get("converter"))
    if kind == "jsonl":
        return read_jsonl(source, cls, **options)
    if kind == "json":
        return read_json(source, cls, **options)
    return read_csv(source, cls, **options)
