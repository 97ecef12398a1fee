"""Tests for keyed pseudonymisation."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import PrivacyError
from trustops.privacy import pseudonymise


def test_matches_hmac_sha256_in_url_safe_base64() -> None:
    digest = hmac.new(b"programme secret", b"resident-0042", hashlib.sha256).digest()
    expected = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert pseudonymise("resident-0042", key="programme secret") == expected
    assert expected == "0Bzbn2mVL1Lg8rsYXomL2ApG6yJI5vF7pMCvGB2K3Uc"


def test_text_and_bytes_keys_agree() -> None:
    assert pseudonymise("r1", key="clé") == pseudonymise("r1", key="clé".encode())
    from_bytearray = pseudonymise("r1", key=bytearray(b"k"))  # type: ignore[arg-type]
    assert from_bytearray == pseudonymise("r1", key=b"k")


def test_stable_and_key_dependent() -> None:
    assert pseudonymise("r1", key="a") == pseudonymise("r1", key="a")
    assert pseudonymise("r1", key="a") != pseudonymise("r1", key="b")
    assert pseudonymise("r1", key="a") != pseudonymise("r2", key="a")


@pytest.mark.parametrize("key", ["", b"", None, 42])
def test_missing_or_empty_key_is_an_error(key: object) -> None:
    with pytest.raises(PrivacyError, match="key: expected"):
        pseudonymise("r1", key=key)  # type: ignore[arg-type]


def test_value_must_be_text() -> None:
    with pytest.raises(TypeError, match="value: expected the identifier as text, got int"):
        pseudonymise(42, key="k")  # type: ignore[arg-type]


@given(st.text(), st.text(min_size=1))
def test_url_safe_alphabet_and_fixed_length(value: str, key: str) -> None:
    pseudonym = pseudonymise(value, key=key)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", pseudonym)


@given(st.text(), st.text(), st.text(min_size=1))
def test_distinct_values_give_distinct_pseudonyms(first: str, second: str, key: str) -> None:
    if first != second:
        assert pseudonymise(first, key=key) != pseudonymise(second, key=key)
