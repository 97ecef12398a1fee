"""The exception raised by :mod:`trustops.effects`."""

from __future__ import annotations

from .._errors import FieldError

__all__ = ["EffectsError"]


class EffectsError(FieldError):
    """Effects cannot be estimated from what was given; ``field`` names the argument that was
    wrong (``"outcome"``, ``"window"``, ``"periods"``) and ``message`` says what was expected."""
