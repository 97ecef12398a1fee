"""Typing examples for trustops.scoring: checked by mypy --strict, never run."""

from __future__ import annotations

from typing import assert_type

from trustops import Dataset
from trustops.scoring import (
    DEFAULT_MODEL,
    Comparison,
    Component,
    ComponentInput,
    ConstructScore,
    ScoreEstimate,
    ScoringModel,
    SurveyScoreTable,
    TrustIndexResult,
    TrustIndexTable,
    combine_components,
    compare,
    dataset_trust_index,
    suppress,
    survey_scores,
)
from trustops.stats import Interval

model = ScoringModel.from_toml(DEFAULT_MODEL.to_toml())
assert_type(model, ScoringModel)
assert_type(model.component("reach"), Component)
assert_type(model.fingerprint, str)

result = combine_components(model, {"reach": ComponentInput(310.0, n=240)}, area="riverside")
assert_type(result, TrustIndexResult)
assert_type(result.index, float | None)  # None when coverage is too low or withheld
assert_type(result.interval, Interval | None)
assert_type(suppress(result), TrustIndexResult)  # suppress keeps the kind it is given

index = dataset_trust_index(Dataset())
assert_type(index, TrustIndexTable)
assert_type(suppress(index), TrustIndexTable)

dataset = Dataset()
scores = survey_scores(dataset.instruments[0], dataset.responses, weighting="raked")
assert_type(scores, SurveyScoreTable)
for score in scores:
    assert_type(score, ConstructScore)
    assert_type(score.mean_score, ScoreEstimate | None)
    assert_type(suppress(score), ConstructScore)
    assert_type(compare(score, score), Comparison)
survey_scores(dataset.instruments[0], dataset.responses, weighting="weighted")  # type: ignore[arg-type]
