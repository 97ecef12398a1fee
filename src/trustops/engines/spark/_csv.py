"""CSV files read by Spark whole and decided by the row reader itself.

Spark's CSV source reads every cell as text (a number in a text cell, such as a
``duration_minutes`` of ``30.0``, would then be a value of the wrong type), cannot number
the lines its rows come from, and splits quoted newlines only under options that change how
it reads everything else. Here Spark only hands each file's bytes (decompressed by its
codecs) to a Python worker, where :func:`trustops.io.read_csv`, the row reader, reads it: the
header, the cells, quoted newlines, the rejects with their file and line, and the blank lines,
all as every other engine reads them. Files are spread over the workers; one file is read by
one worker.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

from ...io import make_converter, read_csv
from ...model import Interaction
from ._lines import LINE_BITS
from ._validation import NAMES, Validated, arrow_schema, record_columns

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import SparkSession

__all__ = ["read_csv_files"]

_BATCH: Final = 4096  # rows handed back to Spark at a time


def read_csv_files(session: SparkSession, paths: Sequence[str]) -> Validated:
    """Validate the CSV files under ``paths`` as the row reader reads them (see the module
    notes): accepted rows with typed columns and an order key ``_row`` (file, then record),
    rejects with their file and line, and a tally that counts blank lines too."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as fn

    files = session.read.text(list(paths), wholetext=True)
    whole = files.select(
        fn.col("_metadata.file_path").alias("file"),
        fn.col("value").cast("binary").alias("value"),  # the bytes as they are
        fn.spark_partition_id().alias("_part"),
    )
    names = sorted(row["file"] for row in whole.select("file").collect())
    places = {name: place for place, name in enumerate(names)}
    parsed = whole.mapInArrow(_Files(places), _SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
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


def _record_id(header: list[str], raw: str) -> str | None:
    """The ``id`` cell of a rejected row's raw text, if the header has one."""
    if "id" not in header:
        return None
    cells = next(csv.reader(io.StringIO(raw)), [])
    index = header.index("id")
    return cells[index] if index < len(cells) and cells[index] else None


def _header(data: bytes) -> list[str]:
    first = data.split(b"\n", 1)[0].decode("utf-8-sig", "replace")
    return next(csv.reader(io.StringIO(first)), [])


class _Files:
    """Runs in Spark's Python workers: each file through the row reader's CSV reader."""

    def __init__(self, places: dict[str, int]) -> None:
        self.places = places

    def __call__(self, batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        import pyarrow

        converter = make_converter()
        schema = pyarrow.schema([("_blank", pyarrow.bool_()), *arrow_schema(located=True)])
        for batch in batches:
            for file, value, part in zip(
                batch.column("file").to_pylist(),
                batch.column("value").to_pylist(),
                batch.column("_part").to_pylist(),
                strict=True,
            ):
                for rows in self._rows(file, value, part, converter):
                    yield pyarrow.RecordBatch.from_pylist(rows, schema=schema)

    def _rows(
        self, file: str, data: bytes, part: int, converter: Any
    ) -> Iterator[list[dict[str, Any]]]:
        place = self.places[file] << LINE_BITS
        reader = read_csv(io.BytesIO(data), Interaction, converter=converter)
        reader.name = file
        common = {"_file": file, "_part": part, "_blank": False}
        out: list[dict[str, Any]] = []
        for number, record in enumerate(reader, start=1):  # in file order: the first of an id
            out.append({**common, "_row": place | number, "_ok": True, **record_columns(record)})
            if len(out) == _BATCH:
                yield out
                out = []
        header = _header(data) if reader.rejects else []
        for reject in reader.rejects:
            out.append(
                {
                    **common,
                    "_line": reject.line,
                    "_row": None,
                    "_ok": False,
                    "id": None if reject.row is None else _record_id(header, reject.raw),
                    "_path": reject.path,
                    "_message": reject.message,
                    "_raw": reject.raw,
                    "_problems": [{"path": p, "message": m} for p, m in reject.problems],
                }
            )
        out += [{**common, "_blank": True, "_row": None, "_ok": False}] * reader.counts.blank
        if out:
            yield out
