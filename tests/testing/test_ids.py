"""Tests of trustops.testing's identifier and text strategies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given

from trustops import FieldError
from trustops.model._checks import ID_MAX_LENGTH
from trustops.testing import identifiers
from trustops.testing._ids import choose, optional_reference, texts


@given(identifiers(max_size=ID_MAX_LENGTH))
def test_identifiers_are_valid(text: str) -> None:
    assert 1 <= len(text) <= ID_MAX_LENGTH
    assert text.isprintable()
    assert text.strip() == text


def test_identifiers_include_non_ascii_with_inner_spaces(reach: Callable[..., Any]) -> None:
    found = reach(identifiers(), lambda t: " " in t and not t.isascii())
    assert found.strip() == found


@given(texts())
def test_texts_are_not_blank(text: str) -> None:
    assert text.strip()


def test_choose_refuses_an_empty_pool_naming_the_argument() -> None:
    with pytest.raises(FieldError) as info:
        choose([], "area_ids")
    assert info.value.field == "area_ids"


@given(choose(["a", "b"], "area_ids"))
def test_choose_picks_from_the_pool(value: str) -> None:
    assert value in {"a", "b"}


@given(optional_reference([]))
def test_an_empty_pool_leaves_a_reference_unset(value: str | None) -> None:
    assert value is None


@given(optional_reference(["x"]))
def test_optional_reference_is_none_or_from_the_pool(value: str | None) -> None:
    assert value in {None, "x"}
