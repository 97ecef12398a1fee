"""Keyed pseudonymisation of identifiers with HMAC-SHA256."""

from __future__ import annotations

import base64
import hashlib
import hmac

from ._errors import PrivacyError

__all__ = ["pseudonymise"]


def pseudonymise(value: str, *, key: str | bytes) -> str:
    """Replace an identifier by a stable keyed pseudonym.

    The pseudonym is ``HMAC-SHA256(key, value)`` encoded as URL-safe base64 without padding:
    43 characters from ``A–Z a–z 0–9 - _``. The same value and key always give the same
    pseudonym, so records can still be linked; without the key the original cannot be
    recovered or confirmed by guessing. A text key is encoded as UTF-8. Keep the key secret
    and out of the data; rotating it changes every pseudonym.

    Raises :class:`~trustops.privacy.PrivacyError` when the key is missing or empty, and
    :class:`TypeError` when ``value`` is not text.

    >>> from trustops.privacy import pseudonymise
    >>> pseudonymise("resident-0042", key="programme secret")
    '0Bzbn2mVL1Lg8rsYXomL2ApG6yJI5vF7pMCvGB2K3Uc'
    """
    if not isinstance(value, str):
        raise TypeError(f"value: expected the identifier as text, got {type(value).__name__}")
    if isinstance(key, str):
        secret = key.encode("utf-8")
    elif isinstance(key, bytes | bytearray):
        secret = bytes(key)
    else:
        raise PrivacyError(f"key: expected a secret key as text or bytes, got {key!r}")
    if not secret:
        raise PrivacyError("key: expected a non-empty secret key, got an empty one")
    digest = hmac.new(secret, value.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
