"""Speed of trustops.effects (METHODS §8) beside csdid, the Python port of R ``did``.

Times one estimate on the same panel (40 areas, 4 quarters) with each of trustops' inference
methods (the default small-sample one, with its simultaneous band from 999 bootstrap draws, and
R ``did``'s asymptotic one) against csdid with its bootstrap off, as ratios. How well the
intervals hold is measured by ``bench_effects_coverage.py``.

    python benchmarks/bench_effects.py            # 50 repeats
    python benchmarks/bench_effects.py --smoke    # a quick run for the quality gate
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import time
import warnings

from trustops.effects import INFERENCES, EffectPanel, estimate_effect

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


def speed(repeats: int) -> None:
    panel = programme(random.Random(1), 40, EFFECT)
    timings = {}
    for inference in INFERENCES:
        started = time.perf_counter()
        for _ in range(repeats):
            estimate_effect(panel, kind=KIND, outcome="score", inference=inference)
        timings[inference] = (time.perf_counter() - started) / repeats
    ours = timings["asymptotic"]
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
    print(f"one estimate on 40 areas x 4 periods; csdid (bootstrap off) {theirs * 1000:.1f} ms")
    for inference, seconds in timings.items():
        print(
            f"  trustops, {inference} inference: {seconds * 1000:.2f} ms "
            f"(csdid / trustops = {theirs / seconds:.1f}x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a quick run for the gate")
    arguments = parser.parse_args()
    speed(2 if arguments.smoke else 50)


if __name__ == "__main__":
    main()
