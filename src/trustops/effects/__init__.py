"""What builds trust here: initiative effects with honest intervals (METHODS §8).

Two entry points:

- :func:`build_panel` turns a :class:`~trustops.model.Dataset` into an :class:`EffectPanel`:
  areas × periods (month or quarter, local calendar) with outcomes (the trust index, each
  construct's published ``mean_score``, reports per 1,000 residents, median hours to report,
  positive share, complaints per 1,000), the periods each initiative kind runs in each area,
  and descriptive exposure (sessions held, interactions per 1,000 residents by kind).
  Inspect it, or build an :class:`EffectPanel` yourself from your own outcome series.
- :func:`estimate_effect` (one kind, event type and outcome) and :func:`estimate_effects`
  (all of them, with :meth:`EffectTable.contrast`) estimate Callaway & Sant'Anna group-time
  effects, the event-time aggregation and the overall effect, each with its standard error,
  95% interval and numbers of treated and comparison areas, the pre-trend test, the flags
  ``insufficient`` and ``pre_trend``, and the statement that the result is observational.
- :meth:`EffectResult.sensitivity` says how far each conclusion survives departures from
  parallel trends (Rambachan & Roth 2023): robust intervals under relative-magnitude bounds
  and the breakdown M̄, as a :class:`Sensitivity` (needs the ``sensitivity`` extra).

The numerics (group-time effects, influence functions, clustering, the Wald test) live in
:mod:`trustops.stats`. Errors are :class:`EffectsError`, naming the argument.

>>> from trustops.effects import build_panel, estimate_effect
>>> from trustops.sample import bundled
>>> panel = build_panel(bundled(), period="quarter")
>>> panel.periods
('2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4')
>>> result = estimate_effect(panel, kind="educational_workshop", outcome="trust_mean_score")
>>> result.areas, result.dropped
(11, ('riverside',))
>>> result.overall.low > 0
True

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._errors import EffectsError
from ._estimate import (
    CONTRASTS,
    INFERENCES,
    MIN_AREAS,
    OBSERVATIONAL,
    RECORD_COLUMNS,
    Comparison,
    EffectEstimate,
    EffectResult,
    EffectTable,
    Inference,
    Level,
    PreTrendTest,
    estimate_effect,
    estimate_effects,
)
from ._panel import (
    EVENTS,
    METRIC_OUTCOMES,
    PERIODS,
    TRUST_INDEX,
    Cohorts,
    EffectPanel,
    Event,
    Exposure,
    build_panel,
    construct_outcome,
)
from ._sensitivity import SENSITIVITY_COLUMNS, RobustBound, Sensitivity

__all__ = [
    "CONTRASTS",
    "EVENTS",
    "INFERENCES",
    "METRIC_OUTCOMES",
    "MIN_AREAS",
    "OBSERVATIONAL",
    "PERIODS",
    "RECORD_COLUMNS",
    "SENSITIVITY_COLUMNS",
    "TRUST_INDEX",
    "Cohorts",
    "Comparison",
    "EffectEstimate",
    "EffectPanel",
    "EffectResult",
    "EffectTable",
    "EffectsError",
    "Event",
    "Exposure",
    "Inference",
    "Level",
    "PreTrendTest",
    "RobustBound",
    "Sensitivity",
    "build_panel",
    "construct_outcome",
    "estimate_effect",
    "estimate_effects",
]
