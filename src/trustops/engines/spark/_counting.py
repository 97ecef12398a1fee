"""The sufficient statistics counted by Spark's own operators, in the engines' columnar form.

Nothing here defines a metric: Spark counts what :func:`trustops.engines.counted_from_arrow`
reads and the metrics package finishes. Rows stay on the executors; what is collected is a
few rows per group and period.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from ...metrics import TablePlan
from ...privacy import PrivacyKey
from ...time import Granularity
from .._rules import record_key_sql
from ._session import pyspark_sql
from ._validation import SPARK
from ._zones import local_day

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

__all__ = ["counted_parts", "local_columns", "prepared", "statistics_frame"]

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
_PIECE: Final = 21  # bits of a mantissa piece
_EPOCH_ORDINAL: Final = 719_163  # datetime.date(1970, 1, 1).toordinal()
_MONTHS: Final = {Granularity.MONTH: 1, Granularity.QUARTER: 3, Granularity.YEAR: 12}


def _map(pairs: Mapping[str, str]) -> Column:
    from pyspark.sql import functions as fn

    return fn.create_map(*(fn.lit(x) for pair in sorted(pairs.items()) for x in pair))


def local_columns(
    frame: DataFrame, zones: Mapping[str, str], granularity: Granularity | None
) -> DataFrame:
    """``frame`` with ``_day`` (the local date in the area's zone) and ``_period`` (the first
    day of the local period, or null), DST-exact and the same under every session time zone:
    the offsets are the reference engine's (:func:`~trustops.engines.spark.local_day`) and
    periods are cut from dates by ``trunc``, which reads no zone; areas without a zone use
    UTC."""
    from pyspark.sql import functions as fn

    framed = local_day(frame, zones, "occurred_at", "_day")
    day = fn.col("_day")
    period: Column
    if granularity is None:
        period = fn.lit(None).cast("date")
    elif granularity is Granularity.DAY:
        period = day
    else:
        period = fn.trunc(day, _TRUNC[granularity])
    return framed.withColumn("_period", period)


def _next_period(period: Column, granularity: Granularity) -> Column:
    from pyspark.sql import functions as fn

    if granularity is Granularity.DAY:
        return fn.date_add(period, 1)
    if granularity is Granularity.WEEK:
        return fn.date_add(period, 7)
    return fn.add_months(period, _MONTHS[granularity])


def _seconds(name: str) -> Column:
    """An instant's seconds since the epoch as a double, as ``datetime.timestamp()`` gives
    them: whole microseconds / 10⁶, correctly rounded."""
    from pyspark.sql import functions as fn

    return fn.unix_micros(fn.col(name)).cast("double") / fn.lit(1e6)


def _power(exponent: Column) -> Column:
    """2 to the whole ``exponent`` (-1074 to 1023), exactly: Java's ``pow`` is exact when
    both arguments are whole and the result is a double."""
    from pyspark.sql import functions as fn

    return fn.pow(fn.lit(2.0), exponent.cast("double"))


def _volunteer_pieces(frame: DataFrame, group: list[str]) -> DataFrame:
    """The volunteering minutes of each group summed exactly, in at most three rows per
    binary exponent of the durations (never a row per distinct duration).

    Each duration is ``m × 2^(e-52)`` with a whole ``m`` below 2⁵³; ``m`` is cut into three
    pieces of at most 21 bits, each summed per group and exponent as a long (exact up to
    2⁴² rows). A row says: ``count`` times the power of two ``value``; the finishing step
    turns each into exact fixed-point minutes, so the total equals the reference engine's
    sum bit for bit, in any order.
    """
    from pyspark.sql import functions as fn

    minutes = fn.col("duration_minutes")
    guess = fn.floor(fn.log2(minutes)).cast("int")
    exponent = fn.greatest(
        fn.when(minutes < _power(guess), guess - 1)
        .when(minutes >= _power(guess + 1), guess + 1)
        .otherwise(guess),
        fn.lit(-1022),
    )
    # minutes × 2^(52 - e) in two exact steps (one power alone can exceed 2^1023)
    first = fn.when(exponent < -971, fn.lit(600)).otherwise(fn.lit(0))
    mantissa = (minutes * _power(first) * _power(fn.lit(52) - exponent - first)).cast("long")
    low = fn.lit((1 << _PIECE) - 1)
    sums = (
        frame.where(minutes > 0)
        .select(*group, exponent.alias("_e"), mantissa.alias("_m"))
        .groupBy(*group, "_e")
        .agg(
            *(
                fn.sum(fn.shiftright(fn.col("_m"), _PIECE * piece).bitwiseAND(low)).alias(
                    f"_p{piece}"
                )
                for piece in range(3)
            )
        )
    )
    pieces = fn.explode(
        fn.array(
            *(
                fn.struct(
                    _power(fn.col("_e") - 52 + _PIECE * piece).alias("value"),
                    fn.col(f"_p{piece}").alias("count"),
                )
                for piece in range(3)
            )
        )
    )
    return (
        sums.select(*group, pieces.alias("_piece"))
        .select(*group, "_piece.value", "_piece.count")
        .where(fn.col("count") > 0)
    )


def _record_key(privacy: PrivacyKey | None, column: str) -> Column:
    """The record key (0-255) of the ids in ``column`` (METHODS §7), or 0 without a key."""
    from pyspark.sql import functions as fn

    if privacy is None:
        return fn.lit(0).cast("long")
    return fn.expr(record_key_sql(SPARK, privacy.salt, column)).cast("long")


def statistics_frame(frame: DataFrame, plan: TablePlan) -> DataFrame:
    """The statistics of ``frame`` (valid interactions, instants as timestamps) in the columnar
    form of :func:`~trustops.engines.counted_from_arrow`, grouped as ``plan`` says.

    One row per group, period and area profile; one ``residents`` row per group and period
    (distinct residents, on two or more local days, also in the period before: each
    resident's periods of a group ordered, one shuffle, no join); a row per staff id; the one or
    two middle report delays of each group, weighted so that the median and the count stay
    exact (the histogram itself would grow with the data); at most three rows per binary
    exponent of the volunteering durations (exact sums of mantissa pieces);
    and the ``window`` row. Grouping by initiative kind labels each kind's group with one
    initiative of that kind, so groups never need merging on the driver: the
    distinct counts are made here, per kind.
    """
    return counted_parts(prepared(frame, plan), plan)


def prepared(frame: DataFrame, plan: TablePlan) -> DataFrame:
    """The one row per interaction that :func:`counted_parts` counts from: the group's
    resolved keys, the period (as a date ordinal and a date), the local day, the record key
    and the few fields the parts read (the report delay in hours only on the rows whose
    delay is counted). Computing it once, and keeping it, spares every part the zone lookup."""
    pyspark_sql()
    from pyspark.sql import functions as fn

    if "initiative_kind" in plan.names:
        first_of_kind: dict[str, str] = {}
        for key in sorted(plan.initiatives):
            first_of_kind.setdefault(plan.initiatives[key].kind.value, key)
        label = {key: first_of_kind[value.kind.value] for key, value in plan.initiatives.items()}
        ids = fn.col("initiative_id")
        # An initiative not given keeps its id: the finishing step names it in its error.
        labelled = fn.coalesce(fn.try_element_at(_map(label), ids), ids) if label else ids
        frame = frame.withColumn("initiative_id", labelled)
    zones = {area.id: area.timezone for area in plan.areas.values()}
    framed = local_columns(frame, zones, plan.granularity)
    keys = [f"key_{field}" for field in plan.fields]
    # the date ordinal (datetime.date.toordinal) of the period's first day
    period = (fn.unix_date(fn.col("_period")) + fn.lit(_EPOCH_ORDINAL)).cast("long")
    hours = (_seconds("occurred_at") - _seconds("observed_at")) / fn.lit(3600.0)
    reported = (
        (fn.col("kind") == _REPORT)
        & (fn.col("initiator") == _RESIDENT)
        & fn.col("observed_at").isNotNull()
    )
    return framed.select(
        *(fn.col(field).alias(key) for field, key in zip(plan.fields, keys, strict=True)),
        period.alias("period"), "_period", "_day", "area_id", "resident_id", "staff_id",
        *_PROFILE, "occurred_at", fn.when(reported, hours).alias("_hours"), "duration_minutes",
        _record_key(plan.privacy, "id").alias("_key"),
    )  # fmt: skip


def counted_parts(framed: DataFrame, plan: TablePlan) -> DataFrame:
    """The statistics of :func:`statistics_frame`, from the rows :func:`prepared` made."""
    from pyspark.sql import Window
    from pyspark.sql import functions as fn

    granularity = plan.granularity
    keys = [f"key_{field}" for field in plan.fields]
    group = [*keys, "period"]
    keyed = plan.privacy is not None

    profiles = framed.groupBy(*group, "area_id", *_PROFILE).agg(
        fn.count(fn.lit(1)).alias("count"),
        *([fn.sum("_key").alias("key_sum")] if keyed else []),
    )
    staff = (
        framed.where(fn.col("staff_id").isNotNull())
        .groupBy(*group, fn.col("staff_id").alias("id"))
        .count()
    )
    # One shuffle: rows go by group keys and resident, so each resident's periods meet in
    # one partition, where they are grouped and then ordered (no join with the period before).
    reached = (
        framed.where(fn.col("resident_id").isNotNull())
        .repartition(*keys, "resident_id")
        .groupBy(*group, "_period", "resident_id")
        .agg((fn.min("_day") != fn.max("_day")).alias("_repeat"))
        .withColumn("_rkey", _record_key(plan.privacy, "resident_id"))
    )
    if granularity is not None:
        earlier = fn.lag("_period").over(
            Window.partitionBy(*keys, "resident_id").orderBy("_period")
        )
        follows = _next_period(earlier, granularity) == fn.col("_period")
        before = fn.when(follows, fn.lit(1))
    else:
        before = fn.lit(None).cast("int")
    reached = reached.select(*group, "_repeat", before.alias("_before"), "_rkey")
    residents = reached.groupBy(*group).agg(
        fn.count(fn.lit(1)).alias("reached"),
        fn.sum(fn.col("_repeat").cast("long")).alias("repeat"),
        fn.count("_before").alias("returning"),
        *(
            [
                fn.sum("_rkey").alias("reached_key"),
                fn.sum(fn.when(fn.col("_repeat"), fn.col("_rkey")).otherwise(0)).alias(
                    "repeat_key"
                ),
                fn.sum(fn.when(fn.col("_before").isNotNull(), fn.col("_rkey")).otherwise(0)).alias(
                    "returning_key"
                ),
            ]
            if keyed
            else []
        ),
    )

    delays = (
        framed.where(fn.col("_hours").isNotNull())
        .groupBy(*group, fn.col("_hours").alias("value"))
        .agg(fn.count(fn.lit(1)).alias("count"), fn.sum("_key").alias("_keys"))
    )
    n = fn.sum("count").over(Window.partitionBy(*group))
    keys_of_group = fn.sum("_keys").over(Window.partitionBy(*group))
    upto = fn.sum("count").over(Window.partitionBy(*group).orderBy("value"))
    delays = (
        delays.withColumn("_n", n).withColumn("_upto", upto).withColumn("_gkeys", keys_of_group)
    )
    low, high = fn.floor((fn.col("_n") - 1) / 2), fn.floor(fn.col("_n") / 2)
    before_row = fn.col("_upto") - fn.col("count")
    holds_low = (before_row <= low) & (fn.col("_upto") > low)
    holds_high = (before_row <= high) & (fn.col("_upto") > high)
    # The one or two middle values (sorted positions (n - 1) // 2 and n // 2), weighted
    # n // 2 and n - n // 2 (or n for one value): the median and n of the whole histogram.
    delays = delays.where(holds_low | holds_high).select(
        *group,
        "value",
        fn.when(holds_low & holds_high, fn.col("_n"))
        .when(holds_low, fn.floor(fn.col("_n") / 2))
        .otherwise(fn.col("_n") - fn.floor(fn.col("_n") / 2))
        .cast("long")
        .alias("count"),
        # the group's record keys, all on the row of the lower middle value
        *([fn.when(holds_low, fn.col("_gkeys")).otherwise(0).alias("key_sum")] if keyed else []),
    )
    volunteering = _volunteer_pieces(
        framed.where((fn.col("kind") == _VOLUNTEERING) & fn.col("duration_minutes").isNotNull()),
        group,
    )
    window = framed.agg(
        fn.min("occurred_at").alias("first"), fn.max("occurred_at").alias("last")
    ).select(fn.lit("window").alias("part"), "first", "last")

    parts = [
        profiles.withColumn("part", fn.lit("profile")),
        residents.withColumn("part", fn.lit("residents")),
        staff.withColumn("part", fn.lit("staff")),
        delays.withColumn("part", fn.lit("delay")),
        volunteering.withColumn("part", fn.lit("volunteer")),
        window,
    ]
    union = parts[0]
    for part in parts[1:]:
        union = union.unionByName(part, allowMissingColumns=True)
    return union
