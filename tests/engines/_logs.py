"""Shared helpers for the engine tests: interactions as Arrow tables and JSONL files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from trustops.io import write_jsonl
from trustops.model import Interaction

SCHEMA = pa.schema(
    [
        ("id", pa.string()), ("occurred_at", pa.timestamp("us", tz="UTC")),
        ("area_id", pa.string()), ("kind", pa.string()), ("initiator", pa.string()),
        ("channel", pa.string()), ("initiative_id", pa.string()), ("session_id", pa.string()),
        ("staff_id", pa.string()), ("resident_id", pa.string()), ("outcome", pa.string()),
        ("attendance", pa.string()), ("observed_at", pa.timestamp("us", tz="UTC")),
        ("duration_minutes", pa.float64()),
    ]
)  # fmt: skip


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.astimezone(value, dt.UTC)


def arrow_table(log: Sequence[Interaction]) -> pa.Table:
    """The interactions as a pyarrow table with the model's columns (instants in UTC)."""
    rows: list[dict[str, Any]] = [
        {
            "id": i.id, "occurred_at": _utc(i.occurred_at), "area_id": i.area_id,
            "kind": i.kind.value, "initiator": i.initiator.value, "channel": i.channel.value,
            "initiative_id": i.initiative_id, "session_id": i.session_id,
            "staff_id": i.staff_id, "resident_id": i.resident_id,
            "outcome": i.outcome and i.outcome.value,
            "attendance": i.attendance and i.attendance.value,
            "observed_at": _utc(i.observed_at), "duration_minutes": i.duration_minutes,
        }
        for i in log
    ]  # fmt: skip
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def jsonl_file(log: Sequence[Interaction], folder: Path, name: str = "log.jsonl") -> Path:
    """The interactions written as a JSON Lines file in ``folder``."""
    path = folder / name
    write_jsonl(log, path)
    return path
