"""Tests for the small-cell policy."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import PrivacyError
from trustops.privacy import DEFAULT_POLICY, NO_SUPPRESSION, CellStatus, SmallCellPolicy


def test_status_values_are_stable_strings() -> None:
    assert [status.value for status in CellStatus] == [
        "ok",
        "caution",
        "insufficient",
        "complementary",
    ]
    assert CellStatus("caution") is CellStatus.CAUTION
    assert f"{CellStatus.OK}" == "ok"


@pytest.mark.parametrize(
    ("n", "status"),
    [
        (None, CellStatus.INSUFFICIENT),
        (0, CellStatus.INSUFFICIENT),
        (9, CellStatus.INSUFFICIENT),
        (9.99, CellStatus.INSUFFICIENT),
        (10, CellStatus.CAUTION),
        (29, CellStatus.CAUTION),
        (29.5, CellStatus.CAUTION),
        (30, CellStatus.OK),
        (1e9, CellStatus.OK),
        (math.inf, CellStatus.OK),
    ],
)
def test_default_boundaries(n: float | None, status: CellStatus) -> None:
    assert DEFAULT_POLICY.classify(n) is status


@pytest.mark.parametrize(
    ("n", "reason"),
    [
        (None, "withheld: n is unknown"),
        (7, "withheld: fewer than 10"),
        (9.5, "withheld: fewer than 10"),
        (12, "caution: n = 12 is below 30"),
        (29.25, "caution: n = 29.25 is below 30"),
        (30, None),
    ],
)
def test_reasons(n: float | None, reason: str | None) -> None:
    assert DEFAULT_POLICY.reason(n) == reason


def test_disabled_policy_passes_everything() -> None:
    for n in (None, 0, 3, 15, 100):
        assert NO_SUPPRESSION.classify(n) is CellStatus.OK
        assert NO_SUPPRESSION.reason(n) is None
    assert not NO_SUPPRESSION.enabled


def test_custom_thresholds() -> None:
    policy = SmallCellPolicy(withhold_below=5, caution_below=5)
    assert policy.classify(4) is CellStatus.INSUFFICIENT
    assert policy.classify(5) is CellStatus.OK
    assert SmallCellPolicy(withhold_below=0, caution_below=0).classify(0) is CellStatus.OK


def test_policy_is_frozen_and_comparable() -> None:
    assert SmallCellPolicy() == DEFAULT_POLICY
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_POLICY.withhold_below = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"withhold_below": -1}, "withhold_below: expected a whole number of 0 or more"),
        ({"withhold_below": 2.5}, "withhold_below"),
        ({"caution_below": True}, "caution_below"),
        ({"withhold_below": 20, "caution_below": 10}, r"caution_below: expected at least .*\(20\)"),
        ({"enabled": "yes"}, "enabled: expected True or False"),
    ],
)
def test_bad_policies(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(PrivacyError, match=message):
        SmallCellPolicy(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [-1, math.nan, "12", True])
def test_bad_n(n: object) -> None:
    with pytest.raises(PrivacyError, match="n: expected a sample size of 0 or more"):
        DEFAULT_POLICY.classify(n)  # type: ignore[arg-type]


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_more_people_never_make_a_figure_less_publishable(n1: float, n2: float) -> None:
    rank = {CellStatus.INSUFFICIENT: 0, CellStatus.CAUTION: 1, CellStatus.OK: 2}
    small, large = sorted((n1, n2))
    assert rank[DEFAULT_POLICY.classify(small)] <= rank[DEFAULT_POLICY.classify(large)]
