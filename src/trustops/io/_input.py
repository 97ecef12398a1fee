"""A source's bytes for the format parsers: opened, checked for UTF-8, split into lines.

Read failures part-way (a truncated or corrupt compressed stream) become
:class:`BrokenSourceError`, which each parser turns into a located reject.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import os
import typing
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any, Final

from ._errors import ReaderError
from ._reader import Sink, Source

__all__ = ["BOM", "BrokenSourceError", "Input", "encoding_problem", "open_input", "split_lines"]

BOM: Final = codecs.BOM_UTF8
_READ_SIZE: Final = 1 << 18  # a chunk stays in the processor's cache while it is split


def _open_binary(source: Source) -> tuple[IO[bytes], bool]:
    if isinstance(source, str | os.PathLike):
        try:
            if os.fspath(source).lower().endswith(".gz"):
                return typing.cast(IO[bytes], gzip.open(source, "rb")), True
            return open(source, "rb"), True
        except OSError as error:
            raise ReaderError(f"cannot open {os.fspath(source)!r}: {error.strerror}") from error
    if isinstance(source, io.TextIOBase):
        return typing.cast(IO[bytes], _TextAsBinary(source)), False
    return typing.cast(IO[bytes], source), False


class _TextAsBinary(io.RawIOBase):
    """Present a text stream as UTF-8 bytes."""

    def __init__(self, text: io.TextIOBase) -> None:
        self._text = text

    def read(self, size: int = -1) -> bytes:
        return self._text.read(size).encode("utf-8", "surrogatepass")


class BrokenSourceError(Exception):
    """Reading the source failed part-way (a truncated or corrupt compressed stream)."""


class Input:
    """A source's bytes, read through one guard: read failures become :class:`BrokenSourceError`.

    The first bytes are read ahead to recognise encodings and compression the readers
    cannot read (:meth:`problem`), then handed out again.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        # gzip's read1 hands out what it has before a truncation, where read raises at once.
        given: object = stream
        self._read1: Callable[[int], bytes] = (
            given.read1 if isinstance(given, gzip.GzipFile) else stream.read
        )
        self._head = b""
        self._head = self.read(4)
        while len(self._head) < 4:  # a stream may hand out fewer bytes than asked
            more = self._read(4 - len(self._head))
            if not more:
                break
            self._head += more

    def _read(self, size: int) -> bytes:
        try:
            return self._read1(size)
        except (EOFError, OSError, zlib.error) as error:
            raise BrokenSourceError(
                f"the source cannot be read to its end ({error}); "
                "a compressed file may be truncated or corrupt"
            ) from None

    def read(self, size: int) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            return head + self._read(size - len(head)) if size > len(head) else head
        return self._read(size)

    def problem(self) -> str | None:
        """What makes the source unreadable as UTF-8 text, judged from its first bytes."""
        return encoding_problem(self._head)


def encoding_problem(head: bytes) -> str | None:
    """What makes a file that starts with ``head`` (its first 4 bytes) unreadable as UTF-8
    text, or ``None``: the readers' one reject for such a file says this.

    >>> from trustops.io import encoding_problem
    >>> encoding_problem(b'{"id') is None, encoding_problem(bytes([255, 254, 123, 0]))[:28]
    (True, 'the file is encoded as UTF-1')
    """
    encoding = None
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "UTF-32 (it starts with a UTF-32 byte-order mark)"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "UTF-16 (it starts with a UTF-16 byte-order mark)"
    elif len(head) >= 2 and (head[1:2] == b"\0" or head[:1] == b"\0"):
        encoding = "UTF-16 (every other byte is zero)"
    elif head.startswith(b"\x1f\x8b"):
        return (
            "the file is gzip-compressed; name it with a .gz suffix "
            "(trustops then reads it) or decompress it"
        )
    if encoding is None:
        return None
    return (
        f"the file is encoded as {encoding}; trustops reads UTF-8: save it as UTF-8 "
        "(for example: iconv -f UTF-16 -t UTF-8 in.jsonl > out.jsonl)"
    )


@contextlib.contextmanager
def open_input(sink: Sink[Any]) -> Iterator[Input | None]:
    """Open ``sink``'s source for the ``with`` block; closed after it if it was opened here.

    ``None`` (with one reject on line 1) when the source cannot be read as UTF-8 text.
    """
    stream, owned = _open_binary(sink.source)
    try:
        source: Input | None = None
        try:
            source = Input(stream)
        except BrokenSourceError as error:
            problem: str | None = str(error)
        else:
            problem = source.problem()
        if problem is not None:
            sink.count()
            sink.reject(1, "$", problem, "")
            source = None
        yield source
    finally:
        if owned:
            stream.close()


def split_lines(stream: Input, limit: int, ended: list[bool]) -> Iterator[bytes]:
    """Yield the lines of ``stream`` without their ``\\n``, reading big chunks.

    A line longer than ``limit`` bytes is yielded cut to ``limit + 4`` bytes (callers see it
    is too long, also after taking a byte-order mark off the first line) and the rest of it is skipped, so memory stays bounded by ``limit`` plus
    one chunk whatever the input. ``ended[0]`` turns false when the last line yielded had
    no line end (a possibly truncated last line). Lines are plain bytes, not tuples, to keep
    allocations the garbage collector tracks to a minimum on this hot path.
    """
    pending = b""
    skipping = False
    while True:
        chunk = stream.read(_READ_SIZE)
        if not chunk:
            if pending and not skipping:
                ended[0] = False
                yield pending
            return
        if skipping:
            cut = chunk.find(b"\n")
            if cut < 0:
                continue
            chunk = chunk[cut + 1 :]
            skipping = False
        parts = chunk.split(b"\n")
        if pending:  # only the line cut by the last read is joined, never the whole chunk
            parts[0] = pending + parts[0]
        pending = parts.pop()
        yield from parts
        if len(pending) > limit:
            yield pending[: limit + 1 + len(BOM)]  # too long, even without a first line's BOM
            pending = b""
            skipping = True
