"""The markers that scores and index results carry in their ``flags``."""

from __future__ import annotations

import enum
from collections.abc import Iterable

__all__ = ["Flag", "flag_tuple"]


class Flag(enum.StrEnum):
    """A short, stable marker on a score, an index result or one of its components.

    Flags are strings (``Flag.CAUTION == "caution"``), so ``"caution" in result.flags`` works.
    """

    CAUTION = "caution"
    """Shown, but based on few respondents or records (small-cell policy: n below
    ``caution_below``, 30 by default)."""
    INSUFFICIENT = "insufficient"
    """Withheld: n is below the small-cell policy's ``withhold_below`` (10 by default)."""
    LOW_COVERAGE = "low_coverage"
    """The index is withheld: the available components carry less than the model's coverage
    threshold of the total weight."""
    PARTIAL = "partial"
    """The index rests on some of the model's components only (coverage below 1): compare
    it with care, since a missing component changes what it measures."""
    CAPPED = "capped"
    """A component's raw value lies beyond its target (or outside 0–100) and its normalised
    score is capped at 100 (or at 0)."""
    NOT_COMPARABLE = "not_comparable"
    """Two index results rest on different components, so their difference is not a change
    of the same measure: :func:`~trustops.scoring.compare` tests no significance."""
    SHRUNK = "shrunk"
    """An empirical-Bayes estimate, shrunk toward the rate across areas."""
    LONELY_PSU = "lonely_psu"
    """A stratum of the survey design has a single PSU: its variance contribution is centred
    at the grand mean (R's ``survey.lonely.psu = "adjust"``), a conservative choice."""
    NOT_RAKED = "not_raked"
    """Raking was asked for but was impossible for some respondents; design weights used
    (the notes say why)."""
    IMBALANCED = "imbalanced"
    """A raked weight set leaves a margin variable off its population targets: its absolute
    standardised mean difference after weighting is above 0.1 (METHODS §5a)."""


def flag_tuple(flags: Iterable[str]) -> tuple[str, ...]:
    """Flags as a sorted tuple of distinct plain strings (the stable stored form)."""
    return tuple(sorted({str(flag) for flag in flags}))
