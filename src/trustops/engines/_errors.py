"""The error raised by :mod:`trustops.engines`."""

from __future__ import annotations

from .._errors import TrustopsError

__all__ = ["EngineError"]


class EngineError(TrustopsError, ValueError):
    """An engine cannot take this input or these arguments; the message says what it expected.

    >>> from trustops.engines import engagement_table
    >>> engagement_table([], engine="abacus")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    trustops.engines._errors.EngineError: unknown engine 'abacus'; expected 'auto', 'reference', ... or an Engine
    """
