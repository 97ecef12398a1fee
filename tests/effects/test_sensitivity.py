"""Sensitivity of effects to parallel trends: what it uses, the breakdown M̄, its sentence and
its frames."""

from __future__ import annotations

import math

import pytest

from trustops.effects import (
    SENSITIVITY_COLUMNS,
    EffectPanel,
    EffectsError,
    RobustBound,
    Sensitivity,
    build_panel,
    estimate_effect,
)
from trustops.sample import bundled
from trustops.stats import relative_magnitude_interval

pytest.importorskip("scipy")


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    panel = build_panel(bundled(), period="quarter")
    return estimate_effect(panel, kind="educational_workshop", outcome="trust_mean_score")


@pytest.mark.parametrize("inference", ["small_sample", "asymptotic"])
def test_covariance_diagonal_is_the_squared_standard_errors(inference: str) -> None:
    panel = build_panel(bundled(), period="quarter")
    found = estimate_effect(
        panel,
        kind="educational_workshop",
        outcome="trust_mean_score",
        inference=inference,  # type: ignore[arg-type]
    )
    published = [e for e in found.event_time if e.att is not None]
    assert len(found.covariance) == len(published)
    assert all(len(row) == len(published) for row in found.covariance)
    for k, estimate in enumerate(published):
        assert found.covariance[k][k] == pytest.approx((estimate.se or 0.0) ** 2, rel=1e-9)


def test_sensitivity_uses_the_estimates_next_to_the_event(result) -> None:  # type: ignore[no-untyped-def]
    robust = result.sensitivity([0, 1.0], points=100, sims=100)
    assert (robust.pre_event, robust.post_event) == ((-1,), (0, 1, 2))
    assert robust.mbars == (0.0, 1.0)
    assert len(robust.bounds) == 2 * 4  # overall and three ATT(e), at two bounds
    overall = robust.at(1.0)
    assert overall.level == "overall"
    assert overall.att == pytest.approx(result.overall.att)
    # the same as the stats function on the estimates and covariance
    direct = relative_magnitude_interval(
        [result.at(e).att for e in (-1, 0, 1, 2)],
        result.covariance,
        pre=1,
        weights=[1 / 3] * 3,
        mbar=1.0,
        grid=(
            min(0.0, overall.att) - 20 * result.overall.se,
            max(0.0, overall.att) + 20 * result.overall.se,
        ),
        points=100,
        sims=100,
    )
    assert (overall.low, overall.high) == pytest.approx((direct.low, direct.high), abs=1e-6)
    one = robust.at(0.0, event_time=1)
    assert one.level == "event_time"
    assert one.att == pytest.approx(result.at(1).att)
    with pytest.raises(KeyError, match="no robust interval"):
        robust.at(0.5)


def test_overall_only_and_frames(result) -> None:  # type: ignore[no-untyped-def]
    robust = result.sensitivity([0.0, 0.5], overall_only=True, points=100, sims=100)
    assert {b.event_time for b in robust.bounds} == {None}
    frame = robust.to_pandas()
    assert tuple(frame.columns) == SENSITIVITY_COLUMNS
    assert list(frame["mbar"]) == [0.0, 0.5]
    assert set(frame["breakdown"].dropna()) <= {0.0, 0.5}
    assert robust.to_records()[0]["excludes_zero"] is True


def _bounds(excludes: list[bool]) -> Sensitivity:
    mbars = (0.0, 0.5, 1.0, 1.5, 2.0)[: len(excludes)]
    return Sensitivity(
        kind="k",
        event="start",
        outcome="o",
        mbars=mbars,
        pre_event=(-1,),
        post_event=(0,),
        bounds=tuple(
            RobustBound(
                level="overall",
                event_time=None,
                att=1.0,
                mbar=m,
                low=0.5 if ok else -0.5,
                high=1.5,
                open_low=False,
                open_high=False,
                step=0.01,
            )
            for m, ok in zip(mbars, excludes, strict=True)
        ),
    )


@pytest.mark.parametrize(
    ("excludes", "breakdown", "words"),
    [
        ([False, False], None, "Not distinguishable from zero"),
        ([True, False, False], 0.0, "Holds only if trends after the start stay exactly parallel"),
        (
            [True, True, True, False, True],
            1.0,
            "Holds unless trend differences after the start exceed 1× the largest difference before it (at 1.5×",
        ),
        ([True] * 5, 2.0, "Holds even if trend differences after the start reach 2×"),
    ],
)
def test_breakdown_and_its_sentence(
    excludes: list[bool], breakdown: float | None, words: str
) -> None:
    found = _bounds(excludes)
    assert found.breakdown() == breakdown
    assert found.sentence().startswith(words)


def test_open_intervals_do_not_exclude_zero() -> None:
    bound = RobustBound(
        level="overall",
        event_time=None,
        att=1.0,
        mbar=0.0,
        low=0.5,
        high=None,
        open_low=True,
        open_high=False,
        step=0.1,
    )
    assert not bound.excludes_zero
    assert not attrs_evolve(bound, low=-1.0, high=-0.5, open_high=True).excludes_zero
    assert attrs_evolve(bound, low=-1.0, high=-0.5, open_low=False).excludes_zero


def attrs_evolve(bound: RobustBound, **changes: object) -> RobustBound:
    import attrs

    return attrs.evolve(bound, **changes)


def test_nothing_to_say_without_estimates_before_the_event() -> None:
    panel = build_panel(bundled(), period="quarter")
    found = estimate_effect(
        panel, kind="educational_workshop", outcome="trust_mean_score", window=0
    )
    robust = found.sensitivity(points=50, sims=50)
    assert robust.bounds == ()
    assert robust.note is not None
    assert "just before and just after" in robust.note
    assert robust.sentence() == robust.note
    assert robust.breakdown() is None


def test_no_covariance_without_an_estimate() -> None:
    panel = EffectPanel(
        periods=("p1", "p2", "p3"),
        areas=("a", "b"),
        outcomes={"y": {"a": (1.0, 2.0, 3.0), "b": (1.0, 2.0, 2.0)}},
        active={"educational_workshop": {"a": (True, True, True)}},
    )
    found = estimate_effect(panel, kind="educational_workshop", outcome="y")
    assert found.covariance == ()
    assert found.sensitivity().note is not None


@pytest.mark.parametrize("mbars", [[], [-1.0], [math.nan], [True], ["1"]])
def test_bad_bounds_are_named(result, mbars: list[object]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EffectsError, match="mbars"):
        result.sensitivity(mbars)  # type: ignore[arg-type]


def test_bad_grid_settings_are_named(result) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EffectsError, match="points"):
        result.sensitivity([0.0], points=1)
