"""The :class:`Reader` and the small API its format parsers use: count a line, accept, reject.

A format parser (one module per format: ``_read_jsonl``, ``_read_json``, ``_read_csv``) is a
function from a :class:`Sink` to an iterator of accepted records. It sees only the sink: the
source, the record class, the structure hook and the three verbs. The reader owns the counts
and the rejects and hands out copies.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from typing import IO, Any, Final, Generic, TypeVar

import cattrs

from ._converter import default_converter, describe_error
from ._errors import ReaderError
from ._reject import ReadCounts, Reject

__all__ = ["MAX_LINE_BYTES", "Parser", "Reader", "Sink", "Source"]

T = TypeVar("T")
Source = str | os.PathLike[str] | IO[bytes] | IO[str] | io.BufferedIOBase | io.TextIOBase
"""Where records come from: a path, or an open binary or text file object (also gzip, stdin)."""

MAX_LINE_BYTES: Final = 1 << 20
"""Longest JSONL line or JSON record accepted by default (1 MiB)."""


def _source_name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "") or "<stream>")


class Sink(Generic[T]):
    """What a format parser may do with what it reads: count lines, accept, reject.

    Every unit a parser reads is counted once, as a line (:meth:`count`), and ends as an
    accepted record, a reject or a blank, so ``lines == accepted + rejected + blank`` holds.
    :meth:`accept` structures parsed data into :attr:`cls` (a failure becomes the record's
    reject); hot loops may call :attr:`structure` themselves and report with :meth:`count`
    and :meth:`reject_error`.
    """

    __slots__ = (
        "_on_reject",
        "accepted",
        "blank",
        "cls",
        "lines",
        "max_line_bytes",
        "name",
        "rejects",
        "source",
        "structure",
    )

    def __init__(
        self,
        source: Source,
        cls: type[T],
        *,
        name: str,
        max_line_bytes: int,
        structure: Callable[[Any, Any], T],
        on_reject: Callable[[Reject], None] | None,
    ) -> None:
        self.source = source
        self.cls = cls
        self.name = name
        self.max_line_bytes = max_line_bytes
        self.structure = structure
        """The converter's structure hook for :attr:`cls`: ``structure(data, cls)``."""
        self._on_reject = on_reject
        self.lines = self.accepted = self.blank = 0
        self.rejects: list[Reject] = []

    def count(self, lines: int = 1, accepted: int = 0) -> None:
        """Count ``lines`` more units read, of which ``accepted`` were accepted."""
        self.lines += lines
        self.accepted += accepted

    def skip_blank(self) -> None:
        """Count the current unit (already counted as a line) as blank."""
        self.blank += 1

    def accept(self, data: Any, line: int, raw: str | bytes, row: int | None = None) -> T | None:
        """Structure one parsed record; on failure record its reject and return ``None``."""
        try:
            record: T = self.structure(data, self.cls)
        except Exception as error:  # every failure of one record becomes its reject
            self.reject_error(error, line, raw, row)
            return None
        self.accepted += 1
        return record

    def reject(
        self,
        line: int,
        path: str,
        message: str,
        raw: str,
        *,
        row: int | None = None,
        problems: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """Record a reject: where (``line``, ``row``, field ``path``), why, and the raw text."""
        reject = Reject(
            source=self.name,
            line=line,
            row=row,
            path=path,
            message=message,
            raw=raw,
            problems=problems or ((path, message),),
        )
        self.rejects.append(reject)
        if self._on_reject is not None:
            self._on_reject(reject)

    def reject_error(
        self, error: Exception, line: int, raw: str | bytes, row: int | None = None
    ) -> None:
        """Record the reject of a record the structure hook refused with ``error``."""
        problems = tuple(describe_error(error)) or (("$", str(error)),)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        self.reject(line, problems[0][0], problems[0][1], text, row=row, problems=problems)


Parser = Callable[[Sink[T]], Iterator[T]]
"""A format parser: reads a sink's source and yields accepted records."""


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
        parse: Parser[T],
        converter: cattrs.Converter | None = None,
        max_line_bytes: int = MAX_LINE_BYTES,
        on_reject: Callable[[Reject], None] | None = None,
    ) -> None:
        self.source = source
        self.cls = cls
        self.max_line_bytes = max_line_bytes
        converter = converter or default_converter()
        self._sink = Sink(
            source,
            cls,
            name=_source_name(source),
            max_line_bytes=max_line_bytes,
            structure=converter.get_structure_hook(cls),
            on_reject=on_reject,
        )
        self._parse = parse
        self._started = False
        self._done = False

    @property
    def name(self) -> str:
        """The source's name in rejects: its path, a stream's ``name``, or ``<stream>``.

        Set it before reading to name a stream (an engine reading part of a file names the
        file).
        """
        return self._sink.name

    @name.setter
    def name(self, name: str) -> None:
        self._sink.name = name

    @property
    def rejects(self) -> list[Reject]:
        """Every reject so far, in source order (a copy)."""
        return list(self._sink.rejects)

    @property
    def counts(self) -> ReadCounts:
        """Units read so far: accepted, rejected and blank.

        While a JSONL file is being read the line and accepted counts are brought up to date
        every 1,024 lines; once iteration ends they are exact.
        """
        sink = self._sink
        return ReadCounts(
            lines=sink.lines, accepted=sink.accepted, rejected=len(sink.rejects), blank=sink.blank
        )

    @property
    def done(self) -> bool:
        """Whether the whole source has been read."""
        return self._done

    def __iter__(self) -> Iterator[T]:
        if self._started:
            raise ReaderError(f"{self.name}: a reader can be iterated only once; open a new one")
        self._started = True
        yield from self._parse(self._sink)
        self._done = True

    def read_all(self) -> list[T]:
        """Read everything and return the accepted records as a list."""
        return list(self)
