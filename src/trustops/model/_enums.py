"""Enumerations of the domain. Their string values are stable: they never change once released."""

from __future__ import annotations

import enum

__all__ = [
    "AttendanceStatus",
    "Channel",
    "InitiativeKind",
    "Initiator",
    "InteractionKind",
    "Outcome",
    "ProgrammeStatus",
    "ReplicateMethod",
    "SessionStatus",
]


class ProgrammeStatus(enum.StrEnum):
    """Lifecycle of a :class:`~trustops.model.Programme` or :class:`~trustops.model.Initiative`.

    ``planned → active → completed``, ``active ⇄ suspended``, and any non-final status
    ``→ cancelled``. ``completed`` and ``cancelled`` are final.
    """

    PLANNED = "planned"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class SessionStatus(enum.StrEnum):
    """Lifecycle of a :class:`~trustops.model.Session`: ``scheduled → held | cancelled``."""

    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class InitiativeKind(enum.StrEnum):
    """What kind of activity an initiative is."""

    COMMUNITY_OUTREACH = "community_outreach"
    EDUCATIONAL_WORKSHOP = "educational_workshop"
    LOCAL_PARTNERSHIP = "local_partnership"
    COMMUNITY_MEETING = "community_meeting"
    VISIBLE_PATROL = "visible_patrol"
    SURVEILLANCE_MEASURE = "surveillance_measure"
    OTHER = "other"


class InteractionKind(enum.StrEnum):
    """What happened in one contact between the programme and the community."""

    CONVERSATION = "conversation"
    ATTENDANCE = "attendance"
    SUSPICIOUS_ACTIVITY_REPORT = "suspicious_activity_report"
    VOLUNTEERING = "volunteering"
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"
    FEEDBACK = "feedback"
    REFERRAL = "referral"


class Initiator(enum.StrEnum):
    """Who started an interaction."""

    RESIDENT = "resident"
    STAFF = "staff"


class Channel(enum.StrEnum):
    """How an interaction took place."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    ONLINE = "online"
    APP = "app"
    LETTER = "letter"


class Outcome(enum.StrEnum):
    """How an interaction went, when that was recorded."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class AttendanceStatus(enum.StrEnum):
    """Attendance recorded on an ``attendance`` interaction."""

    PRESENT = "present"
    EXCUSED_ABSENCE = "excused_absence"
    UNEXCUSED_ABSENCE = "unexcused_absence"


class ReplicateMethod(enum.StrEnum):
    """How a survey's replicate weights were made, as R ``svrepdesign(type=...)`` names it.

    ``jk1`` (delete-one jackknife), ``jkn`` (stratified delete-one-PSU jackknife), ``brr``
    (balanced repeated replication), ``fay`` (Fay's BRR with a factor ρ) and ``bootstrap``.

    .. versionadded:: Unreleased
    """

    JK1 = "jk1"
    JKN = "jkn"
    BRR = "brr"
    FAY = "fay"
    BOOTSTRAP = "bootstrap"
