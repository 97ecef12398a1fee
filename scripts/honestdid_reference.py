"""Reference values of Rambachan & Roth's relative-magnitude intervals from the Python
``honestdid`` package, stored as tests/stats/data/honestdid_relative_magnitudes.json for
tests/stats/test_sensitivity.py.

``honestdid`` (0.1.1) imports torch and cvxpy at the top of its module, so it is not a test
dependency; run this script in a separate environment that has it (with numpy < 2.3: its
0.1.1 converts 1 × 1 arrays with ``float``, which numpy 2.3 refuses) and trustops' core
dependencies, from the repository root:

    python -m venv /tmp/hd && /tmp/hd/bin/pip install honestdid==0.1.1 "numpy<2.3" \\
        attrs cattrs pendulum
    PYTHONPATH=src /tmp/hd/bin/python scripts/honestdid_reference.py

The cases are event studies drawn from a seeded generator plus the bundled sample's
workshop effect on trust; each is run through
``honestdid.createSensitivityResults_relativeMagnitudes`` (method "C-LF", M̄ ∈ {0, 0.5, 1,
1.5, 2}) on an explicit grid, which the test passes to
:func:`trustops.stats.relative_magnitude_interval`.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
import warnings
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path("tests/stats/data/honestdid_relative_magnitudes.json")
MBARS = [0.0, 0.5, 1.0, 1.5, 2.0]
POINTS = 400


def _synthetic(seed: int, pre: int, post: int, target: str) -> dict[str, Any]:
    rng = np.random.RandomState(seed)
    n = pre + post
    a = rng.normal(size=(n, n)) * 0.1
    sigma = a @ a.T + np.eye(n) * 0.01
    beta = np.concatenate([rng.normal(scale=0.1, size=pre), 0.5 + rng.normal(scale=0.3, size=post)])
    weights = [1.0 / post] * post if target == "mean" else [1.0] + [0.0] * (post - 1)
    spread = float(np.sqrt(np.array(weights) @ sigma[pre:, pre:] @ np.array(weights)))
    return {
        "name": f"synthetic seed {seed}, {pre} pre, {post} post, {target}",
        "estimates": beta.tolist(),
        "covariance": sigma.tolist(),
        "pre": pre,
        "weights": weights,
        "grid": [-20 * spread, 20 * spread],
    }


def _sample() -> dict[str, Any]:
    from trustops.effects import build_panel, estimate_effect
    from trustops.sample import bundled

    panel = build_panel(bundled(), period="quarter")
    result = estimate_effect(panel, kind="educational_workshop", outcome="trust_mean_score")
    published = [e for e in result.event_time if e.att is not None]
    times = [e.event_time for e in published]
    pre = [t for t in times if t is not None and t < 0]
    post = [t for t in times if t is not None and t >= 0]
    weights = [1.0 / len(post)] * len(post)
    att = float(np.mean([e.att for e in published if e.event_time in post]))
    assert times == list(range(-len(pre), len(post))), times  # adjacent to the event
    sigma = np.array(result.covariance)
    spread = float(np.sqrt(np.array(weights) @ sigma[len(pre) :, len(pre) :] @ np.array(weights)))
    return {
        "name": "bundled sample: educational_workshop start on trust_mean_score, overall",
        "estimates": [e.att for e in published],
        "covariance": sigma.tolist(),
        "pre": len(pre),
        "weights": weights,
        "grid": [min(0.0, att) - 20 * spread, max(0.0, att) + 20 * spread],
    }


def _run(case: dict[str, Any]) -> dict[str, Any]:
    import honestdid

    warnings.simplefilter("ignore")
    started = time.time()
    beta = np.array(case["estimates"])
    post = len(beta) - case["pre"]
    frame = honestdid.createSensitivityResults_relativeMagnitudes(
        beta,
        np.array(case["covariance"]),
        case["pre"],
        post,
        Mbarvec=MBARS,
        l_vec=np.array(case["weights"]),
        gridPoints=POINTS,
        grid_lb=case["grid"][0],
        grid_ub=case["grid"][1],
    )
    print(f"{case['name']}: {time.time() - started:.0f} s", file=sys.stderr, flush=True)
    return {
        **case,
        "mbars": MBARS,
        "points": POINTS,
        "low": [None if np.isnan(v) else float(v) for v in frame["lb"]],
        "high": [None if np.isnan(v) else float(v) for v in frame["ub"]],
    }


def _write(results: list[dict[str, Any]]) -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "source": "honestdid.createSensitivityResults_relativeMagnitudes, method C-LF",
                "versions": {
                    name: version(name) for name in ("honestdid", "numpy", "scipy", "torch")
                },
                "cases": sorted(results, key=lambda case: case["name"]),
            },
            indent=1,
        )
        + "\n"
    )


def main() -> None:
    """Run every case (two at a time; honestdid runs one linear program per draw and grid
    point, minutes per case) and write the file after each one finishes."""
    cases = [
        _sample(),
        _synthetic(5, 1, 2, "mean"),
        _synthetic(11, 2, 3, "mean"),
        _synthetic(7, 2, 3, "first"),
    ]
    results: list[dict[str, Any]] = []
    with multiprocessing.Pool(2) as pool:
        for found in pool.imap_unordered(_run, cases):
            results.append(found)
            _write(results)


if __name__ == "__main__":
    main()
