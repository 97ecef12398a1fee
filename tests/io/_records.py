"""Records and a checked read shared by the reader tests of every format."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from trustops import Area
from trustops.io import ReadCounts, Reader, Reject, read_csv, read_json, read_jsonl

GOOD = {
    "id": "i1",
    "occurred_at": "2026-03-01T12:00:00+00:00",
    "area_id": "a",
    "kind": "conversation",
    "initiator": "staff",
    "channel": "in_person",
}
"""A valid interaction as JSON data."""

AREA = '{"id": "a", "name": "A", "timezone": "UTC"}'
"""A valid area as JSON text."""

OPENERS: dict[str, Callable[..., Reader[Any]]] = {
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
}


def line(**patch: Any) -> str:
    """:data:`GOOD` with ``patch`` applied, as one JSON line."""
    return json.dumps({**GOOD, **patch})


def read_checked(
    kind: str, data: str | bytes, cls: type[Any] = Area, **options: Any
) -> tuple[list[Any], list[Reject], ReadCounts]:
    """Read ``data`` as ``kind`` (jsonl, json or csv) and check what every read promises:
    the counts add up and every reject prints (no lone surrogate reaches one)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    reader = OPENERS[kind](io.BytesIO(raw), cls, **options)
    records = reader.read_all()
    counts = reader.counts
    assert counts.lines == counts.accepted + counts.rejected + counts.blank
    for reject in reader.rejects:
        str(reject).encode("utf-8")
    return records, reader.rejects, counts


def read_all_formats(data: bytes, kind: str) -> tuple[list[Any], list[Reject]]:
    """Areas read from ``data`` as ``kind``, and the rejects (see :func:`read_checked`)."""
    records, rejects, _ = read_checked(kind, data)
    return records, rejects
