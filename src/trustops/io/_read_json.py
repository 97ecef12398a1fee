"""JSON documents: an array of objects (or one object), parsed record by record as it streams."""

from __future__ import annotations

import codecs
import json
import typing
from collections.abc import Callable, Iterator
from typing import Any, Final, Generic, TypeVar

import cattrs

from ._input import BrokenSourceError, Input, open_input
from ._json import JsonProblemError, json_kind, raw_decode
from ._reader import MAX_LINE_BYTES, Reader, Sink, Source
from ._reject import Reject

__all__ = ["read_json"]

T = TypeVar("T")

_CHUNK: Final = 1 << 16


class _BadBytesError(ValueError):
    """Invalid UTF-8 in a JSON array file, located by line and byte."""


def _parse(sink: Sink[T]) -> Iterator[T]:
    with open_input(sink) as source:
        if source is not None:
            yield from _JsonArray(sink, _text_of(source)).records()


def _text_of(source: Input) -> Callable[[int], str]:
    """A function reading decoded text from ``source``; invalid UTF-8 is a located error."""
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

    return read_text


class _JsonArray(Generic[T]):
    """Incremental parse of ``[ {...}, {...} ]`` (or a single object) without loading it whole."""

    def __init__(self, sink: Sink[T], read_text: Callable[[int], str]) -> None:
        self.sink = sink
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
        except (_BadBytesError, BrokenSourceError) as error:
            self._fatal(str(error))

    def _records(self) -> Iterator[T]:
        sink = self.sink
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
                sink.count()
                sink.reject(start_line, problem.path, str(problem), problem.raw, row=index)
                return
            except JsonProblemError as problem:  # refused, but where it ends is known
                sink.count()
                raw = self.buf[self.pos : problem.end]
                self.line += raw.count("\n")
                self.pos = typing.cast(int, problem.end)
                sink.reject(start_line, problem.path, problem.message, raw[:200], row=index)
                value = None
            else:
                sink.count()
                if len(raw) > sink.max_line_bytes:
                    sink.reject(
                        start_line,
                        "$",
                        f"record is longer than {sink.max_line_bytes:,} characters; split it",
                        raw[:200],
                        row=index,
                    )
                elif type(value) is not dict:
                    sink.reject(
                        start_line,
                        "$",
                        f"expected a JSON object {{...}}, got {json_kind(value)}",
                        raw,
                        row=index,
                    )
                else:
                    record = sink.accept(value, start_line, raw, row=index)
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
        limit = self.sink.max_line_bytes
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
        self.sink.count()
        rest = self.buf[self.pos : self.pos + 200]
        self.sink.reject(self.line, "$", message, rest)


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
        parse=_parse,
        converter=converter,
        max_line_bytes=max_line_bytes,
        on_reject=on_reject,
    )
