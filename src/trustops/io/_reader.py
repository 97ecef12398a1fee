"""Streaming readers for JSONL, JSON and CSV that turn every bad record into a located reject."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final, Generic, TypeVar

import cattrs

from ._converter import default_converter, describe_error
from ._csv import CsvPlan
from ._errors import ReaderError
from ._json import check_text, fast_loads, loads, parse_int
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
_UTF16: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF16_MESSAGE: Final = (
    "the file looks like UTF-16 (a UTF-16 byte-order mark, or every other byte zero), "
    "not UTF-8; save it as UTF-8 and read it again"
)


def _utf16(start: bytes) -> bool:
    """Whether bytes at the start of a file are UTF-16: a byte-order mark, or ASCII text
    with every other byte zero."""
    if start.startswith(_UTF16):
        return True
    return len(start) >= 4 and ((start[1] == 0 and start[3] == 0) or (start[0] == 0 == start[2]))


def _decode_problem(error: UnicodeDecodeError, where: str) -> str:
    if error.start < 2 and _utf16(bytes(error.object[:4])):
        return _UTF16_MESSAGE
    return f"invalid UTF-8 {where}; save the file as UTF-8"


def _source_name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


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
        hook: Callable[..., Any] = self._converter.get_structure_hook(cls)
        # The dicts a reader parses are its own: trustops' model hooks can parse them in
        # place (a user's converter may have hooks of its own, without ``owned``).
        self._structure: Callable[[Any, Any], T] = getattr(hook, "owned", hook)
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
        return self._text.read(size).encode("utf-8")


_READ_SIZE: Final = 1 << 20
_SYNC_EVERY: Final = 1023  # counts are brought up to date every 1,024 lines


def _split_lines(stream: IO[bytes], limit: int, ended: list[bool]) -> Iterator[bytes]:
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
    stream, owned = _open_binary(reader.source)
    limit = reader.max_line_bytes
    structure = reader._structure
    cls = reader.cls
    ended = [True]
    line = accepted = 0
    try:
        for text in _split_lines(stream, limit, ended):
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
                if type(data) is dict:
                    try:
                        record = structure(data, cls)
                    except Exception as error:  # every failure of one record becomes its reject
                        reader._reject_record(error, line, text.rstrip(b"\r"))
                        continue
                    accepted += 1
                    yield record
                    continue
            if line == 1 and _utf16(text[:4]):
                reader._reject(1, "$", _UTF16_MESSAGE, "")
                break
            slow = _jsonl_slow_line(reader, text, line, ended[0])
            if slow is not None:
                yield slow
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
                if type(data) is dict:
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


def _json(reader: Reader[T]) -> Iterator[T]:
    source = reader.source
    if isinstance(source, io.TextIOBase):
        yield from _JsonArray(reader, source.read).records()
        return
    stream, owned = _open_binary(source)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def read_text(size: int) -> str:
        chunk = stream.read(size)
        return decoder.decode(chunk, final=not chunk)

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
        self.json = json.JSONDecoder(parse_int=parse_int)
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
        reader = self.reader
        try:
            first = self._skip_space()
        except UnicodeDecodeError as error:
            self._fatal(_decode_problem(error, f"at byte {error.start + 1}"))
            return
        if first == "":
            return
        if "\x00" in self.buf[self.pos : self.pos + 4]:
            self._fatal(_UTF16_MESSAGE)
            return
        single = first == "{"
        if not single:
            if first != "[":
                self._fatal("expected a JSON array of objects [ {...}, ... ] or one object")
                return
            self.pos += 1
        index = 0
        while True:
            try:
                nxt = self._skip_space()
                if not single and index == 0 and nxt == "]":
                    self.pos += 1
                    break
                index += 1
                start_line = self.line
                value, raw = self._value()
            except UnicodeDecodeError as error:
                self._fatal(
                    f"invalid UTF-8 near byte {error.start + 1} of a chunk; save the file as UTF-8"
                )
                return
            except _TruncatedError as problem:
                reader._lines += 1
                reader._reject(start_line, "$", str(problem), problem.raw, row=index)
                return
            reader._lines += 1
            if len(raw) > reader.max_line_bytes:
                reader._reject(
                    start_line,
                    "$",
                    f"record is longer than {reader.max_line_bytes:,} characters; split it",
                    raw[:200],
                    row=index,
                )
            elif _lone_surrogate(value):
                reader._reject(
                    start_line,
                    "$",
                    "a lone surrogate escape (\\ud800-\\udfff) is not valid text",
                    raw.encode("utf-8", "backslashreplace").decode("utf-8"),
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
                value, end = self.json.raw_decode(self.buf, self.pos)
            except RecursionError:
                raise _TruncatedError(
                    "a record is nested too deeply to read (more than about 1,000 levels); "
                    "the rest of the file cannot be read",
                    self.buf[self.pos : self.pos + 200],
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


def _lone_surrogate(value: object) -> bool:
    try:
        check_text(value)
    except ValueError:
        return True
    return False


class _TruncatedError(ValueError):
    def __init__(self, message: str, raw: str) -> None:
        super().__init__(message)
        self.raw = raw


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
    if isinstance(reader.source, str | os.PathLike):
        try:
            handle: IO[str] = open(reader.source, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as error:
            raise ReaderError(
                f"cannot open {os.fspath(reader.source)!r}: {error.strerror}"
            ) from error
        owned = True
    elif isinstance(reader.source, io.TextIOBase):
        handle, owned = typing.cast(IO[str], reader.source), False
    else:
        binary = typing.cast(IO[bytes], reader.source)
        handle, owned = io.TextIOWrapper(binary, encoding="utf-8-sig", newline=""), False
    try:
        yield from _csv_rows(reader, plan, handle)
    finally:
        if owned:
            handle.close()


def _csv_rows(reader: Reader[T], plan: CsvPlan, handle: IO[str]) -> Iterator[T]:
    rows = csv.reader(handle, strict=True)
    try:
        header = next(rows, None)
    except UnicodeDecodeError as error:
        reader._lines += 1
        reader._reject(1, "$", _decode_problem(error, "in the CSV header"), "")
        return
    except csv.Error as error:
        reader._lines += 1
        reader._reject(1, "$", f"cannot read the CSV header: {error}", "")
        return
    if header is None:
        return
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    if any("\x00" in cell for cell in header[:2]):
        reader._lines += 1
        reader._reject(1, "$", _UTF16_MESSAGE, "")
        return
    problem = plan.check_header(header)
    if problem is not None:
        reader._lines += 1
        reader._reject(1, "$", problem, ",".join(header))
        return
    index = 0
    previous_end = rows.line_num
    while True:
        start = previous_end + 1
        try:
            cells = next(rows)
        except StopIteration:
            break
        except (csv.Error, UnicodeDecodeError) as error:
            index += 1
            reader._lines += 1
            reader._reject(
                start,
                "$",
                f"cannot read this CSV row: {error}; the rest of the file cannot be read",
                "",
                row=index,
            )
            return
        previous_end = rows.line_num
        index += 1
        reader._lines += 1
        raw = ",".join(cells)
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
    return Reader(source, cls, parse=_csv, converter=converter, on_reject=on_reject)


def path_kind(path: str | os.PathLike[str]) -> str:
    """The format of a file by its suffix: ``"jsonl"``, ``"json"`` or ``"csv"``.

    >>> from trustops.io import path_kind
    >>> path_kind("data/interactions.jsonl"), path_kind("x.ndjson"), path_kind("areas.csv")
    ('jsonl', 'jsonl', 'csv')
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".json", ".csv"):
        return suffix[1:]
    raise ReaderError(
        f"{os.fspath(path)!r}: unknown format; expected .jsonl, .ndjson, .json or .csv"
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
    options.pop("max_line_bytes", None)
    return read_csv(source, cls, **options)
