"""Typing examples for trustops.effects: checked by mypy --strict, never run."""

from __future__ import annotations

from typing import assert_type

from trustops import Dataset, InitiativeKind
from trustops.effects import (
    EffectEstimate,
    EffectPanel,
    EffectResult,
    EffectTable,
    build_panel,
    construct_outcome,
    estimate_effect,
    estimate_effects,
)

panel = build_panel(Dataset(), period="quarter")
assert_type(panel, EffectPanel)
result = estimate_effect(
    panel,
    kind=InitiativeKind.VISIBLE_PATROL,
    outcome=construct_outcome("trust"),
    event="start",
    comparison="not_yet_treated",
)
assert_type(result, EffectResult)
assert_type(result.overall, EffectEstimate)
assert_type(result.overall.att, float | None)  # None when withheld or not estimable
for each in estimate_effects(panel, events=["start"]):
    assert_type(each, EffectResult)
assert_type(estimate_effects(panel), EffectTable)
estimate_effect(panel, kind="visible_patrol", outcome="trust_index", event="end")  # type: ignore[arg-type]
