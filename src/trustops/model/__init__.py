"""The domain model: frozen, validated attrs classes and enums for trust programmes.

Every class is keyword-only and immutable; invalid values raise :class:`~trustops.FieldError`
naming the field. Timestamps are timezone-aware :class:`pendulum.DateTime` values.

The field checks the models use (:func:`check_id`, :func:`to_enum`, :func:`as_fixed_offset`,
...) are public too, for the other layers and for classes of your own that should accept
exactly what trustops accepts.
"""

from ._area import MARGIN_TOLERANCE, Area
from ._checks import (
    END_INSTANT,
    FIRST_INSTANT,
    ID_MAX_LENGTH,
    MAX_DURATION_MINUTES,
    MAX_POPULATION,
    MAX_SURVEY_WEIGHT,
    MAX_YEAR,
    MIN_SURVEY_WEIGHT,
    MIN_YEAR,
    TEXT_MAX_LENGTH,
    as_fixed_offset,
    check_bool,
    check_id,
    check_multiline_text,
    check_text,
    check_timezone,
    describe_value,
    to_enum,
    to_finite_float,
)
from ._dataset import Dataset, Problem
from ._descriptions import FIELD_DESCRIPTIONS, field_description
from ._enums import (
    AttendanceStatus,
    Channel,
    InitiativeKind,
    Initiator,
    InteractionKind,
    Outcome,
    ProgrammeStatus,
    ReplicateMethod,
    SessionStatus,
)
from ._errors import DatasetError, IllegalTransitionError, OffsetError
from ._indicator import Actual, Baseline, Indicator, Target
from ._initiative import Initiative, Session
from ._interaction import Interaction, hours_to_report
from ._lifecycle import PROGRAMME_TRANSITIONS, SESSION_TRANSITIONS
from ._programme import Partner, Programme
from ._survey import (
    MAX_FPC,
    MAX_REPLICATES,
    STANDARD_CONSTRUCTS,
    ReplicateDesign,
    SurveyInstrument,
    SurveyItem,
    SurveyResponse,
)
from ._unrolled import checked_builder

__all__ = [
    "END_INSTANT",
    "FIELD_DESCRIPTIONS",
    "FIRST_INSTANT",
    "ID_MAX_LENGTH",
    "MARGIN_TOLERANCE",
    "MAX_DURATION_MINUTES",
    "MAX_FPC",
    "MAX_POPULATION",
    "MAX_REPLICATES",
    "MAX_SURVEY_WEIGHT",
    "MAX_YEAR",
    "MIN_SURVEY_WEIGHT",
    "MIN_YEAR",
    "PROGRAMME_TRANSITIONS",
    "SESSION_TRANSITIONS",
    "STANDARD_CONSTRUCTS",
    "TEXT_MAX_LENGTH",
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
    "OffsetError",
    "Outcome",
    "Partner",
    "Problem",
    "Programme",
    "ProgrammeStatus",
    "ReplicateDesign",
    "ReplicateMethod",
    "Session",
    "SessionStatus",
    "SurveyInstrument",
    "SurveyItem",
    "SurveyResponse",
    "Target",
    "as_fixed_offset",
    "check_bool",
    "check_id",
    "check_multiline_text",
    "check_text",
    "check_timezone",
    "checked_builder",
    "describe_value",
    "field_description",
    "hours_to_report",
    "to_enum",
    "to_finite_float",
]
