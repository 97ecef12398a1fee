"""The engagement metrics by area x month, hand-written with pandas, for the benchmark.

Starts from a DataFrame with one row per interaction (as ``pandas.read_json(lines=True)``
would give) and computes the same sixteen metrics as ``trustops.metrics.engagement_table``,
including the Wilson intervals of the shares.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from trustops import Area, Interaction

SHARES = {
    "repeat_engagement_rate": ("repeaters", "residents_reached"),
    "returning_share": ("returning", "residents_reached"),
    "resident_initiated_share": ("resident_initiated", "interactions"),
    "positive_share": ("positive", "with_outcome"),
    "attendance_rate": ("present", "attendance_records"),
}
Z = 1.959963984540054


def frame(interactions: Iterable[Interaction]) -> pd.DataFrame:
    """The interactions as a DataFrame of plain columns (UTC instants, strings, floats)."""
    rows = [
        (
            i.area_id, i.occurred_at.timestamp(), i.kind.value, i.initiator.value, i.staff_id,
            i.resident_id, i.outcome and i.outcome.value, i.attendance and i.attendance.value,
            math.nan if i.observed_at is None else i.observed_at.timestamp(),
            math.nan if i.duration_minutes is None else i.duration_minutes,
        )
        for i in interactions
    ]  # fmt: skip
    columns = ["area_id", "occurred_at", "kind", "initiator", "staff_id", "resident_id",
               "outcome", "attendance", "observed_at", "duration_minutes"]  # fmt: skip
    df = pd.DataFrame.from_records(rows, columns=columns)
    for column in ("occurred_at", "observed_at"):
        df[column] = pd.to_datetime(df[column], unit="s", utc=True)
    return df


def _wilson(k: pd.Series, n: pd.Series) -> tuple[pd.Series, pd.Series]:
    p = k / n
    denominator = 1 + Z**2 / n
    centre = (p + Z**2 / (2 * n)) / denominator
    half = Z * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / denominator
    return (centre - half).clip(lower=0), (centre + half).clip(upper=1)


def metrics(df: pd.DataFrame, areas: Iterable[Area]) -> pd.DataFrame:
    """Every metric per (area, month) in each area's local time, indexed by area and period."""
    zones = {area.id: area.timezone for area in areas}
    populations = pd.Series({area.id: area.population for area in areas}, dtype="float64")
    zone = df["area_id"].map(zones).fillna("UTC")
    values = np.empty(len(df), dtype="datetime64[ns]")
    for name, index in df.groupby(zone, sort=False).indices.items():
        instants = df["occurred_at"].iloc[index].dt.tz_convert(name).dt.tz_localize(None)
        values[index] = instants.to_numpy()
    local = pd.Series(values, index=df.index)
    month = local.dt.to_period("M")
    day = local.dt.floor("D")
    kind, initiator, outcome = df["kind"], df["initiator"], df["outcome"]
    report = (kind == "suspicious_activity_report") & (initiator == "resident")
    delay = report & df["observed_at"].notna()
    flags = pd.DataFrame(
        {
            "area": df["area_id"],
            "period": month,
            "resident_initiated": initiator == "resident",
            "with_outcome": outcome.notna(),
            "positive": outcome == "positive",
            "negative": outcome == "negative",
            "complaints": kind == "complaint",
            "reports": report,
            "present": df["attendance"] == "present",
            "attendance_records": df["attendance"].notna(),
            "volunteer_minutes": df["duration_minutes"].where(kind == "volunteering", 0.0),
            "with_staff": df["staff_id"].notna(),
        }
    )
    keys = [flags["area"], flags["period"]]
    grouped = flags.groupby(["area", "period"], sort=True)
    out = grouped.sum()
    out.insert(0, "interactions", grouped.size())
    out["residents_reached"] = df["resident_id"].groupby(keys).nunique()
    out["active_staff"] = df["staff_id"].groupby(keys).nunique()
    visits = pd.DataFrame(
        {"area": flags["area"], "period": month, "resident": df["resident_id"], "day": day}
    ).dropna(subset=["resident"])
    days = visits.groupby(["area", "period", "resident"], sort=False)["day"].nunique()
    out["repeaters"] = (days >= 2).groupby(level=[0, 1]).sum()
    pairs = days.index.to_frame(index=False)
    following = pairs.assign(period=pairs["period"] + 1)
    both = pairs.merge(following, on=["area", "period", "resident"])
    out["returning"] = both.groupby(["area", "period"]).size().reindex(out.index, fill_value=0)
    earliest, latest = df["occurred_at"].min(), df["occurred_at"].max()

    def covered(area: str, period: pd.Period) -> bool:
        # The month before lies wholly inside the data's window, in the area's zone.
        zone = zones.get(area, "UTC")
        start = (period - 1).start_time.tz_localize(zone, nonexistent="shift_forward")
        end = period.start_time.tz_localize(zone, nonexistent="shift_forward")
        end -= pd.Timedelta(1, "us")
        return bool(start >= earliest and end <= latest)

    has_previous = [covered(area, period) for area, period in out.index]
    hours = (df["occurred_at"] - df["observed_at"]).dt.total_seconds() / 3600
    out["median_hours_to_report"] = hours[delay].groupby([k[delay] for k in keys]).median()
    out["reports_with_delay"] = delay.groupby(keys).sum()

    result = pd.DataFrame(index=out.index)
    result["interactions"] = out["interactions"]
    result["residents_reached"] = out["residents_reached"]
    population = populations.reindex(out.index.get_level_values("area")).to_numpy()
    population = np.where(population > 0, population, np.nan)
    result["reach_per_1000"] = out["residents_reached"] / population * 1000
    result["returning"] = out["returning"].where(has_previous)
    out["returning"] = result.pop("returning")
    for name, (k, n) in SHARES.items():
        denominator = out[n].where(out[n] > 0)
        result[name] = out[k] / denominator
        result[f"{name}_low"], result[f"{name}_high"] = _wilson(out[k], denominator)
    with_outcome = out["with_outcome"].where(out["with_outcome"] > 0)
    result["net_sentiment"] = (out["positive"] - out["negative"]) / with_outcome * 100
    interactions = out["interactions"].where(out["interactions"] > 0)
    result["complaints_per_1000"] = out["complaints"] / interactions * 1000
    result["reports"] = out["reports"]
    result["reports_per_1000_residents"] = out["reports"] / population * 1000
    result["median_hours_to_report"] = out["median_hours_to_report"]
    result["volunteer_hours"] = out["volunteer_minutes"] / 60
    result["active_staff"] = out["active_staff"]
    result["interactions_per_staff"] = out["with_staff"] / out["active_staff"].where(
        out["active_staff"] > 0
    )
    return result
