"""Writers for JSONL, JSON and CSV whose output the readers read back identically."""

from __future__ import annotations

import csv
import itertools
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

import cattrs

from ._atomic import atomic_path
from ._converter import default_converter
from ._csv import CsvPlan
from ._json import dumps

__all__ = ["Destination", "write_csv", "write_json", "write_jsonl"]

Destination = str | os.PathLike[str] | IO[str]
"""Where records go: a path (written as UTF-8) or an open text file object."""


@contextmanager
def _open_text(dest: Destination) -> Iterator[IO[str]]:
    if isinstance(dest, str | os.PathLike):
        # A file is written whole or not at all: a record that fails leaves no half file.
        with (
            atomic_path(dest) as temporary,
            open(temporary, "w", encoding="utf-8", newline="") as handle,
        ):
            yield handle
    else:
        yield dest


def write_jsonl(
    records: Iterable[Any], dest: Destination, *, converter: cattrs.Converter | None = None
) -> int:
    """Write one compact JSON object per line; return how many records were written.

    >>> import io
    >>> from trustops import Partner
    >>> from trustops.io import write_jsonl
    >>> out = io.StringIO()
    >>> write_jsonl([Partner(id="p1", name="Library")], out)
    1
    >>> out.getvalue()
    '{"id":"p1","name":"Library","sector":null}\\n'
    """
    unstructure = (converter or default_converter()).unstructure
    count = 0
    with _open_text(dest) as handle:
        for record in records:
            handle.write(dumps(unstructure(record)))
            handle.write("\n")
            count += 1
    return count


def write_json(
    records: Iterable[Any], dest: Destination, *, converter: cattrs.Converter | None = None
) -> int:
    """Write a JSON array with one record per line; return how many records were written.

    >>> import io
    >>> from trustops import Area
    >>> from trustops.io import write_json
    >>> out = io.StringIO()
    >>> write_json([Area(id="a", name="A", timezone="UTC"), Area(id="b", name="B", timezone="UTC")], out)
    2
    >>> print(out.getvalue())
    [
    {"id":"a","name":"A","timezone":"UTC","population":null,"margins":{}},
    {"id":"b","name":"B","timezone":"UTC","population":null,"margins":{}}
    ]
    <BLANKLINE>
    """
    unstructure = (converter or default_converter()).unstructure
    count = 0
    with _open_text(dest) as handle:
        handle.write("[")
        for record in records:
            handle.write(",\n" if count else "\n")
            handle.write(dumps(unstructure(record)))
            count += 1
        handle.write("\n]\n" if count else "]\n")
    return count


def write_csv(
    records: Iterable[Any],
    dest: Destination,
    *,
    cls: type[Any] | None = None,
    converter: cattrs.Converter | None = None,
) -> int:
    """Write flat records as CSV with a header row; return how many were written.

    Lists are ``;``-separated and mappings become dotted columns (``answers.q1``), as
    :func:`~trustops.io.read_csv` expects. Text cells that a spreadsheet would run as a formula
    get a protecting leading ``'``. All records must be of one type; pass ``cls`` to write a
    header for an empty file.

    >>> import io
    >>> from trustops import Partner
    >>> from trustops.io import write_csv
    >>> out = io.StringIO()
    >>> write_csv([Partner(id="p1", name="=HYPERLINK(evil)")], out)
    1
    >>> out.getvalue().splitlines()
    ['id,name,sector', "p1,'=HYPERLINK(evil),"]
    """
    unstructure = (converter or default_converter()).unstructure
    iterator = iter(records)
    first = next(iterator, None)
    record_type = cls or (type(first) if first is not None else None)
    if record_type is None:
        raise TypeError("write_csv needs cls= to write the header of an empty file")
    plan = CsvPlan.for_class(record_type)

    def rows() -> Iterator[dict[str, Any]]:
        for item in itertools.chain(() if first is None else (first,), iterator):
            if type(item) is not record_type:
                raise TypeError(
                    f"write_csv writes one record type; got {type(item).__name__} "
                    f"among {record_type.__name__}"
                )
            yield unstructure(item)

    # Mapping fields add one column per key seen, so those records are gathered first;
    # records without mapping fields stream straight through.
    data: Iterable[dict[str, Any]] = list(rows()) if plan.nested else rows()
    header = plan.header_for(data if plan.nested else ())
    count = 0
    with _open_text(dest) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for row in data:
            writer.writerow(plan.record_to_row(header, row))
            count += 1
    return count
