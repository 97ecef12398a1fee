"""Benchmark: how the duckdb engine's time and memory grow with rows and with groups.

    python benchmarks/bench_growth.py                           # 1M, 10M, 30M rows x 10, 1,000, 100,000 groups
    python benchmarks/bench_growth.py --rows 1000000,10000000   # some sizes only
    python benchmarks/bench_growth.py --smoke                   # tiny sizes in seconds

Each cell counts every metric by area (one group per area, no period) from one Parquet file
of generated interactions (those of ``bench_engines.py``, in as many areas as groups), with
validation on, in a fresh subprocess: best wall time of ``--repeat`` runs, its CPU time (every
thread), and the highest peak resident set size above the interpreter's own. Rows cost time
in DuckDB's scan and aggregations; groups cost memory in the per-group statistics and time in
the Python step that finishes each group, so the table shows where each bends. Generating
30M rows takes minutes; the files are deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engines import write_parquet


def run_child(path: str, groups: int) -> None:
    """Count ``path`` by area with the duckdb engine; print seconds, CPU and peak, as JSON."""
    import _metrics_data as data
    from bench_engines import _cpu_seconds, _high_water_mib

    from trustops.engines import engagement_table

    areas = data.areas(groups)
    before, cpu, started = _high_water_mib(), _cpu_seconds(), time.perf_counter()
    found = engagement_table(path, engine="duckdb", by=["area"], areas=areas)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "cpu": _cpu_seconds() - cpu,
                      "peak_mib": _high_water_mib() - before, "groups": len(found.table),
                      "rejects": len(found.rejects)}))  # fmt: skip


def measure(path: Path, groups: int, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path), str(groups)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode:
            raise SystemExit(f"the count failed:\n{done.stderr[-2000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = dict(min(runs, key=lambda run: run["seconds"]))
    best["peak_mib"] = max(run["peak_mib"] for run in runs)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000000,10000000,30000000", help="comma-separated")
    parser.add_argument("--groups", default="10,1000,100000", help="comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each cell; best counts")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check it runs")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "GROUPS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child[0], int(args.child[1]))
        return
    sizes = [int(size) for size in args.rows.split(",")]
    group_counts = [int(count) for count in args.groups.split(",")]
    if args.smoke:
        sizes, group_counts = [5_000, 10_000], [10, 100]
    print(f"{'rows':>12} {'groups':>8} {'seconds':>8} {'CPU s':>7} {'ns/row':>7} "
          f"{'peak MiB':>9}")  # fmt: skip
    worst = None
    with tempfile.TemporaryDirectory(prefix="trustops-growth-") as scratch:
        path = Path(scratch) / "interactions.parquet"
        for rows in sizes:
            for groups in group_counts:
                write_parquet(rows, path, seed=rows + groups, areas=groups)
                found = measure(path, groups, args.repeat)
                assert found["groups"] <= groups, found
                assert not found["rejects"], found
                per_row = found["seconds"] / rows * 1e9
                print(f"{rows:>12,} {groups:>8,} {found['seconds']:8.2f} {found['cpu']:7.2f} "
                      f"{per_row:7.0f} {found['peak_mib']:9.0f}", flush=True)  # fmt: skip
                if worst is None or per_row > worst[0]:
                    worst = (per_row, rows, groups)
                path.unlink()
    assert worst is not None
    print(
        f"verdict: every cell counted; slowest per row at {worst[1]:,} rows and "
        f"{worst[2]:,} groups ({worst[0]:.0f} ns/row)"
    )


if __name__ == "__main__":
    main()
