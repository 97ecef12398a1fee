"""The error raised by :mod:`trustops.report`."""

from __future__ import annotations

from .._errors import TrustopsError

__all__ = ["ReportError"]


class ReportError(TrustopsError, ValueError):
    """A report cannot be drawn as asked (an area it does not have)."""
