"""trustops: typed models, engagement metrics and explainable trust scores.

The domain model is re-exported here; the other layers live in their own packages:
:mod:`trustops.io`, :mod:`trustops.metrics`, :mod:`trustops.scoring`, :mod:`trustops.stats`,
:mod:`trustops.privacy`, :mod:`trustops.sample`, :mod:`trustops.testing`.
"""

from __future__ import annotations

from ._errors import FieldError, MissingExtraError, TrustopsError
from .model import (
    Actual,
    Area,
    AttendanceStatus,
    Baseline,
    Channel,
    Dataset,
    DatasetError,
    IllegalTransitionError,
    Indicator,
    Initiative,
    InitiativeKind,
    Initiator,
    Interaction,
    InteractionKind,
    Outcome,
    Partner,
    Problem,
    Programme,
    ProgrammeStatus,
    Session,
    SessionStatus,
    SurveyInstrument,
    SurveyItem,
    SurveyResponse,
    Target,
)
from .privacy import PrivacyError
from .stats import RakingError, StatsError

__all__ = [
    "Actual",
    "Area",
    "AttendanceStatus",
    "Baseline",
    "Channel",
    "Dataset",
    "DatasetError",
    "FieldError",
    "IllegalTransitionError",
    "Indicator",
    "Initiative",
    "InitiativeKind",
    "Initiator",
    "Interaction",
    "InteractionKind",
    "MissingExtraError",
    "Outcome",
    "Partner",
    "PrivacyError",
    "Problem",
    "Programme",
    "ProgrammeStatus",
    "RakingError",
    "Session",
    "SessionStatus",
    "StatsError",
    "SurveyInstrument",
    "SurveyItem",
    "SurveyResponse",
    "Target",
    "TrustopsError",
    "__version__",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("trustops")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
