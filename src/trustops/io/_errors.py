"""The errors raised by :mod:`trustops.io` (a bad record is a reject, never an error)."""

from __future__ import annotations

from .._errors import TrustopsError

__all__ = ["NotFlatError", "ReaderError"]


class NotFlatError(TrustopsError, TypeError):
    """The record type has nested records and cannot be one CSV row; use JSON or JSONL."""


class ReaderError(TrustopsError, ValueError):
    """A reader was misused (iterated twice) or its source cannot be opened."""
