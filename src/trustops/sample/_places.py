"""The fixed structure of the sample programme: areas, partners, the programme, initiatives,
sessions and staff, with each area's "character" that shapes its activity and survey answers."""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

import pendulum

from ..model import (
    Area,
    Initiative,
    InitiativeKind,
    Partner,
    Programme,
    ProgrammeStatus,
    Session,
    SessionStatus,
)

__all__ = [
    "COMMON_TREND",
    "PATROL_WITHDRAWAL_SAFETY_EFFECT",
    "PROFILES",
    "PROGRAMME_ID",
    "SURVEILLANCE_REPORTING_CHANGE",
    "WORKSHOP_TRUST_EFFECT",
    "YEAR",
    "AreaProfile",
    "Places",
    "build_places",
    "pseudonym",
    "quarter_end",
    "quarter_start",
]

YEAR: Final = 2025
PROGRAMME_ID: Final = "safer-neighbourhoods-2025"

WORKSHOP_TRUST_EFFECT: Final = 7.0
"""Planted: points (0–100) that safety workshops add to the latent trust behind the trust,
respect, voice and fairness answers, from the quarter they start."""
SURVEILLANCE_REPORTING_CHANGE: Final = -0.35
"""Planted: relative change of residents' suspicious-activity reports once CCTV starts."""
PATROL_WITHDRAWAL_SAFETY_EFFECT: Final = -6.0
"""Planted: points (0–100) that withdrawing foot patrols takes from the latent feeling of
safety, from the first quarter without them."""
COMMON_TREND: Final = 1.0
"""Points (0–100) of latent trust gained per quarter everywhere (parallel trends)."""


_NONE: Final[Mapping[InitiativeKind, int]] = MappingProxyType({})


class AreaProfile(NamedTuple):
    """How one area behaves: the knobs that make its metrics and scores differ."""

    area: Area
    activity: float
    """Relative volume of interactions per resident."""
    positivity: float
    """Chance that an interaction with a recorded outcome went well."""
    reporting: float
    """Relative propensity of residents to report suspicious activity."""
    trust: float
    """Mean latent trust on 0..1 at the start of the year."""
    safety: float
    """Mean latent feeling of safety on 0..1."""
    kinds: tuple[InitiativeKind, ...]
    """Initiative kinds run in the area."""
    starts: Mapping[InitiativeKind, int] = _NONE
    """Quarter (2–4) in which a kind starts, where it does not run from January."""
    stops: Mapping[InitiativeKind, int] = _NONE
    """Last quarter (1–3) in which a kind runs, where it is withdrawn during the year."""

    def active(self, kind: InitiativeKind, quarter: int) -> bool:
        """Whether the area runs ``kind`` in ``quarter`` (1–4)."""
        return kind in self.kinds and self.starts.get(kind, 1) <= quarter <= self.stops.get(kind, 4)


def _margins(
    age: tuple[float, float, float], women: float, tenure: tuple[float, float, float]
) -> dict[str, dict[str, float]]:
    return {
        "age": dict(zip(("16-34", "35-64", "65+"), age, strict=True)),
        "gender": {"woman": women, "man": round(0.98 - women, 2), "another": 0.02},
        "tenure": dict(zip(("owner", "renter", "social"), tenure, strict=True)),
    }


_K = InitiativeKind
_CORE = (_K.COMMUNITY_OUTREACH, _K.VISIBLE_PATROL)

PROFILES: Final = (
    AreaProfile(
        Area(
            id="riverside",
            name="Riverside",
            timezone="Europe/London",
            population=14_200,
            margins=_margins((0.30, 0.48, 0.22), 0.51, (0.52, 0.33, 0.15)),
        ),
        activity=1.3,
        positivity=0.64,
        reporting=1.2,
        trust=0.64,
        safety=0.68,
        kinds=(*_CORE, _K.EDUCATIONAL_WORKSHOP, _K.COMMUNITY_MEETING, _K.LOCAL_PARTNERSHIP),
    ),
    AreaProfile(
        Area(
            id="old-town",
            name="Old Town",
            timezone="Europe/London",
            population=9_800,
            margins=_margins((0.24, 0.46, 0.30), 0.52, (0.61, 0.29, 0.10)),
        ),
        activity=1.0,
        positivity=0.57,
        reporting=0.9,
        trust=0.58,
        safety=0.66,
        kinds=(*_CORE, _K.EDUCATIONAL_WORKSHOP, _K.COMMUNITY_MEETING, _K.OTHER),
        starts={_K.EDUCATIONAL_WORKSHOP: 2, _K.COMMUNITY_MEETING: 2},
        stops={_K.VISIBLE_PATROL: 2},
    ),
    AreaProfile(
        Area(
            id="northgate",
            name="Northgate Estate",
            timezone="Europe/London",
            population=18_600,
            margins=_margins((0.38, 0.45, 0.17), 0.50, (0.18, 0.30, 0.52)),
        ),
        activity=1.1,
        positivity=0.42,
        reporting=1.4,
        trust=0.42,
        safety=0.45,
        kinds=(
            *_CORE,
            _K.EDUCATIONAL_WORKSHOP,
            _K.COMMUNITY_MEETING,
            _K.LOCAL_PARTNERSHIP,
            _K.SURVEILLANCE_MEASURE,
        ),
        starts={_K.EDUCATIONAL_WORKSHOP: 3, _K.COMMUNITY_MEETING: 3, _K.SURVEILLANCE_MEASURE: 2},
    ),
    AreaProfile(
        Area(
            id="millbrook",
            name="Millbrook",
            timezone="Europe/London",
            population=11_300,
            margins=_margins((0.27, 0.50, 0.23), 0.51, (0.70, 0.22, 0.08)),
        ),
        activity=0.7,
        positivity=0.52,
        reporting=0.7,
        trust=0.55,
        safety=0.71,
        kinds=(*_CORE, _K.EDUCATIONAL_WORKSHOP, _K.LOCAL_PARTNERSHIP),
        starts={_K.EDUCATIONAL_WORKSHOP: 2},
        stops={_K.VISIBLE_PATROL: 3, _K.LOCAL_PARTNERSHIP: 3},
    ),
    AreaProfile(
        Area(
            id="station-quarter",
            name="Station Quarter",
            timezone="Europe/London",
            population=7_400,
            margins=_margins((0.55, 0.37, 0.08), 0.47, (0.20, 0.68, 0.12)),
        ),
        activity=0.8,
        positivity=0.47,
        reporting=1.0,
        trust=0.47,
        safety=0.50,
        kinds=(*_CORE, _K.EDUCATIONAL_WORKSHOP, _K.LOCAL_PARTNERSHIP, _K.SURVEILLANCE_MEASURE),
        starts={_K.EDUCATIONAL_WORKSHOP: 3, _K.SURVEILLANCE_MEASURE: 2},
    ),
    AreaProfile(
        Area(
            id="minato-sister-site",
            name="Minato Sister Site",
            timezone="Asia/Tokyo",
            population=6_100,
            margins=_margins((0.26, 0.47, 0.27), 0.52, (0.45, 0.45, 0.10)),
        ),
        activity=0.6,
        positivity=0.68,
        reporting=0.6,
        trust=0.70,
        safety=0.80,
        kinds=(*_CORE, _K.COMMUNITY_MEETING),
        starts={_K.COMMUNITY_MEETING: 2},
    ),
    AreaProfile(
        Area(
            id="canalside",
            name="Canalside",
            timezone="Europe/London",
            population=12_400,
            margins=_margins((0.41, 0.44, 0.15), 0.50, (0.34, 0.52, 0.14)),
        ),
        activity=0.9,
        positivity=0.55,
        reporting=1.1,
        trust=0.52,
        safety=0.60,
        kinds=(*_CORE, _K.EDUCATIONAL_WORKSHOP, _K.COMMUNITY_MEETING),
        starts={_K.EDUCATIONAL_WORKSHOP: 2, _K.COMMUNITY_MEETING: 3},
    ),
    AreaProfile(
        Area(
            id="hillcrest",
            name="Hillcrest",
            timezone="Europe/London",
            population=8_900,
            margins=_margins((0.22, 0.49, 0.29), 0.52, (0.72, 0.20, 0.08)),
        ),
        activity=0.7,
        positivity=0.62,
        reporting=0.8,
        trust=0.61,
        safety=0.74,
        kinds=(*_CORE, _K.LOCAL_PARTNERSHIP),
        stops={_K.VISIBLE_PATROL: 3},
    ),
    AreaProfile(
        Area(
            id="westfield",
            name="Westfield",
            timezone="Europe/London",
            population=15_700,
            margins=_margins((0.33, 0.47, 0.20), 0.51, (0.40, 0.35, 0.25)),
        ),
        activity=1.0,
        positivity=0.50,
        reporting=1.1,
        trust=0.50,
        safety=0.57,
        kinds=(*_CORE, _K.EDUCATIONAL_WORKSHOP, _K.SURVEILLANCE_MEASURE),
        starts={_K.EDUCATIONAL_WORKSHOP: 3, _K.SURVEILLANCE_MEASURE: 3},
        stops={_K.VISIBLE_PATROL: 2},
    ),
    AreaProfile(
        Area(
            id="harbour-row",
            name="Harbour Row",
            timezone="Europe/London",
            population=10_200,
            margins=_margins((0.36, 0.43, 0.21), 0.49, (0.25, 0.40, 0.35)),
        ),
        activity=0.9,
        positivity=0.46,
        reporting=1.2,
        trust=0.45,
        safety=0.52,
        kinds=(*_CORE, _K.SURVEILLANCE_MEASURE),
        starts={_K.SURVEILLANCE_MEASURE: 2},
        stops={_K.VISIBLE_PATROL: 2},
    ),
    AreaProfile(
        Area(
            id="elm-park",
            name="Elm Park",
            timezone="Europe/London",
            population=7_800,
            margins=_margins((0.25, 0.50, 0.25), 0.52, (0.58, 0.30, 0.12)),
        ),
        activity=0.8,
        positivity=0.60,
        reporting=0.9,
        trust=0.59,
        safety=0.70,
        kinds=(*_CORE, _K.EDUCATIONAL_WORKSHOP, _K.COMMUNITY_MEETING),
        starts={_K.EDUCATIONAL_WORKSHOP: 4, _K.COMMUNITY_MEETING: 2},
    ),
    AreaProfile(
        Area(
            id="st-judes",
            name="St Jude's",
            timezone="Europe/London",
            population=13_100,
            margins=_margins((0.31, 0.46, 0.23), 0.51, (0.30, 0.38, 0.32)),
        ),
        activity=1.0,
        positivity=0.49,
        reporting=1.0,
        trust=0.49,
        safety=0.55,
        kinds=(*_CORE, _K.LOCAL_PARTNERSHIP, _K.SURVEILLANCE_MEASURE),
        starts={_K.SURVEILLANCE_MEASURE: 3},
    ),
)
"""The twelve areas: eleven neighbourhoods of one UK city and a sister site in Tokyo."""

_PARTNERS: Final = (
    Partner(id="p-library", name="Riverside Library", sector="public"),
    Partner(id="p-school", name="Northgate Academy", sector="public"),
    Partner(id="p-mosque", name="Northgate Mosque", sector="faith"),
    Partner(id="p-housing", name="Northgate Homes Housing Association", sector="housing"),
    Partner(id="p-youth", name="Millbrook Youth Club", sector="voluntary"),
    Partner(id="p-tenants", name="Station Quarter Tenants' Association", sector="voluntary"),
    Partner(
        id="p-traders", name="Station Quarter Business Improvement District", sector="business"
    ),
    Partner(id="p-rowing", name="Riverside Rowing Club", sector="voluntary"),
)

_PARTNERS_OF: Final = {
    "riverside": ("p-library", "p-rowing"),
    "northgate": ("p-school", "p-mosque", "p-housing"),
    "millbrook": ("p-youth",),
    "station-quarter": ("p-tenants", "p-traders"),
}

_INITIATIVE_NAMES: Final = {
    _K.COMMUNITY_OUTREACH: "Door-knocking and street stalls",
    _K.VISIBLE_PATROL: "Evening foot patrols",
    _K.EDUCATIONAL_WORKSHOP: "Home and online safety workshops",
    _K.COMMUNITY_MEETING: "Quarterly town hall and summer block party",
    _K.LOCAL_PARTNERSHIP: "Partnership with local organisations",
    _K.SURVEILLANCE_MEASURE: "CCTV upgrade and monitoring",
    _K.OTHER: "Neighbourhood newsletter",
}

_SLUG: Final = {
    _K.COMMUNITY_OUTREACH: "outreach",
    _K.VISIBLE_PATROL: "patrol",
    _K.EDUCATIONAL_WORKSHOP: "workshops",
    _K.COMMUNITY_MEETING: "meetings",
    _K.LOCAL_PARTNERSHIP: "partnership",
    _K.SURVEILLANCE_MEASURE: "cctv",
    _K.OTHER: "newsletter",
}


class Places(NamedTuple):
    """The structure of the programme, built once per seed."""

    programme: Programme
    partners: tuple[Partner, ...]
    initiatives: tuple[Initiative, ...]
    sessions: tuple[Session, ...]
    staff: dict[str, tuple[str, ...]]
    """Pseudonymous staff ids working in each area."""
    initiatives_of: dict[str, dict[InitiativeKind, Initiative]]
    """Each area's initiatives by kind."""
    gatherings: dict[str, tuple[Session, ...]]
    """Each area's held workshop and meeting sessions (where attendance is taken)."""


def pseudonym(rng: random.Random, prefix: str) -> str:
    """A pseudonymous id such as ``"r-3f9a0c17e2"`` (ten hex digits from ``rng``)."""
    return f"{prefix}-{rng.getrandbits(40):010x}"


def quarter_start(quarter: int) -> pendulum.Date:
    """The first day of ``quarter`` (1–4) of YEAR (6 January for the first: the programme's
    first working Monday)."""
    return pendulum.Date(YEAR, 1, 6) if quarter == 1 else pendulum.Date(YEAR, 3 * quarter - 2, 1)


def quarter_end(quarter: int) -> pendulum.Date:
    """The last day of ``quarter`` (1–4) of YEAR."""
    return pendulum.Date(YEAR, 3 * quarter, 1).end_of("month")


def _initiative(profile: AreaProfile, kind: InitiativeKind) -> Initiative:
    area_id = profile.area.id
    status = ProgrammeStatus.ACTIVE
    start: pendulum.Date | None = quarter_start(profile.starts.get(kind, 1))
    end: pendulum.Date | None = None
    if kind in profile.stops:
        status, end = ProgrammeStatus.COMPLETED, quarter_end(profile.stops[kind])
    if kind is _K.SURVEILLANCE_MEASURE and area_id == "station-quarter":
        status = ProgrammeStatus.SUSPENDED
    elif kind is _K.OTHER:
        start = None
    capacity = {_K.EDUCATIONAL_WORKSHOP: 30, _K.COMMUNITY_MEETING: 120}.get(kind)
    return Initiative(
        id=f"{area_id}-{_SLUG[kind]}",
        programme_id=PROGRAMME_ID,
        area_id=area_id,
        name=_INITIATIVE_NAMES[kind],
        kind=kind,
        status=status,
        partner_ids=_PARTNERS_OF.get(area_id, ()) if kind is _K.LOCAL_PARTNERSHIP else (),
        capacity=capacity,
        start=start,
        end=end,
    )


def _session_days(weekday: int, every_weeks: int) -> list[_dt.date]:
    """Dates of ``weekday`` every ``every_weeks`` weeks in YEAR, skipping August and Christmas."""
    day = _dt.date(YEAR, 1, 1)
    day += _dt.timedelta(days=(weekday - day.weekday()) % 7 + 7)
    days = []
    while day.year == YEAR:
        if day.month != 8 and not (day.month == 12 and day.day > 19):
            days.append(day)
        day += _dt.timedelta(weeks=every_weeks)
    return days


_SCHEDULES: Final = {
    # kind: (weekday, every n weeks, start hour, start minute, minutes long)
    _K.EDUCATIONAL_WORKSHOP: (1, 2, 18, 30, 120),
    _K.COMMUNITY_MEETING: (3, 6, 19, 0, 90),
    _K.VISIBLE_PATROL: (4, 1, 19, 0, 240),
}


def _sessions(rng: random.Random, initiative: Initiative, zone: str) -> list[Session]:
    weekday, every, hour, minute, minutes = _SCHEDULES[initiative.kind]
    tz = pendulum.timezone(zone)
    sessions = []
    first = initiative.start or pendulum.Date(YEAR, 1, 1)
    last = initiative.end or pendulum.Date(YEAR, 12, 31)
    days = [day for day in _session_days(weekday, every) if first <= day <= last]
    for number, day in enumerate(days, start=1):
        start = pendulum.DateTime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        sessions.append(
            Session(
                id=f"{initiative.id}-{number:02d}",
                initiative_id=initiative.id,
                start=start,
                end=start.add(minutes=minutes),
                status=SessionStatus.CANCELLED if rng.random() < 0.05 else SessionStatus.HELD,
                capacity=initiative.capacity,
            )
        )
    return sessions


def build_places(rng: random.Random) -> Places:
    """Build the programme's structure, drawing staff ids and cancellations from ``rng``."""
    initiatives: list[Initiative] = []
    sessions: list[Session] = []
    staff: dict[str, tuple[str, ...]] = {}
    initiatives_of: dict[str, dict[InitiativeKind, Initiative]] = {}
    gatherings: dict[str, tuple[Session, ...]] = {}
    for profile in PROFILES:
        area = profile.area
        staff[area.id] = tuple(
            pseudonym(rng, "s") for _ in range(3 if profile.activity < 0.75 else 4)
        )
        by_kind: dict[InitiativeKind, Initiative] = {}
        held: list[Session] = []
        for kind in profile.kinds:
            initiative = _initiative(profile, kind)
            initiatives.append(initiative)
            by_kind[kind] = initiative
            if kind in _SCHEDULES:
                made = _sessions(rng, initiative, area.timezone)
                sessions.extend(made)
                if kind is not _K.VISIBLE_PATROL:
                    held.extend(s for s in made if s.status is SessionStatus.HELD)
        initiatives_of[area.id] = by_kind
        gatherings[area.id] = tuple(held)
    programme = Programme(
        id=PROGRAMME_ID,
        name="Safer Neighbourhoods 2025",
        organisation="City Community Safety Team",
        start=pendulum.Date(YEAR, 1, 1),
        end=pendulum.Date(YEAR, 12, 31),
        area_ids=tuple(profile.area.id for profile in PROFILES),
        status=ProgrammeStatus.ACTIVE,
        description=(
            "Outreach, safety workshops, partnerships, town halls and visible patrols in eleven "
            "neighbourhoods and a sister site, started and withdrawn in different quarters, with "
            "CCTV upgrades recorded for comparison."
        ),
    )
    return Places(
        programme=programme,
        partners=_PARTNERS,
        initiatives=tuple(initiatives),
        sessions=tuple(sessions),
        staff=staff,
        initiatives_of=initiatives_of,
        gatherings=gatherings,
    )
