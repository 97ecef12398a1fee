"""CSV files split for a columnar engine, and the row reader's decision on the rows it leaves.

A CSV row that is one plain line (no quote, no carriage return inside) is handed to the
engine as text, to be cut at its commas there; every other row (quoted cells, which may span
lines; a last row without a line end) is kept aside, with its line and row numbers, for
:func:`read_rows`, which reads them with :func:`trustops.io.read_csv` exactly as that reader
reads them in their file. A file whose header is not a plain list of interaction fields, or
with a line that is not UTF-8 or too long (the reader's messages name such lines), is read
whole by the row reader instead.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, Final

import attrs

from ..io import MAX_LINE_BYTES, Reject, read_csv
from ..model import Interaction
from ._rules import FIELDS

__all__ = ["CsvSplit", "read_rows"]

_CHUNK: Final = 16 << 20  # bytes of a file read at a time
_BOM: Final = b"\xef\xbb\xbf"
_NAMES: Final = frozenset(name for name, _, _, _ in FIELDS)


@attrs.define
class _File:
    header: bytes = b""  # the header line as written (without a BOM)
    columns: list[str] = attrs.Factory(list)
    aside: list[tuple[int, int, bytes]] = attrs.Factory(list)  # (line, row, text)
    truncated: bool = False  # the last row aside had no line end


class CsvSplit:
    """The rows of ``files`` as Arrow batches of ``(file, line, row, text)`` for the engine.

    Read :meth:`batches` once; then :attr:`files` holds each file's header and the rows kept
    aside, and :attr:`whole` is true when the files must be read whole by the row reader.
    """

    def __init__(self, pa: Any, paths: list[str]) -> None:
        self.pa = pa
        self.paths = paths
        self.files = [_File() for _ in paths]
        self.whole = False
        self.schema = pa.schema(
            [("file", pa.int32()), ("line", pa.int64()), ("row", pa.int64()), ("text", pa.string())]
        )
        for index, path in enumerate(paths):
            self._header(index, path)

    def _header(self, index: int, path: str) -> None:
        with open(path, "rb") as handle:
            first = handle.readline(MAX_LINE_BYTES + 2)
        line = first.removesuffix(b"\n").removesuffix(b"\r")
        line = line.removeprefix(_BOM)
        try:
            columns = line.decode("utf-8").split(",")
        except UnicodeDecodeError:
            columns = [""]  # not a field: the file is read whole
        plain = (
            first.endswith(b"\n")
            and b'"' not in line
            and b"\r" not in line
            and len(set(columns)) == len(columns)
            and set(columns) <= _NAMES
        )
        if not plain:
            self.whole = True
        self.files[index] = _File(header=line, columns=columns)

    def batches(self) -> Any:
        """The plain rows of every file, a chunk at a time."""
        return self.pa.RecordBatchReader.from_batches(self.schema, self._batches())

    def _batches(self) -> Iterator[Any]:
        for index, path in enumerate(self.paths):
            if self.whole:  # a header or a line the row reader must see in place
                return
            yield from self._file(index, path)

    def _file(self, index: int, path: str) -> Iterator[Any]:
        pa, kept = self.pa, self.files[index]
        line = row = 0
        pending = b""
        quoted: list[bytes] = []  # the lines of a quoted row still open
        start = (0, 0)
        with open(path, "rb") as handle:
            handle.readline(MAX_LINE_BYTES + 2)  # the header
            line = 1
            while True:
                chunk = handle.read(_CHUNK)
                data = pending + chunk
                if chunk:
                    pieces = data.split(b"\n")
                    pending = pieces.pop()
                else:
                    pieces, pending = ([data] if data else []), b""
                if chunk and len(pending) > MAX_LINE_BYTES:
                    self.whole = True
                    return
                lines: list[int] = []
                rows: list[int] = []
                texts: list[str] = []
                for piece in pieces:
                    line += 1
                    if len(piece) > MAX_LINE_BYTES:
                        self.whole = True
                        return
                    try:
                        text = piece.decode("utf-8")
                    except UnicodeDecodeError:
                        self.whole = True
                        return
                    if quoted:
                        quoted.append(piece)
                        if not _open_at_end(text, inside=True):
                            kept.aside.append((*start, b"\n".join(quoted)))
                            quoted = []
                        continue
                    row += 1
                    body = text.removesuffix("\r")
                    if '"' in body or "\r" in body or not chunk:
                        if '"' in body and _open_at_end(text, inside=False):
                            start, quoted = (line, row), [piece]
                            continue
                        kept.aside.append((line, row, piece))
                        continue
                    lines.append(line)
                    rows.append(row)
                    texts.append(body)
                if quoted and not chunk:
                    kept.aside.append((*start, b"\n".join(quoted)))
                if not chunk:
                    kept.truncated = bool(data) and bool(kept.aside)
                if texts:
                    yield pa.RecordBatch.from_arrays(
                        [
                            pa.array([index] * len(texts), pa.int32()),
                            pa.array(lines, pa.int64()),
                            pa.array(rows, pa.int64()),
                            pa.array(texts, pa.string()),
                        ],
                        schema=self.schema,
                    )
                if not chunk:
                    return


def _open_at_end(text: str, *, inside: bool) -> bool:
    """Whether a quoted cell is still open at the end of ``text`` (as :mod:`csv` reads it:
    a cell is quoted when it starts with ``"``, and ``""`` inside it is a quote)."""
    at_start = not inside
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if inside:
            if char == '"':
                if index + 1 < size and text[index + 1] == '"':
                    index += 2
                    continue
                inside = False
        elif char == '"' and at_start:
            inside = True
        at_start = not inside and char == ","
        index += 1
    return inside


def read_rows(
    name: str, header: bytes, rows: list[tuple[int, int, bytes]], *, truncated: bool
) -> tuple[list[Reject], list[Interaction], int] | None:
    """The row reader's rejects, records and blank rows for ``rows`` of the CSV file ``name``.

    ``rows`` are ``(line, row, text)`` in file order, ``text`` as written (its lines joined
    by ``\\n``); ``truncated`` says the last of them ended the file without a line end. The
    rows are read as one small CSV file under ``header``, and each reject is given back its
    own line and row; ``None`` when the reader cuts them into other rows than these (then
    the file must be read whole).
    """
    where: dict[int, tuple[int, int]] = {}
    parts = [header]
    at = 2
    for line, row, text in rows:
        where[at] = (line, row)
        parts.append(text)
        at += text.count(b"\n") + 1
    data = b"\n".join(parts) + (b"" if truncated else b"\n")
    reader = read_csv(io.BytesIO(data), Interaction)
    records = list(reader)
    if reader.counts.lines != len(rows) or any(r.line not in where for r in reader.rejects):
        return None
    rejects = [
        attrs.evolve(r, source=name, line=where[r.line][0], row=where[r.line][1])
        for r in reader.rejects
    ]
    return rejects, records, reader.counts.blank
