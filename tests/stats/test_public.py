"""The public face of trustops.stats: a sorted __all__, docstrings, the shared errors."""

from __future__ import annotations

import inspect

import trustops
from trustops import stats


def test_all_is_sorted_and_complete() -> None:
    assert stats.__all__ == sorted(stats.__all__, key=lambda name: (not name.isupper(), name))
    public = {name for name in vars(stats) if not name.startswith("_") and name != "annotations"}
    assert set(stats.__all__) == public


def test_every_public_name_is_documented() -> None:
    for name in stats.__all__:
        obj = getattr(stats, name)
        if callable(obj):
            assert inspect.getdoc(obj), name


def test_functions_with_formulas_have_examples() -> None:
    for name in stats.__all__:
        obj = getattr(stats, name)
        if inspect.isfunction(obj):
            assert ">>>" in (obj.__doc__ or ""), name


def test_errors_are_shared_with_the_top_level() -> None:
    assert stats.StatsError is trustops.StatsError
    assert stats.RakingError is trustops.RakingError
    assert issubclass(stats.RakingError, stats.StatsError)
    assert issubclass(stats.StatsError, trustops.TrustopsError)
    assert issubclass(stats.StatsError, ValueError)
