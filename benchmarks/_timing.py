"""Small timing helpers shared by the benchmark scripts: best-of-N wall time, interleaved."""

from __future__ import annotations

import contextlib
import gc
import importlib.metadata
import os
import platform
import time
from collections.abc import Callable
from typing import Any


def best_of(runs: int, functions: dict[str, Callable[[], Any]]) -> dict[str, float]:
    """Run each function ``runs`` times, interleaved round by round; return the best seconds."""
    best = {name: float("inf") for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def table(rows: list[tuple[str, ...]]) -> str:
    """A plain aligned text table; the first row is the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def best_of_both(
    runs: int, functions: dict[str, Callable[[], Any]]
) -> dict[str, tuple[float, float]]:
    """Like :func:`best_of`, but the best wall seconds *and* the best CPU seconds of each.

    On a shared machine wall time counts other processes' turns too; CPU time counts only
    this one's. Each run starts after a full garbage collection, so no contender pays for the
    garbage of the one before it.
    """
    best = {name: (float("inf"), float("inf")) for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            function()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def machine() -> str:
    """Cores, load average and the versions that matter, for the line beside a figure."""
    versions = []
    for package in ("pydantic", "pydantic-core", "orjson", "attrs", "cattrs", "pendulum"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{package} {importlib.metadata.version(package)}")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, load average {load}; Python {platform.python_version()}, "
        + ", ".join(versions)
    )
