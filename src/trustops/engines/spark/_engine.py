"""The Spark engine's entry point: a Spark DataFrame (or files) in, an EngagementTable out."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import attrs

from ...io import MAX_LINE_BYTES, ReadCounts, Reject
from ...metrics import EngagementTable, TablePlan, Window
from ...model import Area, Initiative, Interaction
from ...privacy import PrivacyKey
from ...time import Granularity
from .._base import Counting, checked_naive_zone
from .._columnar import counted_from_arrow
from .._errors import EngineError
from ._counting import counted_parts, prepared
from ._csv import read_csv_files
from ._lines import read_lines
from ._session import pyspark_sql
from ._validation import NAMES, Validated, validate

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "SparkEngagement",
    "SparkEngine",
    "SparkRun",
    "engagement_table",
    "interactions_frame",
    "read_source",
]

_FORMATS: Final = {
    ".parquet": "parquet", ".jsonl": "json", ".ndjson": "json", ".json": "json", ".csv": "csv",
}  # fmt: skip
_READERS: Final = ("parquet", "json", "csv")
_PACKED: Final = (".gz", ".bz2", ".zst", ".snappy", ".lz4", ".deflate", ".xz")
_T = TypeVar("_T")


@attrs.frozen(kw_only=True)
class SparkEngagement:
    """What :func:`engagement_table` found: the table, the rejects and the counts.

    ``rows`` = ``accepted`` + ``rejected`` + ``blank`` always (blank lines of JSON Lines,
    counted as the row reader counts them). ``rejects`` is a Spark DataFrame (see
    :data:`~trustops.engines.spark.REJECT_COLUMNS`: file and line, or row id; record id,
    column path, message, raw text), written to ``rejects_path`` when one was given. ``partitions`` is the number of partitions Spark read the input in;
    ``collected_bytes`` the size of the statistics that reached the driver (Spark's
    serialised rows, as pickled by Python), for all ``groups`` together.
    """

    table: EngagementTable
    rows: int
    accepted: int
    rejected: int
    blank: int
    rejects: DataFrame
    rejects_path: str | None
    partitions: int
    groups: int
    collected_bytes: int


def _paths(source: Any) -> list[str]:
    paths = [os.fspath(source)] if isinstance(source, str | os.PathLike) else list(source)
    if not paths:
        raise EngineError("expected a DataFrame or at least one path to read, got none")
    return [os.fspath(path) for path in paths]


def _suffix_format(path: str) -> str | None:
    name = path.rstrip("/").lower()
    for packed in _PACKED:
        name = name.removesuffix(packed)
    return _FORMATS.get(os.path.splitext(name)[1])


def _format(session: SparkSession, paths: list[str], format: str | None) -> str:
    """The format of ``paths``: ``format``, the first path's suffix, or (a folder without
    one) the suffix the files inside share, listed by Spark (so any file system works)."""
    if format is not None:
        if format not in _READERS:
            raise EngineError(f"unknown format {format!r}; expected 'parquet', 'json' or 'csv'")
        return format
    found = _suffix_format(paths[0])
    if found is not None:
        return found
    from pyspark.sql import functions as fn

    listed = _spark_call(
        paths[:1],
        lambda: (
            session.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(paths[0])
            .select(fn.col("path"))
            .limit(1000)
            .collect()
        ),
    )
    formats = {_suffix_format(row["path"]) for row in listed}
    if len(formats) == 1 and None not in formats:
        return str(formats.pop())
    named = sorted(str(f) for f in formats if f is not None)
    raise EngineError(
        f"cannot tell the format of {paths[0]!r}"
        + (f" (it holds {' and '.join(named)} files)" if len(named) > 1 else "")
        + "; pass format='parquet', 'json' or 'csv'"
    )


def _spark_call(paths: Sequence[str], call: Callable[[], _T]) -> _T:
    """``call()``, with Spark's errors about reading ``paths`` as an :class:`EngineError`
    naming them (a missing path, an unreadable file)."""
    from pyspark.errors import PySparkException

    try:
        return call()
    except PySparkException as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise EngineError(f"Spark cannot read {', '.join(map(repr, paths))}: {first}") from None


def read_source(
    session: SparkSession,
    source: Any,
    format: str | None = None,
    *,
    partitions: Sequence[str] = (),
) -> DataFrame:
    """``source`` as a DataFrame: a DataFrame as it is, else paths Spark reads (Parquet, JSON
    Lines or CSV with a header, every value as text; the format from ``format``, the first
    path's suffix, or the files inside a folder). ``partitions`` are Hive-style partition
    columns (``year=2026/``) of the folders, dropped: they are where rows are stored, not
    fields. JSON Lines is read this way only for a quick look; the engine reads it line by
    line (:func:`~trustops.engines.spark.read_lines`)."""
    if _is_spark_frame(source):
        frame = cast("DataFrame", source)
    else:
        paths = _paths(source)
        found = _format(session, paths, format)
        reader = session.read
        if found == "csv":
            reader = reader.option("header", "true").option("inferSchema", "false")
        frame = _spark_call(paths, lambda: reader.format(found).load(paths))
    return frame.drop(*partitions) if partitions else frame


class SparkEngine:
    """Counts interactions with Spark: a Spark DataFrame (classic or Spark Connect), or paths
    Spark can read.

    ``session`` defaults to the DataFrame's own, else the active session. ``rejects`` is
    where the rejected rows are written (Parquet, a folder Spark writes whole or not at
    all); ``keep`` is how many rejects come back to the driver as
    :class:`~trustops.io.Reject` objects in :attr:`Counting.rejects
    <trustops.engines.Counting.rejects>` (the counts are always exact: ``counts.lines ==
    counts.accepted + counts.rejected + counts.blank``). ``format`` names the format of
    paths whose suffix does not say it (else a folder's files are looked at);
    ``partitions`` names Hive-style partition columns of the input's folders, ignored;
    ``max_line_bytes`` is the row reader's size guard for JSON Lines; ``extra="ignore"``
    leaves out the columns of Parquet files and DataFrames that are not fields (a data
    lake's own), which are otherwise rejects, as in every engine (a CSV file's header must
    name only fields, as for :func:`~trustops.io.read_csv`). Timestamps without a zone
    (``TIMESTAMP_NTZ``) are rejects unless ``naive_zone`` names the IANA zone they were
    written in (off by default; see :func:`~trustops.io.read_arrow`): those rows are then
    read by the row reader in Python workers, as every engine reads them.

    JSON Lines files are decided line by line by the row reader's own parser, and CSV files
    each whole by the row reader (the same rejects, messages, file and line numbers and blank
    lines; a CSV file is read by one Python worker); Parquet files and DataFrames by the
    columnar rules, with the model for every row they do not pass. The statistics
    are counted per group of the table's resolved keys and period by Spark's operators; see
    :func:`engagement_table` and :doc:`/explanation/spark`.
    """

    name: Final = "spark"

    def __init__(
        self,
        *,
        session: SparkSession | None = None,
        rejects: str | os.PathLike[str] | None = None,
        keep: int = 100,
        format: str | None = None,
        partitions: Sequence[str] = (),
        max_line_bytes: int = MAX_LINE_BYTES,
        extra: str = "forbid",
        naive_zone: str | None = None,
    ) -> None:
        if extra not in ("forbid", "ignore"):
            raise EngineError(f"expected extra='forbid' or extra='ignore', got {extra!r}")
        self.extra = extra
        self.naive_zone = checked_naive_zone(naive_zone)
        self.session = session
        self.rejects = rejects
        self.keep = keep
        self.format = format
        self.partitions = tuple(partitions)
        self.max_line_bytes = max_line_bytes

    def accepts(self, source: object) -> bool:
        """Spark DataFrames, paths or lists of paths, and what :meth:`validated` made."""
        return _is_spark_frame(source) or isinstance(
            source, str | os.PathLike | list | tuple | Validated
        )

    def count(self, source: object, plan: TablePlan) -> Counting:
        """Validate and count ``source`` grouped as ``plan`` says."""
        return self.run(source, plan).counting

    def _session(self, source: object) -> SparkSession:
        if self.session is not None:
            return self.session
        if _is_spark_frame(source):
            return cast("SparkSession", source.sparkSession)  # type: ignore[attr-defined]
        sql = pyspark_sql()
        session = sql.SparkSession.getActiveSession()
        if session is None:
            raise EngineError(
                "no active Spark session; pass session= (trustops.engines.spark."
                "local_session() starts a local one)"
            )
        return cast("SparkSession", session)

    def validated(self, source: object) -> Validated:
        """``source`` read and validated once, persisted (memory, then disk), for several
        tables: pass it to :meth:`count` or :meth:`run` (or
        :func:`trustops.engines.engagement_table`) as the source of each, then call its
        :meth:`~trustops.engines.spark.Validated.release`.

        >>> # checked = engine.validated("s3://lake/interactions/")
        >>> # by_area = engagement_table(checked, engine=engine, by=["area"])
        >>> # by_staff = engagement_table(checked, engine=engine, by=["staff"])
        >>> # checked.release()
        """
        session = self._session(source)
        if not _is_spark_frame(source):
            paths = _paths(source)
            found = _format(session, paths, self.format)
            if found == "json":
                return _spark_call(
                    paths,
                    lambda: read_lines(session, paths, max_line_bytes=self.max_line_bytes),
                )
            if found == "csv":
                return _spark_call(paths, lambda: read_csv_files(session, paths))
            frame = self._fields(read_source(session, paths, found, partitions=self.partitions))
            return _spark_call(
                paths, lambda: validate(frame, located=True, naive_zone=self.naive_zone)
            )
        return validate(
            self._fields(read_source(session, source, partitions=self.partitions)),
            naive_zone=self.naive_zone,
        )

    def _fields(self, frame: DataFrame) -> DataFrame:
        """``frame`` without the columns that are not fields, with ``extra="ignore"``."""
        if self.extra == "forbid":
            return frame
        return frame.drop(*(name for name in frame.columns if name not in NAMES))

    def run(self, source: object, plan: TablePlan) -> SparkRun:
        """:meth:`count`, with the rejects DataFrame and what the run cost."""
        pyspark_sql()
        if plan.keep_ids:
            raise EngineError(
                "the spark engine counts distinct residents per group on the cluster and "
                "cannot keep their ids for merging later (daily statistics); use the duckdb or "
                "reference engine"
            )
        if isinstance(source, Validated):  # validated once for several tables: kept
            return self._counted(source.accepted.sparkSession, source, plan)
        session = self._session(source)
        checked = self.validated(source)
        try:
            return self._counted(session, checked, plan)
        finally:
            with contextlib.suppress(Exception):  # keep the first error, not a dead JVM's
                checked.release()

    def _counted(self, session: SparkSession, checked: Validated, plan: TablePlan) -> SparkRun:
        import pyarrow.compute as pc
        from pyspark import StorageLevel
        from pyspark.sql import functions as fn

        tally = (
            checked.tally.groupBy("_state")
            .agg(fn.count(fn.lit(1)).alias("count"), fn.max("_part").alias("_part"))
            .withColumn("part", fn.lit("tally"))
        )
        firsts, duplicates = _firsts(checked.accepted)
        # the rows every part counts from, made once (local days, periods, keys) and kept
        framed = prepared(firsts, plan).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            collected = (
                counted_parts(framed, plan).unionByName(tally, allowMissingColumns=True).toArrow()
            )
        finally:
            framed.unpersist()
        is_tally = pc.equal(collected.column("part"), "tally")
        states = {"accepted": 0, "rejected": 0, "blank": 0}
        partitions = 0
        for entry in collected.filter(is_tally).to_pylist():
            states[entry["_state"]] = entry["count"]
            partitions = max(partitions, (entry["_part"] or 0) + 1)
        if self.rejects is not None:
            checked.rejects.write.mode("errorifexists").parquet(os.fspath(self.rejects))
        kept: tuple[Reject, ...] = ()
        if states["rejected"] and self.keep > 0:
            ordered = checked.rejects.orderBy("file", "line", "row").limit(self.keep)
            kept = tuple(
                Reject(
                    source=row["file"] or "spark",
                    line=row["line"] if row["file"] is not None else row["row"],
                    path=row["column"],
                    message=row["message"],
                    raw="" if row["raw"] is None else row["raw"],
                    problems=tuple((p["path"], p["message"]) for p in row["problems"]),
                )
                for row in ordered.collect()
            )
        lines = sum(states.values())
        if lines == states["blank"]:
            raise EngineError("the Spark input holds no rows: nothing to count")
        statistics = collected.filter(pc.invert(is_tally))
        counted = counted_from_arrow(statistics, plan)
        counted.duplicates = duplicates
        counting = Counting(
            counted=counted,
            rejects=kept,
            counts=ReadCounts(
                lines=lines,
                accepted=states["accepted"],
                rejected=states["rejected"],
                blank=states["blank"],
            ),
            workers=_parallelism(session, partitions),
        )
        return SparkRun(
            counting=counting,
            rejects=checked.rejects,
            partitions=partitions,
            collected_bytes=statistics.nbytes,
            groups=len(counting.counted.groups),
        )


def _firsts(accepted: DataFrame) -> tuple[DataFrame, int]:
    """``accepted`` with each id once (its first row in the input's order, the least
    ``_row``), without ``_row``; and how many rows repeated an id. Only the ids are shuffled
    to find the repeated ones; the rows are joined with them only when there are any."""
    from pyspark.sql import functions as fn

    repeated = (
        accepted.groupBy("id")
        .agg(fn.count(fn.lit(1)).alias("_n"), fn.min("_row").alias("_first"))
        .where(fn.col("_n") > 1)
    )
    (found,) = repeated.agg(fn.sum(fn.col("_n") - 1).alias("count")).collect()
    if not found["count"]:
        return accepted.drop("_row"), 0
    kept = accepted.join(repeated.select("id", "_first"), "id", "left").where(
        fn.col("_first").isNull() | (fn.col("_row") == fn.col("_first"))
    )
    return kept.drop("_row", "_first"), int(found["count"])


def _parallelism(session: SparkSession, partitions: int) -> int:
    """The cores Spark counts with (a Spark Connect session does not say: the partitions)."""
    try:
        return int(session.sparkContext.defaultParallelism)
    except Exception:  # Spark Connect has no SparkContext on the client
        return max(partitions, 1)


@attrs.frozen(kw_only=True)
class SparkRun:
    """One run of :class:`SparkEngine`: what it counted, the rejects DataFrame (see
    :data:`~trustops.engines.spark.REJECT_COLUMNS`), the partitions Spark read the input
    in, and the bytes of statistics collected to the driver."""

    counting: Counting
    rejects: DataFrame
    partitions: int
    collected_bytes: int
    groups: int


def _is_spark_frame(source: object) -> bool:
    return type(source).__module__.startswith("pyspark.sql") and hasattr(source, "sparkSession")


def engagement_table(
    source: Any,
    *,
    by: Sequence[str] = ("area",),
    period: Granularity | str | None = None,
    areas: Iterable[Area] = (),
    initiatives: Iterable[Initiative] = (),
    window: Window | None = None,
    rejects: str | os.PathLike[str] | None = None,
    session: SparkSession | None = None,
    format: str | None = None,
    partitions: Sequence[str] = (),
    max_line_bytes: int = MAX_LINE_BYTES,
    privacy: PrivacyKey | None = None,
    extra: str = "forbid",
    naive_zone: str | None = None,
) -> SparkEngagement:
    """Every engagement metric per group, counted by Spark: the same table as
    :func:`trustops.engines.engagement_table` gives with any engine on the same interactions.

    ``source`` is a Spark DataFrame of interactions (one column per field of
    :class:`~trustops.model.Interaction`) or paths Spark can read (Parquet, JSON Lines, CSV;
    ``format`` when neither the suffix nor a folder's files say; ``partitions`` the
    Hive-style partition columns of its folders, ignored; ``max_line_bytes`` the row reader's
    size guard for JSON Lines; ``extra="ignore"`` to leave out columns that are not
    fields; ``naive_zone`` the IANA zone of timestamps without one, which are otherwise
    rejects). ``by``, ``period``, ``areas``,
    ``initiatives``, ``window`` and ``privacy`` mean what they mean for every engine. Every row is
    validated (JSON Lines line by line by the row reader's parser); rejected rows are never
    counted and come back, with their file and line, as the DataFrame
    :attr:`SparkEngagement.rejects`, written as Parquet to ``rejects`` when given.
    ``session`` defaults to the DataFrame's own, or the active one.

    Spark computes each instant's local day in its area's zone (with the reference engine's
    zone database, whatever the session's time zone) and counts per group and period
    (distinct counts exact); one job collects a few numbers per group, never a row.
    """
    plan = TablePlan.make(
        by=by, period=period, areas=areas, initiatives=initiatives, privacy=privacy
    )
    engine = SparkEngine(
        session=session,
        rejects=rejects,
        format=format,
        keep=0,
        partitions=partitions,
        max_line_bytes=max_line_bytes,
        extra=extra,
        naive_zone=naive_zone,
    )
    run = engine.run(source, plan)
    counts = run.counting.counts
    assert counts is not None  # the Spark engine always counts rows
    return SparkEngagement(
        table=plan.finish(run.counting.counted, plan.calendar(), window=window),
        rows=counts.lines,
        accepted=counts.accepted,
        rejected=counts.rejected,
        blank=counts.blank,
        rejects=run.rejects,
        rejects_path=None if rejects is None else os.fspath(rejects),
        partitions=run.partitions,
        groups=run.groups,
        collected_bytes=run.collected_bytes,
    )


def interactions_frame(session: SparkSession, interactions: Iterable[Interaction]) -> DataFrame:
    """A Spark DataFrame of ``interactions``: one column per field, enums as their values,
    instants as Spark timestamps (the same instants; the original UTC offsets are not kept).

    For tests, examples and small data sent from the driver; large data should be read by
    Spark from files.
    """
    pyspark_sql()
    import pyarrow

    names = [field.name for field in attrs.fields(Interaction)]
    columns: dict[str, list[object]] = {name: [] for name in names}
    for interaction in interactions:
        for name in names:
            value = getattr(interaction, name)
            columns[name].append(getattr(value, "value", value))
    stamp = pyarrow.timestamp("us", tz="UTC")
    types = {"occurred_at": stamp, "observed_at": stamp, "duration_minutes": pyarrow.float64()}
    table = pyarrow.table(
        {name: pyarrow.array(values, types.get(name, pyarrow.string()))
         for name, values in columns.items()}
    )  # fmt: skip
    return session.createDataFrame(table)
