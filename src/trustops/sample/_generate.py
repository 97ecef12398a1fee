"""The entry point: a deterministic synthetic programme from a seed and a scale."""

from __future__ import annotations

import math
import random
from typing import Final

from .._errors import FieldError
from ..model import Dataset
from ._activity import generate_interactions
from ._indicators import generate_indicators
from ._places import PROFILES, build_places
from ._survey import INSTRUMENT, generate_responses

__all__ = ["INTERACTIONS_AT_SCALE_1", "RESPONSES_AT_SCALE_1", "generate"]

INTERACTIONS_AT_SCALE_1: Final = 30_000
"""About how many interactions ``generate(scale=1.0)`` makes."""
RESPONSES_AT_SCALE_1: Final = 2_000
"""How many survey responses ``generate(scale=1.0)`` makes."""


def generate(*, seed: int = 7, scale: float = 1.0) -> Dataset:
    """A realistic synthetic trust programme, the same for the same ``seed`` and ``scale``.

    ``scale`` multiplies the numbers of interactions (about 30,000 at 1.0), residents and
    survey responses (2,000 at 1.0); the programme's structure (areas, initiatives, sessions,
    staff) stays the same. Only a ``random.Random`` seeded with ``seed`` is used: never
    the global generator, never the clock. The result has no problems
    (``generate().problems() == ()``).

    >>> from trustops.sample import generate
    >>> small = generate(seed=1, scale=0.05)
    >>> [area.id for area in small.areas][:6]
    ['riverside', 'old-town', 'northgate', 'millbrook', 'station-quarter', 'minato-sister-site']
    >>> len(small.areas), len(small.responses), small.problems()
    (12, 100, ())
    >>> generate(seed=1, scale=0.05) == small
    True
    """
    if type(seed) is not int:
        raise FieldError("seed", f"expected a whole number, got {seed!r}")
    if type(scale) not in (int, float) or not math.isfinite(scale) or scale <= 0:
        raise FieldError("scale", f"expected a finite number > 0, got {scale!r}")
    rng = random.Random(seed)
    places = build_places(rng)
    interactions = generate_interactions(rng, places, round(INTERACTIONS_AT_SCALE_1 * scale), scale)
    responses = generate_responses(rng, round(RESPONSES_AT_SCALE_1 * scale))
    return Dataset(
        programmes=(places.programme,),
        areas=tuple(profile.area for profile in PROFILES),
        partners=places.partners,
        initiatives=places.initiatives,
        sessions=places.sessions,
        interactions=interactions,
        instruments=(INSTRUMENT,),
        responses=responses,
        indicators=generate_indicators(interactions, responses),
    )
