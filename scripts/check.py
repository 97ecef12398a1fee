"""Run every quality gate of trustops, in order, and fail if any fails.

This is the README's test command and what CI runs. Each step runs even when an earlier one
failed, so one run shows everything that needs fixing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def steps() -> list[tuple[str, list[str]]]:
    build = Path(tempfile.mkdtemp(prefix="trustops-docs-"))
    found = [
        ("ruff check", [PY, "-m", "ruff", "check", "."]),
        ("ruff format", [PY, "-m", "ruff", "format", "--check", "."]),
        ("mypy --strict", [PY, "-m", "mypy", "--strict", "src", "tests/typing"]),
        (
            "pytest",
            [
                PY,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "--cov=trustops",
                "--cov-branch",
                "--cov-report=term-missing:skip-covered",
                "--cov-fail-under=95",
                "--doctest-modules",
                "--ignore=tests/typing",  # type-checked by mypy, never run
                "tests",
                "src/trustops",
            ],
        ),
        (
            "sphinx html",
            [
                PY,
                "-m",
                "sphinx",
                "-n",
                "-W",
                "--keep-going",
                "-q",
                "-b",
                "html",
                "docs",
                str(build / "html"),
            ],
        ),
        (
            "sphinx doctest",
            [
                PY,
                "-m",
                "sphinx",
                "-n",
                "-W",
                "--keep-going",
                "-q",
                "-b",
                "doctest",
                "docs",
                str(build / "doctest"),
            ],
        ),
    ]
    for example in sorted((ROOT / "examples").glob("*.py")):
        found.append((f"example {example.name}", [PY, str(example)]))
    for bench in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        found.append((f"benchmark smoke {bench.name}", [PY, str(bench), "--smoke"]))
    return found


def preflight() -> str | None:
    """What the gates need that pip cannot install, checked before anything starts.

    The Spark tests need a Java runtime: without one they would fail slowly, one Spark
    gateway traceback at a time. Returns the problem, or ``None``.
    """
    try:
        from trustops.engines.spark import require_java
    except ImportError as error:  # trustops itself is not installed here
        return f"trustops is not installed in {PY}: {error}"
    try:
        require_java()
    except Exception as error:  # JavaMissingError, or pyspark missing from the install
        return str(error)
    return None


def main() -> int:
    problem = preflight()
    if problem is not None:
        print(f"cannot run the checks: {problem}", file=sys.stderr)
        return 2
    env = dict(
        os.environ,
        PYTHONHASHSEED="0",
        HYPOTHESIS_PROFILE=os.environ.get("HYPOTHESIS_PROFILE", "ci"),
    )
    failed: list[str] = []
    for name, command in steps():
        print(f"\n=== {name}", flush=True)
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="trustops-step-") as scratch:
            cwd = scratch if name.startswith("example") else ROOT
            code = subprocess.call(command, cwd=cwd, env=env)
        print(
            f"=== {name}: {'ok' if code == 0 else f'FAILED ({code})'} "
            f"in {time.perf_counter() - started:.1f}s",
            flush=True,
        )
        if code != 0:
            failed.append(name)
    print()
    if failed:
        print("FAILED: " + ", ".join(failed))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
