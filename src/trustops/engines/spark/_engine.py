"""The Spark engine's entry point: a Spark DataFrame (or files) in, an EngagementTable out."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from ...metrics import (
    EngagementAccumulator,
    EngagementTable,
    MetricsError,
    MetricValue,
    TablePlan,
    finish,
)
from ...model import Area, Initiative
from ...time import Granularity
from ._counting import GroupCounts, group_counts
from ._session import pyspark_sql
from ._validation import validate

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SparkEngagement", "SparkGroup", "engagement_table"]

_FORMATS: Final = {".parquet": "parquet", ".jsonl": "json", ".json": "json", ".csv": "csv"}
_UTC: Final = _dt.UTC


@attrs.frozen(kw_only=True)
class SparkGroup:
    """One group's statistics as Spark counted them, finished by the metrics registry.

    The profile counts, report delays and volunteering durations go through
    :meth:`EngagementAccumulator.from_counts <trustops.metrics.EngagementAccumulator.from_counts>`
    (so the totals they give are defined in one place); the distinct counts Spark made
    (residents reached, on two or more local days, also reached in the period before, staff)
    are the totals themselves. ``returning`` is used only when the finishing step says the
    period before is covered by the data's window.
    """

    counts: GroupCounts

    @property
    def areas(self) -> frozenset[str]:
        """The area ids of the group's interactions."""
        return self.counts.areas

    def result(
        self, *, population: int | None = None, previous: object = None
    ) -> dict[str, MetricValue]:
        """Every metric of the registry for this group (see :class:`GroupStatistics
        <trustops.metrics.GroupStatistics>`)."""
        counts = self.counts
        made = EngagementAccumulator.from_counts(
            profiles=counts.profiles,
            report_delays=counts.delays,
            volunteer_minutes=counts.volunteer_minutes,
            areas=counts.areas,
        )
        totals = made.totals(population=population)
        totals.update(
            residents_reached=counts.residents,
            repeat_residents=counts.repeat,
            returning_residents=None if previous is None else counts.returning,
            active_staff=counts.active_staff,
            with_staff=counts.with_staff,
        )
        return finish(totals)


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
        return source
    paths = [os.fspath(source)] if isinstance(source, str | os.PathLike) else list(source)
    if not paths:
        raise MetricsError("expected a DataFrame or at least one path to read, got none")
    found = format or _FORMATS.get(os.path.splitext(os.fspath(paths[0]).rstrip("/"))[1].lower())
    if found is None:
        raise MetricsError(
            f"cannot tell the format of {os.fspath(paths[0])!r}; pass format='parquet', "
            "'json' or 'csv'"
        )
    reader = session.read
    if found == "csv":
        reader = reader.option("header", "true")
    return cast("DataFrame", reader.format(found).load([os.fspath(path) for path in paths]))


def engagement_table(
    source: Any,
    *,
    by: Sequence[str] = ("area",),
    period: Granularity | str | None = None,
    areas: Iterable[Area] = (),
    initiatives: Iterable[Initiative] = (),
    window: tuple[_dt.datetime, _dt.datetime] | None = None,
    rejects: str | os.PathLike[str] | None = None,
    session: SparkSession | None = None,
    format: str | None = None,
) -> SparkEngagement:
    """Every engagement metric per group, counted by Spark: the same table as
    :func:`trustops.metrics.engagement_table` on the same interactions.

    ``source`` is a Spark DataFrame of interactions (one column per field of
    :class:`~trustops.Interaction`) or paths Spark can read (Parquet, JSON Lines, CSV;
    ``format`` when the suffix does not say). ``by``, ``period``, ``areas``,
    ``initiatives`` and ``window`` mean what they mean for the reference engine. Every row
    is validated with Spark column expressions; rejected rows are never counted and come
    back as :attr:`SparkEngagement.rejects`, written as Parquet to ``rejects`` when given.
    ``session`` defaults to the DataFrame's own, or the active one.

    Spark computes each instant's local day in its area's zone, and counts per group and
    period (distinct counts exact); one job collects a few numbers per group, never a row.
    """
    sql = pyspark_sql()
    if session is None:
        session = (
            source.sparkSession
            if isinstance(source, sql.DataFrame)
            else sql.SparkSession.getActiveSession()
        )
        if session is None:
            raise MetricsError(
                "no active Spark session; pass session= (trustops.engines.spark."
                "local_session() starts a local one)"
            )
    plan = TablePlan.make(by=by, period=period, areas=areas, initiatives=initiatives)
    frame = read_source(session, source, format)
    checked = validate(frame)
    problems = checked.rejects
    if rejects is not None:
        problems.write.mode("errorifexists").parquet(os.fspath(rejects))
    counting = group_counts(
        checked.accepted,
        by=plan.names,
        granularity=plan.granularity,
        zones={area.id: area.timezone for area in plan.areas.values()},
        initiative_kinds={key: value.kind.value for key, value in plan.initiatives.items()},
        everything=checked.tally,
    )
    calendar = plan.calendar()
    groups = {(counts.keys, counts.period): SparkGroup(counts=counts) for counts in counting.groups}
    table = plan.rows(groups, calendar, window if window is not None else counting.window)
    return SparkEngagement(
        table=table,
        rows=counting.accepted + counting.rejected,
        accepted=counting.accepted,
        rejected=counting.rejected,
        rejects=problems,
        rejects_path=None if rejects is None else os.fspath(rejects),
        partitions=frame.rdd.getNumPartitions(),
        groups=len(groups),
        collected_bytes=counting.collected_bytes,
    )
