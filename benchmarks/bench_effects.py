"""Coverage and speed of trustops.effects (METHODS §8).

Simulates many programmes with staggered starts, parallel trends and a known effect, and
reports how often the 95% interval of the overall effect covers it, how often a planted zero
is called significant, and how often the pre-trend test rejects true parallel trends, at
12, 16 and 40 areas. Then times one estimate against csdid (the Python port of R ``did``)
on the same panel, as a ratio.

    python benchmarks/bench_effects.py            # 2,000 programmes per size
    python benchmarks/bench_effects.py --smoke    # a quick run for the quality gate
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import time
import warnings

from trustops.effects import EffectPanel, estimate_effect

KIND = "educational_workshop"
EFFECT = 2.5


def programme(rng: random.Random, areas: int, effect: float, periods: int = 4) -> EffectPanel:
    """A third of the areas never start; the others start in periods 1..T−1. Each area has its
    own level, every area the same trend, and each area and period a shock (sd 2)."""
    names = [f"a{i:03d}" for i in range(areas)]
    outcomes = {}
    active = {}
    for index, name in enumerate(names):
        start = None if index % 3 == 0 else 1 + index % (periods - 1)
        level = rng.gauss(50, 8)
        flags = tuple(start is not None and t >= start for t in range(periods))
        outcomes[name] = tuple(
            level + t + rng.gauss(0, 2) + (effect if flags[t] else 0.0) for t in range(periods)
        )
        active[name] = flags
    return EffectPanel(
        periods=tuple(f"P{t}" for t in range(periods)),
        areas=tuple(names),
        outcomes={"score": outcomes},
        active={KIND: active},
    )


def simulate(areas: int, runs: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    covered = false_positive = pre_rejected = pre_tested = 0
    for _ in range(runs):
        planted = estimate_effect(programme(rng, areas, EFFECT), kind=KIND, outcome="score")
        low, high = planted.overall.low, planted.overall.high
        covered += low is not None and high is not None and low <= EFFECT <= high
        null = estimate_effect(programme(rng, areas, 0.0), kind=KIND, outcome="score")
        false_positive += bool(null.overall.significant)
        if null.pre_trend is not None:
            pre_tested += 1
            pre_rejected += null.pre_trend.flagged
    return {
        "coverage": covered / runs,
        "false_positive": false_positive / runs,
        "pre_trend_rejection": pre_rejected / max(pre_tested, 1),
    }


def speed(repeats: int) -> None:
    panel = programme(random.Random(1), 40, EFFECT)
    started = time.perf_counter()
    for _ in range(repeats):
        estimate_effect(panel, kind=KIND, outcome="score")
    ours = (time.perf_counter() - started) / repeats
    try:
        import pandas as pd
        from csdid.att_gt import ATTgt
    except ImportError:
        print(f"trustops: {ours * 1000:.2f} ms per estimate (csdid not installed)")
        return
    rows = []
    for unit, area in enumerate(panel.areas, start=1):
        flags = panel.active[KIND][area]
        first = next((t for t, on in enumerate(flags) if on), None)
        for t, value in enumerate(panel.outcomes["score"][area]):
            rows.append(
                {"id": unit, "t": t + 1, "y": value, "g": 0 if first is None else first + 1}
            )
    frame = pd.DataFrame(rows)
    started = time.perf_counter()
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")  # csdid prints its summary and warns: keep it quiet
        for _ in range(repeats):
            ATTgt(yname="y", gname="g", idname="id", tname="t", data=frame).fit(
                est_method="dr", bstrap=False
            ).aggte(typec="dynamic", bstrap=False)
    theirs = (time.perf_counter() - started) / repeats
    print(
        f"one estimate on 40 areas x 4 periods: trustops {ours * 1000:.2f} ms, csdid "
        f"{theirs * 1000:.1f} ms (csdid / trustops = {theirs / ours:.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a quick run for the gate")
    parser.add_argument("--runs", type=int, default=2000)
    arguments = parser.parse_args()
    runs = 20 if arguments.smoke else arguments.runs
    print(f"{runs} simulated programmes per size, 4 quarters, true effect {EFFECT}")
    print(f"{'areas':>6} {'coverage':>9} {'zero called significant':>24} {'pre-trend rejects':>18}")
    for areas in (12, 16, 40):
        found = simulate(areas, runs, seed=areas)
        print(
            f"{areas:>6} {found['coverage']:>9.3f} {found['false_positive']:>24.3f} "
            f"{found['pre_trend_rejection']:>18.3f}"
        )
    speed(2 if arguments.smoke else 50)


if __name__ == "__main__":
    main()
