"""A fixture for showing that a strategy can reach a case, without shrinking what it finds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from hypothesis import Phase, find, settings
from hypothesis import strategies as st

T = TypeVar("T")
Reach = Callable[[st.SearchStrategy[Any], Callable[[Any], bool]], Any]

_REACH = settings(phases=[Phase.generate], max_examples=5_000, database=None, deadline=None)


def _reach(strategy: st.SearchStrategy[T], condition: Callable[[T], bool]) -> T:
    return find(strategy, condition, settings=_REACH)


@pytest.fixture
def reach() -> Reach:
    """``reach(strategy, condition)``: the first example found that meets ``condition``."""
    return _reach
