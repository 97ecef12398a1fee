"""Loading and saving records: JSONL, JSON and CSV (and reading Parquet and Arrow data), with
located rejects; JSON Schema export.

Readers stream: iterate to get accepted records; every bad record becomes a
:class:`Reject` with its line, field path, message and raw text, and
``counts.lines == counts.accepted + counts.rejected + counts.blank`` always holds.
"""

from ._atomic import atomic_path, without_surrogates, write_text
from ._converter import RECORD_TYPES, describe_error, make_converter, parse_date, parse_datetime
from ._csv import FORMULA_TRIGGERS, escape_cell, unescape_cell
from ._dataset_io import (
    DatasetLoad,
    RecordSource,
    find_record_files,
    read_dataset,
    read_sources,
    skipped_files,
    write_dataset,
)
from ._errors import NotFlatError, ReaderError
from ._formats import path_kind, read
from ._input import encoding_problem
from ._read_arrow import read_arrow, read_parquet
from ._read_csv import read_csv
from ._read_json import read_json
from ._read_jsonl import read_jsonl, read_jsonl_lines
from ._reader import MAX_LINE_BYTES, Reader, Source
from ._reject import RAW_LIMIT, ReadCounts, Reject, reason_of
from ._schema import SCHEMA_DIALECT, json_schema
from ._writer import Destination, write_csv, write_json, write_jsonl

__all__ = [
    "FORMULA_TRIGGERS",
    "MAX_LINE_BYTES",
    "RAW_LIMIT",
    "RECORD_TYPES",
    "SCHEMA_DIALECT",
    "DatasetLoad",
    "Destination",
    "NotFlatError",
    "ReadCounts",
    "Reader",
    "ReaderError",
    "RecordSource",
    "Reject",
    "Source",
    "atomic_path",
    "describe_error",
    "encoding_problem",
    "escape_cell",
    "find_record_files",
    "json_schema",
    "make_converter",
    "parse_date",
    "parse_datetime",
    "path_kind",
    "read",
    "read_arrow",
    "read_csv",
    "read_dataset",
    "read_json",
    "read_jsonl",
    "read_jsonl_lines",
    "read_parquet",
    "read_sources",
    "reason_of",
    "skipped_files",
    "unescape_cell",
    "without_surrogates",
    "write_csv",
    "write_dataset",
    "write_json",
    "write_jsonl",
    "write_text",
]
