"""What each field of each record means, in a sentence: for the JSON Schema and the docs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["FIELD_DESCRIPTIONS", "field_description"]

_ID = "Identifier: 1–128 printable characters without spaces, unique among records of its kind."

FIELD_DESCRIPTIONS: Final[Mapping[str, Mapping[str, str]]] = {
    "Programme": {
        "id": _ID,
        "name": "The programme's name as people know it.",
        "organisation": "The organisation that runs the programme.",
        "start": "First day of the programme (a calendar date, YYYY-MM-DD).",
        "end": "Last day of the programme; absent while it has no planned end.",
        "area_ids": "Ids of the areas the programme works in.",
        "status": "Where the programme is in its lifecycle: planned, active, suspended, "
        "completed or cancelled.",
        "description": "Free text describing the programme's aims.",
    },
    "Area": {
        "id": _ID,
        "name": "The area's name as residents know it.",
        "timezone": "IANA time zone (e.g. Europe/London) in which the area's instants are "
        "bucketed into local days, weeks, months and quarters.",
        "population": "Number of residents, used for rates per 1,000 residents; absent when "
        "not known.",
        "margins": "Population shares per demographic dimension for survey weighting, e.g. "
        '{"age": {"16-34": 0.31, "35-64": 0.49, "65+": 0.20}}; each dimension sums to 1.',
    },
    "Partner": {
        "id": _ID,
        "name": "The partner organisation's name.",
        "sector": "What kind of organisation it is (charity, school, business, …).",
    },
    "Initiative": {
        "id": _ID,
        "programme_id": "Id of the programme the initiative belongs to.",
        "area_id": "Id of the area where the initiative runs.",
        "name": "The initiative's name.",
        "kind": "What kind of activity it is: community_outreach, educational_workshop, "
        "local_partnership, community_meeting, visible_patrol, surveillance_measure or other.",
        "status": "Where the initiative is in its lifecycle: planned, active, suspended, "
        "completed or cancelled.",
        "partner_ids": "Ids of the partner organisations involved.",
        "capacity": "How many people the initiative can take at once, when limited.",
        "start": "First day of the initiative (a calendar date); absent when not planned yet.",
        "end": "Last day of the initiative; absent while it has no planned end.",
    },
    "Session": {
        "id": _ID,
        "initiative_id": "Id of the initiative this session is an occurrence of.",
        "start": "When the session starts: a date and time with its UTC offset.",
        "end": "When the session ends, after its start: a date and time with its UTC offset.",
        "status": "Whether the session is scheduled, was held or was cancelled.",
        "capacity": "How many people the session can take, when limited.",
    },
    "Interaction": {
        "id": _ID,
        "occurred_at": "When the contact happened: a date and time with its UTC offset "
        "(naive times are refused, never guessed), in the years 1900 to 2199 in UTC.",
        "area_id": "Id of the area where the contact happened.",
        "kind": "What happened: conversation, attendance, suspicious_activity_report, "
        "volunteering, complaint, compliment, feedback or referral.",
        "initiator": "Who started the contact: resident or staff.",
        "channel": "How the contact happened: in_person, phone, online, app or letter.",
        "initiative_id": "Id of the initiative the contact belongs to, if any.",
        "session_id": "Id of the session (a dated occurrence of the initiative), if any.",
        "staff_id": "Pseudonymous id of the staff member involved, if any.",
        "resident_id": "Pseudonymous id of the resident involved, if known; never a name.",
        "outcome": "How the contact went, when recorded: positive, neutral or negative.",
        "attendance": "For attendance records: present, excused_absence or unexcused_absence.",
        "observed_at": "For a suspicious-activity report: when the resident saw what they "
        "report (never after the report).",
        "duration_minutes": "How long a conversation or volunteering lasted, in minutes.",
    },
    "SurveyInstrument": {
        "id": _ID,
        "name": "The questionnaire's name.",
        "items": "The questions, each belonging to a construct, with its answer scale.",
        "version": "The questionnaire's version, when it changes over time.",
        "replicates": "The replicate design, when every response carries replicate weights: "
        "the method (jk1, jkn, brr, fay, bootstrap), the number of replicates and how they "
        "combine into a variance.",
    },
    "ReplicateDesign": {
        "method": "How the replicate weights were made: jk1, jkn, brr, fay or bootstrap (as "
        "R svrepdesign's type).",
        "replicates": "How many replicate weights each response carries (2 to 10,000).",
        "scale": "The overall multiplier of the replicate variance; absent: R's default for "
        "the method.",
        "rscales": "One multiplier per replicate (needed for jkn: (n_h - 1)/n_h); absent: 1 each.",
        "rho": "Fay's factor (0 up to 1), for the fay method only.",
    },
    "SurveyItem": {
        "id": "Identifier of the question, unique within its instrument.",
        "construct": "What the question measures: trust, respect, voice, fairness, safety or "
        "a construct of your own.",
        "text": "The question as residents read it.",
        "scale_min": "The lowest answer on the scale (a whole number).",
        "scale_max": "The highest answer on the scale (a whole number above scale_min).",
        "reverse": "Whether a high answer means less of the construct (reverse-coded).",
        "top_box_min": "The lowest answer counted in the top box; default the top 4 points "
        "of 9, the top 2 of 5, 9–10 of 0–10.",
        "bottom_box_max": "The highest answer counted in the bottom box; default mirrors the "
        "top box.",
    },
    "SurveyResponse": {
        "id": _ID,
        "instrument_id": "Id of the questionnaire answered.",
        "area_id": "Id of the area the respondent lives in.",
        "collected_at": "When the answers were collected: a date and time with its UTC offset.",
        "answers": "Item id → the answer on its scale, or null for a question left unanswered.",
        "attributes": "Demographic attributes of the respondent (dimension → category) for "
        "weighting to the area's margins.",
        "weight": "The respondent's design weight (greater than 0); 1 when absent.",
        "stratum": "The stratum the respondent was sampled in, when the survey was "
        "stratified (declared on every response or none).",
        "psu": "The primary sampling unit (cluster: a street, a household) the respondent was "
        "sampled in; absent: the respondent is a unit of their own.",
        "fpc": "The finite population correction of the response's stratum: its population "
        "of PSUs, or the sampling fraction when at most 1 (declared on every response or "
        "none).",
        "replicate_weights": "The respondent's weight in each replicate, when the instrument "
        "declares a replicate design (0 or more each).",
    },
    "Indicator": {
        "id": _ID,
        "name": "The indicator's name in the results framework.",
        "unit": "What the indicator's values count or measure.",
        "ascending": "Whether larger values are better (true) or smaller ones (false).",
        "baseline": "The value before the programme, and its date.",
        "targets": "Target values, each for a period from its start to its end date.",
        "actuals": "Observed values, each with the date it was observed.",
        "programme_id": "Id of the programme the indicator belongs to, if any.",
        "area_id": "Id of the area the indicator is about, if any.",
        "maintain": "Whether the target is a level to hold (on the good side of it) rather "
        "than to reach; false by default.",
    },
    "Baseline": {
        "value": "The indicator's value at the baseline.",
        "date": "The date the baseline value was observed (YYYY-MM-DD).",
    },
    "Target": {
        "start": "First day of the target period (YYYY-MM-DD).",
        "end": "Last day of the target period, on or after its start.",
        "value": "The value the indicator should reach by the end of the period.",
    },
    "Actual": {
        "date": "The date the value was observed (YYYY-MM-DD).",
        "value": "The observed value.",
    },
}
"""A sentence for every field of every record type, by class name and field name."""


def field_description(record: str, field: str) -> str:
    """What ``field`` of the record type ``record`` means.

    >>> from trustops.model import field_description
    >>> field_description("Interaction", "initiator")
    'Who started the contact: resident or staff.'
    """
    try:
        return FIELD_DESCRIPTIONS[record][field]
    except KeyError:
        raise KeyError(f"no description of {record}.{field}") from None
