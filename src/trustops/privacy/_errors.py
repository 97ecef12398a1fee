"""The error raised by :mod:`trustops.privacy`."""

from __future__ import annotations

from .._errors import TrustopsError

__all__ = ["PrivacyError"]


class PrivacyError(TrustopsError, ValueError):
    """A privacy operation was asked for without what it needs (e.g. an empty HMAC key)."""
