"""Tests for trustops.time._granularity."""

from __future__ import annotations

import pytest

from trustops import TrustopsError
from trustops.time import Granularity, TimeError, to_granularity


def test_values_are_stable() -> None:
    assert [g.value for g in Granularity] == ["day", "week", "month", "quarter", "year"]


@pytest.mark.parametrize("value", ["day", "week", "month", "quarter", "year"])
def test_to_granularity_accepts_values_and_members(value: str) -> None:
    member = Granularity(value)
    assert to_granularity(value) is member
    assert to_granularity(member) is member


@pytest.mark.parametrize("value", ["fortnight", "", "Month", 3, None])
def test_to_granularity_rejects_anything_else(value: object) -> None:
    with pytest.raises(TimeError, match=r"expected a granularity .*'day'.*'year'") as caught:
        to_granularity(value)  # type: ignore[arg-type]
    assert isinstance(caught.value, TrustopsError)
    assert isinstance(caught.value, ValueError)
