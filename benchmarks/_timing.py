"""Small timing helpers shared by the benchmark scripts: best-of-N wall time, interleaved."""

from __future__ import annotations

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
