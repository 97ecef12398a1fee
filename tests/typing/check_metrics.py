"""Typing examples for trustops.metrics: checked by mypy --strict, never run."""

from __future__ import annotations

from typing import assert_type

import pendulum

from trustops import Area, Interaction, InteractionKind
from trustops.metrics import EngagementRow, EngagementTable, MetricValue, engagement_table
from trustops.stats import Interval
from trustops.time import Granularity, Period

interactions = [
    Interaction(
        id="i-1",
        occurred_at=pendulum.now("UTC"),
        area_id="a",
        kind=InteractionKind.CONVERSATION,
        initiator="staff",  # type: ignore[arg-type]  # strings are accepted at run time only
        channel="phone",  # type: ignore[arg-type]
    )
]
table = engagement_table(
    interactions,
    by=["area"],
    period=Granularity.MONTH,
    areas=[Area(id="a", name="A", timezone="UTC")],
)
assert_type(table, EngagementTable)
for row in table:
    assert_type(row, EngagementRow)
    assert_type(row.period, Period | None)
    assert_type(row.keys, dict[str, str | None])
    value = row.metric("reach")
    assert_type(value, MetricValue)
    assert_type(value.value, float | None)  # None when the denominator is zero
    assert_type(value.interval, Interval | None)
engagement_table(interactions, period=7)  # type: ignore[arg-type]
