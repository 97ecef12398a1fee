"""Exceptions raised by :mod:`trustops.scoring`."""

from __future__ import annotations

from .._errors import FieldError, TrustopsError

__all__ = ["ScoringError", "ScoringModelError", "ScoringTypeError"]


class ScoringError(TrustopsError, ValueError):
    """Scores cannot be computed from what was given (an unknown construct, an off-scale answer,
    a withheld value to compare, an indicator without targets); the message says what to fix."""


class ScoringTypeError(ScoringError, TypeError):
    """An argument of a scoring function has the wrong type; the message names the argument
    (``inputs['reach']: expected a ComponentInput, got float``). Also a :class:`TypeError`.

    >>> from trustops.scoring import ScoringTypeError, survey_scores
    >>> issubclass(ScoringTypeError, TypeError)
    True
    """


class ScoringModelError(FieldError):
    """A scoring model is not valid; ``field`` is the path of the bad value
    (``"components[2].weight"``) and ``message`` says what was expected."""
