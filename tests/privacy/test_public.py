"""The public face of trustops.privacy."""

from __future__ import annotations

import inspect

import trustops
from trustops import privacy


def test_all_is_sorted_and_complete() -> None:
    assert privacy.__all__ == sorted(privacy.__all__, key=lambda name: (not name.isupper(), name))
    public = {name for name in vars(privacy) if not name.startswith("_") and name != "annotations"}
    assert set(privacy.__all__) == public


def test_every_public_callable_is_documented() -> None:
    for name in privacy.__all__:
        obj = getattr(privacy, name)
        if callable(obj):
            assert inspect.getdoc(obj), name


def test_privacy_error_is_shared() -> None:
    assert privacy.PrivacyError is trustops.PrivacyError
    assert issubclass(privacy.PrivacyError, trustops.TrustopsError)
    assert issubclass(privacy.PrivacyError, ValueError)
