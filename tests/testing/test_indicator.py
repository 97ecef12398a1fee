"""Tests of trustops.testing.indicators."""

from __future__ import annotations

import attrs
from hypothesis import given

from trustops import Indicator
from trustops.testing import indicators


@given(indicators())
def test_indicators_are_valid(indicator: Indicator) -> None:
    assert attrs.evolve(indicator) == indicator
    for earlier, later in zip(indicator.targets, indicator.targets[1:], strict=False):
        assert earlier.end < later.start


@given(indicators(programme_ids=["p"], area_ids=[]))
def test_indicators_honour_pins(indicator: Indicator) -> None:
    assert indicator.programme_id in {None, "p"}
    assert indicator.area_id is None
