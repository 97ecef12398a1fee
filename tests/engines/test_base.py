"""Tests of what every engine shares: the Engine protocol, Counting and EngineResult."""

from __future__ import annotations

import pendulum
import pytest

from trustops import Interaction
from trustops.engines import Counting, Engine, EngineError, EngineResult, engagement_table
from trustops.engines._reference import ReferenceEngine
from trustops.metrics import TablePlan

WHEN = pendulum.datetime(2026, 3, 4, 10, tz="UTC")


def interactions() -> list[Interaction]:
    return [
        Interaction(
            id=f"i-{index}",
            occurred_at=WHEN.add(hours=index),
            area_id="riverside",
            kind="conversation",  # type: ignore[arg-type]
            initiator="staff",  # type: ignore[arg-type]
            channel="phone",  # type: ignore[arg-type]
            resident_id=f"r-{index % 2}",
        )
        for index in range(3)
    ]


class Recording:
    """An engine of one's own: counts through the reference engine and says so."""

    name = "recording"

    def __init__(self) -> None:
        self.plans: list[TablePlan] = []

    def accepts(self, source: object) -> bool:
        return isinstance(source, list)

    def count(self, source: object, plan: TablePlan) -> Counting:
        self.plans.append(plan)
        counting = ReferenceEngine().count(source, plan)
        return Counting(counted=counting.counted, workers=3)


def test_an_engine_of_ones_own_satisfies_the_protocol_and_is_used() -> None:
    mine = Recording()
    assert isinstance(mine, Engine)
    result = engagement_table(interactions(), engine=mine)
    assert isinstance(result, EngineResult)
    assert (result.engine, result.workers, result.rejects, result.counts) == (
        "recording",
        3,
        (),
        None,
    )
    assert len(mine.plans) == 1
    reference = engagement_table(interactions(), engine="reference")
    assert [row.values for row in result.table] == [row.values for row in reference.table]


def test_counting_defaults_to_no_rejects_no_counts_one_worker() -> None:
    plan = TablePlan.make(by=("area",), period=None, areas=(), initiatives=())
    counting = ReferenceEngine().count(interactions(), plan)
    assert (counting.rejects, counting.counts, counting.workers) == ((), None, 1)


def test_something_that_is_not_an_engine_is_refused() -> None:
    with pytest.raises(EngineError, match="expected an engine name or an Engine"):
        engagement_table(interactions(), engine=object())  # type: ignore[arg-type]
