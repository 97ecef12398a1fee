"""The DuckDB engine: Parquet, JSONL and Arrow data counted out of core, after columnar checks.

One scan of the source: the rows are read into the canonical columns of
:mod:`~trustops.engines._rules`, checked by the declared rules, bucketed in the local time of
each area's zone with the reference engine's UTC offsets (:func:`~trustops.time.utc_offsets`,
not DuckDB's own time-zone data), and fed
to every aggregation of the columnar statistics of :mod:`~trustops.engines._columnar`:
profiles, report delays, volunteering minutes, and the residents and staff of each group and
period, summarised in DuckDB so that only per-group totals leave it. DuckDB holds the checked
rows once while it aggregates them, in its buffer pool, which spills to disk past its memory
limit; what reaches Python grows with the groups, not with the rows. JSON Lines are parsed
by Arrow's parallel JSON reader a chunk at a time where every line of the chunk is a plain
object of known fields, and by DuckDB line by line elsewhere. Rows that fail a rule (and
JSONL lines neither can read) go to the row reader, which decides as the model does: a
reject with its line, path and message, or a record that is then counted too. So do rows
whose id another row shares: of those the model accepts, the first of each id (by file,
then row) is counted and the others are left out as duplicates, as every engine does. The
statistics are finished by the one step.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final

from .._errors import MissingExtraError
from ..io import (
    ReadCounts,
    Reader,
    ReaderError,
    Reject,
    encoding_problem,
    path_kind,
    read,
    read_arrow,
    read_jsonl_lines,
    read_parquet,
)
from ..metrics import Counted, TablePlan, first_of_each
from ..model import MAX_YEAR, MIN_YEAR, Interaction
from ..time import Granularity, utc_offsets
from ._base import Counting, EngineError, checked_naive_zone
from ._columnar import counted_from_arrow
from ._csv_rows import CsvSplit, read_rows
from ._files import GLOB, file_kind, is_path, source_files
from ._rules import FIELDS, INSTANT_PATTERN, Dialect, FieldKind, passes_all, record_key_sql

if TYPE_CHECKING:
    import duckdb

__all__ = ["DUCKDB", "DuckDBEngine"]

DUCKDB: Final = Dialect(
    full_match=lambda column, pattern: f"regexp_full_match({column}, '{pattern}')",
    is_finite=lambda column: f"isfinite({column})",
    # bytes, not characters: the identifier rule asks for printable ASCII too, where they agree
    char_length=lambda column: f"strlen({column})",
    printable_ascii=lambda column: f"NOT ({column} GLOB '*[! -~]*')",
    instant=lambda text: f"TIMESTAMPTZ '{text}'",
    # md5_number is the digest as a little-endian number: its low byte is the digest's first
    md5_first_byte=lambda text: f"(md5_number({text}) & 255)::INTEGER",
)
"""The rules' SQL dialect for DuckDB."""

_MAX_THREADS: Final = 1024  # DuckDB starts every thread it is given, however many
_SIZE: Final = re.compile(
    r"\s*(?P<number>[0-9]+(?:[.][0-9]*)?|[.][0-9]+)\s*(?P<unit>[KMGT]i?B|%)\s*", re.IGNORECASE
)
"""A memory limit DuckDB takes: a number and a unit (KB ... TB in 1000s, KiB ... TiB in 1024s)
or a percentage of the machine's memory."""
_CHUNK: Final = 16 << 20  # bytes of a JSONL file handed to DuckDB at a time
_NEWLINE: Final = ord("\n")
_BRACE: Final = ord("{")
_TYPED: Final = "__t_"  # the columns of values Arrow parsed from a JSONL line
_BLANK: Final = " \t\r\x0b\x0c"
_BOM: Final = b"\xef\xbb\xbf"
_UNIT: Final = {
    Granularity.DAY: "day",
    Granularity.WEEK: "week",
    Granularity.MONTH: "month",
    Granularity.QUARTER: "quarter",
    Granularity.YEAR: "year",
}
_ORDINAL_0: Final = "DATE '0001-01-01'"
_DAY_US: Final = 86_400_000_000  # microseconds in a day
_MOST_CHANGES: Final = 1_000  # offsets of every zone in a span, past which the join is cheaper
_SHIFT_DAYS: Final = 100_000  # days before the epoch from which local days are counted (1696)
_ADDED: Final = frozenset({"file_row_number", "filename"})  # columns DuckDB's Parquet scan adds
_EXACT_DIGITS: Final = 15  # decimals of at most this many digits are doubles after one rounding
_NULL: Final = {
    FieldKind.ID: "NULL::VARCHAR",
    FieldKind.ENUM: "NULL::VARCHAR",
    FieldKind.INSTANT: "NULL::TIMESTAMPTZ",
    FieldKind.NUMBER: "NULL::DOUBLE",
}


def _require() -> tuple[Any, Any]:
    try:
        import duckdb
        import numpy  # noqa: F401 - JSONL lines are found with it
        import pyarrow as pa
    except ImportError as error:
        raise MissingExtraError("the duckdb engine", "duckdb", error.name or "duckdb") from error
    return duckdb, pa


def _literal_path(file: str) -> str:
    """``file`` as a DuckDB path that matches itself alone: each glob character in brackets.

    >>> _literal_path("runs/d[1]/week?*.parquet")
    'runs/d[[]1]/week[?][*].parquet'
    """
    return "".join(f"[{char}]" if char in GLOB else char for char in file)


class DuckDBEngine:
    """Counts Parquet, JSON Lines and CSV files (single files, folders, globs) and Arrow data.

    ``source`` may be a path, or any object with the Arrow stream interface
    (``__arrow_c_stream__``): a pyarrow table or record batch reader, a polars or pandas
    DataFrame. Columns are matched to :class:`~trustops.model.Interaction` fields by name
    and read as :func:`~trustops.io.read_arrow` reads them: a value in a column that is not
    a field makes its row a reject, unless ``extra="ignore"`` (a data lake's own columns); a
    column named twice is an error; binary text is read as UTF-8. A CSV file's header must
    name only fields, as for :func:`~trustops.io.read_csv`. The files of a folder or glob are
    read in the order of their paths, their rows numbered as one stream, and each reject
    names its file and its line there.

    ``threads``, ``memory_limit`` and ``temp_directory`` are DuckDB's settings. ``threads``
    is from 1 to 1,024 (default: one per CPU). The memory
    limit is a size with a unit (``"2GB"``, ``"512MiB"``) or a percentage of the machine's
    memory (``"50%"``; DuckDB's default is 80%); each setting is checked when the engine is
    made, and a wrong one is an :class:`EngineError` naming it. The limit
    bounds what the count holds: past it DuckDB spills to ``temp_directory``, so data larger
    than memory can be counted; a limit too small for the count (a few MB) is an
    :class:`EngineError` naming it. What it holds is the checked rows and the groups, with their
    distinct residents per period; what reaches Python grows with the groups alone. By
    default the spill folder is a fresh temporary folder, removed afterwards (DuckDB's own
    default is ``.tmp`` in the working directory).

    A timestamp column without a zone (Parquet's ``TIMESTAMP_NTZ``) holds wall times, which
    are rejects unless ``naive_zone`` names the IANA zone they were written in: then each is
    that wall time there, as :func:`~trustops.io.read_parquet` reads it (with ``"UTC"`` in
    DuckDB; with another zone, those rows are read by the row reader).

    Needs the ``duckdb`` extra (duckdb, numpy and pyarrow).
    """

    name: Final = "duckdb"

    def __init__(
        self,
        threads: int | None = None,
        memory_limit: str | None = None,
        temp_directory: str | os.PathLike[str] | None = None,
        extra: str = "forbid",
        naive_zone: str | None = None,
    ) -> None:
        if threads is not None and (type(threads) is not int or not 1 <= threads <= _MAX_THREADS):
            raise EngineError(
                f"threads: expected a whole number from 1 to {_MAX_THREADS}, got {threads!r:.40}"
            )
        if memory_limit is not None and not _memory_size(memory_limit):
            raise EngineError(
                "memory_limit: expected a size above 0 with a unit (KB, MB, GB, TB, or KiB, MiB, "
                "GiB, TiB), such as '2GB', or a percentage of the machine's memory above 0 "
                f"and at most 100, such as '50%'; got {memory_limit!r:.40}"
            )
        if temp_directory is not None and not is_path(temp_directory):
            raise EngineError(
                f"temp_directory: expected the path of a folder, got {temp_directory!r:.40}"
            )
        if extra not in ("forbid", "ignore"):
            raise EngineError(f"expected extra='forbid' or extra='ignore', got {extra!r}")
        self.extra = extra
        self.naive_zone = checked_naive_zone(naive_zone)
        self.threads = threads
        self.memory_limit = memory_limit
        self.temp_directory = temp_directory

    def accepts(self, source: object) -> bool:
        """Arrow data, and paths of Parquet, JSON Lines or CSV files, folders and globs."""
        if hasattr(source, "__arrow_c_stream__"):
            return True
        if not is_path(source):
            return False
        name = os.fspath(source)
        return (
            file_kind(name) is not None
            or os.path.isdir(name)
            or (not os.path.exists(name) and any(char in name for char in GLOB))
        )

    def _connect(self, spill: str) -> duckdb.DuckDBPyConnection:
        module, _ = _require()
        connection: duckdb.DuckDBPyConnection = module.connect()
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute("SET enable_progress_bar = false")
        connection.execute("SET preserve_insertion_order = false")
        # the offsets table (a few thousand rows) is always the build side of the join that
        # finds each row's zone and year: DuckDB would build on a stream it cannot size
        connection.execute("SET disabled_optimizers = 'build_side_probe_side'")
        # memory DuckDB frees (a query's hash tables) goes back to the system at once, not
        # when the connection closes: the Python step after the query then does not stack
        # its objects on top of it (10M rows through the report: a peak of about 1.55 GiB
        # instead of 2.05). The setting is DuckDB's allocator's, so it holds for the process.
        connection.execute("SET allocator_background_threads = true")
        connection.execute("SET temp_directory = ?", [spill])
        if self.threads is not None:
            connection.execute(f"SET threads = {self.threads}")
        if self.memory_limit is not None:
            try:
                connection.execute("SET memory_limit = ?", [self.memory_limit])
            except module.Error as error:
                connection.close()
                raise EngineError(
                    f"memory_limit {self.memory_limit!r}: {_first_line(error)}"
                ) from None
        return connection

    def count(self, source: object, plan: TablePlan) -> Counting:
        """Check, bucket and aggregate ``source`` in DuckDB; see the module notes."""
        module, pa = _require()
        with tempfile.TemporaryDirectory(prefix="trustops-duckdb-") as scratch:
            spill = scratch if self.temp_directory is None else os.fspath(self.temp_directory)
            connection = self._connect(spill)
            count: _Count | None = None
            try:
                count = _Count(
                    connection, pa, plan, scratch, self.extra, naive_zone=self.naive_zone
                )
                return count.run(source)
            except (module.Error, RuntimeError) as error:
                if count is not None and count.failure is not None:
                    raise count.failure from None  # the stream's own, as itself
                raise self._error(module, connection, error, source) from None
            finally:
                connection.close()

    def _error(
        self, module: Any, connection: Any, error: Exception, source: object
    ) -> BaseException:
        """What DuckDB's ``error`` means to the caller: Ctrl-C is a ``KeyboardInterrupt``, a
        file DuckDB cannot read a :class:`~trustops.io.ReaderError` naming it, and anything
        else an :class:`EngineError` naming the source and the setting to change."""
        message = _first_line(error)
        if isinstance(error, module.InterruptException) or message == "Query interrupted":
            return KeyboardInterrupt()
        if not isinstance(error, module.Error):
            return error  # a RuntimeError of Python's own: not DuckDB's to explain
        described = _describe(source)
        if isinstance(error, module.OutOfMemoryException):
            try:  # asking DuckDB may itself run out of memory under a tiny limit
                threads = connection.execute("SELECT current_setting('threads')").fetchall()[0][0]
            except module.Error:
                threads = self.threads if self.threads is not None else os.cpu_count() or 1
            limit = "DuckDB's default" if self.memory_limit is None else repr(self.memory_limit)
            fewer = " or lower threads" if int(threads) > 1 else ""
            return EngineError(
                f"the duckdb engine ran out of memory counting {described} with memory_limit "
                f"{limit} and {threads} thread(s): raise memory_limit{fewer} ({message})"
            )
        if isinstance(error, module.IOException | module.InvalidInputException):
            if is_path(source):
                return ReaderError(f"{described}: the duckdb engine cannot read it: {message}")
            return EngineError(f"the duckdb engine cannot read {described}: {message}")
        return EngineError(f"the duckdb engine failed on {described}: {message}")


class _Count:
    """One count: the SQL of one plan over one source, and the row reader for what fails."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        pa: Any,
        plan: TablePlan,
        scratch: str = "",
        extra: str = "forbid",
        *,
        naive_zone: str | None = None,
    ) -> None:
        self.db = connection
        self.scratch = scratch
        self.extra = extra
        self.naive_zone = naive_zone
        self.pa = pa
        self.plan = plan
        # each row's zone by its area's place in an ENUM of the areas, ordered by zone, so
        # that a few comparisons with where each zone's areas start find it (no join: a join
        # would copy every column of every row; no list of every area's zone, which costs
        # as much per row as it has areas); an unknown area is in UTC
        self.zones = zones = sorted({area.timezone for area in plan.areas.values()} | {"UTC"})
        self.code = "NULL::INTEGER"  # SQL of the area's place in the ENUM, as __code
        self.bounds: list[tuple[int, int]] = []  # (the first code, its zone) of each zone
        if plan.areas:
            ordered = sorted(plan.areas.values(), key=lambda area: zones.index(area.timezone))
            ids = ", ".join(_literal(area.id) for area in ordered)
            self.db.execute(f"CREATE TYPE __area AS ENUM ({ids})")
            for code, area in enumerate(ordered):
                if not self.bounds or self.bounds[-1][1] != zones.index(area.timezone):
                    self.bounds.append((code, zones.index(area.timezone)))
            self.code = "enum_code(TRY_CAST(area_id AS __area))"
        self.zone = self._by_zone([str(index) for index in range(len(zones))])
        self.offsets = [utc_offsets(name) for name in zones]
        self.changes: int | None = None  # of the offsets table, once made (_offsets)
        # where every instant of the source lies when it is known (Parquet statistics): the
        # first and the end of the UTC years it spans, in microseconds after the epoch; then
        # each row's offset is found without the join (see _local_day)
        self.span: tuple[int, int] | None = None
        self.name = "<arrow>"
        # JSONL files, numbered as one: the lines DuckDB cannot take, each file's first line
        # number less one, the files' last lines without a line end (by their line in the
        # file), and the files that start with a byte-order mark (taken off)
        self.lines: list[tuple[int, bytes]] = []
        self.starts: list[int] = []
        self.truncated: dict[str, int] = {}
        self.boms: set[str] = set()
        self.raw = "NULL"  # SQL of a failing row's raw value, over the canonical columns
        self.data: object = None  # Arrow data counted, which the row reader reads again
        self.files: list[str] = []  # in the order their rows come
        self.split: CsvSplit | None = None
        self.failure: BaseException | None = None  # what a stream DuckDB read raised

    def _by_zone(self, values: list[str]) -> str:
        """SQL of ``values[zone]`` for each row's zone (by its area's place in the ENUM,
        ``__code``; an unknown area is in UTC)."""
        utc = values[self.zones.index("UTC")]
        if not self.bounds:
            return utc
        cases = "".join(
            f" WHEN __code < {start} THEN {values[zone]}"
            for (_, zone), (start, _) in itertools.pairwise(self.bounds)
        )
        return f"CASE WHEN __code IS NULL THEN {utc}{cases} ELSE {values[self.bounds[-1][1]]} END"

    def _offsets(self) -> int:
        """Made once, when a query first needs it (a source whose span is known never does):
        the UTC offsets of ``zones`` (:func:`~trustops.time.utc_offsets`, the reference
        engine's) as the table ``__tz``: a row ``i`` per zone and UTC year from 1900, the offset
        the year starts with and each change in it (``t1``, ``o1``, ...: microseconds after
        the epoch and the offset from then, NULL past the last). How many changes a year
        holds at most."""
        if self.changes is not None:
            return self.changes
        years = list(range(MIN_YEAR, MAX_YEAR + 1))
        starts = [int(_dt.datetime(y, 1, 1, tzinfo=_dt.UTC).timestamp()) for y in years]
        starts.append(int(_dt.datetime(MAX_YEAR + 1, 1, 1, tzinfo=_dt.UTC).timestamp()))
        rows: list[tuple[int, list[tuple[int, int]]]] = []
        for changes in self.offsets:
            at = 0
            for index in range(len(years)):
                while at + 1 < len(changes) and changes[at + 1][0] <= starts[index]:
                    at += 1
                first = changes[at][1]
                inside = []
                later = at + 1
                while later < len(changes) and changes[later][0] < starts[index + 1]:
                    inside.append((changes[later][0] * 1_000_000, changes[later][1]))
                    later += 1
                rows.append((first, inside))
        most = max(len(inside) for _, inside in rows)
        pa = self.pa
        columns: dict[str, Any] = {"o0": pa.array([first for first, _ in rows], pa.int32())}
        for k in range(most):
            columns[f"t{k + 1}"] = pa.array(
                [inside[k][0] if k < len(inside) else None for _, inside in rows], pa.int64()
            )
            columns[f"o{k + 1}"] = pa.array(
                [inside[k][1] if k < len(inside) else None for _, inside in rows], pa.int32()
            )
        columns["i"] = pa.array(range(len(rows)), pa.int64())
        self.db.register("__tz", pa.table(columns))  # Arrow's memory, not DuckDB's
        self.changes = most
        return most

    def _local_day(self, instant: str) -> str:
        """SQL of the local date of ``instant`` (a TIMESTAMPTZ in the years 1900 to 2199) in
        its row's zone, from the offsets of :meth:`_offsets` joined as ``t`` (:meth:`_join`),
        or, where the source's :attr:`span` is known, from each zone's offsets inside it
        (:func:`_offset_tree`, a few comparisons a row; no join, which copies every column of
        every row). Rows outside the span fail ``ok`` (:meth:`_in_span`).

        In whole numbers of microseconds and days (a date plus a number of days): adding an
        interval to a TIMESTAMPTZ goes through DuckDB's calendar arithmetic, ten times the
        cost. The days are counted from :data:`_SHIFT_DAYS` days before the epoch, so that
        the division rounds down for every instant of the years the rules pass."""
        epoch = f"epoch_us({instant})"
        if self.span is not None:
            first, end = self.span
            offset = self._by_zone(
                [_offset_tree(epoch, _inside(changes, first, end)) for changes in self.offsets]
            )
        else:
            offset = "t.o0"
            for k in range(1, self._offsets() + 1):
                offset = f"CASE WHEN {epoch} >= t.t{k} THEN t.o{k} ELSE {offset} END"
        shifted = f"{epoch} + CAST({offset} AS BIGINT) * 1000000 + {_SHIFT_DAYS * _DAY_US}"
        return f"(DATE '1970-01-01' + CAST(({shifted}) // {_DAY_US} - {_SHIFT_DAYS} AS INTEGER))"

    def _join(self, rows: str, instant: str) -> str:
        """The join of ``rows`` (an alias) to the offsets table where :meth:`_local_day`
        needs it: each row that passes ``ok`` to its zone and year."""
        if self.span is not None:
            return ""
        self._offsets()
        where = self._zone_year(f"{rows}.{instant}")
        return f" LEFT JOIN __tz t ON t.i = CASE WHEN {rows}.__ok THEN {where} END"

    def _in_span(self, instant: str) -> str:
        """SQL TRUE when ``instant`` lies inside the source's :attr:`span` (always, without
        one): the rows outside it, which the statistics said there were none of, go to the
        row reader, so a wrong statistic costs time, never a wrong day."""
        if self.span is None:
            return "TRUE"
        first, end = self.span
        return f"coalesce(epoch_us({instant}) >= {first} AND epoch_us({instant}) < {end}, FALSE)"

    def _zone_year(self, instant: str) -> str:
        """SQL of the row of ``__tz`` that holds ``instant``'s zone and UTC year (the year of
        a plain timestamp: a TIMESTAMPTZ's goes through DuckDB's calendar)."""
        year = f"year(make_timestamp(epoch_us({instant})))"
        return f"({self.zone}) * {MAX_YEAR - MIN_YEAR + 1} + {year} - {MIN_YEAR}"

    def _stream(self, batches: Any, name: str = "__source") -> None:
        """Register ``batches`` (a record batch reader) as ``name``, keeping what it raises
        (DuckDB would turn Ctrl-C or an unreadable file into a message)."""

        def watched() -> Iterator[Any]:
            try:
                yield from batches
            except BaseException as error:
                self.failure = error
                raise

        self.db.register(name, self.pa.RecordBatchReader.from_batches(batches.schema, watched()))

    # --- sources ------------------------------------------------------------------------

    def run(self, source: object) -> Counting:
        per_id = "initiative_kind" in self.plan.names or self.plan.keep_ids
        if hasattr(source, "__arrow_c_stream__"):
            self.data = data = self._rereadable(source)
            schema = self.pa.RecordBatchReader.from_stream(data).schema
            self._columns(self.name, schema)
            return self._typed_count(lambda: self._arrow(data, schema), per_id)
        if not is_path(source):
            raise EngineError(
                f"the duckdb engine reads Arrow data or file paths, got {source!r:.80}"
            )
        files, kind = source_files(source)
        self.files = files
        self.name = files[0] if len(files) == 1 else os.fspath(source)
        if any(file.lower().endswith(".gz") for file in files):  # read by the row reader
            return self._whole(per_id)
        if kind == "parquet":
            return self._parquet(files, per_id)
        if kind == "csv":
            return self._count(lambda: self._csv(files), "csv")
        for file in files:
            with open(file, "rb") as handle:
                if encoding_problem(handle.read(4)) is not None:  # the row reader's one reject
                    return self._whole(per_id)
        return self._count(lambda: self._jsonl(files), "json_lines")

    def _parquet(self, files: list[str], per_id: bool) -> Counting:
        """Parquet files, typed as pyarrow (and so the row reader) reads them; files whose
        columns DuckDB cannot take as they are (a column named as one DuckDB adds, a
        timestamp its type cannot hold) are read by the row reader."""
        import pyarrow.parquet as pq

        listing = ", ".join(_literal(_literal_path(f)) for f in files)
        scan = (
            f"(SELECT * FROM read_parquet([{listing}], file_row_number = true, filename = true, "
            "union_by_name = true))"
        )
        schemas = []
        for file in files:
            try:
                schema = pq.read_schema(file)
            except (OSError, self.pa.ArrowException) as error:
                # DuckDB's own words where it cannot read the file either, else pyarrow's
                self.db.query(
                    f"SELECT * FROM read_parquet({_literal(_literal_path(file))}) LIMIT 0"
                )
                raise ReaderError(f"{file!r}: cannot read it as Parquet: {error}") from None
            self._columns(file, schema)
            schemas.append(schema)
        if any(name in _ADDED for schema in schemas for name in schema.names):
            return self._whole(per_id)
        schema = _merged(self.pa, schemas)
        canonical = self._typed(scan, schema, parquet=True)
        self.span = self._span(files, schema)
        self.raw = "struct_pack(__file := filename)"
        return self._typed_count(lambda: canonical, per_id)

    def _span(self, files: list[str], schema: Any) -> tuple[int, int] | None:
        """The UTC years (their first instant and the next year's, in microseconds after
        the epoch) that every ``occurred_at`` of the Parquet ``files`` lies in, by the
        statistics of each row group, where every row group has them and the column is a
        timestamp DuckDB takes as it is (``None`` otherwise, or where the zones change
        offset more than :data:`_MOST_CHANGES` times in those years)."""
        import pyarrow.parquet as pq

        pa = self.pa
        given = schema.field("occurred_at").type if "occurred_at" in schema.names else None
        if (
            given is None
            or not pa.types.is_timestamp(given)
            or (given.tz is None and self.naive_zone != "UTC")
        ):
            return None
        per_unit = {"s": 1_000_000, "ms": 1_000, "us": 1, "ns": 1}
        scale = per_unit[given.unit]
        least, most = None, None
        for file in files:
            meta = pq.ParquetFile(file).metadata
            paths = [meta.schema.column(i).path for i in range(meta.num_columns)]
            if "occurred_at" not in paths:
                continue  # its rows have no instant, and fail the rules
            at = paths.index("occurred_at")
            for group in range(meta.num_row_groups):
                chunk = meta.row_group(group).column(at)
                statistics = chunk.statistics
                if meta.row_group(group).num_rows == 0:
                    continue
                if statistics is None or not statistics.has_min_max:
                    return None
                low, high = statistics.min_raw, statistics.max_raw
                if not isinstance(low, int) or not isinstance(high, int):
                    return None
                if given.unit == "ns":
                    low, high = low // 1000, -(-high // 1000)
                low, high = low * scale, high * scale
                least = low if least is None else min(least, low)
                most = high if most is None else max(most, high)
        if least is None or most is None:
            return None
        if not _year_us(MIN_YEAR) <= least <= most < _year_us(MAX_YEAR + 1):
            return None  # instants the rules fail: no day to find
        first = _dt.datetime.fromtimestamp(0, _dt.UTC) + _dt.timedelta(microseconds=least)
        last = _dt.datetime.fromtimestamp(0, _dt.UTC) + _dt.timedelta(microseconds=most)
        span = (_year_us(first.year), _year_us(last.year + 1))
        changes = sum(len(_inside(offsets, *span)) for offsets in self.offsets)
        return span if changes <= _MOST_CHANGES else None

    def _typed_count(self, make: Callable[[], str], per_id: bool) -> Counting:
        """The count of a typed source, or the row reader's where DuckDB cannot convert a
        value (a timestamp its types cannot hold)."""
        module, _ = _require()
        try:
            return self._count(make, "typed")
        except (module.ConversionException, module.OutOfRangeException):
            return self._whole(per_id)

    def _columns(self, name: str, schema: Any) -> None:
        """A column name given twice is an error, as in :func:`~trustops.io.read_arrow`."""
        seen = set()
        for column in schema.names:
            if column in seen:
                raise EngineError(
                    f"{name}: the column {column!r} appears more than once; a column may "
                    "appear once"
                )
            seen.add(column)

    def _rereadable(self, source: object) -> object:
        """``source``, or a stream read once kept in a file of the scratch folder (mapped
        into memory, not read into it) so that DuckDB and the row reader can read it again."""
        if _rereadable(source):
            return source
        pa = self.pa
        stream = pa.RecordBatchReader.from_stream(source)
        path = os.path.join(self.scratch, "stream.arrow")
        with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, stream.schema) as writer:
            for batch in stream:
                writer.write_batch(batch)
        return pa.ipc.open_file(pa.memory_map(path)).read_all()

    def _arrow(self, source: object, schema: Any) -> str:
        stream = self.pa.RecordBatchReader.from_stream(source)
        self._stream(_numbered(self.pa, stream))
        return self._typed("__source", schema)

    def _jsonl(self, paths: list[str]) -> str:
        self.lines, self.starts, self.truncated, self.boms = [], [], {}, set()
        self._stream(_jsonl_batches(self.pa, paths, self))
        self.raw = "__raw"
        return self._json("__source")

    def _typed(self, relation: str, schema: Any, *, parquet: bool = False) -> str:
        """Canonical columns from a typed relation (Parquet, Arrow) whose columns have the
        Arrow types of ``schema``: each field's column is read where its type is one the
        model reads the same way (text, UTF-8 binary, timestamps with a zone, integers and
        floats, decimals a double holds exactly); any other value fails a rule and goes to
        the row reader. With ``extra="forbid"``, a value in a column that is not a field
        does too (it is the row reader's reject)."""
        pa = self.pa
        types = {field.name: field.type for field in schema}
        selects = ["__row", "FALSE AS __blank"]
        if parquet:
            selects[0] = "file_row_number + 1 AS __row"
        names = {name for name, _, _, _ in FIELDS}
        others = [name for name in types if name not in names and name != "__row"]
        shape = "TRUE"
        if self.extra == "forbid" and others:
            shape = " AND ".join(f"{_q(name)} IS NULL" for name in others)
        selects.append(f"{shape} AS __shape_ok")
        for name, kind, _, _ in FIELDS:
            given = types.get(name)
            null = _NULL[kind]
            if given is None:
                selects += [f"{null} AS {name}", f"FALSE AS {name}__bad"]
                continue
            if pa.types.is_dictionary(given):
                given = given.value_type
            column = _q(name)
            text = None
            if (
                pa.types.is_string(given)
                or pa.types.is_large_string(given)
                or pa.types.is_string_view(given)
            ):
                text = f"CAST({column} AS VARCHAR)"
            elif pa.types.is_binary(given) or pa.types.is_large_binary(given):
                text = f"TRY(decode({column}))"  # UTF-8 text as binary; the rest is refused
            exact = text is None or not text.startswith("TRY")  # whether a value always converts
            if kind in (FieldKind.ID, FieldKind.ENUM):
                value = null if text is None else text
            elif kind == FieldKind.INSTANT:
                if pa.types.is_timestamp(given) and (
                    given.tz is not None or self.naive_zone == "UTC"
                ):  # a wall time declared UTC's: cast in the connection's zone, UTC
                    value = f"CAST({column} AS TIMESTAMPTZ)"
                elif text is not None:
                    value, exact = _parse_instant(text), False
                else:
                    value = null
            elif pa.types.is_integer(given) or pa.types.is_floating(given):
                value = f"CAST({column} AS DOUBLE)"
            elif pa.types.is_decimal(given) and given.precision <= _EXACT_DIGITS:
                value = f"CAST({column} AS DOUBLE)"  # one rounding, as Python's float()
            else:
                value = null
            if value == null:  # a column of a type the field never takes here
                bad = f"{column} IS NOT NULL"
            elif exact:
                bad = "FALSE"
            else:
                bad = f"({column} IS NOT NULL AND ({value}) IS NULL)"
            selects += [f"{value} AS {name}", f"{bad} AS {name}__bad"]
        if parquet:
            selects.append("filename")
        return f"SELECT {', '.join(selects)} FROM {relation}"

    def _csv(self, files: list[str]) -> str:
        """Canonical columns from the plain rows of CSV files, cut at their commas here."""
        self.split = split = CsvSplit(self.pa, files)
        self._stream(split.batches())
        self.raw = "struct_pack(file := __file, row := __index, text := __raw)"

        def per_file(values: list[str]) -> str:
            if len(set(values)) == 1:
                return values[0]
            cases = " ".join(f"WHEN {index} THEN {value}" for index, value in enumerate(values))
            return f"CASE __file {cases} END"

        heads = [file.columns for file in split.files]
        cells = []
        for name, _, _, _ in FIELDS:
            cell = per_file(
                [f"__cells[{h.index(name) + 1}]" if name in h else "NULL" for h in heads]
            )
            cells.append(f"nullif({cell}, '') AS {_q('__c_' + name)}")
        width = per_file([str(len(h)) for h in heads])
        selects = [
            "__row", "__blank", "__raw", "__file", "__index",
            f"len(__cells) = {width} AND NOT starts_with(__raw, '''') "
            "AND NOT contains(__raw, ',''') AS __shape_ok",
        ]  # fmt: skip
        for name, kind, _, _ in FIELDS:
            cell = _q("__c_" + name)
            if kind in (FieldKind.ID, FieldKind.ENUM):
                value = cell
            elif kind == FieldKind.INSTANT:
                value = _parse_instant(cell)
            else:  # plain decimals here; any other form the model reads goes to it
                value = (
                    f"CASE WHEN regexp_full_match({cell}, '-?[0-9]+([.][0-9]+)?') "
                    f"THEN TRY_CAST({cell} AS DOUBLE) END"
                )
            selects += [
                f"{value} AS {name}",
                f"({cell} IS NOT NULL AND ({value}) IS NULL) AS {name}__bad",
            ]
        inner = (
            "SELECT file AS __file, line AS __row, row AS __index, text AS __raw, "
            f"string_split(text, ',') AS __cells, trim(replace(text, ',', ''), {_BLANK}) = '' "
            "AS __blank FROM __source"
        )
        middle = f"SELECT *, {', '.join(cells)} FROM ({inner})"
        return f"SELECT {', '.join(selects)} FROM ({middle})"

    def _json(self, relation: str) -> str:
        """Canonical columns from numbered JSONL lines.

        A line Arrow has already parsed (``__typed``; see :func:`_jsonl_batches`) is an object
        of known fields, each once, and comes with their values. Any other line is parsed here:
        once for the fields (one ``json_extract`` of every field's path: a JSON value,
        ``'null'`` for a null, SQL NULL when absent) and once for its keys. Its shape is right
        when it is an object (valid JSON that opens with a brace, without the trailing commas
        DuckDB would forgive) whose keys are as many as the fields found: an unknown or a
        repeated key makes them differ.
        """
        paths = ", ".join(_literal(f'$."{name}"') for name, _, _, _ in FIELDS)
        found = " + ".join(
            f"(__v[{index}] IS NOT NULL)::INTEGER" for index in range(1, len(FIELDS) + 1)
        )
        selects = [
            "__row",
            "__blank",
            "__raw",
            f"__typed OR (__ok_json AND __n_keys = {found}) AS __shape_ok",
        ]
        for index, (name, kind, _, _) in enumerate(FIELDS, start=1):
            field = f"__v[{index}]"
            typed = _q(_TYPED + name)
            given = f"coalesce({field} <> 'null', FALSE)"
            # a JSON string without escapes is the text between its quotes
            text = (
                f"CASE WHEN starts_with({field}, '\"') THEN CASE WHEN contains({field}, '\\') "
                f"THEN {field} ->> '$' ELSE {field}[2:-2] END END"
            )
            if kind in (FieldKind.ID, FieldKind.ENUM):
                value, parsed = text, typed
            elif kind == FieldKind.INSTANT:
                value, parsed = _parse_instant(f"({text})"), _parse_instant(typed)
            else:
                value = (
                    f"CASE WHEN json_type({field}) IN ('DOUBLE', 'BIGINT', 'UBIGINT') "
                    f"THEN CAST({field} AS DOUBLE) END"
                )
                parsed = typed
            selects += [
                f"CASE WHEN __typed THEN {parsed} ELSE {value} END AS {name}",
                f"CASE WHEN __typed THEN {typed} IS NOT NULL AND ({parsed}) IS NULL "
                f"ELSE {given} AND ({value}) IS NULL END AS {name}__bad",
            ]
        untyped = "CASE WHEN NOT __typed THEN text END"
        inner = (
            "SELECT *, line AS __row, text AS __raw, NOT __typed AND "
            f"regexp_full_match(text, '[{_BLANK}\n]*') AS __blank, "
            f"json_extract(CASE WHEN __ok_json THEN text END, [{paths}]) AS __v, "
            "len(json_keys(CASE WHEN __ok_json THEN text END)) AS __n_keys "
            f"FROM (SELECT *, coalesce(json_valid({untyped}), FALSE) "
            f"AND starts_with(ltrim({untyped}, ' \t\r\n'), '{{') "
            f"AND NOT regexp_matches({untyped}, ',[ \\t\\r\\n]*[}}\\]]') AS __ok_json "
            f"FROM {relation})"
        )
        return f"SELECT {', '.join(selects)} FROM ({inner})"

    # --- the count ------------------------------------------------------------------------

    def _count(self, make: Callable[[], str], raw_kind: str) -> Counting:
        """One scan of the source; the row reader's decision on what fails the rules.

        Residents and staff are summarised in DuckDB (only per-group totals leave it) unless
        groups are still to be merged (by initiative kind). Two rare cases cost a second
        scan: rows sharing an id (they go to the row reader, which keeps the first of each
        id), and rows the rules fail but the model accepts (they are then counted with the
        others).
        """
        pa = self.pa
        import pyarrow.compute as pc

        per_id = "initiative_kind" in self.plan.names or self.plan.keep_ids
        rules = passes_all(DUCKDB)
        ok = f"NOT __blank AND {rules} AND {self._in_span('occurred_at')}"
        found = self._query(make(), ok=ok, per_id=per_id, bad=True, shared=True)
        shared = found.filter(pc.equal(found.column("part"), "shared"))
        if shared.num_rows:
            self.db.register("__shared", shared.select(["id_hash"]))
            ok += " AND hash(id) NOT IN (SELECT id_hash FROM __shared)"
            found = self._query(make(), ok=ok, per_id=per_id, bad=True)
        part = found.column("part")
        window = found.filter(pc.equal(part, "window"))
        rows = window.column("rows")[0].as_py() if window.num_rows else 0
        blank = window.column("blank")[0].as_py() if window.num_rows else 0
        failed = found.filter(pc.equal(part, "bad")).sort_by("row")
        bad = list(
            zip(failed.column("row").to_pylist(), failed.column("raw").to_pylist(), strict=True)
        )
        if raw_kind == "csv":
            decided = self._csv_rows(bad)
            if decided is None or (decided[1] and self._counted_twice(make(), ok, decided[1])):
                return self._whole(per_id)
            rejects, late, blank_lines, unseen = decided
        else:
            unseen = len(self.lines)
            rejects, late, blank_lines = self._row_reader(bad, raw_kind)
            # a row DuckDB read without its id (a line it cannot parse, a column of another
            # type) may repeat the id of a row it counted: then every row of that id goes to
            # the row reader, which keeps the first
            idless = self.lines or pc.any(failed.column("no_id")).as_py()
            if late and idless and self._counted_twice(make(), ok, late):
                self.db.register("__late_ids", pa.table({"id": [r.id for r in late]}))
                self.db.execute(
                    "CREATE TEMP TABLE __again AS SELECT DISTINCT hash(id) AS id_hash "
                    "FROM __late_ids"
                )
                ok += " AND hash(id) NOT IN (SELECT id_hash FROM __again)"
                found = self._query(make(), ok=ok, per_id=per_id, bad=True)
                part = found.column("part")
                failed = found.filter(pc.equal(part, "bad")).sort_by("row")
                bad = list(
                    zip(
                        failed.column("row").to_pylist(),
                        failed.column("raw").to_pylist(),
                        strict=True,
                    )
                )
                unseen = len(self.lines)
                rejects, late, blank_lines = self._row_reader(bad, raw_kind)
        aside = pc.is_in(part, pa.array(["bad", "shared"]))
        statistics = found.filter(pc.invert(aside)) if pc.any(aside).as_py() else found
        late, duplicates = first_of_each(late)
        if late:
            self.span = None  # the records the row reader accepted may lie anywhere
            records = self._late(late)
            if per_id:
                more = self._query(records, ok="TRUE", per_id=True, bad=False)
                statistics = pa.concat_tables(
                    [statistics.select(more.column_names), more], promote_options="permissive"
                )
            else:
                both = f"SELECT * FROM ({make()}) UNION ALL BY NAME SELECT * FROM ({records})"
                trusted = f"coalesce(__trusted, FALSE) OR ({ok})"
                statistics = self._query(both, ok=trusted, per_id=False, bad=False)
        counted: Counted = counted_from_arrow(statistics, self.plan)
        counted.duplicates = duplicates
        blank += blank_lines
        lines = rows + unseen
        counts = ReadCounts(
            lines=lines,
            accepted=lines - len(rejects) - blank,
            rejected=len(rejects),
            blank=blank,
        )
        workers = int(self.db.execute("SELECT current_setting('threads')").fetchall()[0][0])
        return Counting(counted=counted, rejects=tuple(rejects), counts=counts, workers=workers)

    def _query(
        self, canonical: str, *, ok: str, per_id: bool, bad: bool, shared: bool = False
    ) -> Any:
        """The columnar statistics (:func:`counted_from_arrow`) of ``canonical`` as Arrow.

        One scan: every part reads the same stream of rows (DuckDB fans it out). Besides the
        statistics, the ``window`` row counts the rows and blank lines read, and with
        ``bad`` every row that fails ``ok`` comes out as a ``bad`` row with its raw value; with
        ``shared``, the hash of every id that more than one row has, as a ``shared`` row.
        """
        keys = list(self.plan.fields)
        granularity = self.plan.granularity
        if granularity is None:
            period = previous = "NULL::DATE"
        else:
            unit = _UNIT[granularity]
            period = f"CAST(date_trunc('{unit}', __day) AS DATE)"
            previous = f"CAST(date_trunc('{unit}', a.__period - INTERVAL 1 DAY) AS DATE)"
        group = ", ".join([*keys, "__period"])

        def out(table: str = "") -> str:
            cells = [f"{table}{k} AS key_{k}" for k in keys]
            return ", ".join([*cells, f"({table}__period - {_ORDINAL_0}) + 1 AS period"])

        report = (
            "kind = 'suspicious_activity_report' AND initiator = 'resident' "
            "AND observed_at IS NOT NULL"
        )
        delay = (
            "(epoch_us(occurred_at)::DOUBLE / 1000000.0 "
            "- epoch_us(observed_at)::DOUBLE / 1000000.0) / 3600.0"
        )
        profile = "area_id, kind, initiator, outcome, attendance"
        privacy = self.plan.privacy
        record_key = "0" if privacy is None else record_key_sql(DUCKDB, privacy.salt, "id")
        ctes = [
            f"__base AS (SELECT r.*, {period} AS __period, (__day - {_ORDINAL_0}) + 1 "
            f"AS __ordinal, CASE WHEN {report} THEN {delay} END AS __delay, "
            "CASE WHEN kind = 'volunteering' THEN duration_minutes END AS __minutes, "
            f"{record_key} AS __key FROM ("
            f"SELECT c.*, CASE WHEN __ok THEN {self._local_day('c.occurred_at')} "
            f"END AS __day FROM (SELECT *, {ok} AS __ok, {self.code} AS __code FROM "
            f"({canonical})) c{self._join('c', 'occurred_at')}) r)",
        ]
        parts = [
            f"SELECT 'profile' AS part, {out()}, {profile}, count(*) AS count, "
            f"sum(__key)::BIGINT AS key_sum FROM __base WHERE __ok GROUP BY {group}, {profile}",
            f"SELECT 'delay' AS part, {out()}, __delay AS value, count(*) AS count, "
            "sum(__key)::BIGINT AS key_sum "
            f"FROM __base WHERE __ok AND __delay IS NOT NULL GROUP BY {group}, __delay",
            f"SELECT 'volunteer' AS part, {out()}, __minutes AS value, count(*) AS count "
            f"FROM __base WHERE __ok AND __minutes IS NOT NULL GROUP BY {group}, __minutes",
            "SELECT 'window' AS part, count(*) AS rows, count(*) FILTER (WHERE __blank) "
            "AS blank, min(occurred_at) FILTER (WHERE __ok) AS first, "
            "max(occurred_at) FILTER (WHERE __ok) AS last FROM __base",
        ]
        if per_id:  # the ids travel: groups merge later
            parts += [
                f"SELECT 'resident' AS part, {out()}, resident_id AS id, min(__ordinal) "
                "AS first_day, min(__ordinal) < max(__ordinal) AS repeated, 1::BIGINT "
                f"AS count FROM __base WHERE __ok AND resident_id IS NOT NULL GROUP BY {group}, "
                "resident_id",
                f"SELECT 'staff' AS part, {out()}, staff_id AS id, count(*) AS count "
                f"FROM __base WHERE __ok AND staff_id IS NOT NULL GROUP BY {group}, staff_id",
            ]
        else:
            pairs = (
                f"SELECT {group}, resident_id, min(__ordinal) AS __first, "
                "max(__ordinal) AS __last FROM __base WHERE __ok AND resident_id IS NOT NULL "
                f"GROUP BY {group}, resident_id"
            )
            if privacy is None:
                ctes.append(f"__residents AS (SELECT *, 0 AS __key FROM ({pairs}))")
            else:  # each resident's key once, not once for each of their groups
                ctes += [
                    f"__pairs AS ({pairs})",
                    "__keys AS (SELECT resident_id, "
                    f"{record_key_sql(DUCKDB, privacy.salt, 'resident_id')} AS __key FROM "
                    "(SELECT DISTINCT resident_id FROM __pairs))",
                    "__residents AS (SELECT * FROM __pairs JOIN __keys USING (resident_id))",
                ]
            same = " AND ".join(
                [f"a.{k} IS NOT DISTINCT FROM b.{k}" for k in keys]
                + [f"b.__period = {previous}", "b.resident_id = a.resident_id"]
            )
            parts += [
                f"SELECT 'residents' AS part, {out('a.')}, count(*) AS reached, "
                "count(*) FILTER (WHERE a.__first < a.__last) AS repeat, "
                "count(b.resident_id) AS returning, sum(a.__key)::BIGINT AS reached_key, "
                "coalesce(sum(a.__key) FILTER (WHERE a.__first < a.__last), 0)::BIGINT "
                "AS repeat_key, coalesce(sum(a.__key) FILTER (WHERE b.resident_id IS NOT NULL), "
                "0)::BIGINT AS returning_key FROM __residents a LEFT JOIN "
                f"__residents b ON {same} GROUP BY {', '.join('a.' + k for k in keys)}"
                f"{', ' if keys else ''}a.__period",
                # one aggregation per staff member, then per group (count(DISTINCT) beside
                # count(*) is two aggregations and a join)
                f"SELECT 'staff_totals' AS part, {out()}, count(*) AS reached, "
                f"sum(__each)::BIGINT AS count FROM (SELECT {group}, count(*) AS __each FROM "
                f"__base WHERE __ok AND staff_id IS NOT NULL GROUP BY {group}, staff_id) "
                f"GROUP BY {group}",
            ]
        if bad:
            parts.append(
                f"SELECT 'bad' AS part, __row AS row, {self.raw} AS raw, id IS NULL AS no_id "
                "FROM __base "
                "WHERE NOT __ok AND NOT __blank GROUP BY ALL"  # grouped: no copy of every row
            )
        if shared:
            parts.append(
                "SELECT 'shared' AS part, hash(id) AS id_hash FROM __base WHERE id IS NOT NULL "
                "GROUP BY hash(id) HAVING count(*) > 1"
            )
        sql = f"WITH {', '.join(ctes)} " + " UNION ALL BY NAME ".join(f"({part})" for part in parts)
        return self.db.query(sql).to_arrow_table()

    def _row_reader(
        self, bad: list[tuple[int, Any]], raw_kind: str
    ) -> tuple[list[Reject], list[Interaction], int]:
        """The model's decision on every row the rules did not pass, and the blank lines:
        JSONL lines read by :func:`~trustops.io.read_jsonl_lines`, typed rows read again from
        their source by :func:`~trustops.io.read_parquet` or :func:`~trustops.io.read_arrow`."""
        readers: list[Reader[Interaction]] = []
        if raw_kind == "json_lines":
            pairs = list(self.lines)
            pairs += [(row, raw.encode("utf-8").removesuffix(b"\n")) for row, raw in bad]
            pairs.sort(key=lambda pair: pair[0])
            per_file: dict[int, list[tuple[int, bytes]]] = {}
            for row, text in pairs:  # back to each file's own line numbers
                index = bisect.bisect_right(self.starts, row - 1) - 1
                per_file.setdefault(index, []).append((row - self.starts[index], text))
            for index, chosen in per_file.items():
                file = self.files[index]
                if file in self.boms and chosen[0][0] == 1:  # the first line as the file has it
                    chosen[0] = (1, _BOM + chosen[0][1])
                readers.append(
                    read_jsonl_lines(
                        chosen, Interaction, name=file, truncated=self.truncated.get(file)
                    )
                )
        elif self.files:
            by_file: dict[str, list[int]] = {}
            for row, raw in bad:
                by_file.setdefault(raw["__file"], []).append(row)
            readers += [
                read_parquet(
                    file,
                    Interaction,
                    extra=self.extra,
                    rows=by_file[file],
                    naive_zone=self.naive_zone,
                )
                for file in self.files
                if file in by_file
            ]
        elif bad:
            rows = [row for row, _ in bad]
            readers.append(
                read_arrow(
                    self.data,
                    Interaction,
                    name=self.name,
                    extra=self.extra,
                    rows=rows,
                    naive_zone=self.naive_zone,
                )
            )
        rejects: list[Reject] = []
        accepted: list[Interaction] = []
        blank = 0
        for reader in readers:
            accepted.extend(reader)
            rejects.extend(reader.rejects)
            blank += reader.counts.blank
        return rejects, accepted, blank

    def _csv_rows(
        self, bad: list[tuple[int, Any]]
    ) -> tuple[list[Reject], list[Interaction], int, int] | None:
        """The row reader's decision on the CSV rows DuckDB failed or never saw, and how
        many it never saw; ``None`` when the files must be read whole."""
        split = self.split
        if split is None or split.whole:
            return None
        rows: list[list[tuple[int, int, bytes]]] = [list(file.aside) for file in split.files]
        unseen = sum(map(len, rows))
        for line, raw in bad:
            rows[raw["file"]].append((line, raw["row"], raw["text"].encode("utf-8")))
        rejects: list[Reject] = []
        accepted: list[Interaction] = []
        blank = 0
        for path, file, chosen in zip(split.paths, split.files, rows, strict=True):
            if not chosen:
                continue
            chosen.sort()
            last_aside = bool(file.aside) and chosen[-1] == file.aside[-1]
            read = read_rows(path, file.header, chosen, truncated=file.truncated and last_aside)
            if read is None:
                return None
            rejects.extend(read[0])
            accepted.extend(read[1])
            blank += read[2]
        return rejects, accepted, blank, unseen

    def _counted_twice(self, canonical: str, ok: str, records: list[Interaction]) -> bool:
        """Whether a record the row reader accepted has the id of a row DuckDB counted (a CSV
        row DuckDB never saw, kept aside, takes no part in its check of repeated ids)."""
        self.db.register("__late_ids", self.pa.table({"id": [r.id for r in records]}))
        found = self.db.execute(
            f"SELECT count(*) FROM (SELECT id, {ok} AS __ok FROM ({canonical})) "
            "WHERE __ok AND id IN (SELECT id FROM __late_ids)"
        ).fetchall()
        return bool(found[0][0])

    def _whole(self, per_id: bool) -> Counting:
        """Counting of what the row reader reads whole (compressed files; CSV files of
        :mod:`._csv_rows`; typed data DuckDB cannot convert): its records stream into DuckDB in batches, the first of each id
        counted, so memory grows with the ids, as in the reference engine."""
        readers = (
            [self._reader(path) for path in self.files]
            if self.files
            else [
                read_arrow(
                    self.data,
                    Interaction,
                    name=self.name,
                    extra=self.extra,
                    naive_zone=self.naive_zone,
                )
            ]
        )
        self.span = None  # the records may lie anywhere
        duplicates = 0
        size = 1 << 16

        def batches() -> Iterator[Any]:
            nonlocal duplicates
            seen: set[str] = set()
            for reader in readers:
                kept: list[Interaction] = []
                for record in reader:
                    if record.id in seen:
                        duplicates += 1
                        continue
                    seen.add(record.id)
                    kept.append(record)
                    if len(kept) == size:
                        yield from self._records(kept).to_batches()
                        kept = []
                yield from self._records(kept).to_batches()

        schema = self._records([]).schema
        self._stream(self.pa.RecordBatchReader.from_batches(schema, batches()), "__late")
        canonical = self._typed("__late", schema)
        statistics = self._query(canonical, ok="TRUE", per_id=per_id, bad=False)
        counted: Counted = counted_from_arrow(statistics, self.plan)
        counted.duplicates = duplicates
        rejects = [reject for reader in readers for reject in reader.rejects]
        counts = ReadCounts(
            lines=sum(reader.counts.lines for reader in readers),
            accepted=sum(reader.counts.accepted for reader in readers),
            rejected=len(rejects),
            blank=sum(reader.counts.blank for reader in readers),
        )
        return Counting(counted=counted, rejects=tuple(rejects), counts=counts)

    def _reader(self, path: str) -> Reader[Interaction]:
        if path_kind(path) == "parquet":
            return read_parquet(path, Interaction, extra=self.extra, naive_zone=self.naive_zone)
        return read(path, Interaction)

    def _records(self, records: list[Interaction]) -> Any:
        """Records the row reader accepted as an Arrow table of the canonical columns."""
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
        return pa.table(columns)

    def _late(self, records: list[Interaction]) -> str:
        """Canonical columns of records the row reader accepted, marked ``__trusted``."""
        table = self._records(records)
        self.db.register("__late", table)
        canonical = self._typed("__late", table.schema)
        return f"SELECT *, TRUE AS __trusted FROM ({canonical})"


def _year_us(year: int) -> int:
    """The first instant of the UTC ``year``, in microseconds after the epoch."""
    return int(_dt.datetime(year, 1, 1, tzinfo=_dt.UTC).timestamp()) * 1_000_000


def _inside(changes: tuple[tuple[int, int], ...], first: int, end: int) -> list[tuple[int, int]]:
    """The offsets of a zone from ``first`` to before ``end`` (microseconds after the epoch),
    from its changes (:func:`~trustops.time.utc_offsets`: seconds after the epoch, offset):
    the one in force at ``first`` (its start ``first``), then each that starts before ``end``.

    >>> _inside(((-100, 0), (10, 3600), (20, 0), (30, 7200)), 15_000_000, 25_000_000)
    [(15000000, 3600), (20000000, 0)]
    """
    found = [(first, changes[0][1])]
    for second, offset in changes[1:]:
        start = second * 1_000_000
        if start <= first:
            found = [(first, offset)]
        elif start < end:
            found.append((start, offset))
    return found


def _offset_tree(epoch: str, offsets: list[tuple[int, int]]) -> str:
    """SQL of the offset in force at ``epoch`` (microseconds after the epoch) among
    ``offsets`` (their starts in order, from :func:`_inside`): halves compared in turn, so a
    row takes as many comparisons as the log of their number.

    >>> _offset_tree("e", [(0, 0), (10, 3600), (20, 0)])
    'CASE WHEN e < 10 THEN 0 ELSE CASE WHEN e < 20 THEN 3600 ELSE 0 END END'
    """
    if len(offsets) == 1:
        return str(offsets[0][1])
    middle = len(offsets) // 2
    left, right = offsets[:middle], offsets[middle:]
    return (
        f"CASE WHEN {epoch} < {right[0][0]} THEN {_offset_tree(epoch, left)} "
        f"ELSE {_offset_tree(epoch, right)} END"
    )


def _memory_size(limit: object) -> bool:
    """Whether ``limit`` is a memory limit of :data:`_SIZE`'s form above 0 (a percentage at
    most 100), as DuckDB takes it.

    >>> [_memory_size(text) for text in ("2GB", "1.5 gib", "50%", "0MB", "120%", "2", -1)]
    [True, True, True, False, False, False, False]
    """
    found = _SIZE.fullmatch(limit) if isinstance(limit, str) else None
    if found is None:
        return False
    number = float(found["number"])
    return number > 0 and (found["unit"] != "%" or number <= 100)


def _merged(pa: Any, schemas: list[Any]) -> Any:
    """One schema for files read together by name; a column of different types in different
    files takes a type no field reads, so its values go to the row reader."""
    types: dict[str, Any] = {}
    for schema in schemas:
        for field in schema:
            seen = types.setdefault(field.name, field.type)
            if seen != field.type:
                types[field.name] = pa.null()
    return pa.schema(list(types.items()))


def _rereadable(source: object) -> bool:
    """Whether ``source`` hands out its whole stream again each time it is asked (tables and
    data frames do; readers stream once)."""
    kind = type(source)
    return (kind.__module__.split(".")[0], kind.__name__) in {
        ("pyarrow", "Table"),
        ("pyarrow", "RecordBatch"),
        ("polars", "DataFrame"),
        ("pandas", "DataFrame"),
    }


def _describe(source: object) -> str:
    return (
        repr(os.fspath(source)) if is_path(source) else f"the Arrow data ({type(source).__name__})"
    )


def _first_line(error: BaseException) -> str:
    """The first line of DuckDB's message (the rest lists general advice)."""
    return str(error).strip().split("\n", 1)[0]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _parse_instant(text: str) -> str:
    return f"CASE WHEN regexp_full_match({text}, '{INSTANT_PATTERN}') THEN TRY_CAST({text} AS TIMESTAMPTZ) END"


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


def _jsonl_batches(pa: Any, paths: list[str], count: _Count) -> Any:
    """The lines of JSONL files as Arrow batches, read a chunk at a time.

    The files' lines are numbered as one file's, one file after the other (``count.starts``
    holds where each file starts). Each batch has the line numbers and texts (``line``, ``text``, each text with its line
    end). Lines are found with numpy and are views of the chunk read. When every line of a
    chunk is an object of known fields, each at most once and of the type its column takes
    (text, or a number for ``duration_minutes``), Arrow's parallel JSON reader parses the
    chunk and its values come along (``__typed``, and a ``__t_<field>`` column per field);
    otherwise DuckDB parses each line itself. A chunk with a line that is not UTF-8 or is
    longer than the row reader accepts is cut here instead, and those lines are kept aside
    for it.
    """
    import numpy as np
    import pyarrow.json as pj

    from ..io import MAX_LINE_BYTES

    long = MAX_LINE_BYTES + 4  # as much of a line as the row reader reads (a BOM and one more)

    columns = [
        pa.field(_TYPED + name, pa.float64() if kind == FieldKind.NUMBER else pa.string())
        for name, kind, _, _ in FIELDS
    ]
    schema = pa.schema(
        [("line", pa.int64()), ("text", pa.large_string()), ("__typed", pa.bool_()), *columns]
    )
    threads = int(count.db.execute("SELECT current_setting('threads')").fetchall()[0][0])
    read = pj.ReadOptions(use_threads=threads > 1)  # as many threads as DuckDB's, or one
    parse = pj.ParseOptions(
        explicit_schema=pa.schema([(f.name[len(_TYPED) :], f.type) for f in columns]),
        unexpected_field_behavior="error",
    )

    def batch(numbers: Any, texts: Any, values: Any = None) -> Any:
        size = len(texts)
        if values is None:
            typed = [pa.nulls(size, f.type) for f in columns]
        else:
            typed = list(values.columns)
        flag = pa.array(np.full(size, values is not None))
        return pa.RecordBatch.from_arrays([numbers, texts, flag, *typed], schema=schema)

    def by_arrow(data: bytes, first: int) -> Iterator[Any] | None:
        buffer = np.frombuffer(data, np.uint8)
        ends = np.flatnonzero(buffer == _NEWLINE)
        offsets = np.empty(len(ends) + 2, np.int64)
        offsets[0], offsets[1:-1], offsets[-1] = 0, ends + 1, len(data)
        lengths = np.diff(offsets)
        if int(lengths.max()) > MAX_LINE_BYTES:  # one may be too long: look closer
            return None
        size = len(lengths)
        texts = pa.LargeStringArray.from_buffers(size, pa.py_buffer(offsets), pa.py_buffer(data))
        try:
            texts.validate(full=True)  # UTF-8
        except pa.ArrowInvalid:
            return None
        numbers = pa.array(np.arange(first, first + size, dtype=np.int64))
        parsed = None
        # every line opens an object (so none is blank and each is one row)
        if lengths.min() > 1 and bool((buffer[offsets[:-1]] == _BRACE).all()):
            try:
                parsed = pj.read_json(pa.BufferReader(data), read, parse)
            except pa.ArrowInvalid:
                parsed = None
        if parsed is None or parsed.num_rows != size:
            return iter([batch(numbers, texts)])
        pieces = []
        start = 0
        for values in parsed.to_batches():
            end = start + values.num_rows
            pieces.append(batch(numbers[start:end], texts[start:end], values))
            start = end
        return iter(pieces)

    def by_line(data: bytes, first: int) -> Iterator[Any]:
        numbers: list[int] = []
        texts: list[str] = []
        for offset, piece in enumerate(data.split(b"\n"), start=first):
            if len(piece) > MAX_LINE_BYTES:  # the row reader sees as much as it reads of it
                count.lines.append((offset, piece[:long]))
                continue
            try:
                texts.append(piece.decode("utf-8"))
            except UnicodeDecodeError:
                count.lines.append((offset, piece))
                continue
            numbers.append(offset)
        return iter([batch(pa.array(numbers, pa.int64()), pa.array(texts, pa.large_string()))])

    def chunks() -> Iterator[tuple[bytes, int]]:
        start = 0
        for path in paths:
            count.starts.append(start)
            start += yield from file_chunks(path, start)

    def file_chunks(path: str, start: int) -> Generator[tuple[bytes, int], None, int]:
        """A file a chunk of whole lines at a time, with the number of its first line (after
        ``start``), and then how many lines it has.

        A line longer than the row reader takes is never held whole: its first bytes, as
        many as the row reader reads of it, are kept aside for it, and the rest is skipped.
        """
        line = 0
        pending = b""
        skipping = False  # inside a line too long to read
        with open(path, "rb") as handle:
            while True:
                chunk = handle.read(_CHUNK)
                if skipping:
                    cut = chunk.find(b"\n")
                    if cut < 0:
                        if not chunk:
                            return line
                        continue
                    chunk, skipping = chunk[cut + 1 :], False
                    if not chunk:
                        continue
                data = pending + chunk
                if not chunk:
                    if not data:
                        return line
                    count.truncated[path] = line + 1
                    pending = b""
                else:
                    cut = data.rfind(b"\n")
                    if cut < 0:
                        if len(data) > MAX_LINE_BYTES:
                            if line == 0 and data.startswith(_BOM):
                                data = data[len(_BOM) :]
                                count.boms.add(path)
                            line += 1
                            count.lines.append((start + line, data[:long]))
                            pending, skipping = b"", True
                        else:
                            pending = data
                        continue
                    data, pending = data[:cut], data[cut + 1 :]
                if line == 0 and data.startswith(_BOM):
                    data = data[len(_BOM) :]
                    count.boms.add(path)
                yield data, start + line + 1
                line += data.count(b"\n") + 1
                if not chunk:
                    return line

    def prepare(data: bytes, first: int) -> list[Any]:
        made = by_arrow(data, first)
        return list(by_line(data, first) if made is None else made)

    def batches() -> Iterator[Any]:
        # the next chunk is read and prepared (parsed by Arrow, which frees the GIL) on
        # another thread while DuckDB counts this one
        source = chunks()

        def step() -> list[Any] | None:
            for data, first in source:
                return prepare(data, first)
            return None

        with ThreadPoolExecutor(1, thread_name_prefix="trustops-jsonl") as pool:
            ahead = pool.submit(step)
            while (made := ahead.result()) is not None:
                ahead = pool.submit(step)
                yield from made

    return pa.RecordBatchReader.from_batches(schema, batches())
