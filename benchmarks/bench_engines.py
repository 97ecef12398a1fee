"""Benchmark: the duckdb engine against the same metrics hand-written in polars, DuckDB SQL, pandas.

    python benchmarks/bench_engines.py                 # (a) 10M from Parquet, (b) 1M JSONL, (c) scaling
    python benchmarks/bench_engines.py --rows 2000000  # (a) and (c) at another size
    python benchmarks/bench_engines.py --smoke         # tiny sizes in seconds (what CI runs)

(a) area x month, every metric, from one Parquet file of generated interactions: trustops'
    ``duckdb`` engine (columnar validation included, rejects checked) against the same
    metrics hand-written with polars (lazy, streaming), in DuckDB SQL, and with pandas
    (targets: >= 0.8x polars, >= 3x pandas, peak memory <= polars');
(b) from a JSON Lines file with a few bad lines: the ``duckdb`` engine (validation, rejects
    equal to the row reader's) against polars ``read_ndjson`` + ``group_by``, which validates
    nothing (target >= 0.6x), and the ``processes`` and ``reference`` engines;
(c) the ``duckdb`` engine at growing sizes from Parquet: time and peak memory.

Every contender runs alone in a fresh subprocess (wall time and peak resident set size,
Linux), ``--repeat`` times in turn with the others; the best time is reported, with the
highest peak memory of its runs. The data are generated here with numpy and pyarrow, never
committed, and deleted afterwards. The contenders' tables are checked to agree on counts before any time is
reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _metrics_data as data
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SECONDS_2025 = 365 * 86_400
START_2025 = 1_735_689_600  # 2025-01-01T00:00:00Z


def generate(rows: int, seed: int = 7, start: int = 0) -> pa.Table:
    """``rows`` valid interactions over 2025 in 50 areas, as a pyarrow table (vectorised);
    their ids count from ``start``."""
    rng = np.random.default_rng(seed)
    kinds = np.array([k for k, w in data._KINDS for _ in range(w)])
    kind = kinds[rng.integers(0, len(kinds), rows)]
    seconds = START_2025 + rng.integers(0, SECONDS_2025, rows)
    occurred = pa.array(seconds * 1_000_000, pa.timestamp("us", tz="UTC"))
    report = kind == "suspicious_activity_report"
    observed_seconds = seconds - rng.integers(0, 3 * 86_400, rows)
    observed_mask = ~(report & (rng.random(rows) < 0.7))
    observed = pa.array(observed_seconds * 1_000_000, pa.timestamp("us", tz="UTC"),
                        mask=observed_mask)  # fmt: skip
    durable = (kind == "volunteering") | (kind == "conversation")
    duration = pa.array(rng.integers(5, 240, rows).astype("float64"),
                        mask=~(durable & (rng.random(rows) < 0.6)))  # fmt: skip
    attendance_values = np.array(["present"] * 3 + ["excused_absence", "unexcused_absence"])
    attendance = pa.array(attendance_values[rng.integers(0, 5, rows)],
                          mask=kind != "attendance")  # fmt: skip
    outcomes = np.array(["positive", "positive", "neutral", "negative", "", ""])
    outcome_index = rng.integers(0, 6, rows)
    outcome = pa.array(outcomes[outcome_index], mask=outcome_index >= 4)
    area_ids = np.array([f"area-{i:02d}" for i in range(50)])
    staff = pa.array(np.char.add("s-", rng.integers(0, 400, rows).astype(str)),
                     mask=rng.random(rows) >= 0.8)  # fmt: skip
    residents = pa.array(np.char.add("r-", rng.integers(0, 200_000, rows).astype(str)),
                         mask=rng.random(rows) >= 0.9)  # fmt: skip
    return pa.table(
        {
            "id": pa.array(np.char.add("i-", np.arange(start, start + rows).astype(str))),
            "occurred_at": occurred,
            "area_id": pa.array(area_ids[rng.integers(0, 50, rows)]),
            "kind": pa.array(kind),
            "initiator": pa.array(np.where(rng.random(rows) < 0.45, "resident", "staff")),
            "channel": pa.array(np.full(rows, "in_person")),
            "staff_id": staff,
            "resident_id": residents,
            "outcome": outcome,
            "attendance": attendance,
            "observed_at": observed,
            "duration_minutes": duration,
        }
    )


_PIECE = 2_000_000  # rows generated and written at a time: the generator's memory stays small


def write_parquet(rows: int, path: Path, seed: int = 7) -> None:
    """``rows`` generated interactions written to one Parquet file, a piece at a time."""
    writer = None
    try:
        for start in range(0, rows, _PIECE):
            piece = generate(min(_PIECE, rows - start), seed=seed + start, start=start)
            if writer is None:
                writer = pq.ParquetWriter(path, piece.schema)
            writer.write_table(piece)
    finally:
        if writer is not None:
            writer.close()


# --- the contenders, each run in a child process ----------------------------------------


def _areas() -> Any:
    return data.areas()


def run_trustops(path: str, engine: str) -> dict[str, Any]:
    from trustops.engines import engagement_table

    found = engagement_table(path, engine=engine, by=["area"], period="month", areas=_areas())
    assert found.counts is not None
    interactions = sum(row.metric("interactions").value or 0 for row in found.table)
    return {"groups": len(found.table), "interactions": interactions,
            "rejects": len(found.rejects)}  # fmt: skip


def run_polars(path: str, kind: str) -> dict[str, Any]:
    import _metrics_polars as by_polars

    read = by_polars.metrics_from_parquet if kind == "parquet" else by_polars.metrics_from_ndjson
    result = read(Path(path), _areas())
    return {"groups": result.height, "interactions": int(result["interactions"].sum()),
            "rejects": 0}  # fmt: skip


def run_duckdb_sql(path: str) -> dict[str, Any]:
    import duckdb

    areas = _areas()
    connection = duckdb.connect()
    zones = pa.table({"area_id": [a.id for a in areas], "zone": [a.timezone for a in areas]})
    connection.register("zones", zones)
    sql = f"""
    WITH t AS (
        SELECT i.*, CAST(timezone(z.zone, occurred_at) AS DATE) AS day,
            CAST(date_trunc('month', timezone(z.zone, occurred_at)) AS DATE) AS period
        FROM read_parquet('{path}') i JOIN zones z USING (area_id)
    ), m AS (
        SELECT area_id, period, count(*) AS interactions,
            count(DISTINCT resident_id) AS residents_reached,
            count(*) FILTER (initiator = 'resident') AS resident_initiated,
            count(outcome) AS with_outcome,
            count(*) FILTER (outcome = 'positive') AS positive,
            count(*) FILTER (outcome = 'negative') AS negative,
            count(*) FILTER (kind = 'complaint') AS complaints,
            count(*) FILTER (kind = 'suspicious_activity_report' AND initiator = 'resident')
                AS reports,
            median((epoch_us(occurred_at) - epoch_us(observed_at)) / 3.6e9) FILTER (
                kind = 'suspicious_activity_report' AND initiator = 'resident') AS median_delay,
            count(*) FILTER (attendance = 'present') AS present,
            count(attendance) AS attendance_records,
            sum(duration_minutes) FILTER (kind = 'volunteering') / 60 AS volunteer_hours,
            count(DISTINCT staff_id) AS active_staff, count(staff_id) AS with_staff
        FROM t GROUP BY ALL
    ), r AS (
        SELECT area_id, period, resident_id, count(DISTINCT day) AS days
        FROM t WHERE resident_id IS NOT NULL GROUP BY ALL
    ), rr AS (
        SELECT a.area_id, a.period, count(*) FILTER (a.days >= 2) AS repeaters,
            count(b.resident_id) AS returning
        FROM r a LEFT JOIN r b ON a.area_id = b.area_id AND a.resident_id = b.resident_id
            AND b.period = CAST(a.period - INTERVAL 1 MONTH AS DATE)
        GROUP BY ALL
    )
    SELECT * FROM m LEFT JOIN rr USING (area_id, period)
    """
    result = connection.execute(sql).fetchall()
    return {"groups": len(result), "interactions": sum(row[2] for row in result), "rejects": 0}


def run_pandas(path: str) -> dict[str, Any]:
    import _metrics_pandas as by_pandas
    import pandas as pd

    frame = pd.read_parquet(path)
    result = by_pandas.metrics(frame, _areas())
    return {"groups": len(result), "interactions": int(result["interactions"].sum()),
            "rejects": 0}  # fmt: skip


CONTENDERS = {
    "trustops duckdb": lambda path: run_trustops(path, "duckdb"),
    "trustops processes": lambda path: run_trustops(path, "processes"),
    "trustops reference": lambda path: run_trustops(path, "reference"),
    "polars (lazy, streaming)": lambda path: run_polars(path, "parquet"),
    "polars read_ndjson": lambda path: run_polars(path, "jsonl"),
    "DuckDB SQL by hand": run_duckdb_sql,
    "pandas": run_pandas,
}


def _high_water_mib() -> float:
    """This process's peak resident set size (VmHWM; not inherited across exec, unlike
    ``ru_maxrss``), in MiB; 0 where /proc is missing."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:  # pragma: no cover - not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0  # pragma: no cover


def child(name: str, path: str) -> None:
    """Run one contender and print its time, peak memory and what it found, as JSON."""
    before = _high_water_mib()
    started = time.perf_counter()
    found = CONTENDERS[name](path)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mib": _high_water_mib(), "base_mib": before,
                      **found}))  # fmt: skip


def measure_all(names: list[str], path: Path, repeat: int) -> dict[str, dict[str, Any]]:
    """Each contender ``repeat`` times, in turn: its best time and its highest peak memory."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for _ in range(repeat):
        for name in names:
            runs[name].append(measure(name, path))
    best = {}
    for name, found in runs.items():
        chosen = dict(min(found, key=lambda run: run["seconds"]))
        chosen["peak_mib"] = max(run["peak_mib"] - run["base_mib"] for run in found)
        chosen["base_mib"] = 0.0
        best[name] = chosen
    return best


def measure(name: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"{name} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def write_jsonl(table: pa.Table, path: Path, bad_every: int) -> None:
    """The table as JSON Lines (ISO instants with offsets), a bad line every ``bad_every``."""
    import polars as pl

    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    frame = frame.with_columns(
        pl.col("occurred_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        pl.col("observed_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    frame.write_ndjson(path)
    lines = path.read_bytes().split(b"\n")
    for index in range(bad_every, len(lines) - 1, bad_every):
        lines[index] = lines[index].replace(b'"kind":"', b'"kind":"x', 1)
    path.write_bytes(b"\n".join(lines))


def report(title: str, results: dict[str, dict[str, Any]], ours: str,
           targets: dict[str, float]) -> None:  # fmt: skip
    print(f"\n{title}")
    mine = results[ours]
    print(f"  {'contender':28} {'seconds':>9} {'peak MiB':>9} {'ours x':>8}  groups  rejects")
    for name, found in results.items():
        ratio = found["seconds"] / mine["seconds"]
        target = f"  (target >= {targets[name]}x)" if name in targets else ""
        print(f"  {name:28} {found['seconds']:9.2f} {found['peak_mib'] - found['base_mib']:9.0f} "
              f"{ratio:8.2f}  {found['groups']:6}  {found['rejects']:7}{target}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows of part (a)")
    parser.add_argument("--jsonl-rows", type=int, default=1_000_000, help="rows of part (b)")
    parser.add_argument("--scaling", default="1000000,10000000,30000000",
                        help="sizes of part (c), comma-separated")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each contender in (a) and (b); the best time counts")  # fmt: skip
    parser.add_argument("--child", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    rows, jsonl_rows, scaling = (
        args.rows,
        args.jsonl_rows,
        [int(s) for s in args.scaling.split(",")],
    )
    repeat = args.repeat
    if args.smoke:
        rows, jsonl_rows, scaling, repeat = 20_000, 20_000, [10_000, 20_000], 1
    with tempfile.TemporaryDirectory(prefix="trustops-engines-") as scratch:
        folder = Path(scratch)
        parquet = folder / "interactions.parquet"
        started = time.perf_counter()
        write_parquet(rows, parquet)
        print(f"(a) {rows:,} interactions in 50 areas written as Parquet in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        names = ["trustops duckdb", "polars (lazy, streaming)", "DuckDB SQL by hand", "pandas"]
        results = measure_all(names, parquet, repeat)
        counts = {(r["groups"], r["interactions"]) for r in results.values()}
        assert len(counts) == 1, f"the contenders disagree: {results}"
        report("(a) from Parquet, area x month, every metric", results, "trustops duckdb",
               {"polars (lazy, streaming)": 0.8, "pandas": 3.0})  # fmt: skip

        jsonl = folder / "interactions.jsonl"
        write_jsonl(generate(jsonl_rows, seed=11), jsonl, bad_every=max(jsonl_rows // 10, 2))
        names = ["trustops duckdb", "trustops processes", "trustops reference",
                 "polars read_ndjson"]  # fmt: skip
        results = measure_all(names, jsonl, repeat)
        ours = results["trustops duckdb"]
        for name in ("trustops processes", "trustops reference"):
            assert (results[name]["groups"], results[name]["rejects"]) == (
                ours["groups"], ours["rejects"]), "the engines disagree"  # fmt: skip
        report(f"(b) from JSON Lines, {jsonl_rows:,} lines with {ours['rejects']} bad",
               results, "trustops duckdb", {"polars read_ndjson": 0.6})  # fmt: skip
        jsonl.unlink()

        print("\n(c) the duckdb engine from Parquet at growing sizes")
        for size in scaling:
            write_parquet(size, parquet, seed=size)
            found = measure("trustops duckdb", parquet)
            print(f"  {size:>12,} rows  {found['seconds']:8.2f} s  "
                  f"{found['seconds'] / size * 1e9:7.1f} ns/row  "
                  f"{found['peak_mib'] - found['base_mib']:7.0f} MiB peak")  # fmt: skip


if __name__ == "__main__":
    main()
