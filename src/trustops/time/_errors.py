"""The error raised by :mod:`trustops.time`."""

from __future__ import annotations

from .._errors import TrustopsError

__all__ = ["TimeError"]


class TimeError(TrustopsError, ValueError):
    """A period label, granularity, time zone name or instant that :mod:`trustops.time` cannot use.

    The message names the value and says what was expected.

    >>> from trustops.time import Period
    >>> Period.parse("2026-13")
    Traceback (most recent call last):
    ...
    trustops.time._errors.TimeError: no month 13 in period label '2026-13'
    """
