"""Streaming readers for JSONL, JSON and CSV that turn every bad record into a located reject."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import typing
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final, Generic, TypeVar

import cattrs

from ._converter import default_converter, describe_error
from ._csv import CsvPlan
from ._errors import ReaderError
from ._json import JsonProblemError, fast_loads, loads, may_repeat_keys, raw_decode
from ._reject import ReadCounts, Reject

__all__ = [
    "MAX_LINE_BYTES",
    "Reader",
    "Source",
    "path_kind",
    "read",
    "read_csv",
    "read_json",
    "read_jsonl",
    "read_jsonl_lines",
]

T = TypeVar("T")
Source = str | os.PathLike[str] | IO[bytes] | IO[str] | io.BufferedIOBase | io.TextIOBase
"""Where records come from: a path, or an open binary or text file object (also gzip, stdin)."""

MAX_LINE_BYTES: Final = 1 << 20
"""Longest JSONL line or JSON record accepted by default (1 MiB)."""

_CHUNK: Final = 1 << 16
_BOM: Final = codecs.BOM_UTF8


def _source_name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "") or "<stream>")


class Reader(Generic[T]):
    """An iterable of accepted records from one source; rejects and counts fill in as it goes.

    A reader is single-pass and streams: memory does not grow with the number of records
    (only with the number of rejects kept). Once iteration has ended, :attr:`rejects` holds
    every reject and :attr:`counts` satisfies ``lines == accepted + rejected + blank``.
    Pass ``on_reject`` to receive rejects as they happen.

    Use :func:`read_jsonl`, :func:`read_json` or :func:`read_csv` to make one.
    """

    def __init__(
        self,
        source: Source,
        cls: type[T],
        *,
        parse: Callable[[Reader[T]], Iterator[T]],
        converter: cattrs.Converter | None = None,
        max_line_bytes: int = MAX_LINE_BYTES,
        on_reject: Callable[[Reject], None] | None = None,
    ) -> None:
        self.source = source
        self.cls = cls
        self.name = _source_name(source)
        self.max_line_bytes = max_line_bytes
        self._converter = converter or default_converter()
        self._structure: Callable[[Any, Any], T] = self._converter.get_structure_hook(cls)
        self._parse = parse
        self._on_reject = on_reject
        self._rejects: list[Reject] = []
        self._lines = self._accepted = self._blank = 0
        self._started = False
        self._done = False

    @property
    def rejects(self) -> list[Reject]:
        """Every reject so far, in source order (a copy)."""
        return list(self._rejects)

    @property
    def counts(self) -> ReadCounts:
        """Units read so far: accepted, rejected and blank.

        While a JSONL file is being read the line and accepted counts are brought up to date
        every 1,024 lines; once iteration ends they are exact.
        """
        return ReadCounts(
            lines=self._lines,
            accepted=self._accepted,
            rejected=len(self._rejects),
            blank=self._blank,
        )

    @property
    def done(self) -> bool:
        """Whether the whole source has been read."""
        return self._done

    def __iter__(self) -> Iterator[T]:
        if self._started:
            raise ReaderError(f"{self.name}: a reader can be iterated only once; open a new one")
        self._started = True
        yield from self._parse(self)
        self._done = True

    def read_all(self) -> list[T]:
        """Read everything and return the accepted records as a list."""
        return list(self)

    # --- used by the format parsers -------------------------------------------------------

    def _reject(self, line: int, path: str, message: str, raw: str, row: int | None = None) -> None:
        self._add_reject(
            Reject(source=self.name, line=line, path=path, message=message, raw=raw, row=row)
        )

    def _add_reject(self, reject: Reject) -> None:
        self._rejects.append(reject)
        if self._on_reject is not None:
            self._on_reject(reject)

    def _build(self, data: Any, line: int, raw: str | bytes, row: int | None = None) -> T | None:
        """Structure one parsed record; on failure record a reject and return ``None``."""
        try:
            record: T = self._structure(data, self.cls)
        except Exception as error:  # every failure of one record becomes its reject
            self._reject_record(error, line, raw, row)
            return None
        self._accepted += 1
        return record

    def _reject_record(
        self, error: Exception, line: int, raw: str | bytes, row: int | None = None
    ) -> None:
        problems = tuple(describe_error(error)) or (("$", str(error)),)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        self._add_reject(
            Reject(
                source=self.name,
                line=line,
                row=row,
                path=problems[0][0],
                message=problems[0][1],
                raw=text,
                problems=problems,
            )
        )


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


class _BrokenSourceError(Exception):
    """Reading the source failed part-way (a truncated or corrupt compressed stream)."""


class _Input:
    """A source's bytes, read through one guard: read failures become :class:`_BrokenSourceError`.

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
            raise _BrokenSourceError(
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
        head = self._head
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


def _opened(reader: Reader[Any]) -> tuple[_Input | None, IO[bytes], bool]:
    """Open ``reader``'s source; ``None`` (with one reject) when it is not UTF-8 text."""
    stream, owned = _open_binary(reader.source)
    try:
        source = _Input(stream)
    except _BrokenSourceError as error:
        reader._lines += 1
        reader._reject(1, "$", str(error), "")
        return None, stream, owned
    problem = source.problem()
    if problem is not None:
        reader._lines += 1
        reader._reject(1, "$", problem, "")
        return None, stream, owned
    return source, stream, owned


_READ_SIZE: Final = 1 << 20
_SYNC_EVERY: Final = 1023  # counts are brought up to date every 1,024 lines


def _split_lines(stream: _Input, limit: int, ended: list[bool]) -> Iterator[bytes]:
    """Yield the lines of ``stream`` without their ``\\n``, reading big chunks.

    A line longer than ``limit`` bytes is yielded cut to ``limit + 1`` bytes (callers see it
    is too long) and the rest of it is skipped, so memory stays bounded by ``limit`` plus
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
        parts = (pending + chunk).split(b"\n")
        pending = parts.pop()
        yield from parts
        if len(pending) > limit:
            yield pending[: limit + 1]
            pending = b""
            skipping = True


def _jsonl(reader: Reader[T]) -> Iterator[T]:
    source, stream, owned = _opened(reader)
    if source is None:
        if owned:
            stream.close()
        return
    limit = reader.max_line_bytes
    structure = reader._structure
    cls = reader.cls
    ended = [True]
    line = accepted = 0
    try:
        for text in _split_lines(source, limit, ended):
            line += 1
            if not line & _SYNC_EVERY:  # keep the counts current for progress displays
                reader._lines, reader._accepted = line, reader._accepted + accepted
                accepted = 0
            # The common case first: a well-formed object on a line of acceptable length.
            if len(text) <= limit:
                try:
                    data = fast_loads(text)
                except ValueError:
                    data = None
                if type(data) is dict and not may_repeat_keys(text, data):
                    try:
                        record = structure(data, cls)
                    except Exception as error:  # every failure of one record becomes its reject
                        reader._reject_record(error, line, text.rstrip(b"\r"))
                        continue
                    accepted += 1
                    yield record
                    continue
            slow = _jsonl_slow_line(reader, text, line, ended[0])
            if slow is not None:
                yield slow
    except _BrokenSourceError as error:
        line += 1
        reader._reject(line, "$", f"{error}; the rest of the file cannot be read", "")
    finally:
        reader._lines, reader._accepted = line, reader._accepted + accepted
        if owned:
            stream.close()


def _jsonl_slow_line(reader: Reader[T], text: bytes, line: int, complete: bool) -> T | None:
    """Everything but the common case: BOM, blank, oversized, invalid or non-object lines."""
    limit = reader.max_line_bytes
    raw = text[len(_BOM) :] if line == 1 and text.startswith(_BOM) else text
    body = raw[:-1] if raw.endswith(b"\r") else raw
    if len(body) > limit:
        reader._reject(
            line,
            "$",
            f"line is longer than {limit:,} bytes; split the record",
            body[:200].decode("utf-8", "replace"),
        )
        return None
    if not body or body.isspace():
        reader._blank += 1
        return None
    try:
        data = loads(body)
    except JsonProblemError as problem:
        reader._reject(line, problem.path, problem.message, body.decode("utf-8", "replace"))
        return None
    except ValueError as error:
        reader._reject(line, "$", _json_problem(error, complete), body.decode("utf-8", "replace"))
        return None
    if type(data) is not dict:
        reader._reject(
            line,
            "$",
            f"expected a JSON object {{...}}, got {_json_kind(data)}",
            body.decode("utf-8", "replace"),
        )
        return None
    return reader._build(data, line, body)


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def _json_problem(error: ValueError, complete: bool) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"invalid UTF-8 at byte {error.start + 1} of the line; save the file as UTF-8"
    detail = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
    where = f" at column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
    message = f"invalid JSON{where}: {detail}"
    if not complete:
        message += " (the last line of the file looks truncated)"
    return message


def read_jsonl(
    source: Source,
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    on_reject: Callable[[Reject], None] | None = None,
) -> Reader[T]:
    """Read JSON Lines: one JSON object per line, each structured into ``cls``.

    UTF-8 with or without a byte-order mark; LF or CRLF line ends; blank lines are counted and
    skipped. A line that is not valid UTF-8 or JSON, is not an object, is longer than
    ``max_line_bytes``, has unknown fields or fails the model's checks becomes a
    :class:`Reject` naming the line, the field path and the problem.

    >>> import io
    >>> from trustops import Area
    >>> from trustops.io import read_jsonl
    >>> text = io.StringIO(
    ...     '{"id": "a", "name": "A", "timezone": "Europe/London"}\\n'
    ...     '\\n'
    ...     '{"id": "b", "name": "B", "timezone": "Mars/Olympus"}\\n'
    ... )
    >>> reader = read_jsonl(text, Area)
    >>> [area.id for area in reader]
    ['a']
    >>> print(reader.rejects[0])
    <stream>:3: $.timezone: expected an IANA time zone name such as 'Europe/London', got 'Mars/Olympus'
    >>> reader.counts
    ReadCounts(lines=3, accepted=1, rejected=1, blank=1)
    """
    return Reader(
        source,
        cls,
        parse=_jsonl,
        converter=converter,
        max_line_bytes=max_line_bytes,
        on_reject=on_reject,
    )


def read_jsonl_lines(
    lines: Iterable[tuple[int, bytes]],
    cls: type[T],
    *,
    name: str = "<lines>",
    truncated: int | None = None,
    converter: cattrs.Converter | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Reader[T]:
    """Read chosen lines of a JSON Lines file, given as ``(line number, bytes)`` pairs.

    Each line is read exactly as :func:`read_jsonl` reads that line of the file named
    ``name`` (the bytes without the ``\\n``; a BOM is stripped on line 1 only), so records,
    rejects and their line numbers are the same. ``truncated`` is the number of a last line
    that had no line end. For engines that split a file themselves and hand the lines they
    cannot read to the row reader.

    >>> from trustops import Area
    >>> from trustops.io import read_jsonl_lines
    >>> reader = read_jsonl_lines([(7, b'{"id": "a", "name": "A", "timezone": "UTC"}'),
    ...                            (9, b'{"id": "b"'), (12, b"  ")], Area)
    >>> [area.id for area in reader], [(r.line, r.path) for r in reader.rejects]
    (['a'], [(9, '$')])
    >>> reader.counts
    ReadCounts(lines=3, accepted=1, rejected=1, blank=1)
    """

    def parse(reader: Reader[T]) -> Iterator[T]:
        structure, limit = reader._structure, reader.max_line_bytes
        for line, text in lines:
            reader._lines += 1
            if len(text) <= limit:  # the common case of _jsonl, for one line
                try:
                    data = fast_loads(text)
                except ValueError:
                    data = None
                if type(data) is dict and not may_repeat_keys(text, data):
                    try:
                        record = structure(data, reader.cls)
                    except Exception as error:  # every failure of one record becomes its reject
                        reader._reject_record(error, line, text.rstrip(b"\r"))
                        continue
                    reader._accepted += 1
                    yield record
                    continue
            slow = _jsonl_slow_line(reader, text, line, line != truncated)
            if slow is not None:
                yield slow

    return Reader(name, cls, parse=parse, converter=converter, max_line_bytes=max_line_bytes)


class _BadBytesError(ValueError):
    """Invalid UTF-8 in a JSON array file, located by line and byte."""


def _json(reader: Reader[T]) -> Iterator[T]:
    source, stream, owned = _opened(reader)
    if source is None:
        if owned:
            stream.close()
        return
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    done = [0, 0]  # bytes and line ends read before the current chunk
    bad: list[_BadBytesError] = []

    def read_text(size: int) -> str:
        if bad:
            raise bad[0]
        chunk = source.read(size)
        try:
            text: str = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            # The text before the bad byte is read; the error comes with the next read.
            start = max(error.start - len(error.object) + len(chunk), 0)
            line = done[1] + chunk[:start].count(b"\n") + 1
            bad.append(
                _BadBytesError(
                    f"invalid UTF-8 at byte {done[0] + start + 1:,} (line {line}); "
                    "save the file as UTF-8; the rest of the file cannot be read"
                )
            )
            before = bytes(error.object[: error.start]).decode("utf-8", "replace")
            if not before:
                raise bad[0] from None
            return before
        done[0] += len(chunk)
        done[1] += chunk.count(b"\n")
        return text

    try:
        yield from _JsonArray(reader, read_text).records()
    finally:
        if owned:
            stream.close()


class _JsonArray(Generic[T]):
    """Incremental parse of ``[ {...}, {...} ]`` (or a single object) without loading it whole."""

    def __init__(self, reader: Reader[T], read_text: Callable[[int], str]) -> None:
        self.reader = reader
        self.read_text = read_text
        self.buf = ""
        self.pos = 0
        self.line = 1
        self.eof = False

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.read_text(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        if not self.buf and chunk.startswith("\ufeff"):
            chunk = chunk[1:]
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def _skip_space(self) -> str:
        """Advance past white space; return the next character, or ``""`` at the end."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                if self.buf[self.pos] == "\n":
                    self.line += 1
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def records(self) -> Iterator[T]:
        try:
            yield from self._records()
        except (_BadBytesError, _BrokenSourceError) as error:
            self._fatal(str(error))

    def _records(self) -> Iterator[T]:
        reader = self.reader
        first = self._skip_space()
        if first == "":
            return
        single = first == "{"
        if not single:
            if first != "[":
                self._fatal("expected a JSON array of objects [ {...}, ... ] or one object")
                return
            self.pos += 1
        index = 0
        while True:
            nxt = self._skip_space()
            if not single and index == 0 and nxt == "]":
                self.pos += 1
                break
            index += 1
            start_line = self.line
            try:
                value, raw = self._value()
            except _TruncatedError as problem:
                reader._lines += 1
                reader._reject(start_line, problem.path, str(problem), problem.raw, row=index)
                return
            except JsonProblemError as problem:  # refused, but where it ends is known
                reader._lines += 1
                raw = self.buf[self.pos : problem.end]
                self.line += raw.count("\n")
                self.pos = typing.cast(int, problem.end)
                reader._reject(start_line, problem.path, problem.message, raw[:200], row=index)
                value = None
            else:
                reader._lines += 1
                if len(raw) > reader.max_line_bytes:
                    reader._reject(
                        start_line,
                        "$",
                        f"record is longer than {reader.max_line_bytes:,} characters; split it",
                        raw[:200],
                        row=index,
                    )
                elif type(value) is not dict:
                    reader._reject(
                        start_line,
                        "$",
                        f"expected a JSON object {{...}}, got {_json_kind(value)}",
                        raw,
                        row=index,
                    )
                else:
                    record = reader._build(value, start_line, raw, row=index)
                    if record is not None:
                        yield record
            if single:
                if self._skip_space() != "":
                    self._fatal("unexpected text after the JSON object")
                return
            sep = self._skip_space()
            if sep == ",":
                self.pos += 1
                continue
            if sep == "]":
                self.pos += 1
                if self._skip_space() != "":
                    self._fatal("unexpected text after the closing ]")
                return
            self._fatal(
                "expected ',' or ']' between records"
                + (" (the file looks truncated)" if sep == "" else "")
            )
            return

    def _value(self) -> tuple[Any, str]:
        limit = self.reader.max_line_bytes
        while True:
            try:
                value, end = raw_decode(self.buf, self.pos)
            except JsonProblemError as problem:
                if problem.end is not None:
                    raise
                if len(self.buf) - self.pos <= limit and self._fill():
                    continue  # the value may end in the next chunk
                raise _TruncatedError(
                    f"{problem.message}; the rest of the file cannot be read",
                    self.buf[self.pos : self.pos + 200],
                    problem.path,
                ) from None
            except json.JSONDecodeError as error:
                if len(self.buf) - self.pos > limit:
                    raise _TruncatedError(
                        f"a record is longer than {limit:,} characters or is invalid JSON; "
                        "the rest of the file cannot be read",
                        self.buf[self.pos : self.pos + 200],
                    ) from None
                if not self._fill():
                    rest = self.buf[self.pos :].rstrip()
                    truncated = not rest.endswith(("]", "}"))
                    raise _TruncatedError(
                        f"invalid JSON: {error.msg}; the rest of the file cannot be read"
                        + (" (the file looks truncated)" if truncated else ""),
                        self.buf[self.pos : self.pos + 200],
                    ) from None
                continue
            raw = self.buf[self.pos : end]
            # A number or literal at the end of the buffer may continue in the next chunk.
            if end == len(self.buf) and raw[-1:] not in ("}", "]", '"') and self._fill():
                continue
            self.line += raw.count("\n")
            self.pos = end
            return value, raw

    def _fatal(self, message: str) -> None:
        self.reader._lines += 1
        rest = self.buf[self.pos : self.pos + 200]
        self.reader._reject(self.line, "$", message, rest)


class _TruncatedError(ValueError):
    def __init__(self, message: str, raw: str, path: str = "$") -> None:
        super().__init__(message)
        self.raw = raw
        self.path = path


def read_json(
    source: Source,
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    on_reject: Callable[[Reject], None] | None = None,
) -> Reader[T]:
    """Read a JSON array of objects (or one object), streaming record by record.

    Records that fail the model's checks become rejects and reading goes on; a syntax error
    inside the array ends the read with a reject that says where (the rest of a JSON
    document cannot be trusted). ``counts.lines`` counts records.

    >>> import io
    >>> from trustops import Partner
    >>> from trustops.io import read_json
    >>> reader = read_json(io.StringIO('[{"id": "p1", "name": "Library"}, {"id": "p2"}]'), Partner)
    >>> [p.name for p in reader], [str(r) for r in reader.rejects]
    (['Library'], ['<stream>:1 (record 2): $.name: required field is missing'])
    """
    return Reader(
        source,
        cls,
        parse=_json,
        converter=converter,
        max_line_bytes=max_line_bytes,
        on_reject=on_reject,
    )


def _csv(reader: Reader[T]) -> Iterator[T]:
    plan = CsvPlan.for_class(reader.cls)
    source, stream, owned = _opened(reader)
    try:
        if source is not None:
            yield from _csv_rows(reader, plan, _CsvLines(source, reader.max_line_bytes))
    finally:
        if owned:
            stream.close()


class _CsvLines:
    """The physical lines of a CSV file, decoded one by one for :func:`csv.reader`.

    Memory stays bounded by the longest line accepted; a line that is not UTF-8 or is too
    long marks the row it belongs to (:attr:`problem`) instead of stopping the read, and
    :attr:`written` keeps the lines of the current row as written.
    """

    def __init__(self, source: _Input, limit: int) -> None:
        self._ended = [True]
        self._lines = _split_lines(source, limit, self._ended)
        self._limit = limit
        self.number = 0
        self.written: list[str] = []
        self.problem: str | None = None
        self.unterminated = False

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        data = next(self._lines)
        self.number += 1
        if self.number == 1 and data.startswith(_BOM):
            data = data[len(_BOM) :]
        if len(data) > self._limit:
            data = data[: self._limit]
            self.problem = self.problem or (
                f"line {self.number} is longer than {self._limit:,} bytes; split the record"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            text = data.decode("utf-8", "replace")
            self.problem = self.problem or (
                f"invalid UTF-8 at byte {error.start + 1} of line {self.number}; "
                "save the file as UTF-8"
            )
        self.written.append(text.removesuffix("\r"))
        if not self._ended[0]:
            self.unterminated = True
            return text
        return text + "\n"

    def take(self) -> tuple[str, str | None]:
        """The current row as written and its problem; the next row starts afresh."""
        written, problem = "\n".join(self.written), self.problem
        self.written, self.problem = [], None
        return written, problem


def _csv_rows(reader: Reader[T], plan: CsvPlan, lines: _CsvLines) -> Iterator[T]:
    rows = csv.reader(lines, strict=True)
    try:
        header = next(rows, None)
    except csv.Error as error:
        header = None
        lines.problem = lines.problem or f"cannot read the CSV header: {error}"
    except _BrokenSourceError as error:
        header = None
        lines.problem = str(error)
    written, problem = lines.take()
    if problem is not None:
        reader._lines += 1
        reader._reject(1, "$", problem, written)
        return
    if header is None:
        return
    problem = plan.check_header(header)
    if problem is not None:
        reader._lines += 1
        reader._reject(1, "$", problem, written)
        return
    index = 0
    while True:
        start = lines.number + 1
        try:
            cells = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            cells = []
            lines.problem = lines.problem or f"cannot read this CSV row: {error}"
        except _BrokenSourceError as error:
            index += 1
            reader._lines += 1
            reader._reject(
                start, "$", f"{error}; the rest of the file cannot be read", "", row=index
            )
            return
        index += 1
        reader._lines += 1
        raw, problem = lines.take()
        if problem is None and lines.unterminated and cells:
            problem = (
                "the last row has no line end, so the file looks cut off; "
                "end the file with a line break if the row is complete"
            )
        if problem is not None:
            reader._reject(start, "$", problem, raw, row=index)
            continue
        if not any(cell.strip() for cell in cells):
            reader._blank += 1
            continue
        if len(cells) != len(header):
            reader._reject(
                start,
                "$",
                f"expected {len(header)} cells as in the header, got {len(cells)}",
                raw,
                row=index,
            )
            continue
        data, problems = plan.row_to_data(header, cells)
        if problems:
            reader._add_reject(
                Reject(
                    source=reader.name,
                    line=start,
                    row=index,
                    path=problems[0][0],
                    message=problems[0][1],
                    raw=raw,
                    problems=tuple(problems),
                )
            )
            continue
        record = reader._build(data, start, raw, row=index)
        if record is not None:
            yield record


def read_csv(
    source: Source,
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
    on_reject: Callable[[Reject], None] | None = None,
) -> Reader[T]:
    """Read a CSV file with a header row of field names, one record per row.

    For flat records (everything but instruments and indicators). Empty cells are missing
    values; lists are ``;``-separated (``area_ids``); mapping fields use dotted columns
    (``answers.q1``, ``attributes.age``, ``margins.age.16-34``). Cells the writer protected
    against spreadsheet formulas (a leading ``'``) are read back as written.

    >>> import io
    >>> from trustops import Area
    >>> from trustops.io import read_csv
    >>> reader = read_csv(io.StringIO("id,name,timezone,population\\na,A,UTC,1200\\nb,B,UTC,lots\\n"), Area)
    >>> [a.population for a in reader]
    [1200]
    >>> print(reader.rejects[0])
    <stream>:3 (record 2): $.population: expected a whole number, got 'lots'
    """
    return Reader(
        source,
        cls,
        parse=_csv,
        converter=converter,
        max_line_bytes=max_line_bytes,
        on_reject=on_reject,
    )


def path_kind(path: str | os.PathLike[str]) -> str:
    """The format of a file by its suffix: ``"jsonl"``, ``"json"`` or ``"csv"``.

    A further ``.gz`` suffix means gzip-compressed: the readers decompress it as they go,
    and a truncated or corrupt stream is a located reject.

    >>> from trustops.io import path_kind
    >>> path_kind("data/interactions.jsonl"), path_kind("x.ndjson"), path_kind("areas.csv.gz")
    ('jsonl', 'jsonl', 'csv')
    """
    name = Path(path)
    if name.suffix.lower() == ".gz":
        name = name.with_suffix("")
    suffix = name.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".json", ".csv"):
        return suffix[1:]
    raise ReaderError(
        f"{os.fspath(path)!r}: unknown format; expected .jsonl, .ndjson, .json or .csv "
        "(each optionally .gz)"
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
    if kind == "jsonl":
        return read_jsonl(source, cls, **options)
    if kind == "json":
        return read_json(source, cls, **options)
    return read_csv(source, cls, **options)
