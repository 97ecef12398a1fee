"""Survey scores under a declared design (METHODS §5a), against samplics: Taylor linearisation
with strata, clusters and fpc, domains, replicate weights declared or made, raking of every
replicate; and no design (or one PSU per response) reduces to today's figures."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustops import Area, SurveyInstrument, SurveyItem, SurveyResponse
from trustops.model import ReplicateDesign
from trustops.privacy import NO_SUPPRESSION
from trustops.scoring import ScoringError, survey_scores
from trustops.stats import jackknife_replicates, rake, t_value

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # samplics warns on import that it is archived
    from samplics import PopParam, ReplicateEstimator, RepMethod, TaylorEstimator

WHEN = pendulum.datetime(2026, 3, 10, 12, tz="UTC")
ITEM = SurveyItem(id="q", construct="trust", text="I trust them.", scale_min=0, scale_max=10)
INSTRUMENT = SurveyInstrument(id="pulse", name="Pulse", items=(ITEM,))


def _sample(seed: int, n: int = 200, strata: int = 4, psus: int = 5) -> dict[str, np.ndarray]:
    """Answers 0–10 clustered by PSU within strata, with unequal weights."""
    rng = np.random.default_rng(seed)
    stratum = rng.integers(0, strata, n)
    psu = stratum * 100 + rng.integers(0, psus, n)
    cluster = rng.normal(0, 1.5, psu.max() + 1)
    answer = np.clip(np.round(rng.normal(6, 2, n) + cluster[psu]), 0, 10).astype(int)
    return {
        "answer": answer,
        "w": rng.uniform(0.5, 3.0, n),
        "stratum": stratum,
        "psu": psu,
        "area": np.where(rng.random(n) < 0.5, "north", "south"),
    }


def _responses(data: dict[str, np.ndarray], **design: Any) -> list[SurveyResponse]:
    areas = design.pop("_areas", False)
    return [
        SurveyResponse(
            id=f"r{i:04d}",
            instrument_id="pulse",
            area_id=str(data["area"][i]) if areas else "north",
            collected_at=WHEN,
            answers={"q": int(data["answer"][i])},
            weight=float(data["w"][i]),
            **{name: column[i] for name, column in design.items()},
        )
        for i in range(len(data["w"]))
    ]


def _taylor(y: np.ndarray, data: dict[str, np.ndarray], **extra: Any) -> tuple[Any, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator = TaylorEstimator(PopParam.mean)
        estimator.estimate(
            y=y, samp_weight=data["w"], stratum=data["stratum"], psu=data["psu"], **extra
        )
    return estimator.point_est, estimator.stderror


def _measures(data: dict[str, np.ndarray]) -> dict[str, tuple[np.ndarray, float]]:
    answer = data["answer"]
    top, bottom = (answer >= 9).astype(float), (answer <= 6).astype(float)
    return {
        "mean_score": (answer * 10.0, 1.0),
        "top_box_share": (top, 100.0),
        "net_score": (top - bottom, 100.0),
    }


def _design(data: dict[str, np.ndarray]) -> dict[str, list[str]]:
    return {"stratum": [f"s{s}" for s in data["stratum"]], "psu": [f"p{p}" for p in data["psu"]]}


@pytest.mark.parametrize("seed", range(3))
def test_taylor_scores_equal_samplics_with_strata_clusters_and_t_intervals(seed: int) -> None:
    data = _sample(seed)
    responses = _responses(data, **_design(data))
    row = survey_scores(INSTRUMENT, responses, weighting="design", policy=NO_SUPPRESSION).row(
        "trust", area="north"
    )
    assert row.variance == "taylor"
    df = len(set(data["psu"])) - len(set(data["stratum"]))
    assert row.df == df
    for name, (values, scale) in _measures(data).items():
        estimate, se = _taylor(values, data)
        found = getattr(row, name)
        assert found.value == pytest.approx(scale * float(estimate), abs=1e-9)
        assert found.se == pytest.approx(scale * float(se), rel=1e-9)
        half = t_value(df, 0.95) * found.se
        assert found.interval.low == pytest.approx(max(found.value - half, -100.0), abs=1e-9)
    # R's deff: the design variance over a simple random sample's, s²/n
    y, w = data["answer"] * 10.0, data["w"]
    mean = (w * y).sum() / w.sum()
    n = len(y)
    srs = n / (n - 1) * (w * (y - mean) ** 2).sum() / w.sum() / n
    assert row.design_effect == pytest.approx(row.mean_score.se**2 / srs, rel=1e-12)
    assert row.effective_n == pytest.approx(n / row.design_effect, rel=1e-12)


def test_fpc_and_domains_equal_samplics() -> None:
    data = _sample(7)
    fractions = {s: 0.1 * (1 + s) for s in set(data["stratum"])}
    fpc = [float(fractions[s]) for s in data["stratum"]]
    responses = _responses(data, _areas=True, fpc=fpc, **_design(data))
    table = survey_scores(INSTRUMENT, responses, weighting="design", policy=NO_SUPPRESSION)
    factor = {s: 1 - f for s, f in fractions.items()}
    for name, (values, scale) in _measures(data).items():
        estimate, se = _taylor(values, data, fpc=factor, domain=data["area"])
        for area in ("north", "south"):
            found = getattr(table.row("trust", area=area), name)
            assert found.value == pytest.approx(scale * float(estimate[area]), abs=1e-9)
            assert found.se == pytest.approx(scale * float(se[area]), rel=1e-9)


def test_declared_replicate_weights_equal_samplics() -> None:
    data = _sample(3, n=120, strata=3, psus=4)
    jk = jackknife_replicates(
        data["w"].tolist(), strata=data["stratum"].tolist(), psus=data["psu"].tolist()
    )
    columns = np.array(jk.weights).T
    instrument = SurveyInstrument(
        id="pulse",
        name="Pulse",
        items=(ITEM,),
        replicates=ReplicateDesign(method="jkn", replicates=len(jk.weights), rscales=jk.rscales),
    )
    responses = _responses(data, replicate_weights=[tuple(row) for row in columns.tolist()])
    row = survey_scores(instrument, responses, weighting="design", policy=NO_SUPPRESSION).row(
        "trust", area="north"
    )
    assert (row.variance, row.df) == ("jkn", len(jk.weights) - 1)
    for name, (values, scale) in _measures(data).items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            estimator = ReplicateEstimator(RepMethod.jackknife, PopParam.mean)
            estimator.estimate(
                y=values,
                samp_weight=data["w"],
                rep_weights=columns,
                rep_coefs=np.array(jk.rscales),
                conservative=True,
            )
        found = getattr(row, name)
        assert found.value == pytest.approx(scale * float(estimator.point_est), abs=1e-9)
        assert found.se == pytest.approx(scale * float(estimator.stderror), rel=1e-9)


def test_made_jackknife_replicates_equal_declared_ones_and_bootstrap_is_seeded() -> None:
    data = _sample(5, n=120, strata=3, psus=4)
    responses = _responses(data, **_design(data))
    made = survey_scores(
        INSTRUMENT, responses, weighting="design", replicates="jkn", policy=NO_SUPPRESSION
    ).row("trust", area="north")
    jk = jackknife_replicates(
        data["w"].tolist(),
        strata=[f"s{s}" for s in data["stratum"]],
        psus=[("psu", f"p{p}") for p in data["psu"]],
    )
    declared = SurveyInstrument(
        id="pulse",
        name="Pulse",
        items=(ITEM,),
        replicates=ReplicateDesign(method="jkn", replicates=len(jk.weights), rscales=jk.rscales),
    )
    with_weights = _responses(data, replicate_weights=list(zip(*jk.weights, strict=True)))
    expected = survey_scores(declared, with_weights, weighting="design", policy=NO_SUPPRESSION)
    assert made.variance == "jkn"
    assert made.mean_score.se == pytest.approx(
        expected.row("trust", area="north").mean_score.se, rel=1e-12
    )

    def boot(seed: int) -> float:
        return (
            survey_scores(
                INSTRUMENT,
                responses,
                weighting="design",
                replicates="bootstrap",
                replicate_count=50,
                seed=seed,
                policy=NO_SUPPRESSION,
            )
            .rows[0]
            .mean_score.se
        )

    assert boot(1) == boot(1) != boot(2)
    taylor = survey_scores(INSTRUMENT, responses, weighting="design", policy=NO_SUPPRESSION)
    assert boot(1) == pytest.approx(taylor.rows[0].mean_score.se, rel=0.35)


def test_raking_on_a_replicate_design_rakes_every_replicate() -> None:
    data = _sample(11, n=160, strata=2, psus=4)
    rng = np.random.default_rng(0)
    ages = rng.choice(["young", "old"], len(data["w"]), p=[0.3, 0.7])
    area = Area(
        id="north", name="North", timezone="UTC", margins={"age": {"young": 0.5, "old": 0.5}}
    )
    responses = [
        SurveyResponse(
            id=r.id,
            instrument_id="pulse",
            area_id="north",
            collected_at=WHEN,
            answers=r.answers,
            weight=r.weight,
            stratum=r.stratum,
            psu=r.psu,
            attributes={"age": str(age)},
        )
        for r, age in zip(_responses(data, **_design(data)), ages, strict=True)
    ]
    row = survey_scores(
        INSTRUMENT, responses, areas=[area], replicates="jkn", policy=NO_SUPPRESSION
    ).row("trust", area="north")
    # by hand: each JKn replicate of the design weights raked to the margins
    strata = [r.stratum for r in responses]
    psus = [r.psu for r in responses]
    base = [r.weight or 1.0 for r in responses]
    jk = jackknife_replicates(base, strata=strata, psus=psus)
    rows = [r.attributes for r in responses]
    full = rake(rows, area.margins, base_weights=base)
    y = [10.0 * r.answers["q"] for r in responses]  # type: ignore[operator]

    def mean(weights: list[float]) -> float:
        return sum(w * v for w, v in zip(weights, y, strict=True)) / sum(weights)

    theta = mean(full)
    variance = sum(
        rscale * (mean(rake(rows, area.margins, base_weights=list(column))) - theta) ** 2
        for column, rscale in zip(jk.weights, jk.rscales, strict=True)
    )
    assert row.mean_score.value == pytest.approx(theta, abs=1e-9)
    assert row.mean_score.se == pytest.approx(math.sqrt(variance), rel=1e-9)
    # replicates that keep the full sample's raking adjustment fixed give another variance
    fixed = sum(
        rscale
        * (mean([f * c / b for f, c, b in zip(full, column, base, strict=True)]) - theta) ** 2
        for column, rscale in zip(jk.weights, jk.rscales, strict=True)
    )
    assert row.mean_score.se != pytest.approx(math.sqrt(fixed), rel=1e-3)


def test_a_lonely_psu_is_flagged_and_a_replicate_without_the_group_spans_the_scale() -> None:
    data = _sample(2, n=60, strata=2, psus=3)
    design = _design(data)
    design["stratum"] = [
        "lonely" if p == "p0" else s for p, s in zip(design["psu"], design["stratum"], strict=True)
    ]
    row = survey_scores(
        INSTRUMENT, _responses(data, **design), weighting="design", policy=NO_SUPPRESSION
    ).rows[0]
    assert "lonely_psu" in row.flags
    assert any("'lonely' has a single PSU" in note for note in row.notes)
    # a group held by one PSU, which a jackknife replicate deletes
    data["area"] = np.where(data["psu"] == 0, "north", "south")
    responses = _responses(data, _areas=True, **_design(data))
    north = survey_scores(
        INSTRUMENT, responses, weighting="design", replicates="jkn", policy=NO_SUPPRESSION
    ).row("trust", area="north")
    assert north.mean_score.se == math.inf
    assert tuple(north.mean_score.interval) == (0.0, 100.0)
    assert any("leaves the group no weight" in note for note in north.notes)


def test_design_problems_and_bad_arguments_are_scoring_errors() -> None:
    data = _sample(1, n=20)
    design = _design(data)
    design["stratum"][1] = "elsewhere"
    design["psu"][1] = design["psu"][0]
    with pytest.raises(ScoringError, match=r"response 'r0001': psu: PSU .* belongs to one"):
        survey_scores(INSTRUMENT, _responses(data, **design), policy=NO_SUPPRESSION)
    responses = _responses(data, **_design(data))
    for bad, match in [
        ({"replicates": "brr"}, "replicates: expected one of jkn, bootstrap"),
        ({"replicate_count": 1}, "replicate_count: expected a whole number from 2"),
        ({"seed": 1.5}, "seed: expected a whole number"),
    ]:
        with pytest.raises(ScoringError, match=match):
            survey_scores(INSTRUMENT, responses, **bad)
    declared = SurveyInstrument(
        id="pulse",
        name="Pulse",
        items=(ITEM,),
        replicates=ReplicateDesign(method="jk1", replicates=2),
    )
    two = [
        SurveyResponse(
            id=f"r{i}",
            instrument_id="pulse",
            area_id="a",
            collected_at=WHEN,
            answers={"q": i},
            replicate_weights=(1.0, 2.0),
        )
        for i in range(2)
    ]
    with pytest.raises(ScoringError, match="declares its own replicate weights"):
        survey_scores(declared, two, replicates="jkn")
    lonely = [
        SurveyResponse(
            id=f"r{i}",
            instrument_id="pulse",
            area_id="a",
            collected_at=WHEN,
            answers={"q": i},
            stratum=f"s{i}",
        )
        for i in range(2)
    ]
    with pytest.raises(ScoringError, match="replicates: psus: stratum 's0' has one PSU"):
        survey_scores(INSTRUMENT, lonely, replicates="jkn")


answers = st.lists(st.integers(0, 10), min_size=2, max_size=40)


@settings(max_examples=60, deadline=None)
@given(answers, st.sampled_from(["none", "design"]))
def test_one_psu_per_response_and_equal_weights_reduce_to_todays_figures(
    values: list[int], weighting: str
) -> None:
    plain = [
        SurveyResponse(
            id=f"r{i:03d}", instrument_id="pulse", area_id="a", collected_at=WHEN, answers={"q": v}
        )
        for i, v in enumerate(values)
    ]
    today = survey_scores(INSTRUMENT, plain, weighting=weighting, policy=NO_SUPPRESSION).rows[0]  # type: ignore[arg-type]
    assert (today.variance, today.df) == ("independent", None)
    own = [
        SurveyResponse(
            id=r.id,
            instrument_id="pulse",
            area_id="a",
            collected_at=WHEN,
            answers=r.answers,
            psu=f"p{i}",
        )
        for i, r in enumerate(plain)
    ]
    designed = survey_scores(INSTRUMENT, own, weighting=weighting, policy=NO_SUPPRESSION).rows[0]  # type: ignore[arg-type]
    assert designed.variance == "taylor"
    assert designed.df == len(values) - 1
    for name in ("mean_score", "top_box_share", "net_score"):
        assert getattr(designed, name).value == pytest.approx(getattr(today, name).value, abs=1e-9)
    # equal weights, one PSU each: the Taylor variance of a mean is s²/n, today's variance
    assert designed.mean_score.se == pytest.approx(today.mean_score.se, rel=1e-9, abs=1e-12)
    if today.design_effect is not None and designed.mean_score.se > 0:
        assert designed.design_effect == pytest.approx(1.0, rel=1e-9)
        assert designed.effective_n == pytest.approx(len(values), rel=1e-9)


def test_a_replicate_that_cannot_be_raked_keeps_its_weights_and_says_so() -> None:
    margins = {"age": {"young": 0.5, "old": 0.5}}
    areas = [Area(id=name, name=name, timezone="UTC", margins=margins) for name in "ac"]

    def answer(i: int, area: str, psu: str, age: str) -> SurveyResponse:
        return SurveyResponse(
            id=f"r{i:02d}",
            instrument_id="pulse",
            area_id=area,
            collected_at=WHEN,
            answers={"q": i % 11},
            stratum="s",
            psu=psu,
            attributes={"age": age},
        )

    responses = [
        *(answer(i, "a", "p1", "young") for i in range(4)),
        *(answer(i, "a", "p2", "old") for i in range(4, 8)),
        *(answer(i, "c", "p1", ["young", "old"][i % 2]) for i in range(8, 12)),
    ]
    table = survey_scores(
        INSTRUMENT, responses, areas=areas, replicates="jkn", policy=NO_SUPPRESSION
    )
    a = table.row("trust", area="a")
    assert "not_raked" in a.flags
    assert any("2 of 2 replicates could not be raked" in note for note in a.notes)
    assert math.isfinite(a.mean_score.se)
    c = table.row("trust", area="c")  # deleting p1 leaves area c without anyone
    assert c.mean_score.se == math.inf
    assert any("leaves the group no weight" in note for note in c.notes)
