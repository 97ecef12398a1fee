"""Per-group statistics of engagement, counted by Spark's own operators.

Nothing here defines a metric: Spark counts what the metrics package finishes. Rows stay on
the executors; what :func:`group_counts` collects is a handful of numbers per group and period.
"""

from __future__ import annotations

import datetime as _dt
import pickle
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from ...metrics import MetricsError
from ...time import Granularity
from ._session import pyspark_sql

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

__all__ = ["GroupCounts", "SparkCounts", "group_counts", "local_columns"]

FIELDS: Final = {
    "area": "area_id",
    "initiative": "initiative_id",
    "initiative_kind": "initiative_kind",
    "staff": "staff_id",
}
"""The column each grouping reads (``initiative_kind`` is derived from ``initiative_id``)."""
_EPOCH: Final = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_PROFILE: Final = ("kind", "initiator", "outcome", "attendance")
_REPORT: Final = "suspicious_activity_report"
_VOLUNTEERING: Final = "volunteering"
_RESIDENT: Final = "resident"
_TRUNC: Final = {
    Granularity.WEEK: "week",
    Granularity.MONTH: "month",
    Granularity.QUARTER: "quarter",
    Granularity.YEAR: "year",
}
_MONTHS: Final = {Granularity.MONTH: 1, Granularity.QUARTER: 3, Granularity.YEAR: 12}


@attrs.frozen(kw_only=True)
class GroupCounts:
    """What Spark counted for one group and period (the key values are the group's keys).

    ``delays`` holds at most two report delays (hours → count) that have the same median and
    the same total as the group's whole histogram: the middle values, weighted.
    ``returning`` counts the residents also reached in the period before (``None`` without
    periods).
    """

    keys: tuple[str | None, ...]
    period: int | None
    profiles: dict[tuple[str, str, str | None, str | None], int]
    residents: int
    repeat: int
    returning: int | None
    active_staff: int
    with_staff: int
    delays: dict[float, int]
    volunteer_minutes: dict[float, int]
    areas: frozenset[str]


def local_columns(
    frame: DataFrame, zones: Mapping[str, str], granularity: Granularity | None
) -> DataFrame:
    """``frame`` with ``_day`` (the local date in the area's zone) and ``_period`` (the first
    day of the local period, or null), DST-exact: ``from_utc_timestamp`` converts each instant
    with its own zone's rules; areas without a zone use UTC."""
    from pyspark.sql import functions as fn

    zone = fn.lit("UTC")
    if zones:
        table = fn.create_map(*(fn.lit(x) for pair in sorted(zones.items()) for x in pair))
        zone = fn.coalesce(fn.try_element_at(table, fn.col("area_id")), fn.lit("UTC"))
    day = fn.to_date(fn.from_utc_timestamp(fn.col("occurred_at"), zone))
    period: Column
    if granularity is None:
        period = fn.lit(None).cast("date")
    elif granularity is Granularity.DAY:
        period = day
    else:
        period = fn.to_date(fn.date_trunc(_TRUNC[granularity], day))
    return frame.withColumn("_day", day).withColumn("_period", period)


def _next_period(period: Column, granularity: Granularity) -> Column:
    from pyspark.sql import functions as fn

    if granularity is Granularity.DAY:
        return fn.date_add(period, 1)
    if granularity is Granularity.WEEK:
        return fn.date_add(period, 7)
    return fn.add_months(period, _MONTHS[granularity])


def _hours(frame: DataFrame) -> Column:
    """``hours_to_report`` bit for bit: each instant's seconds since the epoch as a double
    (microseconds / 10⁶, correctly rounded, as ``datetime.timestamp``), subtracted, / 3600."""
    from pyspark.sql import functions as fn

    def seconds(name: str) -> Column:
        return fn.unix_micros(fn.col(name)).cast("double") / fn.lit(1e6)

    return (seconds("occurred_at") - seconds("observed_at")) / fn.lit(3600.0)


def group_counts(
    frame: DataFrame,
    *,
    by: Sequence[str],
    granularity: Granularity | None,
    zones: Mapping[str, str],
    initiative_kinds: Mapping[str, str] | None = None,
    everything: DataFrame | None = None,
) -> SparkCounts:
    """Count the statistics of every group of ``by`` and local period in Spark.

    ``frame`` holds valid interactions (``occurred_at`` and ``observed_at`` as timestamps).
    ``zones`` maps area ids to IANA zones; ``initiative_kinds`` maps initiative ids to their
    kinds (needed to group by ``initiative_kind``; an initiative missing from it is an error).
    Five aggregations run; each returns one small row per group (or per group and profile,
    delay value or duration), never an interaction. ``everything`` is the whole validated
    frame, with a boolean ``_rejected`` column, for the counts of accepted and rejected rows.
    All parts are collected in one job.
    """
    sql = pyspark_sql()
    from pyspark.sql import functions as fn

    if "initiative_kind" in by:
        frame = _with_kinds(frame, initiative_kinds or {})
    framed = local_columns(frame, zones, granularity)
    keys = [f"_k{index}" for index in range(len(by))]
    framed = framed.select(
        *(fn.col(FIELDS[name]).alias(key) for name, key in zip(by, keys, strict=True)),
        "_period", "_day", "area_id", "resident_id", "staff_id", *_PROFILE,
        "occurred_at", "observed_at", "duration_minutes",
    )  # fmt: skip
    group = [*keys, "_period"]

    main = framed.groupBy(*group).agg(
        fn.count_distinct("staff_id").alias("active_staff"),
        fn.count("staff_id").alias("with_staff"),
        fn.collect_set("area_id").alias("areas"),
    )
    profiles = framed.groupBy(*group, *_PROFILE).count()

    reached = (
        framed.where(fn.col("resident_id").isNotNull())
        .groupBy(*group, "resident_id")
        .agg((fn.min("_day") != fn.max("_day")).alias("_repeat"))
    )
    if granularity is not None:
        matched = [*group, "resident_id"]
        before = reached.select(
            *(fn.col(name).alias(f"_b{name}") for name in keys),
            _next_period(fn.col("_period"), granularity).alias("_b_period"),
            fn.col("resident_id").alias("_bresident_id"),
            fn.lit(1).alias("_before"),
        )
        condition = None
        for name in matched:
            clause = fn.col(name).eqNullSafe(fn.col(f"_b{name}"))
            condition = clause if condition is None else condition & clause
        reached = reached.join(before, condition, "left").select(*matched, "_repeat", "_before")
    else:
        reached = reached.withColumn("_before", fn.lit(None).cast("int"))
    residents = reached.groupBy(*group).agg(
        fn.count(fn.lit(1)).alias("residents"),
        fn.sum(fn.col("_repeat").cast("long")).alias("repeat"),
        fn.count("_before").alias("returning"),
    )

    reports = framed.where(
        (fn.col("kind") == _REPORT)
        & (fn.col("initiator") == _RESIDENT)
        & fn.col("observed_at").isNotNull()
    )
    delays = reports.groupBy(*group, _hours(reports).alias("_hours")).count()
    window = sql.Window.partitionBy(*group)
    running = sql.Window.partitionBy(*group).orderBy("_hours")
    delays = (
        delays.withColumn("_n", fn.sum("count").over(window))
        .withColumn("_upto", fn.sum("count").over(running))
        .where(  # the rows holding position (n - 1) // 2 or n // 2 (0-based) of the sorted delays
            (
                (fn.col("_upto") > fn.floor((fn.col("_n") - 1) / 2))
                & (fn.col("_upto") - fn.col("count") <= fn.floor((fn.col("_n") - 1) / 2))
            )
            | (
                (fn.col("_upto") > fn.floor(fn.col("_n") / 2))
                & (fn.col("_upto") - fn.col("count") <= fn.floor(fn.col("_n") / 2))
            )
        )
        .select(*group, "_hours", "_n")
    )
    volunteering = (
        framed.where((fn.col("kind") == _VOLUNTEERING) & fn.col("duration_minutes").isNotNull())
        .groupBy(*group, "duration_minutes")
        .count()
    )

    parts = [
        main.select(*group, fn.lit("main").alias("_part"), fn.col("active_staff").alias("_x1"),
                    fn.col("with_staff").alias("_x2"), "areas"),
        profiles.select(*group, fn.lit("profile").alias("_part"), *_PROFILE,
                        fn.col("count").alias("_x1")),
        residents.select(*group, fn.lit("residents").alias("_part"),
                         fn.col("residents").alias("_x1"), fn.col("repeat").alias("_x2"),
                         fn.col("returning").alias("_x3")),
        delays.select(*group, fn.lit("delay").alias("_part"), fn.col("_hours").alias("_d"),
                      fn.col("_n").alias("_x1")),
        volunteering.select(*group, fn.lit("volunteer").alias("_part"),
                            fn.col("duration_minutes").alias("_d"), fn.col("count").alias("_x1")),
    ]  # fmt: skip
    window = framed.agg(
        fn.lit("window").alias("_part"),
        fn.min(fn.unix_micros("occurred_at")).alias("_x1"),
        fn.max(fn.unix_micros("occurred_at")).alias("_x2"),
    )
    parts.append(window)
    if everything is not None:
        parts.append(
            everything.groupBy(fn.col("_rejected").alias("_flag"))
            .count()
            .select(fn.lit("tally").alias("_part"), "_flag", fn.col("count").alias("_x1"))
        )
    union = parts[0]
    for part in parts[1:]:
        union = union.unionByName(part, allowMissingColumns=True)
    found: dict[tuple[object, ...], dict[str, Any]] = {}
    rows = union.collect()
    tally = {True: 0, False: 0}
    span: tuple[_dt.datetime, _dt.datetime] | None = None
    for row in rows:
        if row["_part"] == "window":
            if row["_x1"] is not None:
                span = (_instant(row["_x1"]), _instant(row["_x2"]))
        elif row["_part"] == "tally":
            tally[bool(row["_flag"])] = row["_x1"]
        elif row["_part"] == "main":
            found[_key(row, group)] = {
                "active_staff": row["_x1"],
                "with_staff": row["_x2"],
                "areas": frozenset(row["areas"]),
                "profiles": {},
                "residents": 0,
                "repeat": 0,
                "returning": 0 if granularity is not None else None,
                "middle": [],
                "volunteer_minutes": {},
            }
    for row in rows:
        part = row["_part"]
        if part in ("main", "window", "tally"):
            continue
        entry = found[_key(row, group)]
        if part == "profile":
            entry["profiles"][tuple(row[name] for name in _PROFILE)] = row["_x1"]
        elif part == "residents":
            entry["residents"], entry["repeat"] = row["_x1"], row["_x2"]
            if granularity is not None:
                entry["returning"] = row["_x3"]
        elif part == "delay":
            entry["middle"].append((row["_d"], row["_x1"]))
        else:
            entry["volunteer_minutes"][row["_d"]] = row["_x1"]
    groups = [
        GroupCounts(
            keys=tuple(key[:-1]),  # type: ignore[arg-type]
            period=None if key[-1] is None else _ordinal(key[-1]),
            profiles=entry["profiles"],
            residents=entry["residents"],
            repeat=entry["repeat"],
            returning=entry["returning"],
            active_staff=entry["active_staff"],
            with_staff=entry["with_staff"],
            delays=_middle_histogram(entry["middle"]),
            volunteer_minutes=entry["volunteer_minutes"],
            areas=entry["areas"],
        )
        for key, entry in found.items()
    ]
    return SparkCounts(
        groups=groups,
        window=span,
        accepted=tally[False],
        rejected=tally[True],
        collected_bytes=len(pickle.dumps([tuple(row) for row in rows])),
    )


@attrs.frozen(kw_only=True)
class SparkCounts:
    """What one Spark job counted: the statistics per group and period, the window of the
    data (earliest and latest ``occurred_at``; ``None`` when nothing was accepted), the rows
    accepted and rejected (when the validated frame was given) and the size of what was
    collected to the driver (the pickled rows, in bytes)."""

    groups: list[GroupCounts]
    window: tuple[_dt.datetime, _dt.datetime] | None
    accepted: int
    rejected: int
    collected_bytes: int


def _instant(micros: int) -> _dt.datetime:
    return _EPOCH + _dt.timedelta(microseconds=micros)


def _key(row: Any, group: Sequence[str]) -> tuple[object, ...]:
    return tuple(row[name] for name in group)


def _ordinal(day: object) -> int:
    assert isinstance(day, _dt.date)
    return day.toordinal()


def _middle_histogram(middle: list[tuple[float, int]]) -> dict[float, int]:
    """A histogram with the median and the total of the group's report delays.

    ``middle`` holds the one or two delays at sorted positions (n - 1) // 2 and n // 2, each
    with n. Weighting the lower n // 2 and the upper n - n // 2 (or one value n) keeps both.
    """
    if not middle:
        return {}
    n = middle[0][1]
    values = sorted(value for value, _ in middle)
    if len(values) == 1:
        return {values[0]: n}
    return {values[0]: n // 2, values[1]: n - n // 2}


def _with_kinds(frame: DataFrame, kinds: Mapping[str, str]) -> DataFrame:
    from pyspark.sql import functions as fn

    if kinds:
        table = fn.create_map(*(fn.lit(x) for pair in sorted(kinds.items()) for x in pair))
        kind = fn.try_element_at(table, fn.col("initiative_id"))
    else:
        kind = fn.lit(None).cast("string")
    frame = frame.withColumn("initiative_kind", kind)
    unknown = (
        frame.where(fn.col("initiative_id").isNotNull() & fn.col("initiative_kind").isNull())
        .select("initiative_id")
        .limit(1)
        .collect()
    )
    if unknown:
        raise MetricsError(
            f"interactions name initiative {unknown[0][0]!r}, which is not among the "
            "initiatives given; pass every initiative to group by initiative_kind"
        )
    return frame
