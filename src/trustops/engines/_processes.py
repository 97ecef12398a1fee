"""The processes engine: a JSON Lines file read by several processes at once."""

from __future__ import annotations

import concurrent.futures
import io
import itertools
import os
from pathlib import Path
from typing import Final

import attrs

from ..io import ReadCounts, Reject, encoding_problem, read_jsonl
from ..metrics import Counted, TablePlan, accumulate
from ..model import Interaction
from ._base import Counting, EngineError
from ._files import is_path, must_open, source_files

__all__ = ["ProcessesEngine", "byte_ranges"]

_MIN_RANGE: Final = 1 << 20  # smaller ranges cost more to start than they save


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
        raise EngineError(f"expected at least 1 part, got {parts}")
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


_LEAD: Final = b"\n\n"
"""Blank lines before a range that starts inside the file, so the reader reads its first line
as a line inside the file (a byte-order mark there is not the file's, and its first bytes do
not say how the file is encoded)."""


class _Range(io.BufferedIOBase):
    """The bytes ``start`` to ``end`` of a file, as a readable stream, after ``lead``."""

    def __init__(self, path: str, start: int, end: int, lead: bytes = b"") -> None:
        self._handle = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._handle.seek(start)
        self._left = end - start
        self._lead = lead

    def read(self, size: int | None = -1) -> bytes:
        if self._lead:
            lead, self._lead = self._lead, b""
            return lead
        if size is None or size < 0 or size > self._left:
            size = self._left
        data = self._handle.read(size)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._handle.close()
        super().close()


def _compressed(path: str) -> bool:
    return path.lower().endswith(".gz")


def _work(
    path: str, start: int, end: int, plan: TablePlan, seen: frozenset[str] = frozenset()
) -> tuple[Counted, list[Reject], ReadCounts, set[str]]:
    """One worker: read a range, accumulate it (leaving out the ids of ``seen`` and repeats),
    and hand back the parts with the ids counted."""
    ids = set(seen)
    if _compressed(path):  # one stream, read whole
        reader = read_jsonl(path, Interaction)
        groups = accumulate(reader, plan.fields, plan.calendar(), seen=ids, privacy=plan.privacy)
        return groups, reader.rejects, reader.counts, ids - seen
    lead = _LEAD if start else b""
    with _Range(path, start, end, lead) as stream:
        reader = read_jsonl(stream, Interaction)
        reader.name = path
        groups = accumulate(reader, plan.fields, plan.calendar(), seen=ids, privacy=plan.privacy)
    if lead:  # the lead's blank lines are not the file's
        skipped = lead.count(b"\n")
        counts = reader.counts
        counts = ReadCounts(
            lines=counts.lines - skipped,
            accepted=counts.accepted,
            rejected=counts.rejected,
            blank=counts.blank - skipped,
        )
        rejects = [attrs.evolve(r, line=r.line - skipped) for r in reader.rejects]
        return groups, rejects, counts, ids - seen
    return groups, reader.rejects, reader.counts, ids - seen


class ProcessesEngine:
    """Counts a JSON Lines file, or a folder of them, with several processes at once, on one
    machine.

    The file is cut into byte ranges at line ends (:func:`byte_ranges`); each worker
    process reads its range with the ordinary reader and accumulates it; the statistics are
    merged (merge is associative and commutative, so the order does not matter). An id
    that a range shares with an earlier one is a duplicate: that range is counted again
    without it, so the first record of each id is kept, as the reference engine keeps it
    (this second pass happens only when ids repeat across ranges). Rejects
    carry their line in the whole file, in file order, exactly as one reader reports them.
    ``workers`` defaults to the number of CPUs; a file under 1 MiB per worker uses fewer, and
    one range is read in this process, as is a gzip-compressed file (``.jsonl.gz``), which
    cannot be cut. A folder's files (all under it, subfolders included) are read in the order
    of their paths, each cut into ranges as one file is, and an id is counted once across them
    (files under 1 MiB in all are read in this process).
    """

    name: Final = "processes"

    def __init__(self, workers: int | None = None) -> None:
        count = workers if workers is not None else (os.cpu_count() or 1)
        if type(count) is not int or count < 1:
            raise EngineError(f"expected at least 1 worker, got {workers!r}")
        self.workers = count

    def accepts(self, source: object) -> bool:
        """Paths of JSON Lines files (also gzip-compressed, which one process reads) and of
        folders of them."""
        if not is_path(source):
            return False
        name = os.fspath(source)
        if os.path.isdir(name):
            try:
                return source_files(name)[1] == "jsonl"
            except EngineError:
                return False
        return name.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson"))

    def count(self, source: object, plan: TablePlan) -> Counting:
        """Read the files in parallel and merge the statistics, rejects and counts."""
        if not is_path(source):
            raise EngineError(f"the processes engine reads a JSONL file path, got {source!r:.80}")
        name = os.fspath(source)
        if os.path.isdir(name):
            files, kind = source_files(name)
            if kind != "jsonl":
                raise EngineError(
                    f"the processes engine reads JSON Lines, and {name!r} holds {kind}"
                )
        elif Path(name).is_file():
            files = [name]
            must_open(name)
        else:
            raise EngineError(f"{name!r} is not a file")
        work = [(file, start, end) for file in files for start, end in self._ranges(file)]
        # small files together: read here, one after the other (processes cost more)
        alone = sum(end - start for _, start, end in work) < _MIN_RANGE
        if len(work) == 1 or alone:
            results = [_work(*piece, plan) for piece in work]
        else:
            with concurrent.futures.ProcessPoolExecutor(
                max_workers=min(len(work), self.workers)
            ) as pool:
                futures = [pool.submit(_work, *piece, plan) for piece in work]
                results = [future.result() for future in futures]
        counted = Counted(groups={}, window=None)
        rejects: list[Reject] = []
        lines = accepted = blank = 0
        ids: set[str] = set()
        before = 0  # lines of the file in earlier ranges
        for index, ((file, start, end), (first, part_rejects, part_counts, first_ids)) in enumerate(
            zip(work, results, strict=True)
        ):
            if index and work[index - 1][0] != file:
                before = 0
            part, part_ids = first, first_ids
            again = first_ids & ids
            if again:  # ids counted in an earlier range: count this one without them
                part, _, _, part_ids = _work(file, start, end, plan, frozenset(again))
            ids |= part_ids
            counted.absorb(part)
            rejects.extend(attrs.evolve(r, line=r.line + before) for r in part_rejects)
            before += part_counts.lines
            lines += part_counts.lines
            accepted += part_counts.accepted
            blank += part_counts.blank
        counts = ReadCounts(lines=lines, accepted=accepted, rejected=len(rejects), blank=blank)
        workers = 1 if alone else min(len(work), self.workers)
        return Counting(counted=counted, rejects=tuple(rejects), counts=counts, workers=workers)

    def _ranges(self, name: str) -> list[tuple[int, int]]:
        """The byte ranges of one file that workers read apart (one when it cannot be cut)."""
        size = os.path.getsize(name)
        with open(name, "rb") as handle:
            whole = _compressed(name) or encoding_problem(handle.read(4)) is not None
        parts = 1 if whole else max(1, min(self.workers, size // _MIN_RANGE))
        return byte_ranges(name, parts) if size else [(0, 0)]
