"""The domain model: frozen, validated attrs classes and enums for trust programmes.

Every class is keyword-only and immutable; invalid values raise :class:`~trustops.FieldError`
naming the field. Timestamps are timezone-aware :class:`pendulum.DateTime` values.
"""

from ._area import MARGIN_TOLERANCE, Area
from ._dataset import Dataset, Problem
from ._enums import (
    AttendanceStatus,
    Channel,
    InitiativeKind,
    Initiator,
    InteractionKind,
    Outcome,
    ProgrammeStatus,
    SessionStatus,
)
from ._errors import DatasetError, IllegalTransitionError
from ._indicator import Actual, Baseline, Indicator, Target
from ._initiative import Initiative, Session
from ._interaction import Interaction, hours_to_report
from ._lifecycle import PROGRAMME_TRANSITIONS, SESSION_TRANSITIONS
from ._programme import Partner, Programme
from ._survey import STANDARD_CONSTRUCTS, SurveyInstrument, SurveyItem, SurveyResponse

__all__ = [
    "MARGIN_TOLERANCE",
    "PROGRAMME_TRANSITIONS",
    "SESSION_TRANSITIONS",
    "STANDARD_CONSTRUCTS",
    "Actual",
    "Area",
    "AttendanceStatus",
    "Baseline",
    "Channel",
    "Dataset",
    "DatasetError",
    "IllegalTransitionError",
    "Indicator",
    "Initiative",
    "InitiativeKind",
    "Initiator",
    "Interaction",
    "InteractionKind",
    "Outcome",
    "Partner",
    "Problem",
    "Programme",
    "ProgrammeStatus",
    "Session",
    "SessionStatus",
    "SurveyInstrument",
    "SurveyItem",
    "SurveyResponse",
    "Target",
    "hours_to_report",
]
