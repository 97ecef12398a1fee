"""Survey construct scores, the composite trust index and its explanations (METHODS §4–§7).

- :func:`survey_scores` scores each construct of a survey instrument per area, period or
  demographic group: mean score, top-box share and net score, weighted by raking to the
  area's population margins, with n, effective n, design effect, intervals and Cronbach's
  alpha; each raked weight set carries its :class:`RakingDiagnostics` (balance per margin
  variable before and after weighting, design effect, the weights' distribution).
- :class:`ScoringModel` is a versioned, fingerprinted recipe for the composite index
  (:data:`DEFAULT_MODEL` is ``trustops-default``) that round-trips through JSON and TOML.
- :func:`trust_index` computes the index per area and period from interactions and survey
  responses (:func:`dataset_trust_index` from a whole dataset); each
  :class:`TrustIndexResult` explains every component's contribution, and
  :func:`programme_index` combines areas into one programme-wide figure
  (:func:`programme_indexes`: one per period, weighted by population).
- :func:`compare` tests the change of a score, metric or index between periods or areas;
  :func:`indicator_progress` measures a results-framework indicator against its target;
  :func:`suppress` applies the small-cell policy to what is published.
"""

from __future__ import annotations

from ._compare import Comparison, ComponentChange, SurveyStatistic, compare
from ._dataset import choose_instrument, dataset_trust_index, known_initiatives
from ._defaults import DEFAULT_MODEL
from ._design import MADE_REPLICATES, MadeReplicates, Variance
from ._diagnostics import DIAGNOSTIC_COLUMNS, RakingDiagnostics, RakingDiagnosticsTable
from ._errors import ScoringError, ScoringModelError, ScoringTypeError
from ._flags import Flag
from ._index import (
    ComponentExplanation,
    ComponentInput,
    TrustIndexResult,
    TrustIndexTable,
    combine_components,
    programme_index,
    programme_indexes,
    trust_index,
)
from ._model import (
    DAYS_PER_YEAR,
    DEFAULT_WINDOW_DAYS,
    RATE_METRICS,
    SHARE_METRICS,
    SURVEY_STATISTICS,
    Component,
    Direction,
    IndexWindow,
    Normalisation,
    ScoringModel,
    Source,
)
from ._progress import IndicatorProgress, ProgressStatus, indicator_progress
from ._publish import METRIC_MEASURES, PERTURBED_NOTE, publish_engagement
from ._suppress import suppress
from ._survey import (
    MISSING_KEY,
    WEIGHTINGS,
    ConstructScore,
    ScoreEstimate,
    SurveyScoreTable,
    Weighting,
    survey_scores,
)

__all__ = [
    "DAYS_PER_YEAR",
    "DEFAULT_MODEL",
    "DEFAULT_WINDOW_DAYS",
    "DIAGNOSTIC_COLUMNS",
    "MADE_REPLICATES",
    "METRIC_MEASURES",
    "MISSING_KEY",
    "PERTURBED_NOTE",
    "RATE_METRICS",
    "SHARE_METRICS",
    "SURVEY_STATISTICS",
    "WEIGHTINGS",
    "Comparison",
    "Component",
    "ComponentChange",
    "ComponentExplanation",
    "ComponentInput",
    "ConstructScore",
    "Direction",
    "Flag",
    "IndexWindow",
    "IndicatorProgress",
    "MadeReplicates",
    "Normalisation",
    "ProgressStatus",
    "RakingDiagnostics",
    "RakingDiagnosticsTable",
    "ScoreEstimate",
    "ScoringError",
    "ScoringModel",
    "ScoringModelError",
    "ScoringTypeError",
    "Source",
    "SurveyScoreTable",
    "SurveyStatistic",
    "TrustIndexResult",
    "TrustIndexTable",
    "Variance",
    "Weighting",
    "choose_instrument",
    "combine_components",
    "compare",
    "dataset_trust_index",
    "indicator_progress",
    "known_initiatives",
    "programme_index",
    "programme_indexes",
    "publish_engagement",
    "suppress",
    "survey_scores",
    "trust_index",
]
