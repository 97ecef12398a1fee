"""The sample programme's survey: a 14-item procedural-justice instrument and quarterly waves.

Respondents are not a perfect miniature of each area: older residents, owners and women answer
more often than young renters, as in most resident surveys, so weighting to the areas'
margins changes the scores. Answers come from each respondent's latent trust (shaped by the
area, their street, their age and tenure, and the wave) plus item noise; about 4% of answers
are missing.

The survey has a stratified cluster design (METHODS §5a), as city resident surveys do: each
area is a stratum, in which :data:`STREETS_SAMPLED` of its streets (the PSUs) were drawn from
the area's streets (one per :data:`RESIDENTS_PER_STREET` residents: the fpc), and
respondents live on those streets. Neighbours share a street's small shift in trust (standard
deviation :data:`STREET_SD` on the 0–1 latent scale: an intra-cluster correlation of about
0.03 for a construct score, 0.01 to 0.04 by seed), so a score's design effect and interval
follow the clustering.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import random
from typing import Final, NamedTuple

import pendulum

from ..model import InitiativeKind, SurveyInstrument, SurveyItem, SurveyResponse
from ._places import (
    COMMON_TREND,
    PATROL_WITHDRAWAL_SAFETY_EFFECT,
    PROFILES,
    WORKSHOP_TRUST_EFFECT,
    YEAR,
    AreaProfile,
)

__all__ = [
    "INSTRUMENT",
    "RESIDENTS_PER_STREET",
    "STREETS_SAMPLED",
    "STREET_SD",
    "WAVES",
    "Wave",
    "generate_responses",
]

STREETS_SAMPLED: Final = 8
"""Streets (PSUs) sampled in each area (stratum)."""
RESIDENTS_PER_STREET: Final = 250
"""Residents per street: an area of 10,000 has 40 streets, its fpc."""
STREET_SD: Final = 0.03
"""Standard deviation of a street's shift in latent trust and safety (0–1 scale)."""


def _item(
    item_id: str, construct: str, text: str, scale: tuple[int, int], *, reverse: bool = False
) -> SurveyItem:
    return SurveyItem(
        id=item_id,
        construct=construct,
        text=text,
        scale_min=scale[0],
        scale_max=scale[1],
        reverse=reverse,
    )


_FIVE = (1, 5)
_TEN = (0, 10)

INSTRUMENT: Final = SurveyInstrument(
    id="neighbourhood-pulse",
    name="Neighbourhood pulse survey",
    version="2025.1",
    items=(
        _item("trust_1", "trust", "How much do you trust the neighbourhood safety team?", _TEN),
        _item("trust_2", "trust", "The team can be relied on to be there when needed.", _FIVE),
        _item(
            "trust_3",
            "trust",
            "I would think twice before contacting the team.",
            _FIVE,
            reverse=True,
        ),
        _item("respect_1", "respect", "The team treats people with respect.", _FIVE),
        _item("respect_2", "respect", "How well does the team treat people with dignity?", _TEN),
        _item("voice_1", "voice", "The team listens to residents' concerns.", _FIVE),
        _item("voice_2", "voice", "Residents have a say in what the team prioritises.", _FIVE),
        _item(
            "voice_3", "voice", "The team would not take my views seriously.", _FIVE, reverse=True
        ),
        _item("fairness_1", "fairness", "The team makes fair decisions.", _FIVE),
        _item("fairness_2", "fairness", "The team treats everyone equally.", _FIVE),
        _item(
            "fairness_3",
            "fairness",
            "Some groups get worse treatment than others.",
            _FIVE,
            reverse=True,
        ),
        _item("safety_1", "safety", "How safe do you feel walking alone after dark?", _TEN),
        _item("safety_2", "safety", "I feel safe in my neighbourhood during the day.", _FIVE),
        _item(
            "safety_3",
            "safety",
            "How worried are you about crime where you live?",
            _TEN,
            reverse=True,
        ),
    ),
)
"""The survey instrument: five constructs, mixed 1–5 and 0–10 scales, four reverse-coded items."""


class Wave(NamedTuple):
    """A survey wave: its number (1–4) and fieldwork dates."""

    number: int
    first: _dt.date
    last: _dt.date


WAVES: Final = (
    Wave(1, _dt.date(YEAR, 3, 3), _dt.date(YEAR, 3, 21)),
    Wave(2, _dt.date(YEAR, 6, 2), _dt.date(YEAR, 6, 20)),
    Wave(3, _dt.date(YEAR, 9, 1), _dt.date(YEAR, 9, 19)),
    Wave(4, _dt.date(YEAR, 12, 1), _dt.date(YEAR, 12, 12)),
)
"""Quarterly fieldwork windows."""

_RESPONSE_PROPENSITY: Final = {
    "16-34": 0.55,
    "35-64": 1.0,
    "65+": 1.8,
    "woman": 1.2,
    "man": 0.9,
    "another": 1.0,
    "owner": 1.4,
    "renter": 0.75,
    "social": 0.9,
}
_EFFECT: Final = {
    "16-34": -0.08,
    "35-64": 0.0,
    "65+": 0.07,
    "woman": 0.01,
    "man": -0.01,
    "another": -0.03,
    "owner": 0.04,
    "renter": -0.04,
    "social": -0.02,
}
_CONSTRUCT_SHIFT: Final = {"trust": 0.0, "respect": 0.05, "voice": -0.07, "fairness": -0.02}


def _allocate(total: int) -> list[int]:
    """Split ``total`` across the areas ∝ √population, by largest remainder."""
    weights = [math.sqrt(p.area.population or 0) for p in PROFILES]
    exact = [total * w / sum(weights) for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _attributes(rng: random.Random, profile: AreaProfile, position: int) -> dict[str, str]:
    attributes = {}
    for dimension, shares in profile.area.margins.items():
        categories = list(shares)
        if position < len(categories):
            # The first respondents of each area and wave cover every category, so every
            # margin can be raked to even in small samples.
            attributes[dimension] = categories[position]
        else:
            weights = [shares[c] * _RESPONSE_PROPENSITY[c] for c in categories]
            attributes[dimension] = rng.choices(categories, weights)[0]
    return attributes


def _answer(rng: random.Random, item: SurveyItem, latent: float) -> int | None:
    if rng.random() < 0.04:
        return None
    x = min(1.0, max(0.0, rng.gauss(latent, 0.12)))
    point = item.scale_min + round(x * (item.scale_max - item.scale_min))
    return item.scale_min + item.scale_max - point if item.reverse else point


def _levels(rng: random.Random, profile: AreaProfile, quarter: int) -> tuple[float, float]:
    """The area's latent trust and safety (0..1) in ``quarter``: its own level, the trend
    common to every area, a small shock of the area and quarter, and the planted effects."""
    trend = COMMON_TREND / 100 * (quarter - 1)
    trust = profile.trust + trend + rng.gauss(0.0, 0.012)
    if profile.active(InitiativeKind.EDUCATIONAL_WORKSHOP, quarter):
        trust += WORKSHOP_TRUST_EFFECT / 100
    safety = profile.safety + trend + rng.gauss(0.0, 0.012)
    patrolled = InitiativeKind.VISIBLE_PATROL in profile.kinds
    if patrolled and not profile.active(InitiativeKind.VISIBLE_PATROL, quarter):
        safety += PATROL_WITHDRAWAL_SAFETY_EFFECT / 100
    return trust, safety


def generate_responses(rng: random.Random, total: int) -> list[SurveyResponse]:
    """``total`` responses to :data:`INSTRUMENT`, spread over areas (∝ √population) and waves,
    each on one of its area's :data:`STREETS_SAMPLED` sampled streets."""
    drafts: list[tuple[float, str, dict[str, object]]] = []
    # The streets' shifts come from their own generator, seeded from ``rng``'s state without
    # drawing from it: every other draw (respondents, answers, dates) is what it was before
    # the survey had a design, so the design's effect on the intervals can be read directly.
    state = hashlib.sha256(repr(rng.getstate()).encode("ascii")).hexdigest()
    street_rng = random.Random(f"streets:{state}")
    for profile, area_total in zip(PROFILES, _allocate(total), strict=True):
        tz = pendulum.timezone(profile.area.timezone)
        streets = max(STREETS_SAMPLED, round((profile.area.population or 0) / RESIDENTS_PER_STREET))
        shifts = [street_rng.gauss(0.0, STREET_SD) for _ in range(STREETS_SAMPLED)]
        for wave in WAVES:
            trust_level, safety_level = _levels(rng, profile, wave.number)
            share = area_total // len(WAVES) + (1 if wave.number <= area_total % len(WAVES) else 0)
            span = (wave.last - wave.first).days
            for position in range(share):
                attributes = _attributes(rng, profile, position)
                street = position % STREETS_SAMPLED  # every sampled street in every wave
                person = (
                    rng.gauss(0.0, 0.1)
                    + sum(_EFFECT[c] for c in attributes.values())
                    + shifts[street]
                )
                trust = trust_level + person
                safety = safety_level + 0.5 * person + rng.gauss(0.0, 0.05)
                answers = {
                    item.id: _answer(
                        rng,
                        item,
                        safety
                        if item.construct == "safety"
                        else trust + _CONSTRUCT_SHIFT[item.construct],
                    )
                    for item in INSTRUMENT.items
                }
                day = wave.first + _dt.timedelta(days=rng.randint(0, span))
                collected = pendulum.DateTime(
                    day.year,
                    day.month,
                    day.day,
                    rng.randint(9, 20),
                    rng.randrange(60),
                    tzinfo=tz,
                )
                fields: dict[str, object] = {
                    "area_id": profile.area.id,
                    "collected_at": collected,
                    "answers": answers,
                    "attributes": attributes,
                    "stratum": profile.area.id,
                    "psu": f"{profile.area.id}-street-{street + 1}",
                    "fpc": float(streets),
                }
                drafts.append((collected.timestamp(), profile.area.id, fields))
    drafts.sort(key=lambda draft: draft[:2])
    return [
        SurveyResponse(
            id=f"resp-{number:05d}",
            instrument_id=INSTRUMENT.id,
            **fields,  # type: ignore[arg-type]
        )
        for number, (_, _, fields) in enumerate(drafts, start=1)
    ]
