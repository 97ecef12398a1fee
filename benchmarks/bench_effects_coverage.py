"""Coverage study of initiative effects (METHODS §8): do the 95% intervals hold with few areas?

Simulated programmes with a planted effect, built as :class:`~trustops.effects.EffectPanel`
objects and estimated by :func:`~trustops.effects.estimate_effect`, exactly as a user's panel
would be. Each programme has ``N`` areas over 8 quarters; outcomes are an area level, a common
trend and AR(1) noise (ρ = 0.5) whose size differs between areas (σ from 0.5 to 2), and one
value in ten is missing (an unbalanced panel). Parallel trends hold by construction.

- ``start``: about 40% of the areas start the initiative, in staggered quarters (2nd to 6th);
  the effect at event time e ≥ 0 is ``2 + 0.5·e``.
- ``stop``: 70% of the areas run it from the first quarter and about half of those stop it in
  a staggered quarter; stopping lowers the outcome by ``1 + 0.5·e``.

For each method and number of areas the table gives the coverage of the pointwise 95%
intervals of ATT(e), e = 0..3, and of the overall effect, the coverage of the simultaneous band
(all event times −3..3 at once), the size of the pre-trend test (how often it rejects true
parallel trends at 5%), the share of programmes where it could be run, and the mean width of the overall effect's interval. The target for the
default inference is coverage 93–97% and size ≤ 7% from 16 areas up.

    python benchmarks/bench_effects_coverage.py            # 1,000 programmes per cell
    python benchmarks/bench_effects_coverage.py --smoke    # a few, to check it runs
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import table

from trustops.effects import INFERENCES, EffectPanel, estimate_effect

PERIODS = tuple(f"{2024 + q // 4}-Q{q % 4 + 1}" for q in range(8))
WINDOW = 3
KIND = "educational_workshop"


def effect(event: str, e: int) -> float:
    """The planted effect at event time ``e`` (0 before the event)."""
    if e < 0:
        return 0.0
    return 2 + 0.5 * e if event == "start" else -(1 + 0.5 * e)


def programme(areas: int, event: str, rng: random.Random) -> EffectPanel:
    """One simulated programme with the planted effect of ``event``."""
    width = len(PERIODS)
    names = [f"a{i:03d}" for i in range(areas)]
    outcomes: dict[str, tuple[float | None, ...]] = {}
    active: dict[str, tuple[bool, ...]] = {}
    trend = [rng.gauss(0, 1) + 0.3 * t for t in range(width)]
    for name in names:
        if event == "start":
            starts = rng.random() < 0.4
            cohort = rng.randint(2, 6) if starts else None
            flags = tuple(cohort is not None and t >= cohort for t in range(width))
        else:
            runs = rng.random() < 0.7
            stops = runs and rng.random() < 0.5
            cohort = rng.randint(2, 6) if stops else None
            flags = tuple(runs and (cohort is None or t < cohort) for t in range(width))
        active[name] = flags
        level, sigma = rng.gauss(50, 5), rng.uniform(0.5, 2.0)
        noise = rng.gauss(0, sigma)
        series: list[float | None] = []
        for t in range(width):
            noise = 0.5 * noise + math.sqrt(0.75) * rng.gauss(0, sigma)
            shift = effect(event, t - cohort) if cohort is not None else 0.0
            value = level + trend[t] + noise + shift
            series.append(None if rng.random() < 0.1 else value)
        outcomes[name] = tuple(series)
    return EffectPanel(
        periods=PERIODS, areas=tuple(names), outcomes={"y": outcomes}, active={KIND: active}
    )


class Tally:
    """Counts of one method's intervals that cover the truth, and tests that reject."""

    def __init__(self) -> None:
        self.covered = self.intervals = 0
        self.overall_covered = self.overall = 0
        self.band_covered = self.bands = 0
        self.rejected = self.tests = self.programmes = 0
        self.width = 0.0

    def add(self, panel: EffectPanel, event: str, inference: str, draws: int) -> None:
        result = estimate_effect(
            panel,
            kind=KIND,
            outcome="y",
            event=event,
            window=WINDOW,
            inference=inference,  # type: ignore[arg-type]
            draws=draws,
        )
        self.programmes += 1
        in_band = []
        for estimate in result.event_time:
            e = estimate.event_time
            if e is None or estimate.low is None or estimate.high is None:
                continue
            truth = effect(event, e)
            if e >= 0:
                self.intervals += 1
                self.covered += estimate.low <= truth <= estimate.high
            if estimate.band_low is not None and estimate.band_high is not None:
                in_band.append(estimate.band_low <= truth <= estimate.band_high)
        if in_band:
            self.bands += 1
            self.band_covered += all(in_band)
        overall = result.overall
        if overall.low is not None and overall.high is not None:
            truth = sum(effect(event, e) for e in range(WINDOW + 1)) / (WINDOW + 1)
            self.overall += 1
            self.overall_covered += overall.low <= truth <= overall.high
            self.width += overall.high - overall.low
        if result.pre_trend is not None:
            self.tests += 1
            self.rejected += result.pre_trend.p_value < 0.05

    def row(self) -> Iterator[str]:
        def share(part: int, whole: int) -> str:
            return f"{100 * part / whole:.1f}%" if whole else "—"

        yield share(self.covered, self.intervals)
        yield share(self.overall_covered, self.overall)
        yield share(self.band_covered, self.bands)
        yield share(self.rejected, self.tests)
        yield share(self.tests, self.programmes)
        yield f"{self.width / self.overall:.2f}" if self.overall else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a few programmes, to check it runs")
    parser.add_argument("--programmes", type=int, default=None, help="programmes per cell")
    parser.add_argument("--areas", default="16,40,100", help="numbers of areas, comma-separated")
    parser.add_argument("--draws", type=int, default=199, help="bootstrap draws for the band")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    count = args.programmes or (3 if args.smoke else 1000)
    sizes = [16] if args.smoke else [int(a) for a in args.areas.split(",")]
    rows: list[tuple[str, ...]] = []
    for event in ("start", "stop"):
        for areas in sizes:
            tallies = {inference: Tally() for inference in INFERENCES}
            rng = random.Random(f"{args.seed}-{event}-{areas}")
            for _ in range(count):
                panel = programme(areas, event, rng)
                for inference, tally in tallies.items():
                    tally.add(panel, event, inference, args.draws)
            for inference, tally in tallies.items():
                rows.append((event, str(areas), inference, *tally.row()))
            print(f"... {event}, {areas} areas done", file=sys.stderr, flush=True)
    print(f"{count} simulated programmes per row; target: coverage 93–97%, size ≤ 7%")
    print(
        table(
            [
                (
                    "event",
                    "areas",
                    "inference",
                    "ATT(e) cover",
                    "overall cover",
                    "band cover",
                    "pre-trend size",
                    "tested",
                    "overall width",
                ),
                *rows,
            ]
        )
    )


if __name__ == "__main__":
    main()
