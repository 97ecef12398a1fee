"""JSON Lines read by Spark as text and decided line by line by the row reader itself.

Spark's JSON source infers one schema for a whole file (a single ``"12"`` turns a number
column into text), merges repeated keys into an error, splits lines at a bare CR, reads
arrays as several rows and skips blank lines, so its rows are not the row reader's. Here
Spark only cuts the files into lines (at ``\\n`` alone, bytes kept as they are) and numbers
them; each line then goes, in a Python worker, through
:func:`trustops.io.read_jsonl_lines`, the row reader's own parser: the same checks, messages
and line numbers, one definition. A line longer than the size guard is cut by Spark before
it reaches Python (enough is kept for the reader to see it is too long).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

from ...io import MAX_LINE_BYTES, make_converter, read_jsonl_lines
from ...model import Interaction
from .._errors import EngineError
from ._validation import NAMES, Validated, arrow_schema, record_columns

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import SparkSession

__all__ = ["LINE_BITS", "read_lines"]

LINE_BITS: Final = 40
"""A line's order key is its file's place among the files shifted left by this many bits,
plus its line number."""
_COMPRESSED: Final = (".gz", ".bz2", ".zst", ".lz4", ".snappy", ".deflate", ".xz")
_BOM_BYTES: Final = 3
# Block → (file's place, first line number of the block, the file's truncated last line).
Blocks = dict[tuple[str, int], tuple[int, int, int | None]]


def _blocks(rows: Sequence[Any]) -> Blocks:
    """Where each block of each file starts, in the reader's line numbers, from Spark's
    per-block line counts; and each file's last line when it has no line end (its size then
    exceeds the lines and their ends by -1 without a byte-order mark, or 2 with one, which
    Spark drops). Compressed files are taken as ended."""
    by_file: dict[str, list[Any]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    found: Blocks = {}
    for place, file in enumerate(sorted(by_file)):
        blocks = sorted(by_file[file], key=lambda row: row["block"])
        lines = sum(row["lines"] for row in blocks)
        spare = blocks[0]["size"] - sum(row["bytes"] for row in blocks)
        ended = file.lower().endswith(_COMPRESSED) or spare not in (-1, _BOM_BYTES - 1)
        first = 1
        for row in blocks:
            found[file, row["block"]] = (place, first, None if ended else lines)
            first += row["lines"]
    return found


def read_lines(
    session: SparkSession, paths: Sequence[str], *, max_line_bytes: int = MAX_LINE_BYTES
) -> Validated:
    """Validate the JSON Lines files ``paths`` as the row reader reads them (see the module
    notes): accepted rows with typed columns and an order key ``_row`` (file, then line),
    rejects with their file and line, and a tally that counts blank lines too."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as fn

    text = session.read.option("lineSep", "\n").text(list(paths))
    value = fn.col("value").cast("binary")
    limit = max_line_bytes + len("\ufeff".encode()) + len(b"\r")
    lines = text.select(
        fn.col("_metadata.file_path").alias("file"),
        fn.col("_metadata.file_block_start").alias("block"),
        fn.col("_metadata.file_size").alias("size"),
        # a line longer than the guard is cut: what reaches the reader is still too long
        fn.when(fn.octet_length(value) > limit, fn.substring(value, 1, limit + 1))
        .otherwise(value)
        .alias("value"),
        fn.octet_length(value).alias("length"),
        fn.spark_partition_id().alias("_part"),
    )
    counted = (
        lines.groupBy("file", "block")
        .agg(
            fn.count(fn.lit(1)).alias("lines"),
            fn.sum(fn.col("length") + 1).alias("bytes"),
            fn.first("size").alias("size"),
        )
        .collect()
    )
    if not counted:
        raise EngineError(f"{', '.join(paths)}: holds no lines (an empty file); nothing to count")
    blocks = _blocks(counted)
    parsed = (
        lines.select("file", "block", "value", "_part")
        .mapInArrow(_Lines(blocks, max_line_bytes), _SCHEMA)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    accepted = parsed.where(fn.col("_ok")).select("_row", *NAMES)
    rejects = parsed.where(~fn.col("_ok") & ~fn.col("_blank")).select(
        fn.col("_file").alias("file"),
        fn.col("_line").alias("line"),
        fn.lit(None).cast("long").alias("row"),
        fn.col("id"),
        fn.col("_path").alias("column"),
        fn.col("_message").alias("message"),
        fn.col("_raw").alias("raw"),
        fn.col("_problems").alias("problems"),
    )
    state = (
        fn.when(fn.col("_ok"), fn.lit("accepted"))
        .when(fn.col("_blank"), fn.lit("blank"))
        .otherwise(fn.lit("rejected"))
    )
    tally = parsed.select(state.alias("_state"), "_part")
    return Validated(accepted=accepted, rejects=rejects, tally=tally, kept=(parsed,))


_SCHEMA: Final = (
    "_blank boolean, _file string, _line long, _part int, _row long, _ok boolean, _path string, "
    "_message string, _raw string, _problems array<struct<path: string, message: string>>, "
    "id string, occurred_at timestamp, area_id string, kind string, initiator string, "
    "channel string, initiative_id string, session_id string, staff_id string, "
    "resident_id string, outcome string, attendance string, observed_at timestamp, "
    "duration_minutes double"
)


def _record_id(raw: str) -> str | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) else None


class _Lines:
    """Runs in Spark's Python workers: each line through the row reader's line parser."""

    def __init__(self, blocks: Blocks, max_line_bytes: int) -> None:
        self.blocks = blocks
        self.max_line_bytes = max_line_bytes

    def __call__(self, batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        import pyarrow

        converter = make_converter()
        schema = pyarrow.schema([("_blank", pyarrow.bool_()), *arrow_schema(located=True)])
        seen: dict[tuple[str, int], int] = {}
        for batch in batches:
            out = []
            for file, block, value, part in zip(
                batch.column("file").to_pylist(),
                batch.column("block").to_pylist(),
                batch.column("value").to_pylist(),
                batch.column("_part").to_pylist(),
                strict=True,
            ):
                place, first, truncated = self.blocks[file, block]
                line = first + seen.get((file, block), 0)
                seen[file, block] = line - first + 1
                reader = read_jsonl_lines(
                    [(line, value)],
                    Interaction,
                    name=file,
                    truncated=truncated,
                    converter=converter,
                    max_line_bytes=self.max_line_bytes,
                )
                records = list(reader)
                row: dict[str, Any] = {
                    "_file": file,
                    "_line": line,
                    "_part": part,
                    "_row": (place << LINE_BITS) | line,
                    "_ok": bool(records),
                    "_blank": not records and not reader.rejects,
                }
                if records:
                    row.update(record_columns(records[0]))
                elif reader.rejects:
                    (reject,) = reader.rejects
                    row.update(
                        id=_record_id(reject.raw),
                        _path=reject.path,
                        _message=reject.message,
                        _raw=reject.raw,
                        _problems=[{"path": p, "message": m} for p, m in reject.problems],
                    )
                out.append(row)
            yield pyarrow.RecordBatch.from_pylist(out, schema=schema)
