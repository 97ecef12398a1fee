"""Run every quality gate of trustops and fail if any fails.

This is the README's test command and what CI runs. Each step runs even when another one
failed, so one run shows everything that needs fixing. The steps are independent, so they run
two at a time where there are two cores (``TRUSTOPS_CHECK_JOBS`` sets how many; 1 runs them one
after the other, in order, with their output as it comes); each step's output is printed whole
when it ends, with its wall and CPU time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
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


def jobs() -> int:
    """How many steps run at once: ``TRUSTOPS_CHECK_JOBS``, else two where there are two cores.

    The steps are independent (pytest runs on one core; Sphinx, the examples and the benchmark
    smokes take the other), so on two cores the whole check takes about as long as pytest.
    """
    raw = os.environ.get("TRUSTOPS_CHECK_JOBS", "")
    if raw:
        return max(1, int(raw))
    return max(1, min(2, os.cpu_count() or 1))


Done = tuple[int, float, float, str]
"""A step's exit code, wall seconds, CPU seconds (its processes, children included), output."""


def run(name: str, command: list[str], env: dict[str, str], *, stream: bool) -> Done:
    """Run one step in its own folder; its output streamed, or kept to be printed whole."""
    started = time.perf_counter()
    if not stream:
        print(f"=== {name}: started", flush=True)
    with (
        tempfile.TemporaryDirectory(prefix="trustops-step-") as scratch,
        tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log,
    ):
        cwd = scratch if name.startswith("example") else ROOT
        out = None if stream else log
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, time.perf_counter() - started, cpu, text


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
    found = steps()
    width = jobs()
    # the longest step starts first, so the others run beside it
    order = sorted(found, key=lambda step: step[0] != "pytest") if width > 1 else found
    print(f"{len(found)} steps, {width} at a time", flush=True)
    results: dict[str, Done] = {}
    started = time.perf_counter()
    if width == 1:
        for name, command in order:
            print(f"\n=== {name}", flush=True)
            results[name] = run(name, command, env, stream=True)
            _finished(name, results[name])
    else:
        with ThreadPoolExecutor(max_workers=width) as pool:
            running = {
                pool.submit(run, name, command, env, stream=False): name for name, command in order
            }
            for future in as_completed(running):
                name = running[future]
                results[name] = future.result()
                print(f"\n=== {name}", flush=True)
                print(results[name][3], end="", flush=True)
                _finished(name, results[name])
    failed = [name for name, _ in found if results[name][0] != 0]
    wall = time.perf_counter() - started
    cpu = sum(done[2] for done in results.values())
    print(f"\n{len(found)} steps in {wall:.1f}s wall, {cpu:.1f}s CPU ({width} at a time)")
    if failed:
        print("FAILED: " + ", ".join(failed))
        return 1
    print("all checks passed")
    return 0


def _finished(name: str, done: Done) -> None:
    code, wall, cpu, _ = done
    print(
        f"=== {name}: {'ok' if code == 0 else f'FAILED ({code})'} in {wall:.1f}s ({cpu:.1f}s CPU)",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
