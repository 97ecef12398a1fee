"""Benchmark: engagement metrics by area x month, trustops against pandas and polars.

    python benchmarks/bench_metrics.py            # full: 1M interactions, scaling to 3M
    python benchmarks/bench_metrics.py --smoke    # a tiny size in seconds (what CI runs)

(a) from in-memory objects: ``engagement_table`` on a list of interactions against the same
    metrics hand-written with a pandas groupby, starting from a DataFrame (target >= 2x);
(b) end to end from a JSON Lines file: ``read_jsonl`` + ``engagement_table`` (one process) and
    the ``processes`` engine (one process per CPU, accumulators merged) against
    ``pandas.read_json(lines=True)`` + groupby (target >= 1.5x) and polars ``read_ndjson`` +
    ``group_by`` (the upper reference);
(c) peak memory of (b), each engine alone in a subprocess (peak resident set size above the
    size after imports; Linux only);
and the time of (a) at growing sizes, to show linear growth. The same deterministic data
(~50 areas in 15 time zones, 12 months of 2025) is generated here for every engine, and the
trustops and pandas results are checked to agree before any time is reported.
"""

from __future__ import annotations

import argparse
import gc
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _metrics_data as data
import _metrics_pandas as by_pandas
import pandas as pd

from trustops import Interaction
from trustops.engines import EngineResult
from trustops.engines import engagement_table as engine_table
from trustops.io import read_jsonl, write_jsonl
from trustops.metrics import METRIC_NAMES, EngagementTable, engagement_table

_R = TypeVar("_R")


def best_of(repeat: int, work: Callable[[], _R]) -> tuple[float, _R]:
    """The fastest of ``repeat`` runs (wall clock, garbage collected first) and the result."""
    best, result = math.inf, None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def trustops_table(interactions: Any) -> EngagementTable:
    return engagement_table(interactions, by=["area"], period="month", areas=data.areas())


def trustops_parallel(path: Path) -> EngineResult:
    return engine_table(path, engine="processes", by=["area"], period="month", areas=data.areas())


def pandas_from_jsonl(path: Path) -> pd.DataFrame:
    frame = pd.read_json(path, lines=True, dtype=False)
    for column in ("occurred_at", "observed_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    return by_pandas.metrics(frame, data.areas())


def polars_from_jsonl(path: Path) -> Any:
    import _metrics_polars

    return _metrics_polars.metrics_from_ndjson(path, data.areas())


def check_agreement(table: EngagementTable, reference: pd.DataFrame) -> None:
    """Stop the benchmark if trustops and pandas disagree on any metric of any row."""
    if len(table) != len(reference):
        raise SystemExit(f"row counts differ: trustops {len(table)}, pandas {len(reference)}")
    rows = reference.to_dict("index")
    for row in table:
        expected = rows[row.keys["area"], pd.Period(str(row.keys["period"]), "M")]
        for name in METRIC_NAMES:
            value, want = row.metric(name).value, expected[name]
            missing = want is None or (isinstance(want, float) and math.isnan(want))
            if (value is None) != missing or (
                value is not None and not math.isclose(value, want, rel_tol=1e-9, abs_tol=1e-9)
            ):
                raise SystemExit(f"{row.keys} {name}: trustops {value!r}, pandas {want!r}")


def _resident_kib(field: str) -> int:
    """``VmRSS`` or ``VmHWM`` (peak) of this process, in KiB, from ``/proc/self/status``."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"no {field} in /proc/self/status")  # pragma: no cover


def child(engine: str, path: Path) -> None:
    """Run one engine on ``path`` and print: KiB after imports, peak KiB at the end, seconds.

    ``ru_maxrss`` would include the parent's peak (it survives fork and exec), so the peak is
    reset through ``/proc/self/clear_refs`` (Linux) and read from ``VmHWM``.
    """
    import polars  # noqa: F401  (imported by every child, so the baselines compare)

    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")  # reset the peak resident set size to the current one
    baseline = _resident_kib("VmRSS")
    started = time.perf_counter()
    if engine == "trustops":
        trustops_table(read_jsonl(path, Interaction))
    elif engine == "pandas":
        pandas_from_jsonl(path)
    else:
        polars_from_jsonl(path)
    elapsed = time.perf_counter() - started
    print(baseline, _resident_kib("VmHWM"), elapsed)


def peak_memory(engine: str, path: Path) -> tuple[float, float]:
    """Peak resident memory above the post-import baseline (MiB) and time of one engine."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", engine, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    baseline, peak, elapsed = int(output[0]), int(output[1]), float(output[2])
    return (peak - baseline) / 1024, elapsed


Line = tuple[str, str, float, str, float, float | None]


def in_memory(size: int, repeat: int, path: Path) -> Line:
    """Part (a) at ``size`` interactions; also writes them to ``path`` for part (b)."""
    started = time.perf_counter()
    log = list(data.interactions(size))
    frame = by_pandas.frame(log)
    print(f"{size:,} interactions, {len(data.areas())} areas, generated in "
          f"{time.perf_counter() - started:.1f} s\n")  # fmt: skip
    ours, table = best_of(repeat, lambda: trustops_table(log))
    theirs, reference = best_of(repeat, lambda: by_pandas.metrics(frame, data.areas()))
    check_agreement(table, reference)
    write_jsonl(log, path)
    return ("(a) in memory, area x month", "trustops", ours, "pandas", theirs, 2.0)


def compare(size: int, repeat: int) -> tuple[list[Line], dict[str, tuple[float, float]]]:
    """Parts (a), (b) and (c) at ``size`` interactions."""
    with tempfile.TemporaryDirectory(prefix="trustops-bench-") as scratch:
        path = Path(scratch) / "interactions.jsonl"
        lines = [in_memory(size, repeat, path)]
        gc.collect()
        ours_file, serial = best_of(repeat, lambda: trustops_table(read_jsonl(path, Interaction)))
        ours_parallel, found = best_of(repeat, lambda: trustops_parallel(path))
        assert found.table == serial, "the parallel and serial tables disagree"
        pandas_file, _ = best_of(repeat, lambda: pandas_from_jsonl(path))
        polars_file, _ = best_of(repeat, lambda: polars_from_jsonl(path))
        lines.append(("(b) from JSONL", "trustops", ours_file, "pandas", pandas_file, 1.5))
        lines.append(("(b) from JSONL", "trustops", ours_file, "polars", polars_file, None))
        label = f"(b) from JSONL, {found.workers} processes"
        lines.append((label, "trustops", ours_parallel, "pandas", pandas_file, 1.5))
        lines.append((label, "trustops", ours_parallel, "polars", polars_file, None))
        memory = {engine: peak_memory(engine, path) for engine in ("trustops", "pandas", "polars")}
    return lines, memory


def time_in_memory(size: int, repeat: int) -> float:
    """The best time of (a) for trustops alone at ``size`` interactions."""
    gc.collect()
    log = list(data.interactions(size))
    return best_of(repeat, lambda: trustops_table(log))[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny size, in seconds")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scaling", default="100000,1000000,3000000")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    size, repeat = (3_000, 1) if args.smoke else (args.size, args.repeat)
    scaling = [1_000, 3_000] if args.smoke else [int(n) for n in args.scaling.split(",")]

    lines, memory = compare(size, repeat)
    print(f"{'comparison':36} {'trustops s':>11} {'other':>8} {'other s':>9} "
          f"{'speed-up':>9} {'target':>7}")  # fmt: skip
    for what, _, mine, other, seconds, target in lines:
        goal = "" if target is None else f">= {target:g}x"
        print(f"{what:36} {mine:11.3f} {other:>8} {seconds:9.3f} {seconds / mine:8.2f}x "
              f"{goal:>7}")  # fmt: skip
    print("\n(c) peak memory of (b) above the post-import baseline, each in a subprocess")
    for engine, (mib, seconds) in memory.items():
        print(f"    {engine:9} {mib:9.1f} MiB   ({seconds:.2f} s)")

    print("\ntrustops (a) at growing sizes")
    for n in scaling:
        seconds = time_in_memory(n, 1 if n > 1_000_000 else repeat)
        print(f"    {n:>10,} interactions {seconds:8.3f} s  {seconds / n * 1e6:6.2f} µs each")


if __name__ == "__main__":
    main()
