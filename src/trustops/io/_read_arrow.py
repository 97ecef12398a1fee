"""Reading Parquet files and Arrow data: each row read exactly as a JSON Lines line is read.

A row becomes the JSON object of its non-null columns and goes through the same converter
and model as a line of a JSON Lines file (:func:`~trustops.io.read_jsonl_lines`), so every
check, supported range and message is the same in every format: an instant outside the years
1900–2199 in UTC or a population above 10¹⁰ is a reject naming the row and the field, whether
the value came as text, as a number or as an Arrow timestamp. Values Python cannot hold (a timestamp in the
year 50000) become text the model refuses, never an exception.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as _dt
import decimal
import json
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any, Final, TypeVar

import attrs
import cattrs
import pendulum

from .._errors import MissingExtraError
from ..model import check_timezone
from ._errors import ReaderError
from ._read_jsonl import records_of_lines
from ._reader import Reader, Sink

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


def _instants(pa: Any, column: Any, naive_zone: Any = None) -> list[object]:
    """A timestamp column as ISO-8601 text: with the UTC offset when the column has a zone;
    when it has none, the wall time in ``naive_zone`` with that zone's offset, or (without
    ``naive_zone``, or for a wall time the zone skips or repeats at a clock change) text the
    model refuses; an instant Python cannot hold as text the model refuses too."""
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
        found.append(when.isoformat() if aware else _wall(when.replace(tzinfo=None), naive_zone))
    return found


def _wall(wall: _dt.datetime, zone: Any) -> str:
    """The naive ``wall`` time as ISO-8601 text in ``zone`` (a zone object, or ``None``: no
    offset, which the model refuses). A time the zone skips or repeats is never guessed."""
    if zone is None:
        return wall.isoformat()
    first, second = wall.replace(tzinfo=zone), wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        return f"{wall.isoformat()} (at a clock change)"  # short: messages show 60 characters
    return first.isoformat()


def _naive_zone_of(naive_zone: str | None) -> Any:
    """The zone object of a ``naive_zone`` setting (``None`` stays ``None``); a name that is
    not an IANA time zone is a :class:`~trustops.FieldError` naming ``naive_zone``."""
    if naive_zone is None:
        return None
    return pendulum.timezone(check_timezone(naive_zone, "naive_zone"))


def _values(pa: Any, column: Any, naive_zone: Any = None) -> list[object]:
    """The Python values of one column; a value Python cannot hold becomes text."""
    if pa.types.is_timestamp(column.type):
        return _instants(pa, column, naive_zone)
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
    # a duration has a unit, a field's number has its own: text the model refuses
    return str(value)


def _fields(cls: type) -> frozenset[str] | None:
    """The names of ``cls``'s fields (``None`` when it is not an attrs class)."""
    if not attrs.has(cls):
        return None
    return frozenset(field.name for field in attrs.fields(cls))


def _columns(
    pa: Any, batch: Any, name: str, known: frozenset[str] | None, extra: str, *, naive_zone: Any
) -> tuple[list[str], list[list[object]], list[bool]]:
    """The names, values and binary flags of the columns of ``batch`` that are read."""
    names = batch.schema.names
    seen = set()
    for column in names:
        if column in seen:
            raise ReaderError(
                f"{name}: the column {column!r} appears more than once; a column may appear once"
            )
        seen.add(column)
    chosen = [
        index
        for index, column in enumerate(names)
        if extra == "forbid" or known is None or column in known
    ]
    binary = [
        pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_binary_view(kind)
        for kind in (batch.schema.field(index).type for index in chosen)
    ]
    return (
        [names[index] for index in chosen],
        [_values(pa, batch.column(index), naive_zone) for index in chosen],
        binary,
    )


def _without_views(pa: Any, batch: Any) -> Any:
    """``batch`` with its string and binary *view* columns (polars' strings) as plain string
    and binary columns, which every Arrow kernel takes (``take`` has no view kernel)."""
    plain = {pa.string_view(): pa.string(), pa.binary_view(): pa.binary()}
    if not any(field.type in plain for field in batch.schema):
        return batch
    schema = pa.schema(
        [field.with_type(plain.get(field.type, field.type)) for field in batch.schema]
    )
    return batch.cast(schema)


def _lines(
    pa: Any,
    sink: Sink[Any],
    batches: Iterable[Any],
    *,
    extra: str,
    rows: Collection[int] | None,
    naive_zone: Any,
) -> Iterator[tuple[int, bytes]]:
    """Each row (or each of ``rows``) as a JSON line; a row with binary text that is not
    UTF-8 is rejected here, naming its field."""
    start = 0
    known = _fields(sink.cls)
    wanted = None if rows is None else sorted(rows)
    for whole in batches:
        size = whole.num_rows
        numbers: Sequence[int]
        if wanted is None:
            batch, numbers = whole, range(start + 1, start + size + 1)
        else:
            numbers = wanted[
                bisect.bisect_left(wanted, start + 1) : bisect.bisect_right(wanted, start + size)
            ]
            picked = pa.array([n - start - 1 for n in numbers], pa.int64())
            batch = _without_views(pa, whole).take(picked)
        start += size
        names, columns, binary = _columns(pa, batch, sink.name, known, extra, naive_zone=naive_zone)
        for number, *row in zip(numbers, *columns, strict=True):
            record = {}
            for name, given, is_binary in zip(names, row, binary, strict=True):
                if given is None:
                    continue
                value = given
                if is_binary:
                    try:
                        value = given.decode("utf-8")
                    except UnicodeDecodeError as error:
                        sink.count()
                        sink.reject(
                            number,
                            f"$.{name}",
                            f"expected text in UTF-8, got bytes that are not UTF-8 (byte "
                            f"{error.start + 1} of {len(given)})",
                            repr(given)[:200],
                        )
                        break
                record[name] = value
            else:
                text = json.dumps(record, default=_json, ensure_ascii=False, allow_nan=True)
                yield number, text.encode("utf-8", "surrogatepass")


def _check_extra(extra: str) -> None:
    if extra not in ("forbid", "ignore"):
        raise ValueError(f"expected extra='forbid' or extra='ignore', got {extra!r}")


def _reader(
    name: str,
    cls: type[T],
    batches: Callable[[], Iterable[Any]],
    *,
    converter: cattrs.Converter | None,
    extra: str,
    rows: Collection[int] | None,
    naive_zone: str | None,
) -> Reader[T]:
    _check_extra(extra)
    zone = _naive_zone_of(naive_zone)
    pa = _pyarrow()

    def parse(sink: Sink[T]) -> Iterator[T]:
        lines = _lines(pa, sink, batches(), extra=extra, rows=rows, naive_zone=zone)
        yield from records_of_lines(sink, lines, lambda _: True)

    return Reader(name, cls, parse=parse, converter=converter)


def read_arrow(
    data: object,
    cls: type[T],
    *,
    name: str = "<arrow>",
    converter: cattrs.Converter | None = None,
    extra: str = "forbid",
    rows: Collection[int] | None = None,
    naive_zone: str | None = None,
) -> Reader[T]:
    """Read the rows of ``data`` (anything with the Arrow stream interface: a pyarrow table,
    a polars or pandas DataFrame) as ``cls`` records: one column per field, a null for an
    absent value. Each row is checked as a JSON Lines line is (same converter, model and
    supported ranges); a bad row is a reject whose ``line`` is the row number, from 1. Needs
    the ``arrow`` extra.

    A column that is not a field makes every row with a value in it a reject, as an unknown
    key does in JSON; ``extra="ignore"`` leaves such columns out instead (data lakes carry
    columns of their own). A column name given twice is a :class:`ReaderError`. Binary
    columns (as Hive and older Spark write strings) are read as UTF-8 text; a value that is
    not UTF-8 is a reject naming its field. A duration is not a number (its unit is not the
    field's): a reject. ``rows``, when given, reads only the rows of those numbers (from 1);
    the counts are then of those rows.

    A timestamp column without a zone (Parquet's ``TIMESTAMP_NTZ``, Spark's naive
    timestamps) holds wall times, not instants: its values are rejects (a time is never
    guessed), unless ``naive_zone`` names the IANA zone they were written in (``"UTC"``,
    ``"Europe/London"``); each is then that wall time there, and a wall time the zone skips
    or repeats at a clock change is a reject.

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
    return _reader(
        name, cls, lambda: stream, converter=converter, extra=extra, rows=rows,
        naive_zone=naive_zone,
    )  # fmt: skip


def read_parquet(
    source: str | os.PathLike[str],
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
    extra: str = "forbid",
    rows: Collection[int] | None = None,
    naive_zone: str | None = None,
) -> Reader[T]:
    """Read the Parquet file ``source`` as ``cls`` records, a batch of rows at a time, as
    :func:`read_arrow` reads Arrow data (rejects name the file and the row; ``extra``,
    ``rows`` and ``naive_zone`` as there). Needs the ``arrow`` extra.

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
    (['i1'], 2, "expected a date and time in the years 1900 to 2199 in UTC, got '1850-03-04T00:00:00+00:00'")
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

    return _reader(
        name, cls, batches, converter=converter, extra=extra, rows=rows, naive_zone=naive_zone
    )
