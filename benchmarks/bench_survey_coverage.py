"""Coverage study of survey intervals (METHODS §5a): does the 95% interval of a weighted mean
hold when respondents are clustered?

Each simulated survey is a stratified two-stage cluster sample: 4 strata (areas) with
population shares 0.4, 0.3, 0.2 and 0.1; in each stratum an equal share of the PSUs (streets),
and in each PSU 6 to 14 respondents. A respondent's answer (0–100 scale) is
``μ_h + u_i + e_ij`` with stratum means μ_h of 55, 60, 65 and 70, a street effect
``u_i ~ N(0, ρ·20²)`` and an individual one ``e_ij ~ N(0, (1 − ρ)·20²)``, so the intra-cluster
correlation is exactly ρ (the ICC) and the total standard deviation 20. Design weights are the
stratum's population share over its sample size, times a random factor from 0.5 to 2 per
respondent (non-response adjustments), so weights vary within strata too. The truth is the
population mean ``Σ_h W_h μ_h`` = 60.

For each number of PSUs and ICC the table gives how often the 95% interval covers the truth,
its mean width, and the mean design effect of the clustering (the design variance over the
independent one):

- ``design``: :func:`trustops.stats.design_mean` with the strata and PSUs declared (Taylor
  linearisation, Student's t on PSUs − strata degrees of freedom);
- ``independent``: :func:`trustops.stats.weighted_mean`, responses treated as independent with
  Kish's effective n and a normal interval — what trustops published before designs.

The target for the design interval is coverage 93–97%.

A second table does the same through the survey scores users read: each answer becomes a
0–10 item (``round(x/10)``, kept within 0–10), the responses are
:class:`~trustops.model.SurveyResponse` objects with their ``weight``, ``stratum`` and ``psu``,
and the interval is that of ``mean_score`` from :func:`trustops.scoring.survey_scores`
(``weighting="design"``), with the design declared or with ``stratum`` and ``psu`` left out
(independent responses, Kish's effective n). Its truth is the expected score of the rounded
answers, ``Σ_h W_h · 10 · E[round(x/10)]``, computed from the normal distribution.

    python benchmarks/bench_survey_coverage.py            # 2,000 surveys per cell (1,000 scored)
    python benchmarks/bench_survey_coverage.py --smoke    # a few, to check it runs
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

import attrs
import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import table

from trustops import SurveyInstrument, SurveyItem, SurveyResponse
from trustops.privacy import NO_SUPPRESSION
from trustops.scoring import survey_scores
from trustops.stats import design_mean, weighted_mean

SHARES = (0.4, 0.3, 0.2, 0.1)
MEANS = (55.0, 60.0, 65.0, 70.0)
TRUTH = math.fsum(w * m for w, m in zip(SHARES, MEANS, strict=True))
SD = 20.0


class Survey:
    """One simulated sample: answers, weights, strata and PSUs, one entry per respondent."""

    def __init__(self, psus: int, icc: float, rng: random.Random) -> None:
        self.values: list[float] = []
        self.weights: list[float] = []
        self.strata: list[int] = []
        self.psus: list[int] = []
        per_stratum = psus // len(SHARES)
        sizes = [[rng.randint(6, 14) for _ in range(per_stratum)] for _ in SHARES]
        between, within = SD * math.sqrt(icc), SD * math.sqrt(1 - icc)
        psu = 0
        for stratum, (share, mean) in enumerate(zip(SHARES, MEANS, strict=True)):
            sampled = sum(sizes[stratum])
            for size in sizes[stratum]:
                street = rng.gauss(0, between)
                for _ in range(size):
                    self.values.append(mean + street + rng.gauss(0, within))
                    self.weights.append(share / sampled * rng.uniform(0.5, 2.0))
                    self.strata.append(stratum)
                    self.psus.append(psu)
                psu += 1


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _expected_item(mean: float) -> float:
    """``E[min(max(round(x/10), 0), 10)]`` for ``x ~ N(mean, SD²)``."""
    below = [_normal_cdf((10 * k + 5 - mean) / SD) for k in range(10)]  # P(round(x/10) ≤ k)
    return math.fsum(1 - p for p in below)  # E[a] = Σ_{k=0}^{9} P(a > k)


SCORE_TRUTH = math.fsum(w * 10 * _expected_item(m) for w, m in zip(SHARES, MEANS, strict=True))
"""The expected mean score (0–100) of the answers as a 0–10 item."""
INSTRUMENT = SurveyInstrument(
    id="pulse",
    name="Pulse",
    items=(SurveyItem(id="t", construct="trust", text="I trust them.", scale_min=0, scale_max=10),),
)
WHEN = pendulum.datetime(2026, 3, 2, tz="UTC")


class Tally:
    """Coverage, width and design effect of one method over many surveys."""

    def __init__(self, truth: float = TRUTH) -> None:
        self.truth = truth
        self.covered = self.surveys = 0
        self.width = self.deff = 0.0

    def add(self, low: float, high: float, deff: float) -> None:
        self.surveys += 1
        self.covered += low <= self.truth <= high
        self.width += high - low
        self.deff += deff

    def row(self) -> tuple[str, str, str]:
        return (
            f"{100 * self.covered / self.surveys:.1f}%",
            f"{self.width / self.surveys:.2f}",
            f"{self.deff / self.surveys:.2f}",
        )


def run(psus: int, icc: float, count: int, seed: int) -> dict[str, Tally]:
    """``count`` surveys of ``psus`` PSUs at ICC ``icc``, each scored both ways."""
    rng = random.Random(f"{seed}-{psus}-{icc}")
    tallies = {"design": Tally(), "independent": Tally()}
    for _ in range(count):
        survey = Survey(psus, icc, rng)
        declared = design_mean(
            survey.values, survey.weights, strata=survey.strata, psus=survey.psus
        )
        plain = weighted_mean(survey.values, survey.weights)
        deff = declared.variance / plain.se**2
        tallies["design"].add(declared.low, declared.high, deff)
        tallies["independent"].add(plain.interval.low, plain.interval.high, deff)
    return tallies


def run_scores(psus: int, icc: float, count: int, seed: int) -> dict[str, Tally]:
    """``count`` surveys as :class:`SurveyResponse` objects, each scored by ``survey_scores``
    with the design declared and without it."""
    rng = random.Random(f"{seed}-scores-{psus}-{icc}")
    tallies = {"design": Tally(SCORE_TRUTH), "independent": Tally(SCORE_TRUTH)}
    for _ in range(count):
        survey = Survey(psus, icc, rng)
        declared = [
            SurveyResponse(
                id=f"r{index}",
                instrument_id="pulse",
                area_id="town",
                collected_at=WHEN,
                answers={"t": min(max(round(value / 10), 0), 10)},
                weight=weight,
                stratum=f"h{stratum}",
                psu=f"p{psu}",
            )
            for index, (value, weight, stratum, psu) in enumerate(
                zip(survey.values, survey.weights, survey.strata, survey.psus, strict=True)
            )
        ]
        plain = [attrs.evolve(response, stratum=None, psu=None) for response in declared]
        rows = {}
        for method, responses in (("design", declared), ("independent", plain)):
            table = survey_scores(
                INSTRUMENT, responses, by=(), weighting="design", policy=NO_SUPPRESSION
            )
            rows[method] = table.rows[0]
        deff = (rows["design"].mean_score.se / rows["independent"].mean_score.se) ** 2
        for method, row in rows.items():
            interval = row.mean_score.interval
            tallies[method].add(interval.low, interval.high, deff)
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a few surveys, to check it runs")
    parser.add_argument("--surveys", type=int, default=None, help="surveys per cell")
    parser.add_argument("--psus", default="20,60", help="numbers of PSUs, comma-separated")
    parser.add_argument("--icc", default="0,0.05,0.2", help="intra-cluster correlations")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    count = args.surveys or (20 if args.smoke else 2000)
    sizes = [20] if args.smoke else [int(p) for p in args.psus.split(",")]
    iccs = [0.05] if args.smoke else [float(i) for i in args.icc.split(",")]
    rows: list[tuple[str, ...]] = []
    for psus in sizes:
        for icc in iccs:
            for method, tally in run(psus, icc, count, args.seed).items():
                rows.append((str(psus), f"{icc:g}", method, *tally.row()))
            print(f"... {psus} PSUs, ICC {icc:g} done", file=sys.stderr, flush=True)
    print(
        f"{count} simulated surveys per row (4 strata, 6–14 respondents per PSU, unequal "
        "weights); truth 60; target coverage 93–97%"
    )
    print(table([("PSUs", "ICC", "interval", "coverage", "mean width", "mean deff"), *rows]))
    scored = max(count // 2, 5)
    rows = []
    for psus in sizes:
        for icc in iccs:
            for method, tally in run_scores(psus, icc, scored, args.seed).items():
                rows.append((str(psus), f"{icc:g}", method, *tally.row()))
            print(f"... mean_score, {psus} PSUs, ICC {icc:g} done", file=sys.stderr, flush=True)
    print(
        f"\nmean_score of survey_scores (a 0–10 item), {scored} surveys per row; truth "
        f"{SCORE_TRUTH:.2f}"
    )
    print(table([("PSUs", "ICC", "mean_score", "coverage", "mean width", "mean deff"), *rows]))


if __name__ == "__main__":
    main()
