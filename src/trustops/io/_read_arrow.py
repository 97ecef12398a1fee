"""Reading Parquet files and Arrow data: each row read exactly as a JSON Lines line is read.

A row becomes the JSON object of its non-null columns and goes through the same converter
and model as a line of a JSON Lines file (:func:`~trustops.io.read_jsonl_lines`), so every
check, supported range and message is the same in every format: a year outside 1900–2199 or
a population above 10¹⁰ is a reject naming the row and the field, whether the value came as
text, as a number or as an Arrow timestamp. Values Python cannot hold (a timestamp in the
year 50000) become text the model refuses, never an exception.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as _dt
import decimal
import json
import os
from collections.abc import Iterable, Iterator
from typing import Any, Final, TypeVar

import cattrs

from .._errors import MissingExtraError
from ._errors import ReaderError
from ._read_jsonl import read_jsonl_lines
from ._reader import Reader

__all__ = ["read_arrow", "read_parquet"]

T = TypeVar("T")

_EPOCH: Final = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_PER_SECOND: Final = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_BATCH: Final = 4_096


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as error:
        raise MissingExtraError("reading Parquet and Arrow data", "arrow", "pyarrow") from error
    return pyarrow


def _instants(pa: Any, column: Any) -> list[object]:
    """A timestamp column as ISO-8601 text: with the UTC offset when the column has a zone,
    without one when it has none (the model then refuses the naive time); an instant Python
    cannot hold as text the model refuses too."""
    unit = column.type.unit
    aware = column.type.tz is not None
    found: list[object] = []
    for ticks in column.cast(pa.int64()).to_pylist():
        if ticks is None:
            found.append(None)
            continue
        seconds, rest = divmod(ticks, _PER_SECOND[unit])
        try:
            when = _EPOCH + _dt.timedelta(
                seconds=seconds, microseconds=rest * 1_000_000 // _PER_SECOND[unit]
            )
        except OverflowError:
            found.append(f"{ticks} {unit} from 1970-01-01 (out of range)")
            continue
        found.append(when.isoformat() if aware else when.replace(tzinfo=None).isoformat())
    return found


def _values(pa: Any, column: Any) -> list[object]:
    """The Python values of one column; a value Python cannot hold becomes text."""
    if pa.types.is_timestamp(column.type):
        return _instants(pa, column)
    try:
        values: list[object] = column.to_pylist(maps_as_pydicts="strict")
    except (OverflowError, ValueError, pa.ArrowException):
        values = []
        for index in range(len(column)):
            try:
                values.append(column[index].as_py(maps_as_pydicts="strict"))
            except (OverflowError, ValueError, pa.ArrowException):
                values.append(f"{column[index]} (out of range)")
    return values


def _json(value: object) -> object:
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    return str(value)


def _lines(pa: Any, batches: Iterable[Any]) -> Iterator[tuple[int, bytes]]:
    number = 0
    for batch in batches:
        names = batch.schema.names
        columns = [_values(pa, batch.column(index)) for index in range(batch.num_columns)]
        for row in zip(*columns, strict=True):
            number += 1
            record = {
                name: value for name, value in zip(names, row, strict=True) if value is not None
            }
            text = json.dumps(record, default=_json, ensure_ascii=False, allow_nan=True)
            yield number, text.encode("utf-8", "surrogatepass")


def read_arrow(
    data: object,
    cls: type[T],
    *,
    name: str = "<arrow>",
    converter: cattrs.Converter | None = None,
) -> Reader[T]:
    """Read the rows of ``data`` (anything with the Arrow stream interface: a pyarrow table,
    a polars or pandas DataFrame) as ``cls`` records: one column per field, a null for an
    absent value. Each row is checked as a JSON Lines line is (same converter, model and
    supported ranges); a bad row is a reject whose ``line`` is the row number, from 1. Needs
    the ``arrow`` extra.

    >>> import pyarrow as pa
    >>> from trustops import Area
    >>> from trustops.io import read_arrow
    >>> table = pa.table({"id": ["a", "b"], "name": ["A", "B"], "timezone": ["UTC", "UTC"],
    ...                   "population": [900, 10**11]})
    >>> reader = read_arrow(table, Area)
    >>> [area.id for area in reader], [(r.line, r.path) for r in reader.rejects]
    (['a'], [(2, '$.population')])
    """
    pa = _pyarrow()
    if not hasattr(data, "__arrow_c_stream__"):
        raise TypeError(
            f"expected Arrow data (a pyarrow table, a polars or pandas DataFrame), got "
            f"{type(data).__name__}"
        )
    stream = pa.RecordBatchReader.from_stream(data)
    return read_jsonl_lines(_lines(pa, stream), cls, name=name, converter=converter)


def read_parquet(
    source: str | os.PathLike[str],
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
) -> Reader[T]:
    """Read the Parquet file ``source`` as ``cls`` records, a batch of rows at a time, as
    :func:`read_arrow` reads Arrow data (rejects name the file and the row). Needs the
    ``arrow`` extra.

    >>> import tempfile, pathlib
    >>> import pendulum, pyarrow as pa, pyarrow.parquet as pq
    >>> from trustops import Interaction
    >>> from trustops.io import read_parquet
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "interactions.parquet")
    >>> when = [pendulum.datetime(2026, 3, 4, tz="UTC"), pendulum.datetime(1850, 3, 4, tz="UTC")]
    >>> pq.write_table(pa.table({"id": ["i1", "i2"], "occurred_at": when, "area_id": ["a", "a"],
    ...     "kind": ["conversation"] * 2, "initiator": ["staff"] * 2,
    ...     "channel": ["phone"] * 2}), path)
    >>> reader = read_parquet(path, Interaction)
    >>> [i.id for i in reader], reader.rejects[0].line, reader.rejects[0].message
    (['i1'], 2, "expected a date and time in the years 1900 to 2199, got '1850-03-04T00:00:00+00:00'")
    >>> folder.cleanup()
    """
    pa = _pyarrow()
    import pyarrow.parquet as pq

    name = os.fspath(source)

    def batches() -> Iterator[Any]:
        try:
            handle = pq.ParquetFile(name)
        except (OSError, pa.ArrowException) as error:
            raise ReaderError(f"{name!r}: cannot read it as Parquet: {error}") from None
        with contextlib.closing(handle):
            yield from handle.iter_batches(batch_size=_BATCH)

    return read_jsonl_lines(_lines(pa, batches()), cls, name=name, converter=converter)
