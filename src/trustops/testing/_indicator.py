"""Strategies for results-framework indicators with baselines, targets and actuals."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from ..model import Actual, Baseline, Indicator, Target
from ._ids import identifiers, optional_reference, texts
from ._time import dates

__all__ = ["indicators"]

_VALUES = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
_UNITS = st.sampled_from(("reports", "%", "residents", "score")) | texts(max_size=12)


@st.composite
def _indicators(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    programme_ids: st.SearchStrategy[str | None],
    area_ids: st.SearchStrategy[str | None],
) -> Indicator:
    baseline = Baseline(value=draw(_VALUES), date=draw(dates(max_year=2030)))
    targets: list[Target] = []
    start = baseline.date.add(days=draw(st.integers(0, 60)))
    for _ in range(draw(st.integers(0, 4))):
        end = start.add(days=draw(st.integers(0, 400)))
        targets.append(Target(start=start, end=end, value=draw(_VALUES)))
        start = end.add(days=draw(st.integers(1, 30)))
    actuals = [
        Actual(date=baseline.date.add(days=offset), value=draw(_VALUES))
        for offset in draw(st.lists(st.integers(0, 2_000), max_size=4))
    ]
    return Indicator(
        id=draw(ids),
        name=draw(texts()),
        unit=draw(_UNITS),
        ascending=draw(st.booleans()),
        baseline=baseline,
        targets=tuple(targets),
        actuals=tuple(actuals),
        programme_id=draw(programme_ids),
        area_id=draw(area_ids),
        maintain=draw(st.booleans()),
    )


def indicators(
    *,
    ids: st.SearchStrategy[str] | None = None,
    programme_ids: Sequence[str] | None = None,
    area_ids: Sequence[str] | None = None,
) -> st.SearchStrategy[Indicator]:
    """Valid :class:`~trustops.model.Indicator` records.

    Zero to four targets in date order without overlap, starting on or after the baseline,
    and zero to four actuals. ``programme_ids`` and ``area_ids`` limit the optional references
    (``None``: any identifier; empty: never set).

    >>> from hypothesis import given
    >>> from trustops.testing import indicators
    >>> @given(indicators(programme_ids=["p"], area_ids=[]))
    ... def test(indicator):
    ...     assert indicator.programme_id in (None, "p") and indicator.area_id is None
    ...     assert all(t.start >= indicator.baseline.date for t in indicator.targets)
    >>> test()
    """
    return _indicators(
        identifiers() if ids is None else ids,
        optional_reference(programme_ids),
        optional_reference(area_ids),
    )
