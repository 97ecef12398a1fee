"""Typing examples: mypy --strict checks that the public API infers what users expect.

This file is type-checked in CI and never run.
"""

from __future__ import annotations

from typing import assert_type

import pendulum

from trustops import Area, Dataset, Interaction, InteractionKind, Problem
from trustops.io import Reader, Reject, read_csv, read_json, read_jsonl

area = Area(id="a", name="A", timezone="UTC")
assert_type(area.population, int | None)

interaction = Interaction(
    id="i",
    occurred_at=pendulum.now("UTC"),
    area_id="a",
    kind=InteractionKind.CONVERSATION,
    initiator="staff",  # type: ignore[arg-type]  # strings are accepted at run time only
    channel="phone",  # type: ignore[arg-type]
)
assert_type(interaction.hours_to_report, float | None)

reader = read_jsonl("interactions.jsonl", Interaction)
assert_type(reader, Reader[Interaction])
for record in reader:
    assert_type(record, Interaction)
assert_type(reader.rejects, list[Reject])
assert_type(read_csv("areas.csv", Area).read_all(), list[Area])
assert_type(read_json("areas.json", Area), Reader[Area])

dataset = Dataset(areas=[area], interactions=[interaction])
assert_type(dataset.problems(), tuple[Problem, ...])
