"""The engagement metrics by area x month with polars, the upper reference of the benchmark.

Reads JSON Lines with ``polars.read_ndjson`` and computes the sixteen metrics with
``group_by`` (Wilson intervals included), in each area's local time.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from trustops import Area

Z = 1.959963984540054
SHARES = {
    "repeat_engagement_rate": ("repeaters", "residents_reached"),
    "returning_share": ("returning", "residents_reached"),
    "resident_initiated_share": ("resident_initiated", "interactions"),
    "positive_share": ("positive", "with_outcome"),
    "attendance_rate": ("present", "attendance_records"),
}


def _wilson(k: str, n: str, name: str) -> list[pl.Expr]:
    """The share ``k / n`` and its 95% Wilson interval; null where ``n`` is 0."""
    nn = pl.when(pl.col(n) > 0).then(pl.col(n).cast(pl.Float64))
    p = pl.col(k) / nn
    denominator = 1 + Z**2 / nn
    centre = (p + Z**2 / (2 * nn)) / denominator
    half = Z * (p * (1 - p) / nn + Z**2 / (4 * nn**2)).sqrt() / denominator
    return [
        p.alias(name),
        (centre - half).alias(f"{name}_low"),
        (centre + half).alias(f"{name}_high"),
    ]


def metrics_from_ndjson(path: Path, areas: Iterable[Area]) -> pl.DataFrame:
    """Every metric per (area, month) from a JSON Lines file of interactions."""
    frame = pl.read_ndjson(path, infer_schema_length=10_000).with_columns(
        pl.col("occurred_at").str.to_datetime(time_zone="UTC"),
        pl.col("observed_at").str.to_datetime(time_zone="UTC"),
    )
    return metrics_from_frame(frame.lazy(), areas)


def metrics_from_parquet(path: Path, areas: Iterable[Area], zones: str = "xdt") -> pl.DataFrame:
    """Every metric per (area, month) from a Parquet file, scanned lazily and streamed;
    ``zones`` is how local time is found (see :func:`metrics_from_frame`)."""
    return metrics_from_frame(pl.scan_parquet(path), areas, zones)


def _local_by_zone(frame: pl.LazyFrame, zones: dict[str, str]) -> pl.LazyFrame:
    """The ``local`` time of each row: one filtered part per zone, converted with a
    constant zone, then concatenated (areas not listed are in UTC)."""
    parts = []
    for name in set(zones.values()) | {"UTC"}:
        ids = [area for area, zone in zones.items() if zone == name]
        chosen = (
            pl.col("area_id").is_in(ids) if name != "UTC" else ~pl.col("area_id").is_in(list(zones))
        )
        local = pl.col("occurred_at").dt.convert_time_zone(name).dt.replace_time_zone(None)
        parts.append(frame.filter(chosen).with_columns(local.alias("local")))
    return pl.concat(parts)


def _local_xdt(frame: pl.LazyFrame, zones: dict[str, str]) -> pl.LazyFrame:
    """The ``local`` time of each row in one pass: polars-xdt's per-row zone conversion,
    the zone found by ``replace_strict`` on the area (no join; unknown areas in UTC)."""
    import polars_xdt as xdt

    zone = pl.col("area_id").replace_strict(zones, default="UTC", return_dtype=pl.String)
    return frame.with_columns(xdt.to_local_datetime("occurred_at", zone).alias("local"))


def _positive(name: str) -> pl.Expr:
    """A count as a denominator: null where it is 0."""
    return pl.when(pl.col(name) > 0).then(pl.col(name))


def _utc(local: pl.Expr) -> pl.Expr:
    """The instant a local time in the row's ``zone`` names (on the small table of groups)."""
    import polars_xdt as xdt

    return xdt.from_local_datetime(local, pl.col("zone"), "UTC")


def metrics_from_frame(
    frame: pl.LazyFrame, areas: Iterable[Area], zones: str = "xdt"
) -> pl.DataFrame:
    """Every metric per (area, month) of a lazy frame of interactions (UTC instants).

    ``zones="xdt"`` converts each row to its area's local time with polars-xdt in one pass;
    ``zones="partition"`` filters the rows of each zone apart and converts each part.
    """
    areas = list(areas)
    by_area = {area.id: area.timezone for area in areas}
    local = _local_xdt if zones == "xdt" else _local_by_zone
    frame = local(frame, by_area).with_columns(
        pl.col("local").dt.truncate("1mo").alias("period"),
        pl.col("local").dt.date().alias("day"),
    )
    report = (pl.col("kind") == "suspicious_activity_report") & (pl.col("initiator") == "resident")
    delay = pl.when(report & pl.col("observed_at").is_not_null()).then(
        (pl.col("occurred_at") - pl.col("observed_at")).dt.total_microseconds() / 3.6e9
    )
    keys = ["area_id", "period"]
    out = frame.group_by(keys).agg(
        pl.len().alias("interactions"),
        (pl.col("initiator") == "resident").sum().alias("resident_initiated"),
        pl.col("outcome").is_not_null().sum().alias("with_outcome"),
        (pl.col("outcome") == "positive").sum().alias("positive"),
        (pl.col("outcome") == "negative").sum().alias("negative"),
        (pl.col("kind") == "complaint").sum().alias("complaints"),
        report.sum().alias("reports"),
        delay.median().alias("median_hours_to_report"),
        (pl.col("attendance") == "present").sum().alias("present"),
        pl.col("attendance").is_not_null().sum().alias("attendance_records"),
        (
            pl.when(pl.col("kind") == "volunteering").then(pl.col("duration_minutes")).sum() / 60
        ).alias("volunteer_hours"),
        pl.col("staff_id").drop_nulls().n_unique().alias("active_staff"),
        pl.col("staff_id").is_not_null().sum().alias("with_staff"),
        pl.col("occurred_at").min().alias("first"),
        pl.col("occurred_at").max().alias("last"),
    )
    # one row per resident, group and period: reach, repeat (two or more local days) and
    # returning (also reached in the previous period) all come from it
    per_resident = (
        frame.filter(pl.col("resident_id").is_not_null())
        .group_by([*keys, "resident_id"])
        .agg((pl.col("day").min() < pl.col("day").max()).alias("repeated"))
    )
    following = per_resident.select(
        "area_id", pl.col("period").dt.offset_by("1mo"), "resident_id", pl.lit(True).alias("before")
    )
    residents = (
        per_resident.join(following, on=[*keys, "resident_id"], how="left")
        .group_by(keys)
        .agg(
            pl.len().alias("residents_reached"),
            pl.col("repeated").sum().alias("repeaters"),
            pl.col("before").is_not_null().sum().alias("returning"),
        )
    )
    population = pl.DataFrame(
        {
            "area_id": [a.id for a in areas],
            "population": [a.population for a in areas],
            "zone": [a.timezone for a in areas],
        }
    ).lazy()
    out = (
        out.join(residents, on=keys, how="left")
        .join(population, on="area_id", how="left")
        .with_columns(
            pl.col("residents_reached").fill_null(0),
            pl.col("repeaters").fill_null(0),
            # returning is known where the previous month lies wholly inside the data's
            # window (earliest to latest instant) in the area's local time
            pl.when(
                (_utc(pl.col("period").dt.offset_by("-1mo")) >= pl.col("first").min())
                & (_utc(pl.col("period")) - pl.duration(microseconds=1) <= pl.col("last").max())
            ).then(pl.col("returning").fill_null(0)),
            pl.when(pl.col("population") > 0).then(pl.col("population")).alias("population"),
        )
    )
    shares = [e for name, (k, n) in SHARES.items() for e in _wilson(k, n, name)]
    result = out.with_columns(
        *shares,
        (pl.col("residents_reached") / pl.col("population") * 1000).alias("reach_per_1000"),
        (
            (pl.col("positive").cast(pl.Int64) - pl.col("negative"))
            / _positive("with_outcome")
            * 100
        ).alias("net_sentiment"),
        (pl.col("complaints") / pl.col("interactions") * 1000).alias("complaints_per_1000"),
        (pl.col("reports") / pl.col("population") * 1000).alias("reports_per_1000_residents"),
        (pl.col("with_staff") / _positive("active_staff")).alias("interactions_per_staff"),
    ).sort(keys)
    return result.collect(engine="streaming")
