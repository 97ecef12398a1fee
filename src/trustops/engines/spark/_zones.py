"""Local days without the session's time zone: UTC offsets from the reference engine's zone
database, looked up by Spark in a small broadcast table.

Spark's own conversions (``from_utc_timestamp``, ``to_date``, ``date_trunc`` on timestamps)
read ``spark.sql.session.timeZone`` and Java's zone rules. Here the offsets come from
:func:`trustops.time.utc_offsets` (the reference engine's zone database, as every engine
uses it) and Spark only adds them to the instant's microseconds since the epoch, which no
session setting changes. The supported instants (the model's years 1900–2199, two days either
side for the widest offsets; the first offset holds before 1900) are cut into buckets of
2⁴⁵ microseconds (about 407 days); each zone has one row per bucket: the offset at the
bucket's start and every change of offset inside it.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from ...model import MAX_YEAR, MIN_YEAR
from ...time import utc_offsets

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

__all__ = ["BUCKET_BITS", "local_day", "offset_rows", "offsets_frame"]

BUCKET_BITS: Final = 45
"""An instant's bucket is its microseconds since the epoch shifted right by this many bits
(2⁴⁵ µs, about 407 days)."""
_DAY: Final = 86_400
_MICROS: Final = 1_000_000
_EPOCH: Final = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
# Every accepted instant lies in these seconds: the model's years in the instant's own offset.
_FIRST: Final = (
    int((_dt.datetime(MIN_YEAR, 1, 1, tzinfo=_dt.UTC) - _EPOCH).total_seconds()) - 2 * _DAY
)
_LAST: Final = (
    int((_dt.datetime(MAX_YEAR + 1, 1, 1, tzinfo=_dt.UTC) - _EPOCH).total_seconds()) + 2 * _DAY
)


@functools.lru_cache(maxsize=256)
def offset_rows(name: str) -> tuple[tuple[int, tuple[int, ...], tuple[int, ...]], ...]:
    """The offset table of the zone ``name``: per bucket, the microseconds since the epoch at
    which an offset starts (the bucket's first, then each change inside it) and the offsets,
    in seconds.

    >>> import datetime as dt
    >>> micros = int(dt.datetime(2026, 6, 1, tzinfo=dt.UTC).timestamp()) * 10**6
    >>> rows = dict((bucket, rest) for bucket, *rest in offset_rows("Europe/London"))
    >>> starts, offsets = rows[micros >> BUCKET_BITS]
    >>> [dt.datetime.fromtimestamp(start // 10**6, dt.UTC).isoformat() for start in starts]
    ['2025-09-30T07:50:04+00:00', '2025-10-26T01:00:00+00:00', '2026-03-29T01:00:00+00:00', '2026-10-25T01:00:00+00:00']
    >>> offsets
    (3600, 0, 3600, 0)
    """
    changes = utc_offsets(name)
    rows = []
    at = 0  # the change in force at the bucket's start
    for bucket in range((_FIRST * _MICROS) >> BUCKET_BITS, ((_LAST * _MICROS) >> BUCKET_BITS) + 1):
        first, following = bucket << BUCKET_BITS, (bucket + 1) << BUCKET_BITS
        while at + 1 < len(changes) and changes[at + 1][0] * _MICROS <= first:
            at += 1
        starts, offsets = [first], [changes[at][1]]
        inside = at + 1
        while inside < len(changes) and changes[inside][0] * _MICROS < following:
            starts.append(changes[inside][0] * _MICROS)
            offsets.append(changes[inside][1])
            inside += 1
        rows.append((bucket, tuple(starts), tuple(offsets)))
    return tuple(rows)


def offsets_frame(session: object, zones: Mapping[str, int]) -> DataFrame:
    """The offset tables of ``zones`` (zone name → its number) as one small Spark DataFrame:
    ``_zone`` (int), ``_bucket`` (long), ``_starts`` (array of long), ``_offsets`` (array of
    int)."""
    import pyarrow

    columns: dict[str, list[object]] = {"_zone": [], "_bucket": [], "_starts": [], "_offsets": []}
    for name, number in zones.items():
        for bucket, starts, offsets in offset_rows(name):
            columns["_zone"].append(number)
            columns["_bucket"].append(bucket)
            columns["_starts"].append(list(starts))
            columns["_offsets"].append(list(offsets))
    table = pyarrow.table(
        columns,
        schema=pyarrow.schema(
            [
                ("_zone", pyarrow.int32()),
                ("_bucket", pyarrow.int64()),
                ("_starts", pyarrow.list_(pyarrow.int64())),
                ("_offsets", pyarrow.list_(pyarrow.int32())),
            ]
        ),
    )
    return session.createDataFrame(table)  # type: ignore[attr-defined,no-any-return]


def local_day(frame: DataFrame, zones: Mapping[str, str], instant: str, out: str) -> DataFrame:
    """``frame`` with ``out``: the local date of the instant column ``instant`` in the zone of
    each row's ``area_id`` (``zones`` maps area ids to zone names; other areas use UTC).

    Only the instant's microseconds since the epoch and the offsets of :func:`offset_rows`
    are used, so the result is the same under every ``spark.sql.session.timeZone``.
    """
    from pyspark.sql import functions as fn

    names = sorted({*zones.values(), "UTC"})
    number = {name: index for index, name in enumerate(names)}
    utc = fn.lit(number["UTC"])
    area_zone: Column = utc
    if zones:
        pairs = [
            x for area, name in sorted(zones.items()) for x in (fn.lit(area), fn.lit(number[name]))
        ]
        area_zone = fn.coalesce(fn.try_element_at(fn.create_map(*pairs), fn.col("area_id")), utc)
    micros = fn.unix_micros(fn.col(instant))
    keyed = frame.withColumn("_zone", area_zone.cast("int")).withColumn(
        "_bucket", fn.shiftright(micros, BUCKET_BITS)
    )
    table = offsets_frame(frame.sparkSession, number)
    joined = keyed.join(fn.broadcast(table), ["_zone", "_bucket"], "left")
    offset = fn.element_at(
        fn.col("_offsets"), fn.size(fn.filter(fn.col("_starts"), lambda start: start <= micros))
    )
    # whole days of local microseconds, by integer arithmetic only (floor division)
    local = micros + offset.cast("long") * fn.lit(_MICROS)
    whole = fn.lit(_DAY * _MICROS)
    day = ((local - fn.pmod(local, whole)) / whole).cast("int")
    date = fn.date_add(fn.lit(_dt.date(1970, 1, 1)), day)
    return joined.withColumn(out, date).drop("_zone", "_bucket", "_starts", "_offsets")
