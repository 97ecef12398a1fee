"""Validation of interactions in Spark: the engines' columnar rules, rendered in Spark SQL,
and the model itself for every row they do not pass.

The rules (:data:`trustops.engines._rules.RULES`, declared once for every columnar engine)
are true only when the model certainly accepts a row. Spark evaluates them as column
expressions over *canonical columns* made from the input (one typed column per field, a
``<field>__bad`` flag for a value that cannot be read as its type, ``__shape_ok`` for a record
without unknown fields). Every row that does not pass goes, in a Python worker, through the
same converter and model as the row readers: the model either accepts it (an unusual but valid
form) or rejects it with the row readers' own path and message.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

import attrs

from ...io import describe_error, make_converter, read_arrow
from ...model import Interaction
from .._errors import EngineError
from .._rules import FIELDS, INSTANT_PATTERN, Dialect, FieldKind, passes_all
from ._session import pyspark_sql

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import Column, DataFrame

__all__ = [
    "NAMES",
    "REJECT_COLUMNS",
    "SPARK",
    "Validated",
    "arrow_schema",
    "record_columns",
    "validate",
]

SPARK: Final = Dialect(
    full_match=lambda column, pattern: f"({column} RLIKE '^(?:{pattern})$')",
    is_finite=lambda column: f"(NOT isnan({column}) AND abs({column}) < double('Infinity'))",
)
"""The engines' rules in Spark SQL: Java regular expressions, ``isnan``."""

_TYPES: Final = {
    FieldKind.ID: "string",
    FieldKind.ENUM: "string",
    FieldKind.INSTANT: "timestamp",
    FieldKind.NUMBER: "double",
}
NAMES: Final = tuple(name for name, _, _, _ in FIELDS)
_INSTANTS: Final = tuple(name for name, kind, _, _ in FIELDS if kind == FieldKind.INSTANT)
_OUT: Final = (
    "_file string, _line long, _part int, _row long, _ok boolean, _path string, _message string, _raw string, "
    "_problems array<struct<path: string, message: string>>, "
    "id string, occurred_at timestamp, area_id string, kind string, initiator string, "
    "channel string, initiative_id string, session_id string, staff_id string, "
    "resident_id string, outcome string, attendance string, observed_at timestamp, "
    "duration_minutes double"
)
REJECT_COLUMNS: Final = ("file", "line", "row", "id", "column", "message", "raw", "problems")
"""The columns of the rejects DataFrame: where the row is (for files, the ``file`` as Spark
names it and the ``line`` as the row reader counts it: a JSON Lines or CSV line, blank lines
counted, or a Parquet row from 1; for a DataFrame, the ``row`` id Spark gave it), the
record's ``id`` (as read), the field path of the first problem (``$.occurred_at``), its
message, the raw text (a JSON Lines line as read; for columns, the value of that field), and
every ``(path, message)`` found."""


@attrs.frozen(kw_only=True)
class Validated:
    """The rows of one input, validated: ``accepted`` holds the valid interactions with typed
    columns (instants as timestamps) and an order key ``_row`` (the row id Spark gave each
    row, or a line's file and number); ``rejects`` one row per rejected input row (see
    :data:`REJECT_COLUMNS`); ``tally`` every row (or line) once, its ``_state``
    ``accepted``, ``rejected`` or ``blank``, with the input partition ``_part`` it was read in.
    ``kept`` are the persisted frames they are computed from (one pass over the input);
    :meth:`release` drops them."""

    accepted: DataFrame
    rejects: DataFrame
    tally: DataFrame
    kept: tuple[DataFrame, ...] = ()

    def release(self) -> None:
        """Drop the persisted intermediate frames (the rejects DataFrame then recomputes
        from the input when used)."""
        for frame in self.kept:
            frame.unpersist()


def _canonical(frame: DataFrame) -> list[Column]:
    """The canonical columns of the engines' rules, from whatever types ``frame`` has."""
    from pyspark.sql import functions as fn
    from pyspark.sql import types

    schema = {field.name: field.dataType for field in frame.schema.fields}
    columns: list[Column] = []
    for name, kind, _, _ in FIELDS:
        given = schema.get(name)
        column = fn.col(name)
        text = isinstance(given, types.StringType)
        value: Column
        if kind in (FieldKind.ID, FieldKind.ENUM):
            value = column if text else fn.lit(None).cast("string")
            if isinstance(given, types.BinaryType):  # text as bytes (Hive, older Spark): UTF-8
                value = fn.when(fn.is_valid_utf8(column), column.cast("string"))
        elif kind == FieldKind.INSTANT:
            if isinstance(given, types.TimestampType):
                value = column
            elif text:
                value = fn.when(
                    column.rlike(f"^(?:{INSTANT_PATTERN})$"), fn.try_to_timestamp(column)
                )
            else:
                value = fn.lit(None).cast("timestamp")
        elif isinstance(given, types.NumericType):
            value = column.cast("double")
        else:
            value = fn.lit(None).cast("double")
        if given is None:  # an absent field
            value = fn.lit(None).cast(_TYPES[kind])
            columns += [value.alias(name), fn.lit(False).alias(f"{name}__bad")]
            continue
        columns += [value.alias(name), (column.isNotNull() & value.isNull()).alias(f"{name}__bad")]
    extra = [fn.col(name).isNull() for name in frame.columns if name not in NAMES]
    shape = fn.lit(True)
    for check in extra:
        shape = shape & check
    columns.append(shape.alias("__shape_ok"))
    return columns


def validate(
    frame: DataFrame, *, located: bool = False, naive_zone: str | None = None
) -> Validated:
    """Validate ``frame`` (one column per field of :class:`~trustops.model.Interaction`; a missing
    column is an absent field, a column of another name an unknown field). ``located``: the
    frame is Parquet files read by Spark, and rejects name the file and the row (from 1).
    ``naive_zone``: the IANA zone of timestamps without a zone (else they are rejects), read
    by the row reader (:func:`~trustops.io.read_arrow`) in Python workers."""
    pyspark_sql()
    from pyspark import StorageLevel
    from pyspark.sql import functions as fn

    present = list(frame.columns)
    if "_row" in present or "_given" in present:
        raise EngineError(
            "the input has a column named '_row' or '_given', which the engine uses itself"
        )
    passes = fn.expr(passes_all(SPARK))
    file, line = fn.lit(None).cast("string"), fn.lit(None).cast("long")
    if located:
        file = fn.col("_metadata.file_path")
        line = fn.col("_metadata.row_index") + 1
    canonical = frame.select(
        fn.monotonically_increasing_id().alias("_row"),
        fn.struct(*present).alias("_given"),
        *_canonical(frame),
        file.alias("_file"),
        line.alias("_line"),
        fn.spark_partition_id().alias("_part"),
    )
    # One pass over the input: the typed fields, whether the rules pass, and the raw values
    # only of the rows that need the model. Kept (memory, then disk) for the counting parts.
    checked = canonical.select(
        "_row",
        *NAMES,
        passes.alias("_pass"),
        fn.when(~passes, fn.col("_given")).alias("_given"),
        fn.when(~passes, fn.col("_file")).alias("_file"),
        fn.when(~passes, fn.col("_line")).alias("_line"),
        "_part",
    ).persist(StorageLevel.MEMORY_AND_DISK)
    # Building the kept rows counts those the rules did not vouch for; Python workers start
    # only when there are some.
    failing = checked.where(~fn.col("_pass"))
    explained = (
        failing.select("_row", "_file", "_line", "_part", "_given.*")
        .mapInArrow(_Explain(tuple(present), naive_zone), _OUT)
        .persist(StorageLevel.MEMORY_AND_DISK)
        if failing.count()
        else frame.sparkSession.createDataFrame([], _OUT)
    )
    fast = checked.where(fn.col("_pass")).select("_row", *NAMES)
    accepted = fast.unionByName(explained.where(fn.col("_ok")).select("_row", *NAMES))
    rejects = explained.where(~fn.col("_ok")).select(
        fn.col("_file").alias("file"),
        fn.col("_line").alias("line"),
        fn.when(fn.col("_file").isNull(), fn.col("_row")).alias("row"),
        fn.col("id"),
        fn.col("_path").alias("column"),
        fn.col("_message").alias("message"),
        fn.col("_raw").alias("raw"),
        fn.col("_problems").alias("problems"),
    )
    state = fn.when(fn.col("_ok"), fn.lit("accepted")).otherwise(fn.lit("rejected"))
    tally = explained.select(state.alias("_state"), "_part").unionByName(
        checked.where(fn.col("_pass")).select(fn.lit("accepted").alias("_state"), "_part")
    )
    return Validated(accepted=accepted, rejects=rejects, tally=tally, kept=(checked, explained))


class _Explain:
    """Runs in Spark's Python workers: each row the fast check did not vouch for goes through
    the converter and the model, exactly as a row reader's record would."""

    def __init__(self, columns: tuple[str, ...], naive_zone: str | None = None) -> None:
        self.columns = columns
        self.naive_zone = naive_zone

    def __call__(self, batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        import pyarrow

        converter = make_converter()
        structure = converter.get_structure_hook(Interaction)
        schema = arrow_schema(located=True)
        for batch in batches:
            out = [
                _explain(row, self.columns, structure, self.naive_zone) for row in batch.to_pylist()
            ]
            yield pyarrow.RecordBatch.from_pylist(out, schema=schema)


def arrow_schema(*, located: bool = False) -> pyarrow.Schema:
    """The Arrow schema of a validated row (with ``_file`` and ``_line`` first when
    ``located``)."""
    import pyarrow

    text, stamp = pyarrow.string(), pyarrow.timestamp("us", tz="UTC")
    problems = pyarrow.list_(pyarrow.struct([("path", text), ("message", text)]))
    fields = [
        *(
            [("_file", text), ("_line", pyarrow.int64()), ("_part", pyarrow.int32())]
            if located
            else []
        ),
        ("_row", pyarrow.int64()),
        ("_ok", pyarrow.bool_()),
        ("_path", text),
        ("_message", text),
        ("_raw", text),
        ("_problems", problems),
    ]
    for name in NAMES:
        if name in _INSTANTS:
            fields.append((name, stamp))
        elif name == "duration_minutes":
            fields.append((name, pyarrow.float64()))
        else:
            fields.append((name, text))
    return pyarrow.schema(fields)


def _plain(value: object) -> object:
    """A value as a JSON reader would hand it to the converter (instants as ISO text)."""
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    return value


def _explain(
    row: dict[str, Any], columns: tuple[str, ...], structure: Any, naive_zone: str | None = None
) -> dict[str, Any]:
    data = {name: _plain(row[name]) for name in columns if name in row}
    for name in list(data):
        if data[name] is None:
            del data[name]  # an empty cell is an absent field, as Spark reads JSON
    out: dict[str, Any] = {
        "_row": row["_row"],
        "_file": row["_file"],
        "_line": row["_line"],
        "_part": row["_part"],
        "_ok": False,
        "id": _text(row.get("id")),
    }
    if naive_zone is not None:  # wall times without a zone: as the row reader reads them
        walls = {
            name: value
            for name, value in row.items()
            if name in data and isinstance(value, _dt.datetime) and value.tzinfo is None
        }
        if walls:
            return _read_as_arrow({**data, **walls}, out, naive_zone)
    if any(isinstance(value, bytes) for value in data.values()):
        return _read_as_arrow(data, out)
    try:
        record = structure(data, Interaction)
    except Exception as error:  # every failure of one record becomes its reject
        problems = describe_error(error) or [("$", str(error))]
        path = problems[0][0]
        field = path[2:].split(".", 1)[0].split("[", 1)[0] if path.startswith("$.") else ""
        out.update(
            _path=path,
            _message=problems[0][1],
            _raw=None if field not in data else _text(data[field]),
            _problems=[{"path": p, "message": m} for p, m in problems],
        )
        return out
    out["_ok"] = True
    out.update(record_columns(record))
    return out


def record_columns(record: Interaction) -> dict[str, object]:
    """An accepted interaction's typed columns: instants in UTC, enums as their values."""
    out: dict[str, object] = {}
    for name in NAMES:
        value = getattr(record, name)
        if isinstance(value, _dt.datetime):
            value = value.astimezone(_dt.UTC)
        elif hasattr(value, "value"):
            value = value.value
        out[name] = value
    return out


def _read_as_arrow(
    data: dict[str, Any], out: dict[str, Any], naive_zone: str | None = None
) -> dict[str, Any]:
    """A row with binary columns or wall times, read by the row reader's Arrow reader (bytes
    are UTF-8 text, other bytes its reject with its message; wall times in ``naive_zone``)."""
    import pyarrow

    reader = read_arrow(
        pyarrow.table({name: [value] for name, value in data.items()}),
        Interaction,
        naive_zone=naive_zone,
    )
    records = reader.read_all()
    if records:
        out["_ok"] = True
        out.update(record_columns(records[0]))
        return out
    (reject,) = reader.rejects
    out.update(
        _path=reject.path,
        _message=reject.message,
        _raw=reject.raw,
        _problems=[{"path": p, "message": m} for p, m in reject.problems],
    )
    return out


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(value)
