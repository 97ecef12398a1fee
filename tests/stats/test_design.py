"""Tests of survey-design variance (METHODS §5a) against samplics and direct computations."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustops.stats import (
    ReplicateWeights,
    StatsError,
    bootstrap_replicates,
    cronbach_alpha,
    design_mean,
    jackknife_replicates,
    replicate_mean,
    weight_diagnostics,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # samplics warns on import that it is archived
    from samplics import PopParam, ReplicateEstimator, RepMethod, TaylorEstimator


def _sample(seed: int, n: int = 240, strata: int = 6, psus: int = 4) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    stratum = rng.integers(0, strata, n)
    psu = stratum * 100 + rng.integers(0, psus, n)
    cluster = rng.normal(0, 5, psu.max() + 1)
    return {
        "y": rng.normal(50, 10, n) + cluster[psu],
        "share": (rng.random(n) < 0.4).astype(float),
        "w": rng.uniform(0.3, 4.0, n),
        "stratum": stratum,
        "psu": psu,
    }


def _taylor(data: dict[str, np.ndarray], y: str, **design: object) -> tuple[float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator = TaylorEstimator(PopParam.mean)
        estimator.estimate(y=data[y], samp_weight=data["w"], **design)  # type: ignore[arg-type]
    return float(estimator.point_est), float(estimator.stderror)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("y", ["y", "share"])
def test_taylor_variance_equals_samplics(seed: int, y: str) -> None:
    data = _sample(seed)
    values, weights = data[y].tolist(), data["w"].tolist()
    strata, psus = data["stratum"].tolist(), data["psu"].tolist()
    estimate, se = _taylor(data, y, stratum=data["stratum"], psu=data["psu"])
    found = design_mean(values, weights, strata=strata, psus=psus)
    assert found.estimate == pytest.approx(estimate, abs=1e-9)
    assert found.se == pytest.approx(se, rel=1e-9)
    assert found.df == len(set(psus)) - len(set(strata))
    # clusters without strata, and strata without clusters
    assert design_mean(values, weights, psus=psus).se == pytest.approx(
        _taylor(data, y, psu=data["psu"])[1], rel=1e-9
    )
    assert design_mean(values, weights, strata=strata).se == pytest.approx(
        _taylor(data, y, stratum=data["stratum"])[1], rel=1e-9
    )
    # fpc: samplics takes the factor (1 − f); trustops the fraction f, or the population size
    fractions = {s: 0.05 * (1 + s) for s in set(strata)}
    factor = {s: 1 - f for s, f in fractions.items()}
    expected = _taylor(data, y, stratum=data["stratum"], psu=data["psu"], fpc=factor)[1]
    by_fraction = design_mean(
        values, weights, strata=strata, psus=psus, fpc=[fractions[s] for s in strata]
    )
    assert by_fraction.se == pytest.approx(expected, rel=1e-9)
    sampled = {s: len({p for p, t in zip(psus, strata, strict=True) if t == s}) for s in fractions}
    by_size = design_mean(
        values,
        weights,
        strata=strata,
        psus=psus,
        fpc=[sampled[s] / fractions[s] for s in strata],
    )
    assert by_size.se == pytest.approx(expected, rel=1e-9)


def test_a_lonely_psu_is_centred_at_the_grand_mean_and_named() -> None:
    values = [60.0, 70.0, 80.0, 50.0, 40.0, 90.0, 65.0]
    weights = [1.0, 1.0, 2.0, 1.0, 2.0, 1.0, 1.5]
    strata = ["a", "a", "a", "b", "b", "b", "c"]
    psus = [1, 1, 2, 3, 4, 4, 5]
    found = design_mean(values, weights, strata=strata, psus=psus)
    y, w = np.array(values), np.array(weights)
    mean = (w * y).sum() / w.sum()
    z = w * (y - mean) / w.sum()
    variance = 0.0
    for stratum in ("a", "b"):
        totals = [
            z[[i for i, p in enumerate(psus) if p == q]].sum()
            for q in sorted({p for p, s in zip(psus, strata, strict=True) if s == stratum})
        ]
        totals_arr = np.array(totals)
        variance += len(totals) / (len(totals) - 1) * ((totals_arr - totals_arr.mean()) ** 2).sum()
    variance += z[6] ** 2  # R survey.lonely.psu = "adjust": centred at the grand mean, 0
    assert found.variance == pytest.approx(variance, rel=1e-12)
    assert found.lonely_psu == ("c",)
    assert found.df == 5 - 3


@pytest.mark.parametrize("seed", range(3))
def test_jackknife_replicate_variance_equals_samplics(seed: int) -> None:
    data = _sample(seed, n=120, strata=4, psus=3)
    jk = jackknife_replicates(
        data["w"].tolist(), strata=data["stratum"].tolist(), psus=data["psu"].tolist()
    )
    found = replicate_mean(data["y"].tolist(), data["w"].tolist(), jk)
    coefficients = np.array(jk.rscales) * jk.scale
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator = ReplicateEstimator(RepMethod.jackknife, PopParam.mean)
        estimator.estimate(
            y=data["y"],
            samp_weight=data["w"],
            rep_weights=np.array(jk.weights).T,
            rep_coefs=coefficients,
            conservative=True,
        )
    assert found.estimate == pytest.approx(float(estimator.point_est), abs=1e-9)
    assert found.se == pytest.approx(float(estimator.stderror), rel=1e-9)
    # JKn of a linear statistic is close to its Taylor variance
    taylor = design_mean(
        data["y"].tolist(),
        data["w"].tolist(),
        strata=data["stratum"].tolist(),
        psus=data["psu"].tolist(),
    )
    assert found.se == pytest.approx(taylor.se, rel=0.15)


def test_replicate_variance_follows_its_formula_for_every_type() -> None:
    values = [1.0, 2.0, 4.0, 8.0]
    weights = [1.0, 1.0, 1.0, 1.0]
    columns = ((2.0, 0.0, 1.0, 1.0), (0.0, 2.0, 1.0, 1.0), (1.0, 1.0, 2.0, 0.0))
    thetas = [sum(w * y for w, y in zip(c, values, strict=True)) / sum(c) for c in columns]
    full = sum(values) / 4
    for rho in (0.0, 0.5):
        fay = ReplicateWeights("fay", columns, 1 / (3 * (1 - rho) ** 2), (1.0, 1.0, 1.0))
        expected = sum((t - full) ** 2 for t in thetas) / (3 * (1 - rho) ** 2)
        assert replicate_mean(values, weights, fay).variance == pytest.approx(expected)
    with pytest.raises(StatsError, match="replicate columns must have the responses' length"):
        replicate_mean(values, weights, ReplicateWeights("brr", ((1.0, 1.0),), 1.0, (1.0,)))
    with pytest.raises(StatsError, match="weight of 0 or more"):
        replicate_mean(
            values, weights, ReplicateWeights("brr", ((1.0, -1.0, 1.0, 1.0),), 1.0, (1.0,))
        )


def test_rao_wu_bootstrap_is_seeded_and_roughly_the_taylor_variance() -> None:
    data = _sample(4, n=300, strata=5, psus=6)
    args = {"strata": data["stratum"].tolist(), "psus": data["psu"].tolist()}
    boot = bootstrap_replicates(data["w"].tolist(), replicates=400, seed=3, **args)
    again = bootstrap_replicates(data["w"].tolist(), replicates=400, seed=3, **args)
    assert boot == again
    assert boot != bootstrap_replicates(data["w"].tolist(), replicates=400, seed=4, **args)
    found = replicate_mean(data["y"].tolist(), data["w"].tolist(), boot)
    taylor = design_mean(data["y"].tolist(), data["w"].tolist(), **args)
    assert found.se == pytest.approx(taylor.se, rel=0.2)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: design_mean([1.0, 2.0], [1.0, 1.0], strata=["a", "b"], psus=[1, 1]),
            "one stratum",
        ),
        (lambda: design_mean([1.0, 2.0], [1.0, -1.0]), "weight of 0 or more"),
        (
            lambda: design_mean([1.0, 2.0], [1.0, 1.0], psus=[1, 2], fpc=[1.5, 1.5]),
            "cannot be smaller",
        ),
        (
            lambda: design_mean([1.0, 2.0], [1.0, 1.0], psus=[1, 2], fpc=[0.5, 0.2]),
            "one fpc per stratum",
        ),
        (lambda: design_mean([], []), "at least one"),
        (lambda: jackknife_replicates([1.0, 1.0], strata=["a", "b"], psus=[1, 2]), "one PSU"),
    ],
)
def test_a_bad_design_names_what_is_wrong(call: object, message: str) -> None:
    with pytest.raises(StatsError, match=message):
        call()  # type: ignore[operator]


def test_weight_diagnostics_equal_a_numpy_computation() -> None:
    rng = np.random.default_rng(2)
    n = 500
    age = rng.choice(["16-34", "35-64", "65+"], n, p=[0.5, 0.35, 0.15])
    sex = rng.choice(["f", "m"], n, p=[0.4, 0.6])
    targets = {"age": {"16-34": 0.3, "35-64": 0.45, "65+": 0.25}, "sex": {"f": 0.52, "m": 0.48}}
    before = rng.uniform(0.5, 1.5, n)
    after = before * np.where(age == "65+", 1.6, 1.0) * np.where(sex == "f", 1.2, 1.0)
    untrimmed = after * rng.uniform(0.9, 1.1, n)
    untrimmed *= after.sum() / untrimmed.sum()
    found = weight_diagnostics(
        {"age": age.tolist(), "sex": sex.tolist()},
        targets,
        before.tolist(),
        after.tolist(),
        untrimmed=untrimmed.tolist(),
    )

    def asmd(weights: np.ndarray, column: np.ndarray, shares: dict[str, float]) -> float:
        parts = [
            abs(weights[column == c].sum() / weights.sum() - p) / math.sqrt(p * (1 - p))
            for c, p in shares.items()
        ]
        return float(np.mean(parts))

    for margin, column in zip(found.margins, (age, sex), strict=True):
        assert margin.asmd_before == pytest.approx(asmd(before, column, targets[margin.variable]))
        assert margin.asmd_after == pytest.approx(asmd(after, column, targets[margin.variable]))
        assert margin.imbalanced == (margin.asmd_after > 0.1)
    assert found.effective_n == pytest.approx(after.sum() ** 2 / (after**2).sum())
    assert found.design_effect == pytest.approx(n / found.effective_n)
    assert found.quartiles == pytest.approx(tuple(np.quantile(after, [0.25, 0.5, 0.75])))
    assert (found.minimum, found.maximum) == (after.min(), after.max())
    assert found.cv == pytest.approx(after.std() / after.mean())
    assert found.trimmed_share == pytest.approx(
        np.abs(after - untrimmed).sum() / (2 * untrimmed.sum())
    )


def _balance_asmd(
    sample: dict[str, np.ndarray],
    weights: np.ndarray,
    target: dict[str, np.ndarray],
    target_weights: np.ndarray,
) -> dict[str, float]:
    """Meta's ``balance`` ASMD (``weighted_comparisons_stats.asmd`` with ``std_type="target"``
    and ``aggregate_by_main_covar=True``), written again in numpy from its source (the package
    itself does not install with numpy 2): one-hot columns ``var[level]`` for every level;
    per column ``|weighted mean(sample) − weighted mean(target)| / sd``, where ``sd`` is
    balance's ``weighted_sd`` of the target, the reliability-weights variance
    ``Σw/((Σw)² − Σw²) · Σw(x − x̄)²``; infinite values become missing, and each variable's
    columns are averaged with weight 1/levels, a missing column counting 0."""

    def mean(x: np.ndarray, w: np.ndarray) -> float:
        return float((x * w).sum() / w.sum())

    def sd(x: np.ndarray, w: np.ndarray) -> float:
        v1, v2 = w.sum(), (w**2).sum()
        return math.sqrt(v1 / (v1**2 - v2) * (w * (x - mean(x, w)) ** 2).sum())

    out = {}
    for variable, column in sample.items():
        levels = sorted(set(target[variable]))
        parts = []
        for level in levels:
            xs = (column == level).astype(float)
            xt = (target[variable] == level).astype(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.float64(abs(mean(xs, weights) - mean(xt, target_weights))) / np.float64(
                    sd(xt, target_weights)
                )
            parts.append(0.0 if not np.isfinite(value) else float(value))
        out[variable] = float(np.sum(np.array(parts) / len(levels)))
    return out


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_asmd_equals_balances_up_to_its_finite_target_correction(seed: int) -> None:
    """balance measures the target's spread as the sample standard deviation of a target data
    frame of N people (``N/(N − 1)·p(1 − p)``); trustops takes targets as population shares
    (``p(1 − p)``). So trustops' ASMD is balance's times ``√(N/(N − 1))``, to 1e-9, and the two
    meet as N grows. (Where a category's target is 0 or 1 balance counts it as 0 in the
    average over the variable's levels, and trustops leaves it out: see the docs.)"""
    rng = np.random.default_rng(seed)
    n, population = 400, int(rng.integers(50, 5000))
    sample = {
        "age": rng.choice(["16-34", "35-64", "65+"], n, p=[0.5, 0.35, 0.15]),
        "sex": rng.choice(["f", "m"], n, p=[0.4, 0.6]),
    }
    target = {
        "age": rng.choice(["16-34", "35-64", "65+"], population, p=[0.3, 0.45, 0.25]),
        "sex": rng.choice(["f", "m"], population, p=[0.52, 0.48]),
    }
    shares = {
        name: {str(level): float((column == level).mean()) for level in sorted(set(column))}
        for name, column in target.items()
    }
    before = rng.uniform(0.5, 1.5, n)
    after = before * np.where(sample["age"] == "65+", 1.6, 1.0)
    found = weight_diagnostics(
        {name: column.tolist() for name, column in sample.items()},
        shares,
        before.tolist(),
        after.tolist(),
    )
    correction = math.sqrt(population / (population - 1))
    ones = np.ones(population)
    balance_before = _balance_asmd(sample, before, target, ones)
    balance_after = _balance_asmd(sample, after, target, ones)
    for margin in found.margins:
        assert margin.asmd_before == pytest.approx(
            balance_before[margin.variable] * correction, rel=1e-9, abs=1e-12
        )
        assert margin.asmd_after == pytest.approx(
            balance_after[margin.variable] * correction, rel=1e-9, abs=1e-12
        )
    # A target frame of a million people: the correction is below 1e-6.
    million = {"sex": rng.choice(["f", "m"], 1_000_000, p=[0.52, 0.48])}
    share = float((million["sex"] == "f").mean())
    close = weight_diagnostics(
        {"sex": sample["sex"].tolist()},
        {"sex": {"f": share, "m": 1 - share}},
        before.tolist(),
        after.tolist(),
    )
    theirs = _balance_asmd({"sex": sample["sex"]}, after, million, np.ones(1_000_000))
    assert close.margins[0].asmd_after == pytest.approx(theirs["sex"], rel=1e-6)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=3, max_size=12),
    st.floats(0.1, 10),
)
def test_equal_weights_give_the_unweighted_alpha(rows: list[list[int]], weight: float) -> None:
    try:
        plain = cronbach_alpha(rows)
    except StatsError:
        return
    assert cronbach_alpha(rows, weights=[weight] * len(rows)) == pytest.approx(plain, abs=1e-9)


def test_weighted_alpha_equals_numpy() -> None:
    rng = np.random.default_rng(5)
    latent = rng.normal(size=80)
    items = np.clip(np.round(3 + latent[:, None] + rng.normal(0, 0.8, (80, 4))), 1, 5)
    weights = rng.uniform(0.2, 3, 80)
    normalised = weights / weights.sum() * len(weights)
    centred = items - (normalised[:, None] * items).sum(0) / normalised.sum()
    covariance = (normalised[:, None] * centred).T @ centred / (len(weights) - 1)
    k = items.shape[1]
    expected = k / (k - 1) * (1 - np.trace(covariance) / covariance.sum())
    found = cronbach_alpha(items.tolist(), weights=weights.tolist())
    assert found == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_a_domain_is_weight_zero_outside_it_as_samplics_domain(seed: int) -> None:
    data = _sample(seed)
    domain = (data["stratum"] % 3 == 0) | (data["y"] > 55)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator = TaylorEstimator(PopParam.mean)
        estimator.estimate(
            y=data["y"], samp_weight=data["w"], stratum=data["stratum"], psu=data["psu"],
            domain=domain.astype(int),
        )  # fmt: skip
    expected_estimate = float(estimator.point_est[1])
    expected_se = float(estimator.stderror[1])
    inside = np.where(domain, data["w"], 0.0).tolist()
    strata, psus = data["stratum"].tolist(), data["psu"].tolist()
    found = design_mean(data["y"].tolist(), inside, strata=strata, psus=psus)
    assert found.estimate == pytest.approx(expected_estimate, abs=1e-9)
    assert found.se == pytest.approx(expected_se, rel=1e-9)
    held = {(s, p) for s, p, d in zip(strata, psus, domain, strict=True) if d}
    assert found.df == len(held) - len({s for s, _ in held})  # R's degf of the subset
    only = np.where(data["stratum"] == 0, data["w"], 0.0).tolist()
    assert design_mean(data["y"].tolist(), only, strata=strata, psus=psus).df == (
        len({p for p, s in zip(psus, strata, strict=True) if s == 0}) - 1
    )


def test_an_fpc_of_another_length_or_not_a_number_is_named() -> None:
    with pytest.raises(StatsError, match=r"fpc: expected 2 entries \(one per value\), got 1"):
        design_mean([1.0, 2.0], [1.0, 1.0], psus=[1, 2], fpc=[0.5])
    with pytest.raises(StatsError, match=r"fpc\[1\]: expected a finite number"):
        design_mean([1.0, 2.0], [1.0, 1.0], psus=[1, 2], fpc=[0.5, math.nan])
    with pytest.raises(
        StatsError, match=r"fpc\[2\]: expected one fpc per stratum, got 0.5 and 0.2"
    ):
        design_mean([1.0, 2.0, 3.0], [1.0] * 3, psus=[1, 2, 3], fpc=[0.5, 0.5, 0.2])


def test_the_first_response_whose_psu_is_in_two_strata_is_named() -> None:
    with pytest.raises(StatsError, match=r"psus\[3\]: PSU 'p' is in stratum 'a' and in 'b'"):
        design_mean([1.0] * 4, [1.0] * 4, strata=["a", "a", "b", "b"], psus=["p", "p", "q", "p"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0.1, 5), st.integers(0, 2), st.integers(0, 3)),
        min_size=2,
        max_size=40,
    )
)
def test_taylor_variance_follows_its_formula(rows: list[tuple[float, float, int, int]]) -> None:
    """The grouped computation equals the formula written out row by row (R svymean)."""
    values = [r[0] for r in rows]
    weights = [r[1] for r in rows]
    strata = [r[2] for r in rows]
    psus = [(r[2], r[3]) for r in rows]  # a PSU belongs to its stratum
    found = design_mean(values, weights, strata=strata, psus=psus)
    total = math.fsum(weights)
    mean = math.fsum(w * y for w, y in zip(weights, values, strict=True)) / total
    variance = 0.0
    for h in sorted(set(strata)):
        members = sorted({p for p in psus if p[0] == h})
        totals = [
            math.fsum(
                w * (y - mean) / total
                for w, y, p in zip(weights, values, psus, strict=True)
                if p == psu
            )
            for psu in members
        ]
        count = len(totals)
        centre = 0.0 if count == 1 else math.fsum(totals) / count
        factor = 1.0 if count == 1 else count / (count - 1)
        variance += factor * math.fsum((t - centre) ** 2 for t in totals)
    assert found.estimate == pytest.approx(mean, rel=1e-12, abs=1e-9)
    assert found.variance == pytest.approx(variance, rel=1e-9, abs=1e-12)
    assert found.df == (len(set(psus)) - len(set(strata)) or None)
