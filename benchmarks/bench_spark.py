"""Benchmark: the Spark engine in local mode on 2 cores, against duckdb and hand-written PySpark.

    python benchmarks/bench_spark.py                  # 1M and 10M, Parquet and JSON Lines
    python benchmarks/bench_spark.py --smoke          # 20,000 from Parquet (what CI runs)
    python benchmarks/bench_spark.py --sizes 1000000 --formats parquet --runs 3

Generated interactions (50 areas in 15 zones, 200,000 residents, 400 staff, every day of
2025) are written to Parquet (and the same rows to JSON Lines) in a temporary folder; every
metric is computed by area x month from there by each contender, each in a fresh process
(its own Spark session), the contenders taking turns, best of ``--runs``:

- ``spark``: this engine (every row validated, JSON Lines line by line by the row reader);
- ``duckdb``: the duckdb engine, validation included;
- ``hand``: a hand-written PySpark aggregation of the same metrics, as a user would write it
  (no validation, no record keys; counts, distinct counts, a sum, a median, repeat residents);
- ``accumulators``: per-partition mergeable accumulators (``mapInArrow`` counting in Python
  workers, merged by a tree reduction) with what *they* collect (not run by default);
- ``reference``: the reference engine on model objects built from the Parquet file (the
  building is not timed; not run by default).

Printed per size and format: seconds (the work only, not the session's start) and the peak
resident memory of the contender's process tree (JVM and Python workers included), both as
ratios to the Spark engine's; the bytes of statistics the Spark engine collected, in total
and per group; and "scale on paper", the statistics a larger log would send to the driver.
The tables of the Spark, duckdb, accumulator and reference contenders are checked to be
identical before any figure is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _metrics_data as data
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from _timing import table

from trustops import Interaction
from trustops.engines import engagement_table
from trustops.engines.spark import SparkEngine, local_columns, local_session
from trustops.metrics import Counted, EngagementAccumulator, TablePlan

KINDS = [kind for kind, weight in data._KINDS for _ in range(weight)]
OUTCOMES = ["positive", "positive", "neutral", "negative", None, None]
STATUSES = ["present"] * 3 + ["excused_absence", "unexcused_absence"]
START = int(dt.datetime(data.YEAR, 1, 1, tzinfo=dt.UTC).timestamp())


def generate(path: Path, size: int, *, seed: int = 7, chunk: int = 1_000_000) -> None:
    """``size`` interactions as Parquet at ``path``, built column by column with numpy."""
    rng = np.random.default_rng(seed)
    stamp = pa.timestamp("us", tz="UTC")
    writer = None
    for first in range(0, size, chunk):
        n = min(chunk, size - first)
        kind = np.array(KINDS, dtype=object)[rng.integers(0, len(KINDS), n)]
        at = START + 300 * rng.integers(0, 365 * 24 * 12, n)
        report = (kind == "suspicious_activity_report") & (rng.random(n) < 0.7)
        observed = np.where(report, at - 300 * rng.integers(0, 600, n), 0)
        timed = np.isin(kind, ["volunteering", "conversation"]) & (rng.random(n) < 0.6)
        attendance = kind == "attendance"
        columns = {
            "id": pa.array([f"i-{first + k}" for k in range(n)]),
            "occurred_at": pa.array(at * 1_000_000, pa.int64()).cast(stamp),
            "area_id": pa.array([f"area-{a:02d}" for a in rng.integers(0, 50, n)]),
            "kind": pa.array(kind.tolist(), pa.string()),
            "initiator": pa.array(np.where(rng.random(n) < 0.45, "resident", "staff").tolist()),
            "channel": pa.array(["in_person"] * n),
            "staff_id": pa.array(
                [f"s-{s}" if keep else None
                 for s, keep in zip(rng.integers(0, 400, n), rng.random(n) < 0.8, strict=True)]
            ),
            "resident_id": pa.array(
                [f"r-{r}" if keep else None
                 for r, keep in zip(rng.integers(0, 200_000, n), rng.random(n) < 0.9, strict=True)]
            ),
            "outcome": pa.array(
                np.array(OUTCOMES, dtype=object)[rng.integers(0, len(OUTCOMES), n)].tolist(),
                pa.string(),
            ),
            "attendance": pa.array(
                np.where(attendance, np.array(STATUSES)[rng.integers(0, 5, n)], None).tolist(),
                pa.string(),
            ),
            "observed_at": pa.array(
                np.where(report, observed * 1_000_000, None).tolist(), pa.int64()
            ).cast(stamp),
            "duration_minutes": pa.array(
                np.where(timed, rng.integers(5, 240, n).astype(float), None).tolist(), pa.float64()
            ),
        }  # fmt: skip
        batch = pa.table(columns)
        if writer is None:
            writer = pq.ParquetWriter(path, batch.schema)
        writer.write_table(batch)
    assert writer is not None
    writer.close()


def objects(path: Path) -> Iterator[Interaction]:
    """The interactions of the Parquet file as model objects (for the reference engine)."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=65_536):
        for row in batch.to_pylist():
            yield Interaction(**{k: v for k, v in row.items() if v is not None})


def timed(work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def arrow_accumulators(frame: Any, plan: TablePlan) -> tuple[dict[Any, Any], int]:
    """The alternative: each partition counted into mergeable accumulators by Python workers
    (``mapInArrow``), merged by a tree reduction; returns the merged statistics and the bytes
    the driver received."""
    zones = {area.id: area.timezone for area in plan.areas.values()}
    framed = local_columns(frame, zones, plan.granularity).select(
        "area_id", "_day", "_period", "resident_id", "staff_id", "kind", "initiator",
        "outcome", "attendance", "occurred_at", "observed_at", "duration_minutes",
    )  # fmt: skip

    def count(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from trustops.model import hours_to_report

        state: dict[Any, dict[str, Any]] = {}
        for batch in batches:
            for row in batch.to_pylist():
                key = (row["area_id"], row["_period"].toordinal())
                s = state.setdefault(key, {"p": {}, "r": {}, "rep": set(), "s": {}, "d": {},
                                           "v": {}})  # fmt: skip
                profile = (row["kind"], row["initiator"], row["outcome"], row["attendance"])
                s["p"][profile] = s["p"].get(profile, 0) + 1
                resident, day = row["resident_id"], row["_day"].toordinal()
                if resident is not None:
                    seen = s["r"].setdefault(resident, day)
                    if seen != day:
                        s["rep"].add(resident)
                        s["r"][resident] = min(seen, day)
                if row["staff_id"] is not None:
                    s["s"][row["staff_id"]] = s["s"].get(row["staff_id"], 0) + 1
                if (row["observed_at"] is not None and row["kind"] == "suspicious_activity_report"
                        and row["initiator"] == "resident"):  # fmt: skip
                    hours = hours_to_report(row["occurred_at"], row["observed_at"])
                    s["d"][hours] = s["d"].get(hours, 0) + 1
                if row["duration_minutes"] is not None and row["kind"] == "volunteering":
                    s["v"][row["duration_minutes"]] = s["v"].get(row["duration_minutes"], 0) + 1
        blobs = [
            pickle.dumps((key, EngagementAccumulator.from_counts(
                profiles=s["p"], residents=s["r"], repeat=s["rep"], staff=s["s"],
                report_delays=s["d"], volunteer_minutes=s["v"], areas=[key[0]])))
            for key, s in state.items()
        ]  # fmt: skip
        yield pa.RecordBatch.from_pydict({"blob": pa.array(blobs, pa.binary())})

    def merge(left: dict[Any, Any], right: dict[Any, Any]) -> dict[Any, Any]:
        for key, accumulator in right.items():
            if key in left:
                left[key] = left[key].merge(accumulator)
            else:
                left[key] = accumulator
        return left

    partials = framed.mapInArrow(count, "blob binary").rdd.map(
        lambda row: dict([pickle.loads(row["blob"])])
    )
    merged = partials.treeReduce(merge, depth=2)
    return merged, len(pickle.dumps(merged))


def write_jsonl(parquet: Path, path: Path) -> None:
    """The rows of ``parquet`` as JSON Lines (absent values left out, instants in ISO form)."""
    with path.open("w", encoding="utf-8") as out:
        for batch in pq.ParquetFile(parquet).iter_batches(batch_size=65_536):
            for row in batch.to_pylist():
                record = {
                    key: value.isoformat() if isinstance(value, dt.datetime) else value
                    for key, value in row.items()
                    if value is not None
                }
                out.write(json.dumps(record, separators=(",", ":")) + "\n")


def hand(frame: Any, areas: list[Any]) -> pa.Table:
    """The metrics as a user would write them in PySpark: no validation, the zone from a map
    of area to zone name and Spark's own conversion, one aggregation and a second one for
    residents on two or more local days."""
    from pyspark.sql import functions as fn

    zones = fn.create_map(*(fn.lit(x) for area in areas for x in (area.id, area.timezone)))
    zone = fn.coalesce(fn.element_at(zones, fn.col("area_id")), fn.lit("UTC"))
    day = fn.to_date(fn.from_utc_timestamp("occurred_at", zone))
    framed = frame.withColumn("day", day).withColumn("month", fn.trunc("day", "month"))
    hours = (fn.unix_micros("occurred_at") - fn.unix_micros("observed_at")) / 3.6e9
    report = (fn.col("kind") == "suspicious_activity_report") & (fn.col("initiator") == "resident")
    kinds = sorted({kind for kind, _ in data._KINDS})
    main = framed.groupBy("area_id", "month").agg(
        fn.count(fn.lit(1)).alias("interactions"),
        *(fn.count(fn.when(fn.col("kind") == kind, 1)).alias(kind) for kind in kinds),
        fn.count(fn.when(fn.col("initiator") == "resident", 1)).alias("resident_initiated"),
        fn.count(fn.when(fn.col("outcome") == "positive", 1)).alias("positive"),
        fn.count(fn.when(fn.col("attendance") == "present", 1)).alias("present"),
        fn.count_distinct("resident_id").alias("residents"),
        fn.count_distinct("staff_id").alias("staff"),
        fn.sum(fn.when(fn.col("kind") == "volunteering", fn.col("duration_minutes"))).alias(
            "volunteer_minutes"
        ),
        fn.median(fn.when(report, hours)).alias("median_report_hours"),
    )
    repeat = (
        framed.where(fn.col("resident_id").isNotNull())
        .groupBy("area_id", "month", "resident_id")
        .agg(fn.count_distinct("day").alias("days"))
        .groupBy("area_id", "month")
        .agg(fn.count(fn.when(fn.col("days") > 1, 1)).alias("repeat_residents"))
    )
    return main.join(repeat, ["area_id", "month"], "left").toArrow()


JSONL_SCHEMA = (
    "id string, occurred_at timestamp, area_id string, kind string, initiator string, "
    "channel string, staff_id string, resident_id string, outcome string, attendance string, "
    "observed_at timestamp, duration_minutes double"
)


def contend(name: str, path: Path) -> dict[str, Any]:
    """One contender's run on ``path`` (in a process of its own): seconds of work, and what
    it found."""
    areas = data.areas()
    plan = TablePlan.make(by=["area"], period="month", areas=areas, initiatives=())
    found: dict[str, Any] = {}
    if name == "duckdb":
        seconds, result = timed(lambda: engagement_table(
            path, engine="duckdb", by=["area"], period="month", areas=areas))  # fmt: skip
        return {"seconds": seconds, "table": result.table}
    if name == "reference":
        log = list(objects(path))
        seconds, result = timed(lambda: engagement_table(
            log, engine="reference", by=["area"], period="month", areas=areas))  # fmt: skip
        return {"seconds": seconds, "table": result.table}
    session = local_session(cores=2, shuffle_partitions=8, memory="6g")
    jsonl = path.suffix == ".jsonl"
    if name == "spark":
        engine = SparkEngine(session=session)
        seconds, run = timed(lambda: engine.run(str(path), plan))
        found.update(collected_bytes=run.collected_bytes, groups=run.groups,
                     partitions=run.partitions)  # fmt: skip
        table = plan.finish(run.counting.counted, plan.calendar())
    elif name == "hand":

        def work() -> pa.Table:
            reader = session.read
            frame = (
                reader.schema(JSONL_SCHEMA).json(str(path)) if jsonl else reader.parquet(str(path))
            )
            return hand(frame, areas)

        seconds, out = timed(work)
        return {"seconds": seconds, "table": None, "groups": out.num_rows}
    else:  # accumulators, from Parquet
        frame = session.read.parquet(str(path))
        seconds, (merged, collected) = timed(lambda: arrow_accumulators(frame, plan))
        table = plan.finish(Counted(groups=dict(merged), window=None), plan.calendar())
        found.update(collected_bytes=collected)
    return {"seconds": seconds, "table": table, **found}


def _tree_rss(pid: int) -> int:
    """The resident memory of ``pid`` and its descendants, in bytes (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, of in parents.items():
            if of == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for member in tree:
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def measured(name: str, path: Path, folder: Path) -> dict[str, Any]:
    """``contend(name, path)`` in a fresh process, with the peak memory of its process tree."""
    out = folder / f"{name}.pickle"
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", name, "--path", str(path), "--out", str(out)]
    )
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(child.pid))
        time.sleep(0.25)
    if child.returncode:
        raise SystemExit(f"{name} failed on {path.name} (exit {child.returncode})")
    result: dict[str, Any] = pickle.loads(out.read_bytes())
    result["peak"] = peak
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="one tiny size, quickly")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 10_000_000])
    parser.add_argument("--formats", nargs="*", default=["parquet", "jsonl"],
                        choices=["parquet", "jsonl"])  # fmt: skip
    parser.add_argument("--contenders", nargs="*", default=["spark", "duckdb", "hand"],
                        choices=["spark", "duckdb", "hand", "accumulators", "reference"])  # fmt: skip
    parser.add_argument("--runs", type=int, default=1, help="best of this many, in turns")
    parser.add_argument("--paper", type=int, default=1_000_000_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        result = contend(options.child, options.path)
        options.out.write_bytes(pickle.dumps(result))
        return
    sizes = [20_000] if options.smoke else options.sizes
    if options.smoke:  # every contender once, from Parquet: each starts its own Spark session
        options.formats = ["parquet"]
    with tempfile.TemporaryDirectory(prefix="trustops-bench-spark-") as name:
        folder = Path(name)
        for size in sizes:
            parquet = folder / f"log-{size}.parquet"
            seconds, _ = timed(lambda parquet=parquet, size=size: generate(parquet, size))
            print(f"\n{size:,} interactions, 50 areas, area x month; Parquet written in "
                  f"{seconds:.1f} s ({parquet.stat().st_size / 2**20:.0f} MiB)")  # fmt: skip
            for form in options.formats:
                path = parquet
                if form == "jsonl":
                    path = folder / f"log-{size}.jsonl"
                    write_jsonl(parquet, path)
                contenders = [c for c in options.contenders
                              if form == "parquet" or c in ("spark", "duckdb", "hand")]  # fmt: skip
                compare(size, form, path, folder=folder, contenders=contenders, options=options)
            parquet.unlink()
            (folder / f"log-{size}.jsonl").unlink(missing_ok=True)


def compare(
    size: int, form: str, path: Path, *, folder: Path, contenders: list[str], options: Any
) -> None:
    """Each contender in turn, ``options.runs`` rounds; the best time and its peak memory."""
    best: dict[str, dict[str, Any]] = {}
    loads = []
    for _ in range(options.runs):
        for name in contenders:
            loads.append(os.getloadavg()[0])
            result = measured(name, path, folder)
            if name not in best or result["seconds"] < best[name]["seconds"]:
                best[name] = result
    tables = {name: found["table"] for name, found in best.items() if found["table"] is not None}
    first = next(iter(tables.values()), None)
    for name, found in tables.items():
        if found != first:
            raise SystemExit(f"{name}'s table differs from {next(iter(tables))}'s")
    print(f"\n{form}, best of {options.runs}; load average {min(loads):.1f} to {max(loads):.1f}")
    anchor = best.get("spark") or next(iter(best.values()))
    rows = [("contender", "seconds", "vs spark", "peak memory", "vs spark")]
    for name, found in best.items():
        rows.append((name, f"{found['seconds']:.1f}", f"{found['seconds'] / anchor['seconds']:.2f}",
                     f"{found['peak'] / 2**20:,.0f} MiB",
                     f"{found['peak'] / anchor['peak']:.2f}"))  # fmt: skip
    print(table(rows))
    print("('vs spark' is the contender's figure over the Spark engine's: below 1 it is faster)")
    if "spark" in best:
        spark = best["spark"]
        print(f"Spark engine: {spark['partitions']} partitions, {spark['collected_bytes']:,} B "
              f"to the driver for {spark['groups']} groups "
              f"({spark['collected_bytes'] / spark['groups']:,.0f} B per group)")  # fmt: skip
        if form == "parquet":
            paper(size, options.paper, spark, best.get("accumulators"))


def paper(size: int, target: int, spark: dict[str, Any], alternative: Any) -> None:
    """What reaches the driver at ``target`` rows, from the statistics measured at ``size``."""
    groups = spark["groups"]
    per_group = spark["collected_bytes"] / groups
    print(f"\nScale on paper, {target:,} interactions (from the statistics measured at {size:,}):")
    lines = [("design", "grows with", f"to driver at {target:,}")]
    lines.append(("Spark operators", "groups x active staff (not rows, not residents)",
                  f"{per_group * groups:,.0f} B for the same {groups} groups"))  # fmt: skip
    if alternative is not None:
        residents_now = min(size * 0.9, 200_000)
        alt_paper = alternative["collected_bytes"] * (target * 0.9 / residents_now)
        lines.append(("mapInArrow accumulators", "groups x distinct residents per group",
                      f"about {alt_paper / 2**30:,.1f} GiB if residents grow with rows"))  # fmt: skip
    print(table(lines))


if __name__ == "__main__":
    main()
