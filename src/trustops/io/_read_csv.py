"""CSV files: a header row of field names, one record per row, streamed line by line."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import TypeVar

import cattrs

from ._csv import CsvPlan
from ._input import BOM, BrokenSourceError, Input, open_input, split_lines
from ._reader import MAX_LINE_BYTES, Reader, Sink, Source
from ._reject import Reject

__all__ = ["read_csv"]

T = TypeVar("T")


def _parse(sink: Sink[T]) -> Iterator[T]:
    plan = CsvPlan.for_class(sink.cls)
    with open_input(sink) as source:
        if source is not None:
            yield from _rows(sink, plan, _CsvLines(source, sink.max_line_bytes))


class _CsvLines:
    """The physical lines of a CSV file, decoded one by one for :func:`csv.reader`.

    Memory stays bounded by the longest line accepted; a line that is not UTF-8 or is too
    long marks the row it belongs to (:attr:`problem`) instead of stopping the read, and
    :attr:`written` keeps the lines of the current row as written.
    """

    def __init__(self, source: Input, limit: int) -> None:
        self._ended = [True]
        self._lines = split_lines(source, limit, self._ended)
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
        if self.number == 1 and data.startswith(BOM):
            data = data[len(BOM) :]
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


def _rows(sink: Sink[T], plan: CsvPlan, lines: _CsvLines) -> Iterator[T]:
    rows = csv.reader(lines, strict=True)
    try:
        header = next(rows, None)
    except csv.Error as error:
        header = None
        lines.problem = lines.problem or f"cannot read the CSV header: {error}"
    except BrokenSourceError as error:
        header = None
        lines.problem = str(error)
    written, problem = lines.take()
    if problem is not None:
        sink.count()
        sink.reject(1, "$", problem, written)
        return
    if header is None:
        return
    problem = plan.check_header(header)
    if problem is not None:
        sink.count()
        sink.reject(1, "$", problem, written)
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
        except BrokenSourceError as error:
            index += 1
            sink.count()
            sink.reject(start, "$", f"{error}; the rest of the file cannot be read", "", row=index)
            return
        index += 1
        sink.count()
        raw, problem = lines.take()
        if problem is None and lines.unterminated and cells:
            problem = (
                "the last row has no line end, so the file looks cut off; "
                "end the file with a line break if the row is complete"
            )
        if problem is not None:
            sink.reject(start, "$", problem, raw, row=index)
            continue
        if not any(cell.strip() for cell in cells):
            sink.skip_blank()
            continue
        if len(cells) != len(header):
            sink.reject(
                start,
                "$",
                f"expected {len(header)} cells as in the header, got {len(cells)}",
                raw,
                row=index,
            )
            continue
        data, problems = plan.row_to_data(header, cells)
        if problems:
            sink.reject(
                start, problems[0][0], problems[0][1], raw, row=index, problems=tuple(problems)
            )
            continue
        record = sink.accept(data, start, raw, row=index)
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
        parse=_parse,
        converter=converter,
        max_line_bytes=max_line_bytes,
        on_reject=on_reject,
    )
