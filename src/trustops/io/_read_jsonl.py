"""JSON Lines: one JSON object per line, read in big chunks, each line a record or a reject."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Final, TypeVar

import cattrs

from ._input import BOM, BrokenSourceError, open_input, split_lines
from ._json import JsonProblemError, fast_loads, json_kind, loads, may_repeat_keys
from ._reader import MAX_LINE_BYTES, Reader, Sink, Source
from ._reject import Reject

__all__ = ["read_jsonl", "read_jsonl_lines", "records_of_lines"]

T = TypeVar("T")

_SYNC_EVERY: Final = 1023  # counts are brought up to date every 1,024 lines


def records_of_lines(
    sink: Sink[T], lines: Iterable[tuple[int, bytes]], complete: Callable[[int], bool]
) -> Iterator[T]:
    """The records of numbered lines; ``complete(line)`` is false for a cut-off last line.

    The common case (a well-formed object on a line of acceptable length) is handled inline
    and counted in batches; everything else goes to :func:`_slow_line`. A source that breaks
    part-way ends the read with a reject on the line after the last one read.
    """
    structure, cls, limit = sink.structure, sink.cls, sink.max_line_bytes
    units = counted = accepted = line = 0
    try:
        for line, text in lines:
            units += 1
            if not units & _SYNC_EVERY:  # keep the counts current for progress displays
                sink.count(units - counted, accepted)
                counted, accepted = units, 0
            if len(text) <= limit:
                try:
                    data = fast_loads(text)
                except ValueError:
                    data = None
                if type(data) is dict and not may_repeat_keys(text, data):
                    try:
                        record = structure(data, cls)
                    except Exception as error:  # every failure of one record becomes its reject
                        sink.reject_error(error, line, text.rstrip(b"\r"))
                        continue
                    accepted += 1
                    yield record
                    continue
            slow = _slow_line(sink, text, line, complete(line))
            if slow is not None:
                yield slow
    except BrokenSourceError as error:
        units += 1
        sink.reject(line + 1, "$", f"{error}; the rest of the file cannot be read", "")
    finally:
        sink.count(units - counted, accepted)


def _slow_line(sink: Sink[T], text: bytes, line: int, complete: bool) -> T | None:
    """Everything but the common case: BOM, blank, oversized, invalid or non-object lines."""
    limit = sink.max_line_bytes
    raw = text[len(BOM) :] if line == 1 and text.startswith(BOM) else text
    body = raw[:-1] if raw.endswith(b"\r") else raw
    if len(body) > limit:
        sink.reject(
            line,
            "$",
            f"line is longer than {limit:,} bytes; split the record",
            body[:200].decode("utf-8", "replace"),
        )
        return None
    if not body or body.isspace():
        sink.skip_blank()
        return None
    try:
        data = loads(body)
    except JsonProblemError as problem:
        sink.reject(line, problem.path, problem.message, body.decode("utf-8", "replace"))
        return None
    except ValueError as error:
        sink.reject(line, "$", _json_problem(error, complete), body.decode("utf-8", "replace"))
        return None
    if type(data) is not dict:
        sink.reject(
            line,
            "$",
            f"expected a JSON object {{...}}, got {json_kind(data)}",
            body.decode("utf-8", "replace"),
        )
        return None
    return sink.accept(data, line, body)


def _json_problem(error: ValueError, complete: bool) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"invalid UTF-8 at byte {error.start + 1} of the line; save the file as UTF-8"
    detail = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
    where = f" at column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
    message = f"invalid JSON{where}: {detail}"
    if not complete:
        message += " (the last line of the file looks truncated)"
    return message


def _parse(sink: Sink[T]) -> Iterator[T]:
    with open_input(sink) as source:
        if source is not None:
            ended = [True]
            lines = split_lines(source, sink.max_line_bytes, ended)
            yield from records_of_lines(sink, enumerate(lines, 1), lambda _: ended[0])


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
        parse=_parse,
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

    def parse(sink: Sink[T]) -> Iterator[T]:
        yield from records_of_lines(sink, lines, lambda line: line != truncated)

    return Reader(name, cls, parse=parse, converter=converter, max_line_bytes=max_line_bytes)
