"""The DuckDB engine: Parquet, JSONL and Arrow data counted out of core, after columnar checks.

One scan of the source: the rows are read into the canonical columns of
:mod:`~trustops.engines._rules`, checked by the declared rules, bucketed in the local time of
each area's zone by DuckDB's ``timezone()`` (exact across daylight-saving changes), and
aggregated with grouping sets into a table whose size grows with groups and distinct
residents, not with rows. Rows that fail a rule (and JSONL lines DuckDB cannot read) go to
the row reader, which decides as the model does: a reject with its line, path and message,
or a record that is then counted with the same aggregation. So do rows whose id another row
shares: of those the model accepts, the first of each id (by file, then row) is counted and
the others are left out as duplicates, as every engine does. The statistics leave DuckDB in
the columnar form of :mod:`~trustops.engines._columnar` and are finished by the one step.
"""

from __future__ import annotations

import datetime as _dt
import glob
import json
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from .._errors import MissingExtraError
from ..io import ReadCounts, Reject, read_jsonl_lines
from ..metrics import Counted, TablePlan, first_of_each
from ..model import Interaction
from ..time import Granularity
from ._base import Counting, EngineError
from ._columnar import counted_from_arrow
from ._reference import is_path
from ._rules import FIELDS, INSTANT_PATTERN, Dialect, FieldKind, passes_all

if TYPE_CHECKING:
    import duckdb

__all__ = ["DUCKDB", "DuckDBEngine"]

DUCKDB: Final = Dialect(
    full_match=lambda column, pattern: f"regexp_full_match({column}, '{pattern}')",
    is_finite=lambda column: f"isfinite({column})",
    char_length=lambda column: f"length({column})",
)
"""The rules' SQL dialect for DuckDB."""

_JSON_SUFFIXES: Final = (".jsonl", ".ndjson")
_CHUNK: Final = 16 << 20  # bytes of a JSONL file handed to DuckDB at a time
_BLANK: Final = "' \t\r\x0b\x0c'"
_UNIT: Final = {
    Granularity.DAY: "day",
    Granularity.WEEK: "week",
    Granularity.MONTH: "month",
    Granularity.QUARTER: "quarter",
    Granularity.YEAR: "year",
}
_ORDINAL_0: Final = "DATE '0001-01-01'"
_NULL: Final = {
    FieldKind.ID: "NULL::VARCHAR",
    FieldKind.ENUM: "NULL::VARCHAR",
    FieldKind.INSTANT: "NULL::TIMESTAMPTZ",
    FieldKind.NUMBER: "NULL::DOUBLE",
}


def _require() -> tuple[Any, Any]:
    try:
        import duckdb
        import pyarrow as pa
    except ImportError as error:
        raise MissingExtraError("the duckdb engine", "duckdb", error.name or "duckdb") from error
    return duckdb, pa


def _files(source: str | os.PathLike[str]) -> tuple[list[str], str]:
    """The files a path names (a file, a folder, a glob) and their format."""
    name = os.fspath(source)
    if os.path.isdir(name):
        found = sorted(
            os.path.join(root, file)
            for root, _, files in os.walk(name)
            for file in files
            if file.lower().endswith((".parquet", *_JSON_SUFFIXES))
        )
    elif any(char in name for char in "*?["):
        found = sorted(glob.glob(name, recursive=True))
    else:
        if not os.path.isfile(name):
            raise EngineError(f"{name!r} is not a file, a folder or a glob")
        found = [name]
    if not found:
        raise EngineError(f"{name!r} names no Parquet or JSON Lines files")
    kinds = {"jsonl" if f.lower().endswith(_JSON_SUFFIXES) else "parquet" for f in found}
    for file in found:
        if not file.lower().endswith((".parquet", *_JSON_SUFFIXES)):
            raise EngineError(f"{file!r} is neither Parquet nor JSON Lines")
    if len(kinds) > 1:
        raise EngineError(f"{name!r} mixes Parquet and JSON Lines files; count them apart")
    return found, kinds.pop()


class DuckDBEngine:
    """Counts Parquet and JSON Lines files (single files, folders, globs) and Arrow data.

    ``source`` may be a path, or any object with the Arrow stream interface
    (``__arrow_c_stream__``): a pyarrow table or record batch reader, a polars or pandas
    DataFrame. Columns are matched to :class:`~trustops.model.Interaction` fields by name;
    other columns are ignored. ``threads`` and ``memory_limit`` (such as ``"2GB"``) are
    DuckDB's settings; past the memory limit DuckDB spills to disk, so a file larger than
    memory can be counted.

    Needs the ``duckdb`` extra (duckdb and pyarrow).
    """

    name: Final = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None) -> None:
        if threads is not None and (type(threads) is not int or threads < 1):
            raise EngineError(f"expected at least 1 thread, got {threads!r}")
        self.threads = threads
        self.memory_limit = memory_limit

    def accepts(self, source: object) -> bool:
        """Arrow data, and paths of Parquet or JSON Lines files, folders and globs."""
        if hasattr(source, "__arrow_c_stream__"):
            return True
        if not is_path(source):
            return False
        name = os.fspath(source).lower()
        return name.endswith((".parquet", *_JSON_SUFFIXES)) or os.path.isdir(name) or "*" in name

    def _connect(self) -> duckdb.DuckDBPyConnection:
        module, _ = _require()
        connection: duckdb.DuckDBPyConnection = module.connect()
        connection.execute("SET TimeZone = 'UTC'")
        if self.threads is not None:
            connection.execute(f"SET threads = {self.threads}")
        if self.memory_limit is not None:
            connection.execute("SET memory_limit = ?", [self.memory_limit])
        return connection

    def count(self, source: object, plan: TablePlan) -> Counting:
        """Check, bucket and aggregate ``source`` in DuckDB; see the module notes."""
        _, pa = _require()
        connection = self._connect()
        try:
            return _Count(connection, pa, plan).run(source)
        finally:
            connection.close()


class _Count:
    """One count: the SQL of one plan over one source, and the row reader for what fails."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, pa: Any, plan: TablePlan) -> None:
        self.db = connection
        self.pa = pa
        self.plan = plan
        zones = pa.table(
            {
                "area_id": [area.id for area in plan.areas.values()],
                "zone": [area.timezone for area in plan.areas.values()],
            },
            schema=pa.schema([("area_id", pa.string()), ("zone", pa.string())]),
        )
        self.db.register("__zones", zones)
        self.name = "<arrow>"
        self.files: list[str] = []  # in the order their rows come
        self.lines: list[tuple[int, bytes]] = []  # JSONL lines DuckDB cannot take
        self.truncated: int | None = None
        self.total = 0
        self.blank_lines = 0

    # --- sources ------------------------------------------------------------------------

    def run(self, source: object) -> Counting:
        if hasattr(source, "__arrow_c_stream__"):
            stream = self.pa.RecordBatchReader.from_stream(source)
            self.db.register("__source", _numbered(self.pa, stream))
            canonical = self._typed("__source", stream.schema)
            return self._finish(canonical, "json_rows")
        if not is_path(source):
            raise EngineError(
                f"the duckdb engine reads Arrow data or file paths, got {source!r:.80}"
            )
        files, kind = _files(source)
        self.files = files
        self.name = files[0] if len(files) == 1 else os.fspath(source)
        if kind == "parquet":
            listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            scan = (
                f"(SELECT * FROM read_parquet([{listing}], file_row_number = true, "
                "filename = true))"
            )
            relation = self.db.query(f"SELECT * FROM {scan} LIMIT 0")
            canonical = self._typed(scan, relation.types, relation.columns, parquet=True)
            return self._finish(canonical, "json_rows")
        if len(files) > 1:
            raise EngineError("the duckdb engine reads one JSON Lines file at a time")
        self.name = files[0]
        batches = _jsonl_batches(self.pa, files[0], self)
        self.db.register("__source", batches)
        return self._finish(self._json("__source"), "json_lines")

    def _typed(
        self,
        relation: str,
        schema: Any,
        columns: list[str] | None = None,
        *,
        parquet: bool = False,
    ) -> str:
        """Canonical columns from a typed relation (Parquet, Arrow)."""
        if columns is None:
            types = {field.name: str(field.type) for field in schema}
        else:
            types = {name: str(kind) for name, kind in zip(columns, schema, strict=True)}
        selects = ["__row", "FALSE AS __blank", "TRUE AS __shape_ok"]
        if parquet:
            selects[0] = "file_row_number + 1 AS __row"
        raw = []
        for name, kind, _, _ in FIELDS:
            given = types.get(name)
            null = _NULL[kind]
            if given is None:
                selects += [f"{null} AS {name}", f"FALSE AS {name}__bad"]
                continue
            raw.append(f"{name} := {_q(name)}")
            upper = given.upper()
            text = upper in {"VARCHAR", "STRING", "LARGE_STRING", "STRING_VIEW"}
            if upper.startswith(("DICTIONARY<VALUES=STRING", "DICTIONARY<VALUES=LARGE_STRING")):
                text = True
            column = f"CAST({_q(name)} AS VARCHAR)" if text else _q(name)
            if kind in (FieldKind.ID, FieldKind.ENUM):
                value = column if text else null
            elif kind == FieldKind.INSTANT:
                if given.upper().startswith(("TIMESTAMP WITH TIME ZONE", "TIMESTAMP[")) and (
                    "TIME ZONE" in given.upper() or "TZ=" in given.upper()
                ):
                    value = f"CAST({_q(name)} AS TIMESTAMPTZ)"
                elif text:
                    value = _parse_instant(column)
                else:
                    value = null
            else:
                numeric = given.upper() in {
                    "DOUBLE", "FLOAT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT",
                    "INT8", "INT16", "INT32", "INT64", "FLOAT64", "FLOAT32",
                }  # fmt: skip
                value = f"CAST({_q(name)} AS DOUBLE)" if numeric else null
            selects += [
                f"{value} AS {name}",
                f"({_q(name)} IS NOT NULL AND ({value}) IS NULL) AS {name}__bad",
            ]
        if parquet:
            raw.append("__file := filename")
        selects.append(f"struct_pack({', '.join(raw)}) AS __raw" if raw else "NULL AS __raw")
        return f"SELECT {', '.join(selects)} FROM {relation}"

    def _json(self, relation: str) -> str:
        """Canonical columns from numbered JSONL lines."""
        schema = json.dumps({name: "JSON" for name, _, _, _ in FIELDS})
        allowed = ", ".join(f"'{name}'" for name, _, _, _ in FIELDS)
        selects = ["__row", "__blank", "__raw"]
        selects.append(
            f"__ok_json AND list_has_all([{allowed}], __keys) "
            "AND len(__keys) = len(list_distinct(__keys)) AS __shape_ok"
        )
        for name, kind, _, _ in FIELDS:
            field = f"__j.{name}"
            if kind in (FieldKind.ID, FieldKind.ENUM):
                value = f"CASE WHEN json_type({field}) = 'VARCHAR' THEN {field} ->> '$' END"
            elif kind == FieldKind.INSTANT:
                text = f"({field} ->> '$')"
                value = f"CASE WHEN json_type({field}) = 'VARCHAR' THEN {_parse_instant(text)} END"
            else:
                value = (
                    f"CASE WHEN json_type({field}) IN ('DOUBLE', 'BIGINT', 'UBIGINT') "
                    f"THEN CAST({field} AS DOUBLE) END"
                )
            selects += [
                f"{value} AS {name}",
                f"({field} IS NOT NULL AND ({value}) IS NULL) AS {name}__bad",
            ]
        inner = (
            f"SELECT line AS __row, text AS __raw, trim(text, {_BLANK}) = '' AS __blank, "
            "__ok_json, "
            f"json_transform(CASE WHEN __ok_json THEN text END, '{schema}') AS __j, "
            "json_keys(CASE WHEN __ok_json THEN text END) AS __keys "
            "FROM (SELECT line, text, "
            "coalesce(json_type(CASE WHEN json_valid(text) THEN text END) = 'OBJECT', FALSE) "
            "AND NOT regexp_matches(text, ',[ \\t\\r\\n]*[}\\]]') AS __ok_json "
            f"FROM {relation})"
        )
        return f"SELECT {', '.join(selects)} FROM ({inner})"

    # --- the aggregation ------------------------------------------------------------------

    def _aggregate_sql(self, canonical: str, *, trusted: bool = False) -> str:
        plan = self.plan
        granularity = plan.granularity
        period = (
            "NULL::DATE"
            if granularity is None
            else f"CAST(date_trunc('{_UNIT[granularity]}', __day) AS DATE)"
        )
        keys = list(plan.fields)
        profile = list(dict.fromkeys([*keys, "__period", "area_id", "kind", "initiator",
                                      "outcome", "attendance"]))  # fmt: skip
        sets = [
            [],
            profile,
            list(dict.fromkeys([*keys, "__period", "resident_id"])),
            list(dict.fromkeys([*keys, "__period", "staff_id"])),
            [*dict.fromkeys([*keys, "__period"]), "__delay"],
            [*dict.fromkeys([*keys, "__period"]), "__minutes"],
            ["__bad_row", "__bad_raw"],
        ]
        self.columns = list(dict.fromkeys(c for s in sets for c in s))
        self.sets = [self._mask(s) for s in sets]
        grouping = ", ".join("(" + ", ".join(s) + ")" for s in sets)
        ok = "TRUE" if trusted else passes_all(DUCKDB)
        # a row whose id another row shares goes to the row reader, which keeps the first
        once = "" if trusted else " AND (id IS NULL OR count(*) OVER (PARTITION BY id) = 1)"
        return f"""
        WITH __checked AS (
            SELECT c.*, NOT __blank AND {ok}{once} AS __ok FROM ({canonical}) c
        ), __keyed AS (
            SELECT k.*,
                CASE WHEN __ok THEN CAST(timezone(coalesce(z.zone, 'UTC'), k.occurred_at)
                    AS DATE) END AS __day,
                CASE WHEN __ok AND kind = 'suspicious_activity_report'
                    AND initiator = 'resident' AND observed_at IS NOT NULL
                    THEN (epoch_us(occurred_at)::DOUBLE / 1000000.0
                        - epoch_us(observed_at)::DOUBLE / 1000000.0) / 3600.0 END AS __delay,
                CASE WHEN __ok AND kind = 'volunteering' THEN duration_minutes END
                    AS __minutes,
                CASE WHEN NOT __ok AND NOT __blank THEN __row END AS __bad_row,
                CASE WHEN NOT __ok AND NOT __blank THEN __raw END AS __bad_raw
            FROM __checked k LEFT JOIN __zones z ON z.area_id = k.area_id
        ), __dated AS (
            SELECT *, {period} AS __period, (__day - {_ORDINAL_0}) + 1 AS __ordinal
            FROM __keyed
        )
        SELECT GROUPING({", ".join(self.columns)}) AS __set,
            {", ".join(self.columns)},
            count(*) FILTER (WHERE __ok) AS n,
            min(__ordinal) FILTER (WHERE __ok) AS first_day,
            max(__ordinal) FILTER (WHERE __ok) AS last_day,
            min(occurred_at) FILTER (WHERE __ok) AS first,
            max(occurred_at) FILTER (WHERE __ok) AS last,
            count(*) AS rows,
            count(*) FILTER (WHERE __blank) AS blank
        FROM __dated
        GROUP BY GROUPING SETS ({grouping})
        """

    def _mask(self, columns: list[str]) -> int:
        """The GROUPING() value of a grouping set over :attr:`columns`."""
        width = len(self.columns)
        return sum(
            1 << (width - 1 - index)
            for index, column in enumerate(self.columns)
            if column not in columns
        )

    def _finish(self, canonical: str, raw_kind: str) -> Counting:
        aggregate = self._aggregate_sql(canonical)
        self.db.execute(f"CREATE TEMP TABLE __agg AS {aggregate}")
        totals, _, _, _, _, _, bad_set = self.sets
        bad = self.db.execute(
            f"SELECT __bad_row, __bad_raw FROM __agg WHERE __set = {bad_set} "
            "AND __bad_row IS NOT NULL ORDER BY __bad_row"
        ).fetchall()
        found = self.db.execute(f"SELECT rows, blank FROM __agg WHERE __set = {totals}").fetchall()
        rows, blank = found[0] if found else (0, 0)
        rejects, accepted_late = self._row_reader(bad, raw_kind)
        accepted_late, duplicates = first_of_each(accepted_late)
        if accepted_late:
            self._add_late(accepted_late)
        statistics = self.db.query(self._statistics_sql()).to_arrow_table()
        counted: Counted = counted_from_arrow(statistics, self.plan)
        counted.duplicates = duplicates
        blank += self.blank_lines
        lines = rows + self.total
        counts = ReadCounts(
            lines=lines,
            accepted=lines - len(rejects) - blank,
            rejected=len(rejects),
            blank=blank,
        )
        workers = int(self.db.execute("SELECT current_setting('threads')").fetchall()[0][0])
        return Counting(counted=counted, rejects=tuple(rejects), counts=counts, workers=workers)

    def _row_reader(
        self, bad: list[tuple[int, Any]], raw_kind: str
    ) -> tuple[list[Reject], list[Interaction]]:
        """The model's decision on every row the rules did not pass."""
        by_source: dict[str, list[tuple[int, bytes]]] = {self.name: list(self.lines)}
        for row, raw in bad:
            if raw_kind == "json_lines":
                by_source[self.name].append((row, raw.encode("utf-8")))
                continue
            record = {k: v for k, v in raw.items() if v is not None}
            source = record.pop("__file", self.name)
            text = json.dumps(record, default=_json_value, ensure_ascii=False)
            by_source.setdefault(source, []).append((row, text.encode("utf-8")))
        rejects: list[Reject] = []
        accepted: list[Interaction] = []
        blank = 0
        order = {name: index for index, name in enumerate(self.files)}
        for source, pairs in sorted(by_source.items(), key=lambda item: order.get(item[0], -1)):
            pairs.sort(key=lambda pair: pair[0])
            truncated = self.truncated if source == self.name else None
            reader = read_jsonl_lines(pairs, Interaction, name=source, truncated=truncated)
            accepted.extend(reader)
            rejects.extend(reader.rejects)
            blank += reader.counts.blank
        # The lines DuckDB never saw are counted here; the rows it saw are in its totals.
        self.total = len(self.lines)
        self.blank_lines = blank
        return rejects, accepted

    def _add_late(self, records: list[Interaction]) -> None:
        """Count records the row reader accepted with the same aggregation."""
        pa = self.pa
        columns: dict[str, Any] = {"__row": pa.array(range(len(records)), pa.int64())}
        for name, kind, _, _ in FIELDS:
            values = [getattr(record, name) for record in records]
            if kind == FieldKind.ENUM:
                columns[name] = pa.array(
                    [None if v is None else v.value for v in values], pa.string()
                )
            elif kind == FieldKind.INSTANT:
                utc = [None if v is None else _dt.datetime.astimezone(v, _dt.UTC) for v in values]
                columns[name] = pa.array(utc, pa.timestamp("us", tz="UTC"))
            elif kind == FieldKind.NUMBER:
                columns[name] = pa.array(values, pa.float64())
            else:
                columns[name] = pa.array(values, pa.string())
        table = pa.table(columns)
        self.db.register("__late", table)
        canonical = self._typed("__late", table.schema)
        self.db.execute(f"INSERT INTO __agg {self._aggregate_sql(canonical, trusted=True)}")

    def _statistics_sql(self) -> str:
        """The columnar statistics (see :mod:`~trustops.engines._columnar`) from ``__agg``."""
        totals, profile_set, resident_set, staff_set, delay_set, volume_set, _ = self.sets
        keys = list(self.plan.fields)
        key_select = ", ".join(f"{k} AS key_{k}" for k in keys)
        key_select = key_select + ", " if key_select else ""
        period = "(__period - DATE '0001-01-01') + 1 AS period"
        blank = {
            "area_id": "NULL::VARCHAR", "kind": "NULL::VARCHAR", "initiator": "NULL::VARCHAR",
            "outcome": "NULL::VARCHAR", "attendance": "NULL::VARCHAR", "id": "NULL::VARCHAR",
            "first_day": "NULL::BIGINT", "repeated": "NULL::BOOLEAN", "reached": "NULL::BIGINT",
            "repeat": "NULL::BIGINT", "returning": "NULL::BIGINT", "value": "NULL::DOUBLE",
            "first": "NULL::TIMESTAMPTZ", "last": "NULL::TIMESTAMPTZ", "count": "NULL::BIGINT",
        }  # fmt: skip

        def part(name: str, source: str, where: str, **values: str) -> str:
            cells = ", ".join(
                f"{values.get(c, default)} AS {_q(c)}" for c, default in blank.items()
            )
            return f"SELECT '{name}' AS part, {key_select}{period}, {cells} FROM {source} WHERE {where}"

        pieces = [
            part("profile", "__agg", f"__set = {profile_set} AND n > 0", area_id="area_id",
                 kind="kind", initiator="initiator", outcome="outcome",
                 attendance="attendance", count="n"),

            part("delay", "__agg", f"__set = {delay_set} AND n > 0 AND __delay IS NOT NULL",
                 value="__delay", count="n"),
            part("volunteer", "__agg",
                 f"__set = {volume_set} AND n > 0 AND __minutes IS NOT NULL",
                 value="__minutes", count="n"),
        ]  # fmt: skip
        grouped = ", ".join([*keys, "__period", "resident_id"])
        residents = (
            f"(SELECT {grouped}, min(first_day) AS first_day, max(last_day) AS last_day "
            f"FROM __agg WHERE __set = {resident_set} AND n > 0 AND resident_id IS NOT NULL "
            f"GROUP BY {grouped})"
        )
        staff = f"__agg WHERE __set = {staff_set} AND n > 0 AND staff_id IS NOT NULL"
        if "initiative_kind" in self.plan.names:  # groups merge later: the ids travel
            pieces.append(part("staff", f"(SELECT * FROM {staff})", "TRUE", id="staff_id",
                               count="n"))  # fmt: skip
            pieces.append(
                part("resident", residents, "TRUE", id="resident_id", first_day="first_day",
                     repeated="first_day < last_day", count="1")
            )  # fmt: skip
        else:
            granularity = self.plan.granularity
            if granularity is None:
                previous = "NULL::DATE"
            else:
                unit = _UNIT[granularity]
                previous = f"CAST(date_trunc('{unit}', a.__period - INTERVAL 1 DAY) AS DATE)"
            same = " AND ".join(
                [f"a.{k} IS NOT DISTINCT FROM b.{k}" for k in keys]
                + [f"b.__period = {previous}", "b.resident_id = a.resident_id"]
            )
            summary = (
                f"(SELECT {', '.join('a.' + k for k in keys)}{', ' if keys else ''}"
                "a.__period, count(*) AS __reached, "
                "count(*) FILTER (WHERE a.first_day < a.last_day) AS __repeat, "
                "count(b.resident_id) AS __returning "
                f"FROM {residents} a LEFT JOIN {residents} b ON {same} "
                f"GROUP BY ALL)"
            )
            pieces.append(
                part("residents", summary, "TRUE", reached="__reached", repeat="__repeat",
                     returning="__returning")
            )  # fmt: skip
            grouped_keys = ", ".join([*keys, "__period"])
            staff_summary = (
                f"(SELECT {grouped_keys}, count(DISTINCT staff_id) AS __active, CAST(sum(n) AS BIGINT) AS __with FROM {staff} "
                f"GROUP BY {grouped_keys})"
            )
            pieces.append(part("staff_totals", staff_summary, "TRUE", reached="__active",
                               count="__with"))  # fmt: skip
        window = ", ".join(
            f"{'first' if c == 'first' else ('last' if c == 'last' else d)} AS {_q(c)}"
            for c, d in blank.items()
        )
        null_keys = ", ".join(f"NULL::VARCHAR AS key_{k}" for k in keys)
        null_keys = null_keys + ", " if null_keys else ""
        pieces.append(
            f"SELECT 'window' AS part, {null_keys}NULL::BIGINT AS period, {window} "
            f"FROM __agg WHERE __set = {totals}"
        )
        return " UNION ALL ".join(pieces)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _parse_instant(text: str) -> str:
    return f"CASE WHEN regexp_full_match({text}, '{INSTANT_PATTERN}') THEN TRY_CAST({text} AS TIMESTAMPTZ) END"


def _json_value(value: object) -> object:
    """JSON for the values of a typed row handed to the row reader."""
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:
        return isoformat()
    return str(value)


def _numbered(pa: Any, stream: Any) -> Any:
    """``stream`` with a ``__row`` column numbering its rows from 1."""
    schema = stream.schema.append(pa.field("__row", pa.int64()))

    def batches() -> Iterator[Any]:
        start = 1
        for batch in stream:
            numbers = pa.array(range(start, start + batch.num_rows), pa.int64())
            start += batch.num_rows
            yield pa.RecordBatch.from_arrays([*batch.columns, numbers], schema=schema)

    return pa.RecordBatchReader.from_batches(schema, batches())


def _jsonl_batches(pa: Any, path: str, count: _Count) -> Any:
    """The lines of a JSONL file as Arrow batches of (line, text), read a chunk at a time.

    Lines that are not UTF-8 or are longer than the row reader accepts are kept aside for it.
    """
    from ..io import MAX_LINE_BYTES

    schema = pa.schema([("line", pa.int64()), ("text", pa.string())])

    def batches() -> Iterator[Any]:
        line = 0
        pending = b""
        with open(path, "rb") as handle:
            while True:
                chunk = handle.read(_CHUNK)
                data = pending + chunk
                if not chunk:
                    if not data:
                        return
                    count.truncated = line + 1
                    pieces = [data]
                    pending = b""
                else:
                    cut = data.rfind(b"\n")
                    if cut < 0:
                        pending = data
                        continue
                    pieces = data[:cut].split(b"\n")
                    pending = data[cut + 1 :]
                if line == 0 and pieces[0].startswith(b"\xef\xbb\xbf"):
                    pieces[0] = pieces[0][3:]
                numbers: list[int] = []
                texts: list[str] = []
                for offset, piece in enumerate(pieces, start=line + 1):
                    if len(piece) > MAX_LINE_BYTES:
                        count.lines.append((offset, piece))
                        continue
                    try:
                        texts.append(piece.decode("utf-8"))
                    except UnicodeDecodeError:
                        count.lines.append((offset, piece))
                        continue
                    numbers.append(offset)
                line += len(pieces)
                yield pa.RecordBatch.from_arrays(
                    [pa.array(numbers, pa.int64()), pa.array(texts, pa.string())], schema=schema
                )
                if not chunk:
                    return

    return pa.RecordBatchReader.from_batches(schema, batches())
