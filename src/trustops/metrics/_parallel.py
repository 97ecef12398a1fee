"""Engagement tables from a JSON Lines file, read by several processes at once.

The file is cut into byte ranges at line ends; each worker process reads its range with the
ordinary reader and accumulates it; the parent merges the accumulators (merge is associative
and commutative, so the order does not matter) and computes the rows. The result equals
:func:`~trustops.metrics.engagement_table` over the whole file, rejects included.
"""

from __future__ import annotations

import concurrent.futures
import io
import itertools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import attrs

from ..io import ReadCounts, Reject, read_jsonl
from ..model import Area, Initiative, Interaction
from ..time import Granularity
from ._accumulator import Counted, accumulate
from ._errors import MetricsError
from ._table import EngagementTable, TablePlan

__all__ = ["FileEngagement", "byte_ranges", "engagement_table_from_jsonl"]

_MIN_RANGE: Final = 1 << 20  # smaller ranges cost more to start than they save


@attrs.frozen(kw_only=True)
class FileEngagement:
    """What :func:`engagement_table_from_jsonl` found: the table, the rejects and the counts.

    ``rejects`` carry line numbers of the whole file, in file order, exactly as a single
    reader would report them; ``counts`` add up as for a single reader.
    """

    table: EngagementTable
    rejects: tuple[Reject, ...]
    counts: ReadCounts
    workers: int


def byte_ranges(path: str | os.PathLike[str], parts: int) -> list[tuple[int, int]]:
    """Cut the file at ``path`` into at most ``parts`` byte ranges that start at line starts.

    The ranges cover the file exactly, in order, without overlap; none is empty.

    >>> import tempfile, pathlib
    >>> folder = tempfile.mkdtemp()
    >>> path = pathlib.Path(folder, "log.jsonl")
    >>> _ = path.write_bytes(b"aaaa\\nbb\\ncccccc\\nd\\n")
    >>> byte_ranges(path, 2)
    [(0, 8), (8, 17)]
    """
    if parts < 1:
        raise MetricsError(f"expected at least 1 part, got {parts}")
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as handle:
        for index in range(1, parts):
            target = size * index // parts
            if target <= cuts[-1]:
                continue
            handle.seek(target - 1)
            handle.readline()  # to the end of the line holding byte target - 1
            cut = handle.tell()
            if cuts[-1] < cut < size:
                cuts.append(cut)
    cuts.append(size)
    return [(start, end) for start, end in itertools.pairwise(cuts) if end > start]


class _Range(io.BufferedIOBase):
    """The bytes ``start`` to ``end`` of a file, as a readable stream."""

    def __init__(self, path: str, start: int, end: int) -> None:
        self._handle = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._handle.seek(start)
        self._left = end - start

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > self._left:
            size = self._left
        data = self._handle.read(size)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._handle.close()
        super().close()


def _work(
    path: str, start: int, end: int, plan: TablePlan
) -> tuple[Counted, list[Reject], ReadCounts]:
    """One worker: read a range, accumulate it, and hand back the parts."""
    with _Range(path, start, end) as stream:
        reader = read_jsonl(stream, Interaction)
        reader.name = path
        groups = accumulate(reader, plan.fields, plan.calendar())
    return groups, reader.rejects, reader.counts


def engagement_table_from_jsonl(
    path: str | os.PathLike[str],
    *,
    by: Sequence[str] = ("area",),
    period: Granularity | str | None = None,
    areas: Iterable[Area] = (),
    initiatives: Iterable[Initiative] = (),
    workers: int | None = None,
) -> FileEngagement:
    """:func:`~trustops.metrics.engagement_table` over a JSONL file of interactions, in parallel.

    ``workers`` processes (default: the number of CPUs) each read one part of the file; a
    file under 1 MiB per worker uses fewer. Grouping arguments are those of
    :func:`~trustops.metrics.engagement_table`. Bad lines become rejects with their line
    number in the whole file; nothing is dropped silently. With ``workers=1`` the file is read
    in this process.

    >>> import tempfile, pathlib, pendulum
    >>> from trustops import Interaction
    >>> from trustops.io import write_jsonl
    >>> path = pathlib.Path(tempfile.mkdtemp(), "interactions.jsonl")
    >>> visits = [Interaction(id=f"i{n}", occurred_at=pendulum.datetime(2026, 3, n, tz="UTC"),
    ...                       area_id="docks", kind="conversation", initiator="staff",
    ...                       channel="phone", resident_id=f"r{n % 3}") for n in range(1, 10)]
    >>> _ = write_jsonl(visits, path)
    >>> found = engagement_table_from_jsonl(path, workers=2)
    >>> found.table.row(area="docks").metric("residents_reached").value, found.counts.accepted
    (3, 9)
    """
    plan = TablePlan.make(by=by, period=period, areas=areas, initiatives=initiatives)
    name = os.fspath(path)
    if not Path(name).is_file():
        raise MetricsError(f"{name!r} is not a file")
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count < 1:
        raise MetricsError(f"expected at least 1 worker, got {workers}")
    size = os.path.getsize(name)
    ranges = byte_ranges(name, max(1, min(count, size // _MIN_RANGE))) if size else [(0, 0)]
    if len(ranges) == 1:
        parts = [_work(name, *ranges[0], plan)]
    else:
        with concurrent.futures.ProcessPoolExecutor(max_workers=len(ranges)) as pool:
            futures = [pool.submit(_work, name, start, end, plan) for start, end in ranges]
            parts = [future.result() for future in futures]
    counted = Counted(groups={}, window=None)
    rejects: list[Reject] = []
    lines = accepted = blank = 0
    for part_groups, part_rejects, part_counts in parts:
        counted.absorb(part_groups)
        rejects.extend(attrs.evolve(r, line=r.line + lines) for r in part_rejects)
        lines += part_counts.lines
        accepted += part_counts.accepted
        blank += part_counts.blank
    counts = ReadCounts(lines=lines, accepted=accepted, rejected=len(rejects), blank=blank)
    table = plan.finish(counted, plan.calendar())
    return FileEngagement(table=table, rejects=tuple(rejects), counts=counts, workers=len(ranges))
