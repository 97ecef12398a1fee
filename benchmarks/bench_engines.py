"""Benchmark: the duckdb engine against the same metrics hand-written in polars, DuckDB SQL, pandas.

    python benchmarks/bench_engines.py                 # (a) 10M rows from Parquet, (b) 1M JSONL
    python benchmarks/bench_engines.py --rows 2000000  # (a) at another size
    python benchmarks/bench_engines.py --smoke         # tiny sizes in seconds (what CI runs)
    python benchmarks/bench_engines.py --keys          # (a) with and without cell keys

(a) area x month, every metric, from one Parquet file of generated interactions: trustops'
    ``duckdb`` engine (columnar validation included, rejects checked) against the same
    metrics written by hand as an expert would: polars, lazy and streamed, with each row's
    local time found by polars-xdt in one pass or by converting each zone's rows apart (the
    faster of the two is the target); DuckDB SQL; and pandas. Targets: >= 1.0x the faster
    polars, >= 0.8x DuckDB SQL, peak memory <= that polars', >= 3x pandas.
(b) from a JSON Lines file with a few bad lines: the ``duckdb`` engine (validation, rejects
    equal to the row reader's) against polars ``read_ndjson`` + ``group_by``, which validates
    nothing (target >= 1.0x), and the ``processes`` and ``reference`` engines.

Before any timing, each hand-written reference is checked to give the reference engine's
table (every metric and interval, to 1e-9) on ``--check-rows`` rows of the same generator.
Every contender runs alone in a fresh subprocess, ``--repeat`` times in turn with the others
(so a change in the machine's load falls on all of them); the best wall time is reported with
the CPU time of that run (every thread, from ``getrusage``) and the highest peak resident set
size of its runs above the interpreter's own. The data are generated here with numpy and
pyarrow, never committed, and deleted afterwards. The last line is the verdict on each
target. Cost growth with rows and groups is ``bench_growth.py``.
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


def generate(rows: int, seed: int = 7, start: int = 0, areas: int = 50) -> pa.Table:
    """``rows`` valid interactions over 2025 in ``areas`` areas (those of
    ``_metrics_data.areas``), as a pyarrow table (vectorised); their ids count from ``start``."""
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
    area_ids = np.array([f"area-{i:02d}" for i in range(areas)])
    staff = pa.array(np.char.add("s-", rng.integers(0, 400, rows).astype(str)),
                     mask=rng.random(rows) >= 0.8)  # fmt: skip
    residents = pa.array(np.char.add("r-", rng.integers(0, 200_000, rows).astype(str)),
                         mask=rng.random(rows) >= 0.9)  # fmt: skip
    return pa.table(
        {
            "id": pa.array(np.char.add("i-", np.arange(start, start + rows).astype(str))),
            "occurred_at": occurred,
            "area_id": pa.array(area_ids[rng.integers(0, areas, rows)]),
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


def write_parquet(rows: int, path: Path, seed: int = 7, areas: int = 50) -> None:
    """``rows`` generated interactions in ``areas`` areas written to one Parquet file, a
    piece at a time."""
    writer = None
    try:
        for start in range(0, rows, _PIECE):
            piece = generate(min(_PIECE, rows - start), seed=seed + start, start=start,
                             areas=areas)  # fmt: skip
            if writer is None:
                writer = pq.ParquetWriter(path, piece.schema)
            writer.write_table(piece)
    finally:
        if writer is not None:
            writer.close()


# --- the contenders, each run in a child process ----------------------------------------


def _areas() -> Any:
    return data.areas()


def run_trustops(path: str, engine: str, keyed: bool = False) -> dict[str, Any]:
    from trustops.engines import engagement_table
    from trustops.privacy import PrivacyKey

    privacy = PrivacyKey("bench_engines") if keyed else None
    found = engagement_table(
        path, engine=engine, by=["area"], period="month", areas=_areas(), privacy=privacy
    )
    assert all((row.cell_keys is not None) == keyed for row in found.table)
    assert found.counts is not None
    interactions = sum(row.metric("interactions").value or 0 for row in found.table)
    return {"groups": len(found.table), "interactions": interactions,
            "rejects": len(found.rejects)}  # fmt: skip


def run_polars(path: str, kind: str) -> dict[str, Any]:
    import _metrics_polars as by_polars

    if kind == "jsonl":
        result = by_polars.metrics_from_ndjson(Path(path), _areas())
    else:
        result = by_polars.metrics_from_parquet(Path(path), _areas(), zones=kind)
    return {"groups": result.height, "interactions": int(result["interactions"].sum()),
            "rejects": 0}  # fmt: skip


HAND_SQL = """
WITH t AS (
    SELECT i.area_id, i.resident_id, i.staff_id, i.kind, i.initiator, i.outcome, i.attendance,
        i.duration_minutes, i.occurred_at, i.observed_at,
        CAST(timezone(z.zone, i.occurred_at) AS DATE) AS day
    FROM read_parquet({path}) i JOIN zones z USING (area_id)
), d AS (
    SELECT *, CAST(date_trunc('month', day) AS DATE) AS period FROM t
), m AS (
    SELECT area_id, period, count(*) AS interactions,
        count(*) FILTER (initiator = 'resident') AS resident_initiated,
        count(outcome) AS with_outcome,
        count(*) FILTER (outcome = 'positive') AS positive,
        count(*) FILTER (outcome = 'negative') AS negative,
        count(*) FILTER (kind = 'complaint') AS complaints,
        count(*) FILTER (kind = 'suspicious_activity_report' AND initiator = 'resident')
            AS reports,
        median((epoch_us(occurred_at) - epoch_us(observed_at)) / 3.6e9) FILTER (
            kind = 'suspicious_activity_report' AND initiator = 'resident')
            AS median_hours_to_report,
        count(*) FILTER (attendance = 'present') AS present,
        count(attendance) AS attendance_records,
        coalesce(sum(duration_minutes) FILTER (kind = 'volunteering'), 0) / 60
            AS volunteer_hours,
        count(DISTINCT staff_id) AS active_staff, count(staff_id) AS with_staff,
        min(occurred_at) AS first, max(occurred_at) AS last
    FROM d GROUP BY ALL
), r AS (  -- one row per resident, area and month: reach, repeat and returning from it
    SELECT area_id, period, resident_id, min(day) < max(day) AS repeated
    FROM d WHERE resident_id IS NOT NULL GROUP BY ALL
), rr AS (
    SELECT a.area_id, a.period, count(*) AS residents_reached,
        count(*) FILTER (a.repeated) AS repeaters, count(b.resident_id) AS "returning"
    FROM r a LEFT JOIN r b ON a.area_id = b.area_id AND a.resident_id = b.resident_id
        AND b.period = a.period - INTERVAL 1 MONTH
    GROUP BY ALL
), j AS (
    SELECT m.*, coalesce(rr.residents_reached, 0) AS residents_reached,
        coalesce(rr.repeaters, 0) AS repeaters,
        -- known where the previous month lies wholly inside the data's window (earliest to
        -- latest instant) in the area's local time
        CASE WHEN timezone(p.zone, CAST(m.period - INTERVAL 1 MONTH AS TIMESTAMP))
                >= min(m.first) OVER ()
            AND timezone(p.zone, CAST(m.period AS TIMESTAMP)) - INTERVAL 1 MICROSECOND
                <= max(m.last) OVER ()
            THEN coalesce(rr."returning", 0) END AS "returning",
        CASE WHEN p.population > 0 THEN p.population END AS population
    FROM m LEFT JOIN rr USING (area_id, period) LEFT JOIN zones p USING (area_id)
)
SELECT area_id, CAST(period AS TIMESTAMP) AS period, interactions, residents_reached,
    residents_reached / population * 1000 AS reach_per_1000,
    {shares},
    (positive - negative) / nullif(with_outcome, 0) * 100 AS net_sentiment,
    complaints / interactions * 1000 AS complaints_per_1000, reports,
    reports / population * 1000 AS reports_per_1000_residents, median_hours_to_report,
    volunteer_hours, active_staff, with_staff / nullif(active_staff, 0) AS interactions_per_staff
FROM j ORDER BY area_id, period
"""


def _wilson_sql(k: str, n: str, name: str) -> str:
    """A share ``k / n`` with its 95% Wilson interval, in SQL (NULL where ``n`` is 0)."""
    from _metrics_polars import Z

    k, n = f'"{k}"', f'"{n}"'
    p, nn, z = f"({k} / nullif({n}, 0))", f"nullif({n}, 0)::DOUBLE", repr(Z)
    denominator = f"(1 + {z} ^ 2 / {nn})"
    centre = f"(({p} + {z} ^ 2 / (2 * {nn})) / {denominator})"
    half = f"({z} * sqrt({p} * (1 - {p}) / {nn} + {z} ^ 2 / (4 * {nn} ^ 2)) / {denominator})"
    return f"{p} AS {name}, {centre} - {half} AS {name}_low, {centre} + {half} AS {name}_high"


def duckdb_sql_frame(path: str) -> Any:
    """Every metric per (area, month) in hand-written DuckDB SQL, as a polars frame."""
    import duckdb
    from _metrics_polars import SHARES

    areas = _areas()
    connection = duckdb.connect()
    zones = pa.table({"area_id": [a.id for a in areas], "zone": [a.timezone for a in areas],
                      "population": [a.population for a in areas]})  # fmt: skip
    connection.register("zones", zones)
    shares = ",\n    ".join(_wilson_sql(k, n, name) for name, (k, n) in SHARES.items())
    quoted = "'" + path.replace("'", "''") + "'"
    return connection.sql(HAND_SQL.format(path=quoted, shares=shares)).pl()


def run_duckdb_sql(path: str) -> dict[str, Any]:
    result = duckdb_sql_frame(path)
    return {"groups": result.height, "interactions": int(result["interactions"].sum()),
            "rejects": 0}  # fmt: skip


def run_pandas(path: str) -> dict[str, Any]:
    import _metrics_pandas as by_pandas
    import pandas as pd

    frame = pd.read_parquet(path)
    result = by_pandas.metrics(frame, _areas())
    return {"groups": len(result), "interactions": int(result["interactions"].sum()),
            "rejects": 0}  # fmt: skip


def reference_frame(path: str) -> Any:
    """The trustops reference engine's table of ``path`` in the references' wide form: a row
    per (area, month), each metric's value, and each share's interval as ``_low``/``_high``."""
    import polars as pl
    from _metrics_polars import SHARES

    from trustops.engines import engagement_table

    found = engagement_table(path, engine="reference", by=["area"], period="month",
                             areas=_areas())  # fmt: skip
    long = found.table.to_polars()
    wide = long.pivot("metric", index=["area", "period"], values="value")
    for name in SHARES:
        bounds = long.filter(pl.col("metric") == name).select(
            "area", "period", pl.col("low").alias(f"{name}_low"),
            pl.col("high").alias(f"{name}_high"),
        )  # fmt: skip
        wide = wide.join(bounds, on=["area", "period"])
    return wide.rename({"area": "area_id"}).with_columns(pl.col("period").str.to_datetime("%Y-%m"))


def check_equal(name: str, found: Any, reference: Any) -> None:
    """``found`` has the reference's groups and, in every metric, its value (to 1e-9
    relative) or its absence; SystemExit naming the first difference otherwise."""
    import polars as pl

    keys = ["area_id", "period"]
    found = found.with_columns(pl.col("period").cast(pl.Datetime("us")))
    reference = reference.with_columns(pl.col("period").cast(pl.Datetime("us")))
    if found.height != reference.height:
        raise SystemExit(f"{name}: {found.height} groups, the reference {reference.height}")
    both = reference.join(found, on=keys, how="left", suffix="__found")
    for column in reference.columns:
        if column in keys:
            continue
        ours, theirs = pl.col(column), pl.col(f"{column}__found").cast(pl.Float64)
        differ = both.filter(
            (ours.is_null() != theirs.is_null())
            | ((ours - theirs).abs() > 1e-9 * pl.max_horizontal(ours.abs(), 1.0))
        )
        if differ.height:
            row = differ.row(0, named=True)
            raise SystemExit(f"{name} differs from the reference engine in {column} at "
                             f"{row['area_id']} {row['period']}: {row[f'{column}__found']} "
                             f"against {row[column]}")  # fmt: skip


def check_references(rows: int, folder: Path) -> None:
    """Every hand-written reference gives the reference engine's table, on ``rows`` rows of
    the same generator (the timed data are too large for the reference engine)."""
    import _metrics_polars as by_polars

    path = folder / "check.parquet"
    write_parquet(rows, path, seed=3)
    reference = reference_frame(str(path))
    for zones in ("xdt", "partition"):
        found = by_polars.metrics_from_parquet(path, _areas(), zones=zones)
        check_equal(f"polars ({zones})", found, reference)
    check_equal("DuckDB SQL by hand", duckdb_sql_frame(str(path)), reference)
    path.unlink()
    print(f"checked: the polars and DuckDB SQL references give the reference engine's table "
          f"on {rows:,} rows")  # fmt: skip


POLARS = ("polars + xdt (streaming)", "polars by zone (streaming)")
"""The two polars references; the faster one is the target."""

CONTENDERS = {
    "trustops duckdb": lambda path: run_trustops(path, "duckdb"),
    "trustops duckdb, cell keys": lambda path: run_trustops(path, "duckdb", keyed=True),
    "trustops processes": lambda path: run_trustops(path, "processes"),
    "trustops reference": lambda path: run_trustops(path, "reference"),
    "polars + xdt (streaming)": lambda path: run_polars(path, "xdt"),
    "polars by zone (streaming)": lambda path: run_polars(path, "partition"),
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
    cpu = _cpu_seconds()
    started = time.perf_counter()
    found = CONTENDERS[name](path)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "cpu": _cpu_seconds() - cpu,
                      "peak_mib": _high_water_mib(), "base_mib": before, **found}))  # fmt: skip


def _cpu_seconds() -> float:
    """User and system seconds of this process, every thread included."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )  # the processes engine's workers are children
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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


def report(title: str, results: dict[str, dict[str, Any]], ours: str) -> None:
    """A table of the contenders: best wall time, CPU time of that run, highest peak memory,
    and the speed of ``ours`` against each (their time / ours: above 1 is faster)."""
    print(f"\n{title}")
    mine = results[ours]
    print(f"  {'contender':28} {'seconds':>8} {'CPU s':>7} {'peak MiB':>9} {'ours x':>7} "
          f"{'ours x CPU':>10}  groups  rejects")  # fmt: skip
    for name, found in results.items():
        print(f"  {name:28} {found['seconds']:8.2f} {found['cpu']:7.2f} "
              f"{found['peak_mib']:9.0f} {found['seconds'] / mine['seconds']:7.2f} "
              f"{found['cpu'] / mine['cpu']:10.2f}  {found['groups']:6}  "
              f"{found['rejects']:7}")  # fmt: skip


def verdict(results: dict[str, dict[str, Any]], ours: str, name: str, target: float) -> str:
    """One target: ``ours`` at least ``target`` times as fast as ``name`` (wall time)."""
    ratio = results[name]["seconds"] / results[ours]["seconds"]
    cpu = results[name]["cpu"] / results[ours]["cpu"]
    met = "met" if ratio >= target else "MISSED"
    return f"{ratio:.2f}x {name} (CPU {cpu:.2f}x; target >= {target}x: {met})"


def cell_keys(rows: int, parquet: Path, repeat: int) -> None:
    """(a) with and without cell keys: the cost of record keys and their sums."""
    write_parquet(rows, parquet)
    names = ["trustops duckdb", "trustops duckdb, cell keys"]
    results = measure_all(names, parquet, repeat)
    assert len({(r["groups"], r["interactions"]) for r in results.values()}) == 1, results
    report(f"(a) {rows:,} rows from Parquet, area x month, every metric, with and without cell "
           f"keys (best of {repeat})", results, "trustops duckdb")  # fmt: skip
    plain, keyed = (results[name] for name in names)
    cpu, wall = keyed["cpu"] / plain["cpu"], keyed["seconds"] / plain["seconds"]
    print(
        f"\nverdict: with cell keys {cpu:.2f}x the CPU time, {wall:.2f}x the wall time "
        f"(target <= 1.10x: {'met' if cpu <= 1.10 else 'MISSED'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows of part (a)")
    parser.add_argument("--jsonl-rows", type=int, default=1_000_000, help="rows of part (b)")
    parser.add_argument("--check-rows", type=int, default=200_000,
                        help="rows on which the references are checked against the reference "
                        "engine")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each contender, in turn; the best time counts")  # fmt: skip
    parser.add_argument("--no-pandas", action="store_true", help="leave pandas out of (a)")
    parser.add_argument("--no-row-engines", action="store_true",
                        help="leave the processes and reference engines out of (b)")  # fmt: skip
    parser.add_argument("--keys", action="store_true",
                        help="(a) only, the duckdb engine with and without a privacy key (cell "
                        "keys, METHODS §7; target: at most 1.10x the time without)")  # fmt: skip
    parser.add_argument("--child", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    rows, jsonl_rows, check_rows, repeat = args.rows, args.jsonl_rows, args.check_rows, args.repeat
    if args.smoke:
        rows, jsonl_rows, check_rows, repeat = 20_000, 20_000, 5_000, 1
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="trustops-engines-") as scratch:
        folder = Path(scratch)
        if args.keys:
            cell_keys(rows, folder / "interactions.parquet", repeat)
            return
        check_references(check_rows, folder)
        parquet = folder / "interactions.parquet"
        started = time.perf_counter()
        write_parquet(rows, parquet)
        print(f"(a) {rows:,} interactions in 50 areas written as Parquet in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        names = ["trustops duckdb", *POLARS, "DuckDB SQL by hand"]
        if not args.no_pandas:
            names.append("pandas")
        results = measure_all(names, parquet, repeat)
        counts = {(r["groups"], r["interactions"]) for r in results.values()}
        assert len(counts) == 1, f"the contenders disagree: {results}"
        report(f"(a) {rows:,} rows from Parquet, area x month, every metric (best of {repeat})",
               results, "trustops duckdb")  # fmt: skip
        best = min(POLARS, key=lambda name: results[name]["seconds"])
        verdicts.append(verdict(results, "trustops duckdb", best, 1.0))
        verdicts.append(verdict(results, "trustops duckdb", "DuckDB SQL by hand", 0.8))
        peak, theirs = results["trustops duckdb"]["peak_mib"], results[best]["peak_mib"]
        verdicts.append(f"peak {peak:.0f} MiB against {best}'s {theirs:.0f} MiB (target <=: "
                        f"{'met' if peak <= theirs else 'MISSED'})")  # fmt: skip
        if "pandas" in results:
            verdicts.append(verdict(results, "trustops duckdb", "pandas", 3.0))
        parquet.unlink()

        jsonl = folder / "interactions.jsonl"
        write_jsonl(generate(jsonl_rows, seed=11), jsonl, bad_every=max(jsonl_rows // 10, 2))
        engines = [] if args.no_row_engines else ["trustops processes", "trustops reference"]
        names = ["trustops duckdb", *engines, "polars read_ndjson"]
        results = measure_all(names, jsonl, repeat)
        ours = results["trustops duckdb"]
        for name in engines:
            assert (results[name]["groups"], results[name]["rejects"]) == (
                ours["groups"], ours["rejects"]), "the engines disagree"  # fmt: skip
        report(f"(b) from JSON Lines, {jsonl_rows:,} lines with {ours['rejects']} bad "
               f"(best of {repeat})", results, "trustops duckdb")  # fmt: skip
        verdicts.append(verdict(results, "trustops duckdb", "polars read_ndjson", 1.0))
        jsonl.unlink()
    print("\nverdict: the duckdb engine (validation on) at " + "; ".join(verdicts))


if __name__ == "__main__":
    main()
