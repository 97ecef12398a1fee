"""Speed of the Taylor-linearised variance (METHODS §5a) beside samplics.

One stratified cluster sample: 100,000 responses in 500 PSUs and 50 strata (10 PSUs per
stratum), unequal weights and a street effect. :func:`trustops.stats.design_mean` takes plain
Python sequences (the standard library only); samplics' ``TaylorEstimator(PopParam.mean)``
takes numpy arrays. Each is timed from its own input form, best of N runs, interleaved, and the
two standard errors are checked to agree to 1e-9 first.

    python benchmarks/bench_survey_speed.py            # 100,000 responses, best of 5
    python benchmarks/bench_survey_speed.py --smoke    # 5,000 responses, to check it runs
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_of, table

from trustops.stats import design_mean


def make_sample(responses: int, psus: int, strata: int, seed: int = 1) -> dict[str, Any]:
    """``responses`` answers spread over ``psus`` PSUs, ``psus // strata`` in each stratum."""
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, psus, responses)
    stratum = psu % strata
    street = rng.normal(0, 6, psus)
    return {
        "y": rng.normal(60, 18, responses) + street[psu],
        "w": rng.uniform(0.3, 4.0, responses),
        "stratum": stratum,
        "psu": psu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a small sample, to check it runs")
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--psus", type=int, default=500)
    parser.add_argument("--strata", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    responses = 5_000 if args.smoke else args.responses
    runs = 1 if args.smoke else args.runs
    data = make_sample(responses, args.psus, args.strata)
    values, weights = data["y"].tolist(), data["w"].tolist()
    strata, psus = data["stratum"].tolist(), data["psu"].tolist()

    def ours() -> float:
        return design_mean(values, weights, strata=strata, psus=psus).se

    functions = {"trustops design_mean": ours}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # samplics warns on import that it is archived
        try:
            from samplics import PopParam, TaylorEstimator
        except ImportError:
            TaylorEstimator = None  # noqa: N806 - the class, when it is there
    if TaylorEstimator is not None:

        def theirs() -> float:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                estimator = TaylorEstimator(PopParam.mean)
                estimator.estimate(
                    y=data["y"], samp_weight=data["w"], stratum=data["stratum"], psu=data["psu"]
                )
            return float(estimator.stderror)

        assert math.isclose(ours(), theirs(), rel_tol=1e-9), (ours(), theirs())
        functions["samplics TaylorEstimator"] = theirs
    best = best_of(runs, functions)
    base = best["trustops design_mean"]
    print(
        f"Taylor variance of a weighted mean: {responses:,} responses, {args.psus} PSUs, "
        f"{args.strata} strata; best of {runs}"
    )
    rows = [("", "seconds", "÷ trustops")]
    rows += [(name, f"{seconds:.3f}", f"{seconds / base:.2f}") for name, seconds in best.items()]
    print(table(rows))
    if TaylorEstimator is None:
        print("samplics is not installed (pip install samplics): trustops timed alone")


if __name__ == "__main__":
    main()
