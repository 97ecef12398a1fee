"""The error and the warning of :mod:`trustops.privacy`."""

from __future__ import annotations

from .._errors import TrustopsError

__all__ = ["PrivacyError", "PrivacyKeyWarning"]


class PrivacyError(TrustopsError, ValueError):
    """A privacy operation was asked for without what it needs (e.g. an empty HMAC key)."""


class PrivacyKeyWarning(UserWarning):
    """Published counts were perturbed with the public default privacy key."""
