"""Areas given as a table (Arrow data or a Parquet file) turned into checked ``Area`` records."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, Final

from .._errors import MissingExtraError, TrustopsError
from ..model import Area
from ._base import EngineError
from ._files import is_path

__all__ = ["to_areas"]

_ALIASES: Final = {"area_id": "id", "time_zone": "timezone"}
_FIELDS: Final = ("id", "name", "timezone", "population", "margins")


def to_areas(areas: object) -> Iterable[Area]:
    """``areas`` as :class:`~trustops.model.Area` records.

    Records pass through. A table (anything with ``__arrow_c_stream__``: a pyarrow table, a
    polars or pandas DataFrame) or the path of a Parquet file gives one area per row, from the
    columns ``id`` (or ``area_id``, not both), ``timezone`` (or ``time_zone``, not both), and
    the optional ``name`` (the id when absent), ``population`` and ``margins``; other columns
    are ignored. Each row is checked as an ``Area`` is (a known IANA zone, a population from 0
    to 10¹⁰), and a bad row, a missing or doubled column, or a file that cannot be read as
    Parquet is an :class:`EngineError` naming it.
    """
    table: Any
    if hasattr(areas, "__arrow_c_stream__"):
        table = _pyarrow().table(areas)
        where = "the areas table"
    elif is_path(areas):
        table = _parquet(os.fspath(areas))
        where = repr(os.fspath(areas))
    else:
        return areas  # type: ignore[return-value]  # records; TablePlan checks them
    names: dict[str, str] = {}
    for name in table.column_names:
        field = _ALIASES.get(name, name)
        if field in names:
            raise EngineError(
                f"{where} has both the columns {names[field]!r} and {name!r}, which name the "
                f"same field ({field}); keep one"
            )
        names[field] = name
    missing = [name for name in ("id", "timezone") if name not in names]
    if missing:
        raise EngineError(
            f"{where} lacks the column(s) {', '.join(missing)}; expected id (or area_id), "
            "timezone (or time_zone), and optionally name, population and margins"
        )
    chosen = [field for field in _FIELDS if field in names]
    columns = {field: table.column(names[field]).to_pylist() for field in chosen}
    made = []
    for index in range(table.num_rows):
        row = {field: columns[field][index] for field in chosen}
        if row.get("name") is None:
            row["name"] = row["id"]
        if row.get("margins") is None:
            row.pop("margins", None)
        try:
            made.append(Area(**row))
        except (TrustopsError, TypeError, ValueError) as error:
            raise EngineError(f"{where}, row {index + 1}: {error}") from None
    return made


def _parquet(path: str) -> Any:
    """The table of the Parquet file ``path``; an :class:`EngineError` naming it when it is
    not one or cannot be read."""
    if not path.lower().endswith(".parquet"):
        raise EngineError(
            f"areas {path!r}: a file of areas is read here as Parquet (areas.parquet); give "
            "Area records, Arrow data or the path of a Parquet file"
        )
    pa = _pyarrow()
    from pyarrow import parquet

    if not os.path.isfile(path):
        raise EngineError(f"areas {path!r}: not a file")
    try:
        return parquet.read_table(path)
    except (OSError, pa.ArrowException) as error:
        raise EngineError(f"areas {path!r}: cannot read it as Parquet: {error}") from None


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as error:
        raise MissingExtraError("areas as a table", "arrow", "pyarrow") from error
    return pyarrow
