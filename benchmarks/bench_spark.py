"""Benchmark: the Spark engine in local mode on 2 cores, against the other engines.

    python benchmarks/bench_spark.py            # full: 1M and 10M interactions
    python benchmarks/bench_spark.py --smoke    # 20,000 interactions (what CI runs)
    python benchmarks/bench_spark.py --sizes 1000000 --paper 1000000000

Generated interactions (50 areas in 15 zones, 200,000 residents, 400 staff, every day of
2025) are written to Parquet in a temporary folder; each engine computes every metric by
area x month from there, and the tables are checked to be identical before any time is
reported. For each size it prints:

- the Spark engine's time (validation included), the partitions Spark read, and the bytes
  of statistics collected to the driver (the Arrow table of the columnar statistics), in
  total and per group;
- the alternative design, per-partition mergeable accumulators (``mapInArrow`` counting in
  Python workers, then a tree reduction of the accumulators), with what *it* collects;
- the reference engine (Python objects, built from the same Parquet file; the building is
  not timed) and the duckdb engine when installed, as ratios;
- "scale on paper": the statistics a larger log would send to the driver, computed from
  the measured statistics per group (they do not grow with rows), for ``--paper`` rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
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
from trustops.engines import ENGINE_NAMES, engagement_table
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="one tiny size, quickly")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 10_000_000])
    parser.add_argument("--reference-up-to", type=int, default=1_000_000,
                        help="run the reference engine on sizes up to this")  # fmt: skip
    parser.add_argument("--alternative-up-to", type=int, default=10_000_000,
                        help="run the mapInArrow accumulators on sizes up to this")  # fmt: skip
    parser.add_argument("--paper", type=int, default=1_000_000_000)
    options = parser.parse_args()
    sizes = [20_000] if options.smoke else options.sizes
    session = local_session(cores=2, shuffle_partitions=8, memory="6g")
    areas = data.areas()
    plan = TablePlan.make(by=["area"], period="month", areas=areas, initiatives=())
    with tempfile.TemporaryDirectory(prefix="trustops-bench-spark-") as folder:
        for size in sizes:
            path = Path(folder, f"log-{size}.parquet")
            seconds, _ = timed(lambda path=path, size=size: generate(path, size))
            print(f"\n{size:,} interactions, 50 areas, area x month; Parquet written in "
                  f"{seconds:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)")  # fmt: skip
            engine = SparkEngine(session=session)
            spark_s, run = timed(lambda path=path, engine=engine: engine.run(str(path), plan))
            spark_table = plan.finish(run.counting.counted, plan.calendar())
            groups = run.groups
            rows = [("engine", "seconds", "vs spark", "partitions", "to driver", "per group")]
            rows.append(("spark (Spark operators)", f"{spark_s:.1f}", "1.00x",
                         str(run.partitions), f"{run.collected_bytes:,} B",
                         f"{run.collected_bytes / groups:,.0f} B"))  # fmt: skip
            alt_bytes = 0
            if size <= options.alternative_up_to:
                frame = session.read.parquet(str(path))
                alt_s, (merged, alt_bytes) = timed(
                    lambda frame=frame: arrow_accumulators(frame, plan)
                )
                alt_table = plan.finish(Counted(groups=dict(merged), window=None),
                                        plan.calendar(), window=run.counting.counted.window)  # fmt: skip
                if alt_table != spark_table:
                    raise SystemExit("the mapInArrow accumulators disagree with the Spark engine")
                rows.append(("mapInArrow + treeReduce", f"{alt_s:.1f}", f"{spark_s / alt_s:.2f}x",
                             str(frame.rdd.getNumPartitions()), f"{alt_bytes:,} B",
                             f"{alt_bytes / groups:,.0f} B"))  # fmt: skip
            if size <= options.reference_up_to:
                log = list(objects(path))
                ref_s, ref = timed(lambda log=log: engagement_table(
                    log, engine="reference", by=["area"], period="month", areas=areas))  # fmt: skip
                del log
                if ref.table != spark_table:
                    raise SystemExit("the Spark engine disagrees with the reference engine")
                rows.append(("reference (objects)", f"{ref_s:.1f}", f"{spark_s / ref_s:.2f}x",
                             "-", "-", "-"))  # fmt: skip
            if "duckdb" in ENGINE_NAMES:
                duck_s, duck = timed(lambda path=path: engagement_table(
                    path, engine="duckdb", by=["area"], period="month", areas=areas))  # fmt: skip
                if duck.table != spark_table:
                    raise SystemExit("the Spark engine disagrees with the duckdb engine")
                rows.append(("duckdb", f"{duck_s:.1f}", f"{spark_s / duck_s:.2f}x",
                             "-", "-", "-"))  # fmt: skip
            print(table(rows))
            print("('vs spark' is the Spark engine's time over the other's: above 1 the other"
                  " is faster)")  # fmt: skip
            paper(size, options.paper, run, groups, alt_bytes)


def paper(size: int, target: int, run: Any, groups: int, alt_bytes: int) -> None:
    """What reaches the driver at ``target`` rows, from the statistics measured at ``size``."""
    per_group = run.collected_bytes / groups
    print(f"\nScale on paper, {target:,} interactions (from the statistics measured at {size:,}):")
    lines = [("design", "grows with", f"to driver at {target:,}")]
    lines.append(("Spark operators", "groups x active staff (not rows, not residents)",
                  f"{per_group * groups:,.0f} B for the same {groups} groups"))  # fmt: skip
    residents_now = min(size * 0.9, 200_000)
    alt_paper = alt_bytes * (target * 0.9 / residents_now)
    if alt_bytes:
        lines.append(("mapInArrow accumulators", "groups x distinct residents per group",
                      f"about {alt_paper / 2**30:,.1f} GiB if residents grow with rows"))  # fmt: skip
    print(table(lines))


if __name__ == "__main__":
    main()
