"""The sample programme's interactions: who came into contact with it, when, how and how it went.

Volumes follow a seasonal and weekly rhythm (busier in late spring and early autumn, quieter in
August, over Christmas and on Sundays). Residents are pseudonymous; each has an active window in
the year and a heavy-tailed propensity to engage, so a few residents come back often and most
appear once or twice. Attendance is taken at held workshop and meeting sessions.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
import math
import random
from collections.abc import Sequence
from typing import Final, NamedTuple

import pendulum

from ..model import (
    AttendanceStatus,
    Channel,
    Initiative,
    InitiativeKind,
    Initiator,
    Interaction,
    InteractionKind,
    Outcome,
)
from ._places import (
    PROFILES,
    SURVEILLANCE_REPORTING_CHANGE,
    YEAR,
    AreaProfile,
    Places,
    pseudonym,
)

__all__ = ["ATTENDANCE_SHARE", "Resident", "generate_interactions"]

ATTENDANCE_SHARE: Final = 0.2
"""Share of all interactions that are attendance records."""

_K = InteractionKind
_I = InitiativeKind
_C = Channel

_KIND_WEIGHTS: Final = {
    _K.CONVERSATION: 0.46,
    _K.FEEDBACK: 0.13,
    _K.REFERRAL: 0.09,
    _K.SUSPICIOUS_ACTIVITY_REPORT: 0.09,
    _K.COMPLIMENT: 0.07,
    _K.VOLUNTEERING: 0.06,
    _K.COMPLAINT: 0.05,
    _K.ATTENDANCE: 0.0,
}
_CHANNELS: Final = {
    _K.CONVERSATION: ((_C.IN_PERSON, _C.PHONE, _C.ONLINE), (0.85, 0.10, 0.05)),
    _K.SUSPICIOUS_ACTIVITY_REPORT: (
        (_C.APP, _C.PHONE, _C.ONLINE, _C.IN_PERSON),
        (0.45, 0.30, 0.15, 0.10),
    ),
    _K.VOLUNTEERING: ((_C.IN_PERSON,), (1.0,)),
    _K.COMPLAINT: (
        (_C.PHONE, _C.ONLINE, _C.LETTER, _C.APP, _C.IN_PERSON),
        (0.30, 0.30, 0.15, 0.10, 0.15),
    ),
    _K.COMPLIMENT: (
        (_C.IN_PERSON, _C.ONLINE, _C.LETTER, _C.APP, _C.PHONE),
        (0.40, 0.30, 0.10, 0.10, 0.10),
    ),
    _K.FEEDBACK: ((_C.ONLINE, _C.APP, _C.IN_PERSON), (0.50, 0.30, 0.20)),
    _K.REFERRAL: ((_C.IN_PERSON, _C.PHONE), (0.60, 0.40)),
}
_STAFF_INITIATED: Final = {
    _K.CONVERSATION: 0.65,
    _K.SUSPICIOUS_ACTIVITY_REPORT: 0.07,
    _K.FEEDBACK: 0.15,
    _K.REFERRAL: 0.80,
}
_LINKS: Final = {
    _K.CONVERSATION: ((_I.COMMUNITY_OUTREACH, _I.VISIBLE_PATROL, None), (0.45, 0.35, 0.20)),
    _K.VOLUNTEERING: (
        (_I.LOCAL_PARTNERSHIP, _I.COMMUNITY_MEETING, _I.COMMUNITY_OUTREACH),
        (0.5, 0.3, 0.2),
    ),
    _K.SUSPICIOUS_ACTIVITY_REPORT: ((_I.VISIBLE_PATROL, None), (0.1, 0.9)),
    _K.COMPLAINT: ((_I.SURVEILLANCE_MEASURE, _I.VISIBLE_PATROL, None), (0.35, 0.15, 0.5)),
    _K.COMPLIMENT: ((_I.VISIBLE_PATROL, _I.COMMUNITY_OUTREACH, None), (0.25, 0.25, 0.5)),
    _K.FEEDBACK: ((_I.EDUCATIONAL_WORKSHOP, _I.OTHER, None), (0.4, 0.2, 0.4)),
    _K.REFERRAL: ((_I.LOCAL_PARTNERSHIP, _I.COMMUNITY_OUTREACH, None), (0.4, 0.3, 0.3)),
}
_ANONYMOUS: Final = {_K.SUSPICIOUS_ACTIVITY_REPORT: 0.2, _K.FEEDBACK: 0.15, _K.CONVERSATION: 0.1}
_HOURS: Final = tuple(range(7, 23))
_HOUR_WEIGHTS: Final = (1, 3, 5, 6, 6, 7, 6, 6, 6, 6, 7, 7, 6, 4, 3, 2)
_SEASON: Final = (0.85, 0.9, 1.0, 1.1, 1.2, 1.15, 1.0, 0.6, 1.1, 1.15, 1.0, 0.75)
_WEEKDAY: Final = (1.0, 1.05, 1.05, 1.0, 1.1, 0.9, 0.45)


class Resident(NamedTuple):
    """A pseudonymous resident and the days of the year (0-based) they are engaged."""

    id: str
    first_day: int
    last_day: int


def _day_weights() -> tuple[list[_dt.date], list[float]]:
    """Every date of YEAR and cumulative weights: season × weekday, dipping at Christmas."""
    days = [_dt.date(YEAR, 1, 1) + _dt.timedelta(days=n) for n in range(365)]
    cumulative = list(
        itertools.accumulate(
            _SEASON[d.month - 1]
            * _WEEKDAY[d.weekday()]
            * (0.4 if d.month == 12 and d.day > 22 else 1)
            for d in days
        )
    )
    return days, cumulative


def _residents(
    rng: random.Random, profile: AreaProfile, scale: float
) -> tuple[list[Resident], list[float]]:
    """The area's resident pool and cumulative engagement propensities.

    Propensities are heavy-tailed (log-normal), so a few residents engage often. Each resident
    is engaged for a window of about six months that may start before or end after the year;
    only the part inside the year counts, and the propensity shrinks with it, so volumes do
    not pile up at either end of the year.
    """
    size = max(12, round((profile.area.population or 0) * 0.12 * profile.activity * scale))
    residents = []
    weights = []
    for _ in range(size):
        first = rng.randrange(-150, 365)
        last = first + round(rng.expovariate(1 / 180))
        inside = min(last, 364) - max(first, 0)
        if inside < 0:
            inside, last = 0, max(first, 0)
        residents.append(Resident(pseudonym(rng, "r"), max(first, 0), min(last, 364)))
        weights.append(rng.lognormvariate(0.0, 0.9) * (inside + 1) / (last - first + 1))
    return residents, list(itertools.accumulate(weights))


def _pick(rng: random.Random, options: tuple[object, ...], weights: tuple[float, ...]) -> object:
    return rng.choices(options, weights)[0]


def _outcome(rng: random.Random, kind: InteractionKind, positivity: float) -> Outcome | None:
    if kind is _K.COMPLAINT:
        return Outcome.NEGATIVE if rng.random() < 0.85 else Outcome.NEUTRAL
    if kind is _K.COMPLIMENT:
        return Outcome.POSITIVE
    recorded = {_K.SUSPICIOUS_ACTIVITY_REPORT: 0.3, _K.VOLUNTEERING: 0.5, _K.REFERRAL: 0.7}
    if rng.random() >= recorded.get(kind, 0.8):
        return None
    if kind is _K.SUSPICIOUS_ACTIVITY_REPORT:
        return Outcome.NEUTRAL if rng.random() < 0.8 else Outcome.POSITIVE
    if kind is _K.VOLUNTEERING:
        positivity = max(positivity, 0.8)
    draw = rng.random()
    if draw < positivity:
        return Outcome.POSITIVE
    return Outcome.NEUTRAL if draw < positivity + (1 - positivity) * 0.6 else Outcome.NEGATIVE


def _duration(rng: random.Random, kind: InteractionKind) -> float | None:
    if kind is _K.VOLUNTEERING:
        return float(rng.choice((60, 90, 120, 120, 180, 240))) if rng.random() < 0.9 else None
    if kind is _K.CONVERSATION and rng.random() < 0.6:
        return round(min(90.0, rng.lognormvariate(math.log(6), 0.7)) * 2) / 2
    return None


class _Draft(NamedTuple):
    timestamp: float
    occurred_at: pendulum.DateTime
    fields: dict[str, object]


def _in_window(rng: random.Random, cumulative: Sequence[float], first: int, last: int) -> int:
    """A day in ``first..last`` drawn by the seasonal weights (inverse CDF on the window)."""
    low = cumulative[first - 1] if first else 0.0
    high = cumulative[last]
    return min(last, bisect.bisect_right(cumulative, low + rng.random() * (high - low)))


def _area_interactions(
    rng: random.Random,
    *,
    profile: AreaProfile,
    places: Places,
    count: int,
    attendance: int,
    scale: float,
    calendar: tuple[list[_dt.date], list[float]],
) -> list[_Draft]:
    area = profile.area
    tz = pendulum.timezone(area.timezone)
    utc = pendulum.timezone("UTC")
    days, cumulative = calendar
    residents, propensity = _residents(rng, profile, scale)
    staff = places.staff[area.id]
    initiatives = places.initiatives_of[area.id]
    kinds = tuple(k for k in _KIND_WEIGHTS if k is not _K.ATTENDANCE)
    kind_weights = tuple(
        _KIND_WEIGHTS[k]
        * (profile.reporting if k is _K.SUSPICIOUS_ACTIVITY_REPORT else 1.0)
        * ((1.5 - profile.positivity) if k is _K.COMPLAINT else 1.0)
        for k in kinds
    )
    drafts: list[_Draft] = []
    chosen = rng.choices(residents, cum_weights=propensity, k=count + attendance)
    for resident, drawn in zip(chosen, rng.choices(kinds, kind_weights, k=count), strict=False):
        day = days[_in_window(rng, cumulative, resident.first_day, resident.last_day)]
        occurred = pendulum.DateTime(
            day.year,
            day.month,
            day.day,
            rng.choices(_HOURS, _HOUR_WEIGHTS)[0],
            rng.randrange(60),
            rng.randrange(60),
            tzinfo=tz,
        )
        quarter = (day.month - 1) // 3 + 1
        kind = drawn
        if (
            kind is _K.SUSPICIOUS_ACTIVITY_REPORT
            and profile.active(_I.SURVEILLANCE_MEASURE, quarter)
            and rng.random() < -SURVEILLANCE_REPORTING_CHANGE
        ):
            kind = _K.CONVERSATION  # the planted effect: fewer residents report under CCTV
        staff_led = rng.random() < _STAFF_INITIATED.get(kind, 0.0)
        channels, channel_weights = _CHANNELS[kind]
        channel = _pick(rng, channels, channel_weights)
        link_kind = _pick(rng, *_LINKS[kind]) if kind in _LINKS else None
        initiative = initiatives.get(link_kind) if isinstance(link_kind, InitiativeKind) else None
        if initiative is not None and not _running(initiative, day):
            initiative = None
        has_staff = staff_led or (channel is _C.IN_PERSON and rng.random() < 0.7)
        has_staff = has_staff or rng.random() < 0.3
        fields: dict[str, object] = {
            "area_id": area.id,
            "kind": kind,
            "initiator": Initiator.STAFF if staff_led else Initiator.RESIDENT,
            "channel": channel,
            "initiative_id": initiative.id if initiative else None,
            "staff_id": rng.choice(staff) if has_staff else None,
            "resident_id": None if rng.random() < _ANONYMOUS.get(kind, 0.03) else resident.id,
            "outcome": _outcome(rng, kind, profile.positivity),
            "duration_minutes": _duration(rng, kind),
        }
        if kind is _K.SUSPICIOUS_ACTIVITY_REPORT and rng.random() < 0.8:
            seconds = round(min(96.0, rng.lognormvariate(math.log(3), 1.0)) * 3600)
            fields["observed_at"] = (
                occurred.in_timezone(utc).subtract(seconds=seconds).in_timezone(tz)
            )
        drafts.append(_Draft(occurred.timestamp(), occurred, fields))
    drafts.extend(_attendance(rng, profile, places, chosen[count:]))
    return drafts


def _running(initiative: Initiative, day: _dt.date) -> bool:
    """Whether ``initiative`` runs on ``day`` (from its start, if any, to its end, if any)."""
    return (initiative.start is None or initiative.start <= day) and (
        initiative.end is None or day <= initiative.end
    )


def _attendance(
    rng: random.Random, profile: AreaProfile, places: Places, residents: Sequence[Resident]
) -> list[_Draft]:
    sessions = places.gatherings[profile.area.id]
    seen: set[tuple[str, str]] = set()
    drafts = []
    statuses = tuple(AttendanceStatus)
    for resident in residents:
        session = rng.choice(sessions)
        if (session.id, resident.id) in seen:
            continue  # booked once per session
        seen.add((session.id, resident.id))
        arrived = session.start.add(minutes=rng.randrange(-10, 20))
        status = rng.choices(statuses, (0.80 + 0.1 * (profile.positivity - 0.5), 0.08, 0.12))[0]
        fields: dict[str, object] = {
            "area_id": profile.area.id,
            "kind": _K.ATTENDANCE,
            "initiator": Initiator.RESIDENT,
            "channel": _C.IN_PERSON,
            "initiative_id": session.initiative_id,
            "session_id": session.id,
            "staff_id": rng.choice(places.staff[profile.area.id]),
            "resident_id": resident.id,
            "attendance": status,
        }
        drafts.append(_Draft(arrived.timestamp(), arrived, fields))
    return drafts


def generate_interactions(
    rng: random.Random, places: Places, total: int, scale: float
) -> list[Interaction]:
    """About ``total`` interactions across the areas, in time order, with ids ``i-000001``...

    Attendance records booked twice for the same session are dropped, so the count can fall
    a little short of ``total``.
    """
    calendar = _day_weights()
    weights = [p.activity * (p.area.population or 0) for p in PROFILES]
    shares = [w / sum(weights) for w in weights]
    drafts: list[_Draft] = []
    for profile, share in zip(PROFILES, shares, strict=True):
        count = round(total * share)
        # Attendance is taken at workshops and meetings; areas without them have none.
        attendance = round(count * ATTENDANCE_SHARE) if places.gatherings[profile.area.id] else 0
        drafts.extend(
            _area_interactions(
                rng,
                profile=profile,
                places=places,
                count=count - attendance,
                attendance=attendance,
                scale=scale,
                calendar=calendar,
            )
        )
    drafts.sort(key=lambda draft: (draft.timestamp, draft.fields["area_id"]))
    return [
        Interaction(
            id=f"i-{number:06d}",
            occurred_at=draft.occurred_at,
            **draft.fields,  # type: ignore[arg-type]
        )
        for number, draft in enumerate(drafts, start=1)
    ]
