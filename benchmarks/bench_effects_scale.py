"""Speed of trustops.effects at scale beside csdid and diff-diff (issue #23, METHODS §8).

One panel of 1,000 areas × 60 months with every initiative kind (each its own staggered
starts; a third of the areas never start it) and two outcomes. Each contender estimates
Callaway & Sant'Anna without covariates, never-treated comparison, varying base period,
event-time (dynamic) aggregation and the overall effect as the mean of ATT(e) for e ≥ 0:

- trustops ``estimate_effects`` with ``inference="asymptotic"`` (R ``did`` with the bootstrap
  off, plus the sup-t band from 999 multiplier draws, which trustops always computes), the
  same with ``draws=1`` (the band's cost taken out), and the default ``small_sample``
  inference (CR2 and Bell–McCaffrey degrees of freedom);
- csdid ``ATTgt(...).fit(est_method="dr", bstrap=False).aggte("dynamic", bstrap=False)``;
- diff-diff ``CallawaySantAnna(control_group="never_treated", base_period="varying",
  n_bootstrap=0).fit(aggregate="event_study")`` (its default ``estimation_method="dr"``).

Without covariates the doubly robust estimators reduce to trustops' difference of means, so
the overall effects must agree: the first round's are checked to 1e-6 and nothing is
reported when they do not (at full size one pass costs minutes, so it is not run twice).
Timings are best-of-N wall and CPU seconds, contenders alternating round by round, as ratios
to trustops (asymptotic). The sensitivity step (``EffectResult.sensitivity``, Rambachan & Roth) is timed
on its own for one estimate, stopped after ``--budget`` seconds: it is a separate call, not
part of ``estimate_effects``.

    python benchmarks/bench_effects_scale.py              # 1,000 areas x 60 months, best of 3
    python benchmarks/bench_effects_scale.py --smoke      # 40 areas x 6 months, for the gate
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import os
import platform
import random
import signal
import sys
import time
import warnings
from collections.abc import Callable
from importlib import metadata
from typing import Any

from _timing import table

from trustops.effects import (
    EffectPanel,
    EffectResult,
    EffectTable,
    estimate_effect,
    estimate_effects,
)
from trustops.model import InitiativeKind

KINDS = tuple(kind.value for kind in InitiativeKind)
OUTCOMES = ("trust_index", "reports_per_1000")
EFFECT = 2.5
TOLERANCE = 1e-6


def programme(rng: random.Random, areas: int, months: int) -> EffectPanel:
    """Every kind starts in its own staggered pattern (a third of the areas never start it);
    each outcome has an area level, a common trend, a shock per area and month (sd 2) and
    ``EFFECT`` (scaled per kind) once the first kind in the area has started."""
    names = [f"a{i:04d}" for i in range(areas)]
    active: dict[str, dict[str, tuple[bool, ...]]] = {}
    for shift, kind in enumerate(KINDS):
        active[kind] = {}
        for index, name in enumerate(names):
            position = index + shift
            start = None if position % 3 == 0 else 1 + (index + 5 * shift) % (months - 1)
            active[kind][name] = tuple(start is not None and t >= start for t in range(months))
    outcomes: dict[str, dict[str, tuple[float | None, ...]]] = {}
    for scale, outcome in enumerate(OUTCOMES, start=1):
        outcomes[outcome] = {}
        for name in names:
            level = rng.gauss(50, 8)
            treated = [any(active[kind][name][t] for kind in KINDS) for t in range(months)]
            outcomes[outcome][name] = tuple(
                level + scale * t / 10 + rng.gauss(0, 2) + (EFFECT * scale if treated[t] else 0.0)
                for t in range(months)
            )
    return EffectPanel(
        periods=tuple(f"{2020 + t // 12}-{t % 12 + 1:02d}" for t in range(months)),
        areas=tuple(names),
        outcomes=outcomes,
        active=active,
    )


def long_frame(panel: EffectPanel, kind: str, outcome: str) -> Any:
    """The panel as the long frame csdid and diff-diff read: first treated period (1-based,
    0 for never treated)."""
    import pandas as pd

    rows = []
    for unit, area in enumerate(panel.areas, start=1):
        flags = panel.active[kind][area]
        first = next((t + 1 for t, on in enumerate(flags) if on), 0)
        for t, value in enumerate(panel.series(outcome, area)):
            rows.append({"id": unit, "t": t + 1, "y": value, "g": first})
    return pd.DataFrame(rows)


def _quiet() -> contextlib.ExitStack:
    stack = contextlib.ExitStack()
    stack.enter_context(warnings.catch_warnings())
    warnings.simplefilter("ignore")  # csdid prints its summary and warns: keep it quiet
    stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
    return stack


def csdid_overall(frame: Any) -> float:
    from csdid.att_gt import ATTgt

    with _quiet():
        fitted = ATTgt(
            yname="y", gname="g", idname="id", tname="t", data=frame, control_group="nevertreated"
        ).fit(est_method="dr", bstrap=False)
        return float(fitted.aggte(typec="dynamic", bstrap=False).atte["overall_att"])


def diff_diff_overall(frame: Any) -> float:
    from diff_diff import CallawaySantAnna

    with _quiet():
        fitted = CallawaySantAnna(
            control_group="never_treated", base_period="varying", n_bootstrap=0
        ).fit(frame, outcome="y", unit="id", time="t", first_treat="g", aggregate="event_study")
    after = [effect["effect"] for e, effect in fitted.event_study_effects.items() if int(e) >= 0]
    return sum(after) / len(after)


Overalls = dict[tuple[str, str], float]


def best_of(
    runs: int, functions: dict[str, Callable[[], Overalls]]
) -> tuple[dict[str, tuple[float, float]], dict[str, Overalls]]:
    """Best wall and best CPU seconds of each function over ``runs`` interleaved rounds, and
    what each returned in the first round."""
    best = {name: (float("inf"), float("inf")) for name in functions}
    first: dict[str, Overalls] = {}
    for _ in range(runs):
        for name, function in functions.items():
            wall, cpu = time.perf_counter(), time.process_time()
            found = function()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
            first.setdefault(name, found)
            print(f"  {name}: {wall:.2f} s wall, {cpu:.2f} s cpu", flush=True)
    return best, first


def overalls(table_: EffectTable) -> Overalls:
    found = {}
    for result in table_:
        assert result.overall.att is not None
        found[result.kind, result.outcome] = result.overall.att
    return found


def sensitivity_seconds(result: EffectResult, budget: int, grid: int) -> str:
    """Wall and CPU time of the overall effect's sensitivity (``grid`` points and draws), or
    that it was stopped after ``budget`` seconds."""

    def stop(*_: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(budget)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        result.sensitivity(overall_only=True, points=grid, sims=grid)
    except TimeoutError:
        return f"stopped after {budget} s ({time.process_time() - cpu:.1f} s cpu)"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return f"{time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s cpu"


def run(areas: int, months: int, runs: int, budget: int, grid: int) -> bool:
    panel = programme(random.Random(1), areas, months)
    pairs = [(kind, outcome) for kind in KINDS for outcome in OUTCOMES]
    frames = {pair: long_frame(panel, *pair) for pair in pairs}

    def without_band() -> Overalls:
        return overalls(
            EffectTable(
                results=tuple(
                    estimate_effect(
                        panel, kind=kind, outcome=outcome, inference="asymptotic", draws=1
                    )
                    for kind, outcome in pairs
                )
            )
        )

    contenders: dict[str, Callable[[], Overalls]] = {
        "trustops asymptotic": lambda: overalls(
            estimate_effects(panel, events=["start"], inference="asymptotic")
        ),
        "diff-diff": lambda: {pair: diff_diff_overall(frames[pair]) for pair in pairs},
        "csdid": lambda: {pair: csdid_overall(frames[pair]) for pair in pairs},
        "trustops asymptotic, no band": without_band,
        "trustops small_sample": lambda: overalls(estimate_effects(panel, events=["start"])),
    }
    best, first = best_of(runs, contenders)
    ours = first["trustops asymptotic"]
    worst = {
        name: max(abs(found[pair] - ours[pair]) for pair in pairs)
        for name, found in first.items()
        if name != "trustops asymptotic"
    }
    print(
        f"panel: {areas} areas x {months} months, {len(KINDS)} kinds x {len(OUTCOMES)} "
        f"outcomes = {len(pairs)} estimates; overall ATT, largest gap to trustops asymptotic: "
        + ", ".join(f"{name} {gap:.1e}" for name, gap in worst.items())
        + f" (tolerance {TOLERANCE:.0e})"
    )
    if any(gap > TOLERANCE for gap in worst.values()):
        print("verdict: FAIL, the estimates disagree; no timing reported")
        return False
    reference_wall, reference_cpu = best["trustops asymptotic"]
    rows = [("contender", "wall s", "cpu s", "wall / trustops", "cpu / trustops")]
    for name, (wall, cpu) in best.items():
        rows.append(
            (
                name,
                f"{wall:.2f}",
                f"{cpu:.2f}",
                f"{wall / reference_wall:.2f}x",
                f"{cpu / reference_cpu:.2f}x",
            )
        )
    per_estimate = reference_wall / len(pairs)
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("csdid", "diff-diff", "numpy", "pandas")
    )
    print(
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, load {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
        f"Python {platform.python_version()}, {versions}; best of {runs}, alternating"
    )
    print(table(rows))
    sys.stdout.flush()
    result = estimate_effect(panel, kind=KINDS[0], outcome=OUTCOMES[0], inference="asymptotic")
    print(
        f"sensitivity of one overall effect ({grid} points and draws): "
        f"{sensitivity_seconds(result, budget, grid)} "
        f"(one estimate: {per_estimate:.2f} s wall)"
    )
    slowest = max(best["csdid"][0], best["diff-diff"][0])
    fastest = min(best["csdid"][0], best["diff-diff"][0])
    print(
        f"verdict: estimates agree; trustops (asymptotic) takes {reference_wall / fastest:.2f}x "
        f"the fastest reference's wall time and {reference_wall / slowest:.2f}x the slowest's"
    )
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="40 areas x 6 months, one round")
    parser.add_argument("--areas", type=int, default=1000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--budget", type=int, default=300, help="seconds allowed to the sensitivity step"
    )
    arguments = parser.parse_args()
    grid = 1000  # EffectResult.sensitivity's default points and sims
    if arguments.smoke:
        arguments.areas, arguments.months, arguments.runs, grid = 40, 6, 1, 100
    try:
        import csdid  # noqa: F401
        import diff_diff  # noqa: F401
    except ImportError as error:
        print(f"skipped: {error.name} is not installed (pip install -e '.[bench]')")
        return
    if not run(arguments.areas, arguments.months, arguments.runs, arguments.budget, grid):
        sys.exit(1)


if __name__ == "__main__":
    main()
