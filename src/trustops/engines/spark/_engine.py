"""The Spark engine's entry point: a Spark DataFrame (or files) in, an EngagementTable out."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from ...io import ReadCounts, Reject
from ...metrics import EngagementTable, TablePlan, Window
from ...model import Area, Initiative, Interaction
from ...time import Granularity
from .._base import Counting
from .._columnar import counted_from_arrow
from .._errors import EngineError
from ._counting import statistics_frame
from ._session import pyspark_sql
from ._validation import validate

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

_FORMATS: Final = {".parquet": "parquet", ".jsonl": "json", ".json": "json", ".csv": "csv"}
_UTC: Final = _dt.UTC


@attrs.frozen(kw_only=True)
class SparkEngagement:
    """What :func:`engagement_table` found: the table, the rejects and the counts.

    ``rows`` = ``accepted`` + ``rejected`` always. ``rejects`` is a Spark DataFrame (row id,
    record id, column path, message, raw value), written to ``rejects_path`` when one was
    given. ``partitions`` is the number of partitions Spark read the input in;
    ``collected_bytes`` the size of the statistics that reached the driver (Spark's
    serialised rows, as pickled by Python), for all ``groups`` together.
    """

    table: EngagementTable
    rows: int
    accepted: int
    rejected: int
    rejects: DataFrame
    rejects_path: str | None
    partitions: int
    groups: int
    collected_bytes: int


def read_source(session: SparkSession, source: Any, format: str | None = None) -> DataFrame:
    """``source`` as a DataFrame: a DataFrame as it is, else paths Spark reads (Parquet, JSON
    Lines or CSV with a header; the format from ``format`` or the first path's suffix)."""
    sql = pyspark_sql()
    if isinstance(source, sql.DataFrame):
        return cast("DataFrame", source)
    paths = [os.fspath(source)] if isinstance(source, str | os.PathLike) else list(source)
    if not paths:
        raise EngineError("expected a DataFrame or at least one path to read, got none")
    found = format or _FORMATS.get(os.path.splitext(os.fspath(paths[0]).rstrip("/"))[1].lower())
    if found is None:
        raise EngineError(
            f"cannot tell the format of {os.fspath(paths[0])!r}; pass format='parquet', "
            "'json' or 'csv'"
        )
    reader = session.read
    if found == "csv":
        reader = reader.option("header", "true")
    return reader.format(found).load([os.fspath(path) for path in paths])


class SparkEngine:
    """Counts interactions with Spark: a Spark DataFrame, or paths Spark can read.

    ``session`` defaults to the DataFrame's own, else the active session. ``rejects`` is
    where the rejected rows are written (Parquet, a folder Spark writes whole or not at
    all); ``keep`` is how many rejects come back to the driver as
    :class:`~trustops.io.Reject` objects in :attr:`Counting.rejects
    <trustops.engines.Counting.rejects>` (the count is always exact: ``counts.lines ==
    counts.accepted + counts.rejected``). ``format`` names the format of paths whose suffix
    does not say it.

    The statistics are counted per group of the table's resolved keys and period by Spark's
    operators; see :func:`engagement_table` and :doc:`/explanation/spark`.
    """

    name: Final = "spark"

    def __init__(
        self,
        *,
        session: SparkSession | None = None,
        rejects: str | os.PathLike[str] | None = None,
        keep: int = 100,
        format: str | None = None,
    ) -> None:
        self.session = session
        self.rejects = rejects
        self.keep = keep
        self.format = format

    def accepts(self, source: object) -> bool:
        """Spark DataFrames, and paths or lists of paths."""
        return _is_spark_frame(source) or isinstance(source, str | os.PathLike | list | tuple)

    def count(self, source: object, plan: TablePlan) -> Counting:
        """Validate and count ``source`` grouped as ``plan`` says."""
        return self.run(source, plan).counting

    def run(self, source: object, plan: TablePlan) -> SparkRun:
        """:meth:`count`, with the rejects DataFrame and what the run cost."""
        sql = pyspark_sql()
        import pyarrow.compute as pc
        from pyspark.sql import Window
        from pyspark.sql import functions as fn

        session = self.session
        if session is None:
            session = (
                source.sparkSession  # type: ignore[attr-defined]
                if _is_spark_frame(source)
                else sql.SparkSession.getActiveSession()
            )
            if session is None:
                raise EngineError(
                    "no active Spark session; pass session= (trustops.engines.spark."
                    "local_session() starts a local one)"
                )
        frame = read_source(session, source, self.format)
        checked = validate(frame)
        tally = checked.tally.groupBy("_rejected").count().withColumn("part", fn.lit("tally"))
        # each id counted once: the first row (in Spark's row order) of each id is kept
        ranked = checked.accepted.withColumn(
            "_nth", fn.row_number().over(Window.partitionBy("id").orderBy("_row"))
        )
        firsts = ranked.where(fn.col("_nth") == 1).drop("_row", "_nth")
        repeated = (
            ranked.where(fn.col("_nth") > 1)
            .groupBy()
            .count()
            .withColumn("part", fn.lit("duplicates"))
        )
        everything = (
            statistics_frame(firsts, plan)
            .unionByName(tally, allowMissingColumns=True)
            .unionByName(repeated, allowMissingColumns=True)
        )
        try:
            collected = everything.toArrow()
            is_tally = pc.equal(collected.column("part"), "tally")
            is_repeat = pc.equal(collected.column("part"), "duplicates")
            duplicates = sum(row["count"] for row in collected.filter(is_repeat).to_pylist())
            counts = dict.fromkeys((True, False), 0)
            tallies = collected.filter(is_tally).to_pylist()
            for entry in tallies:
                counts[bool(entry["_rejected"])] = entry["count"]
            kept: tuple[Reject, ...] = ()
            if self.rejects is not None:
                checked.rejects.write.mode("errorifexists").parquet(os.fspath(self.rejects))
            if counts[True] and self.keep > 0:
                kept = tuple(
                    Reject(
                        source="spark",
                        line=row["row"],
                        path=row["column"],
                        message=row["message"],
                        raw="" if row["raw"] is None else row["raw"],
                        problems=tuple((p["path"], p["message"]) for p in row["problems"]),
                    )
                    for row in checked.rejects.orderBy("row").limit(self.keep).collect()
                )
        except BaseException:
            with contextlib.suppress(Exception):  # keep the first error, not a dead JVM's
                checked.release()
            raise
        checked.release()
        rows = counts[True] + counts[False]
        if rows == 0:
            raise EngineError("the Spark input holds no rows: nothing to count")
        statistics = collected.filter(pc.invert(pc.or_(is_tally, is_repeat)))
        counted = counted_from_arrow(statistics, plan)
        counted.duplicates = duplicates
        counting = Counting(
            counted=counted,
            rejects=kept,
            counts=ReadCounts(lines=rows, accepted=counts[False], rejected=counts[True]),
            workers=session.sparkContext.defaultParallelism,
        )
        return SparkRun(
            counting=counting,
            rejects=checked.rejects,
            partitions=frame.rdd.getNumPartitions(),
            collected_bytes=statistics.nbytes,
            groups=len(counting.counted.groups),
        )


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
) -> SparkEngagement:
    """Every engagement metric per group, counted by Spark: the same table as
    :func:`trustops.engines.engagement_table` gives with any engine on the same interactions.

    ``source`` is a Spark DataFrame of interactions (one column per field of
    :class:`~trustops.model.Interaction`) or paths Spark can read (Parquet, JSON Lines, CSV;
    ``format`` when the suffix does not say). ``by``, ``period``, ``areas``,
    ``initiatives`` and ``window`` mean what they mean for every engine. Every row is
    validated; rejected rows are never counted and come back as the DataFrame
    :attr:`SparkEngagement.rejects`, written as Parquet to ``rejects`` when given.
    ``session`` defaults to the DataFrame's own, or the active one.

    Spark computes each instant's local day in its area's zone and counts per group and
    period (distinct counts exact); one job collects a few numbers per group, never a row.
    """
    plan = TablePlan.make(by=by, period=period, areas=areas, initiatives=initiatives)
    run = SparkEngine(session=session, rejects=rejects, format=format, keep=0).run(source, plan)
    counts = run.counting.counts
    assert counts is not None  # the Spark engine always counts rows
    return SparkEngagement(
        table=plan.finish(run.counting.counted, plan.calendar(), window=window),
        rows=counts.lines,
        accepted=counts.accepted,
        rejected=counts.rejected,
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
