"""The scoring model shipped with trustops (``models/default.toml``)."""

from __future__ import annotations

from importlib.resources import files
from typing import Final

from ._model import ScoringModel

__all__ = ["DEFAULT_MODEL"]

DEFAULT_MODEL: Final = ScoringModel.from_toml(
    files("trustops.scoring").joinpath("models", "default.toml").read_text(encoding="utf-8")
)
"""``trustops-default`` 3.0 (METHODS §6), every component measured over the trailing 91 days
(``window_days``) or the whole period, whichever is longer, ending at the period's last local
day: perceived trust (survey ``mean_score`` of ``trust``, responses weighted by recency decay
with a half-life of 90 days) 0.40; reach (``reach_per_1000`` against a target of 400 a year,
scaled to the window's days, capped) 0.15; community reporting
(``reports_per_1000_residents`` against 40 a year, scaled, capped) 0.15; interaction quality
(``positive_share`` × 100) 0.15; continuity (``repeat_engagement_rate`` × 100) 0.15. Coverage
threshold 0.5, the default small-cell policy, no shrinkage."""
