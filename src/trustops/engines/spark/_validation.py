"""Validation of interactions in Spark: a fast, sound check in column expressions, and the
model itself for every row the fast check does not vouch for.

The fast check accepts a row only when the model certainly would (common forms: strings of
printable characters, ISO-8601 instants with an offset or Spark timestamps, floating-point
durations). Every other row goes, in a Python worker, through the same converter and model as
the row readers, which either accepts it (an unusual but valid form) or rejects it with the
row readers' own path and message. So the rules and their messages live in one place, the
model; Spark only decides quickly which rows need no explanation.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

import attrs

from ...io import describe_error, make_converter
from ...model import (
    AttendanceStatus,
    Channel,
    Initiator,
    Interaction,
    InteractionKind,
    Outcome,
)
from .._base import EngineError
from ._session import pyspark_sql

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import Column, DataFrame

__all__ = ["FIELDS", "REJECT_COLUMNS", "Validated", "validate"]

FIELDS: Final = tuple(field.name for field in attrs.fields(Interaction))
"""The columns of an interaction, as the model names its fields."""
_IDS: Final = ("id", "area_id", "initiative_id", "session_id", "staff_id", "resident_id")
_REQUIRED: Final = frozenset(
    field.name for field in attrs.fields(Interaction) if field.default is attrs.NOTHING
)
_ENUMS: Final = {
    "kind": InteractionKind,
    "initiator": Initiator,
    "channel": Channel,
    "outcome": Outcome,
    "attendance": AttendanceStatus,
}
_INSTANTS: Final = ("occurred_at", "observed_at")
# One or more printable characters (no control, format, unassigned or separator characters,
# except the space), not starting or ending with a space: what str.isprintable() and
# s.strip() == s accept, in Java's regular expressions.
_PRINTABLE: Final = r"^[^\p{C}\p{Z}](?:(?:[^\p{C}\p{Z}]| )*[^\p{C}\p{Z}])?$"
_ISO: Final = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$"
# The fast check vouches for instants of the years 1900 to 2199 only; others go to the model.
_EPOCH: Final = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_FIRST_MICROS: Final = (_dt.datetime(1900, 1, 1, tzinfo=_dt.UTC) - _EPOCH) // _dt.timedelta(
    microseconds=1
)
_LAST_MICROS: Final = (_dt.datetime(2200, 1, 1, tzinfo=_dt.UTC) - _EPOCH) // _dt.timedelta(
    microseconds=1
) - 1
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
    columns (instants as timestamps); ``rejects`` one row per rejected input row (see
    :data:`REJECT_COLUMNS`); ``tally`` every row once, with a boolean ``_rejected``."""

    accepted: DataFrame
    rejects: DataFrame
    tally: DataFrame


def _instant(frame: DataFrame, name: str) -> tuple[Column, Column]:
    """The column ``name`` as a timestamp, and whether the fast check vouches for it."""
    from pyspark.sql import functions as fn
    from pyspark.sql import types

    kind = frame.schema[name].dataType
    column = fn.col(name)
    if isinstance(kind, types.TimestampType):
        value = column
        fine = fn.lit(True)
    elif isinstance(kind, types.StringType):
        value = fn.try_to_timestamp(column)
        fine = column.rlike(_ISO) & value.isNotNull()
    else:  # naive timestamps, numbers, anything else: the model explains
        return fn.lit(None).cast("timestamp"), column.isNull()
    fine = fine & fn.unix_micros(value).between(_FIRST_MICROS, _LAST_MICROS)
    return value, column.isNull() | fine


def _fast(frame: DataFrame) -> tuple[Column, dict[str, Column]]:
    """Whether the fast check vouches for each row, and the typed value of every field."""
    from pyspark.sql import functions as fn
    from pyspark.sql import types

    schema = frame.schema
    checks: list[Column] = []
    values: dict[str, Column] = {}
    for name in FIELDS:
        column = fn.col(name)
        if name in _INSTANTS:
            values[name], fine = _instant(frame, name)
        elif name == "duration_minutes":
            is_float = isinstance(schema[name].dataType, types.DoubleType | types.FloatType)
            values[name] = column.cast("double") if is_float else fn.lit(None).cast("double")
            fine = column.isNull()
            if is_float:
                fine = fine | ((column >= 0) & (column < fn.lit(math.inf)))
        elif not isinstance(schema[name].dataType, types.StringType):
            values[name] = fn.lit(None).cast("string")
            fine = column.isNull()
        elif name in _IDS:
            values[name] = column
            fine = fn.length(column).between(1, 128) & column.rlike(_PRINTABLE)
            fine = fine if name in _REQUIRED else column.isNull() | fine
        else:
            values[name] = column
            fine = column.isin(*(member.value for member in _ENUMS[name]))
            fine = fine if name in _REQUIRED else column.isNull() | fine
        if name in _REQUIRED:
            fine = column.isNotNull() & fine
        checks.append(fine)
    kind = fn.col("kind")
    checks += [
        (kind == InteractionKind.ATTENDANCE.value) == fn.col("attendance").isNotNull(),
        fn.col("observed_at").isNull()
        | (
            (kind == InteractionKind.SUSPICIOUS_ACTIVITY_REPORT.value)
            & (values["observed_at"] <= values["occurred_at"])
        ),
        fn.col("duration_minutes").isNull()
        | kind.isin(InteractionKind.VOLUNTEERING.value, InteractionKind.CONVERSATION.value),
        fn.col("session_id").isNull() | fn.col("initiative_id").isNotNull(),
    ]
    checks += [fn.col(n).isNull() for n in frame.columns if n not in FIELDS and n != "_row"]
    vouched = checks[0]
    for check in checks[1:]:
        vouched = vouched & check
    return fn.coalesce(vouched, fn.lit(False)), values


def validate(frame: DataFrame) -> Validated:
    """Validate ``frame`` (one column per field of :class:`~trustops.Interaction`; missing
    optional columns are taken as empty, a missing required one rejects every row)."""
    pyspark_sql()
    from pyspark.sql import functions as fn

    present = list(frame.columns)
    given = set(present)
    if "_row" in given:
        raise EngineError("the input has a column named '_row', which the engine uses itself")
    framed = frame.select(fn.monotonically_increasing_id().alias("_row"), *present)
    for name in FIELDS:
        if name not in given:
            framed = framed.withColumn(name, fn.lit(None).cast("string"))
    vouched, values = _fast(framed)
    framed = framed.withColumn("_fast", vouched)
    fast = framed.where(fn.col("_fast")).select(*(values[n].alias(n) for n in FIELDS))
    explained = (
        framed.where(~fn.col("_fast"))
        .select("_row", *present)
        .mapInArrow(_Explain(tuple(present)), _OUT)
    )
    accepted = fast.unionByName(explained.where(fn.col("_ok")).select(*FIELDS))
    rejects = explained.where(~fn.col("_ok")).select(
        fn.col("_row").alias("row"),
        fn.col("id"),
        fn.col("_path").alias("column"),
        fn.col("_message").alias("message"),
        fn.col("_raw").alias("raw"),
        fn.col("_problems").alias("problems"),
    )
    tally = explained.select((~fn.col("_ok")).alias("_rejected")).unionByName(
        framed.where(fn.col("_fast")).select(fn.lit(False).alias("_rejected"))
    )
    return Validated(accepted=accepted, rejects=rejects, tally=tally)


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
    for name in FIELDS:
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
    for name in FIELDS:
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
