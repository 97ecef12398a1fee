"""Tables out: Arrow (the PyCapsule stream interface), pandas and polars, from one column set.

A table class mixes in :class:`Tabular` and defines :meth:`Tabular.columns`; everything else
follows from it. pyarrow, pandas and polars are imported only when asked for, and a missing
one raises :class:`~trustops.MissingExtraError` naming the extra to install.
"""

from __future__ import annotations

from typing import Any

from .._errors import MissingExtraError

__all__ = ["Tabular", "records_to_columns"]


class Tabular:
    """Arrow, pandas and polars output of a table's :meth:`columns`."""

    __slots__ = ()

    def columns(self) -> dict[str, list[Any]]:
        """The table's columns by name, in order, as plain Python lists."""
        raise NotImplementedError  # pragma: no cover - every table defines it

    def column_types(self) -> dict[str, str]:
        """Arrow types of columns whose values alone may not say (``"float64"``, ...)."""
        return {}

    def to_arrow(self) -> Any:
        """The table as a ``pyarrow.Table`` (needs the ``arrow`` extra)."""
        try:
            import pyarrow as pa
        except ImportError as error:
            raise MissingExtraError("Arrow output", "arrow", "pyarrow") from error
        types = self.column_types()
        arrays = {
            name: pa.array(values, type=getattr(pa, types[name])() if name in types else None)
            for name, values in self.columns().items()
        }
        return pa.table(arrays)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow PyCapsule stream of :meth:`to_arrow`, so ``polars.DataFrame(table)``,
        ``pyarrow.table(table)`` and DuckDB take the table directly."""
        return self.to_arrow().__arrow_c_stream__(requested_schema)

    def to_pandas(self) -> Any:
        """The table as a ``pandas.DataFrame`` (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError as error:
            raise MissingExtraError("pandas output", "pandas", "pandas") from error
        return pd.DataFrame(self.columns())

    def to_polars(self) -> Any:
        """The table as a ``polars.DataFrame`` (needs the ``polars`` extra)."""
        try:
            import polars as pl
        except ImportError as error:
            raise MissingExtraError("polars output", "polars", "polars") from error
        return pl.DataFrame(self.columns(), strict=False)


def records_to_columns(records: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Flat records as columns (every key of any record, in first-seen order), with
    ``status`` (``withheld`` when a record's ``withheld`` reason is set, else ``ok``) and
    ``reason`` (that reason).

    >>> from trustops.metrics import records_to_columns
    >>> columns = records_to_columns([
    ...     {"area": "a", "value": 0.4, "withheld": None},
    ...     {"area": "b", "value": None, "withheld": "n below 10"}])
    >>> columns["area"], columns["status"], columns["reason"]
    (['a', 'b'], ['ok', 'withheld'], [None, 'n below 10'])
    """
    names = dict.fromkeys(name for record in records for name in record)
    columns: dict[str, list[Any]] = {name: [r.get(name) for r in records] for name in names}
    reasons = [record.get("withheld") for record in records]
    columns["status"] = ["ok" if reason is None else "withheld" for reason in reasons]
    columns["reason"] = reasons
    return columns
