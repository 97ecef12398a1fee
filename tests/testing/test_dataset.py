"""Tests of trustops.testing.datasets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings

from trustops import Dataset
from trustops.testing import datasets


@given(datasets())
def test_datasets_have_no_problems(dataset: Dataset) -> None:
    assert dataset.problems() == ()
    assert dataset.check() is dataset


@given(datasets(max_areas=1, max_interactions=3, max_responses=2))
def test_dataset_sizes_honour_limits(dataset: Dataset) -> None:
    assert len(dataset.areas) == 1
    assert len(dataset.interactions) <= 3
    assert len(dataset.responses) <= 2


def test_datasets_reach_linked_sessions_and_responses(reach: Callable[..., Any]) -> None:
    found = reach(
        datasets(),
        lambda d: any(i.session_id for i in d.interactions) and bool(d.responses),
    )
    assert found.problems() == ()


@settings(
    settings.get_profile("default"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow],  # timing is measured, never asserted
)
@given(datasets())
def test_datasets_pass_the_default_profiles_health_checks(dataset: Dataset) -> None:
    # Users' own tests run with hypothesis' default settings: no filtering too much, no
    # oversized data, no oversized simplest example.
    assert dataset.problems() == ()
