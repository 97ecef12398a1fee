"""Tests of the shipped scoring model, trustops-default (METHODS §6)."""

from __future__ import annotations

import math
from importlib.resources import files

from trustops.privacy import DEFAULT_POLICY
from trustops.scoring import DEFAULT_MODEL, ScoringModel


def test_the_shipped_model_is_the_file_in_the_package() -> None:
    text = files("trustops.scoring").joinpath("models", "default.toml").read_text("utf-8")
    assert ScoringModel.from_toml(text) == DEFAULT_MODEL


def test_the_default_model_is_as_documented() -> None:
    assert (DEFAULT_MODEL.name, DEFAULT_MODEL.version) == ("trustops-default", "3.0")
    components = {c.name: c for c in DEFAULT_MODEL.components}
    assert {name: c.weight for name, c in components.items()} == {
        "perceived_trust": 0.40,
        "reach": 0.15,
        "community_reporting": 0.15,
        "interaction_quality": 0.15,
        "continuity": 0.15,
    }
    assert math.isclose(sum(c.weight for c in DEFAULT_MODEL.components), 1.0)
    trust = components["perceived_trust"]
    assert (trust.measure, trust.statistic) == ("trust", "mean_score")
    assert DEFAULT_MODEL.window_days == 91
    assert components["reach"].target == 400.0
    assert components["community_reporting"].target == 40.0
    assert DEFAULT_MODEL.coverage_threshold == 0.5
    assert DEFAULT_MODEL.decay_half_life_days == 90.0
    assert DEFAULT_MODEL.shrinkage is False
    assert DEFAULT_MODEL.suppression == DEFAULT_POLICY


def test_the_fingerprint_is_stable_across_round_trips() -> None:
    assert ScoringModel.from_json(DEFAULT_MODEL.to_json()).fingerprint == DEFAULT_MODEL.fingerprint
    assert len(DEFAULT_MODEL.fingerprint) == 64  # SHA-256, hex
