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

from ...io import describe_error, make_converter
from ...model import Interaction
from .._errors import EngineError
from .._rules import FIELDS, INSTANT_PATTERN, Dialect, FieldKind, passes_all
from ._session import pyspark_sql

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import Column, DataFrame

__all__ = ["REJECT_COLUMNS", "SPARK", "Validated", "validate"]

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
_NAMES: Final = tuple(name for name, _, _, _ in FIELDS)
_INSTANTS: Final = tuple(name for name, kind, _, _ in FIELDS if kind == FieldKind.INSTANT)
_OUT: Final = (
    "_row long, _ok boolean, _path string, _message string, _raw string, "
    "_problems array<struct<path: string, message: string>>, "
    "id string, occurred_at timestamp, area_id string, kind string, initiator string, "
    "channel string, initiative_id string, session_id string, staff_id string, "
    "resident_id string, outcome string, attendance string, observed_at timestamp, "
    "duration_minutes double"
)
REJECT_COLUMNS: Final = ("row", "id", "column", "message", "raw", "problems")
"""The columns of the rejects DataFrame: the row id Spark gave the row, the record's ``id``
(as read), the field path of the first problem (``$.occurred_at``), its message, the raw
value of that field as text, and every ``(path, message)`` found."""


@attrs.frozen(kw_only=True)
class Validated:
    """The rows of one input, validated: ``accepted`` holds the valid interactions with typed
    columns (instants as timestamps) and the row id ``_row`` Spark gave each row; ``rejects`` one row per rejected input row (see
    :data:`REJECT_COLUMNS`); ``tally`` every row once, with a boolean ``_rejected``.
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
    extra = [fn.col(name).isNull() for name in frame.columns if name not in _NAMES]
    shape = fn.lit(True)
    for check in extra:
        shape = shape & check
    columns.append(shape.alias("__shape_ok"))
    return columns


def validate(frame: DataFrame) -> Validated:
    """Validate ``frame`` (one column per field of :class:`~trustops.model.Interaction`; a missing
    column is an absent field, a column of another name an unknown field)."""
    pyspark_sql()
    from pyspark import StorageLevel
    from pyspark.sql import functions as fn

    present = list(frame.columns)
    if "_row" in present or "_given" in present:
        raise EngineError(
            "the input has a column named '_row' or '_given', which the engine uses itself"
        )
    passes = fn.expr(passes_all(SPARK))
    canonical = frame.select(
        fn.monotonically_increasing_id().alias("_row"),
        fn.struct(*present).alias("_given"),
        *_canonical(frame),
    )
    # One pass over the input: the typed fields, whether the rules pass, and the raw values
    # only of the rows that need the model. Kept (memory, then disk) for the counting parts.
    checked = canonical.select(
        "_row",
        *_NAMES,
        passes.alias("_pass"),
        fn.when(~passes, fn.col("_given")).alias("_given"),
    ).persist(StorageLevel.MEMORY_AND_DISK)
    explained = (
        checked.where(~fn.col("_pass"))
        .select("_row", "_given.*")
        .mapInArrow(_Explain(tuple(present)), _OUT)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    fast = checked.where(fn.col("_pass")).select("_row", *_NAMES)
    accepted = fast.unionByName(explained.where(fn.col("_ok")).select("_row", *_NAMES))
    rejects = explained.where(~fn.col("_ok")).select(
        fn.col("_row").alias("row"),
        fn.col("id"),
        fn.col("_path").alias("column"),
        fn.col("_message").alias("message"),
        fn.col("_raw").alias("raw"),
        fn.col("_problems").alias("problems"),
    )
    tally = explained.select((~fn.col("_ok")).alias("_rejected")).unionByName(
        checked.where(fn.col("_pass")).select(fn.lit(False).alias("_rejected"))
    )
    return Validated(accepted=accepted, rejects=rejects, tally=tally, kept=(checked, explained))


class _Explain:
    """Runs in Spark's Python workers: each row the fast check did not vouch for goes through
    the converter and the model, exactly as a row reader's record would."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.columns = columns

    def __call__(self, batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        import pyarrow

        converter = make_converter()
        structure = converter.get_structure_hook(Interaction)
        schema = _arrow_schema()
        for batch in batches:
            out = [_explain(row, self.columns, structure) for row in batch.to_pylist()]
            yield pyarrow.RecordBatch.from_pylist(out, schema=schema)


def _arrow_schema() -> pyarrow.Schema:
    import pyarrow

    text, stamp = pyarrow.string(), pyarrow.timestamp("us", tz="UTC")
    problems = pyarrow.list_(pyarrow.struct([("path", text), ("message", text)]))
    fields = [
        ("_row", pyarrow.int64()),
        ("_ok", pyarrow.bool_()),
        ("_path", text),
        ("_message", text),
        ("_raw", text),
        ("_problems", problems),
    ]
    for name in _NAMES:
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


def _explain(row: dict[str, Any], columns: tuple[str, ...], structure: Any) -> dict[str, Any]:
    data = {name: _plain(row[name]) for name in columns if name in row}
    for name in list(data):
        if data[name] is None:
            del data[name]  # an empty cell is an absent field, as Spark reads JSON
    out: dict[str, Any] = {"_row": row["_row"], "_ok": False, "id": _text(row.get("id"))}
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
    for name in _NAMES:
        value = getattr(record, name)
        if isinstance(value, _dt.datetime):
            value = value.astimezone(_dt.UTC)
        elif hasattr(value, "value"):
            value = value.value
        out[name] = value
    return out


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(value)
