"""Flat CSV: how each model's fields map to columns and cells, both ways."""

from __future__ import annotations

import enum
import math
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs
import pendulum

from ._errors import NotFlatError

__all__ = ["FORMULA_TRIGGERS", "CsvPlan", "escape_cell", "unescape_cell"]

FORMULA_TRIGGERS: Final = frozenset({"=", "+", "-", "@", "\t", "\r"})
"""First characters that make a spreadsheet read a cell as a formula (CWE-1236)."""
LIST_SEPARATOR: Final = ";"


def escape_cell(text: str) -> str:
    """Protect a text cell against spreadsheet formula injection (CWE-1236), losslessly.

    A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return
    (``trustops.io.FORMULA_TRIGGERS``) gets a leading ``'``, so spreadsheets show it as text instead
    of running it. So does a cell that already starts with ``'``, which keeps the escape
    lossless: ``=x`` and ``'=x`` become ``'=x`` and ``''=x``, never the same text, and
    :func:`unescape_cell` gives the original back. Apply it to text, not to numbers written
    as numbers (``-3`` in a numeric column is data). Every CSV trustops writes (the writers,
    the command line's tables) escapes its text cells with it.

    >>> from trustops.io import escape_cell
    >>> escape_cell("=SUM(A1:A9)"), escape_cell("'quoted"), escape_cell("Riverside")
    ("'=SUM(A1:A9)", "''quoted", 'Riverside')
    """
    first = text[:1]
    if first in FORMULA_TRIGGERS or first == "'":
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell`.

    >>> from trustops.io import escape_cell, unescape_cell
    >>> all(unescape_cell(escape_cell(text)) == text for text in ["=1+1", "'q", "plain", ""])
    True
    """
    return text[1:] if text.startswith("'") else text


_WHOLE: Final = re.compile(r"-?[0-9]+")
_DECIMAL: Final = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _parse_int(text: str) -> int:
    """ASCII digits with an optional ``-``: no ``+``, no ``_``, no other scripts' digits."""
    if _WHOLE.fullmatch(text) is None:
        raise ValueError(text)
    return int(text)


def _parse_float(text: str) -> float:
    if _DECIMAL.fullmatch(text) is None:
        raise ValueError(text)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ValueError(text)


def _unwrap_optional(type_: Any) -> tuple[Any, bool]:
    args = typing.get_args(type_)
    if type(type_) is typing.types.UnionType or typing.get_origin(type_) is typing.Union:  # type: ignore[attr-defined]
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
    return type_, False


@attrs.frozen
class _Column:
    """How one scalar field is read from a cell (text → JSON-like value) and written back."""

    name: str
    parse: Callable[[str], Any]
    expected: str
    text: bool  # free text or an identifier: escaped against formulas
    optional: bool


@attrs.frozen
class _Nested:
    """A mapping field spread over dotted columns (``answers.q1``)."""

    name: str
    depth: int
    parse: Callable[[str], Any]
    expected: str


def _scalar(name: str, type_: Any) -> _Column:
    inner, optional = _unwrap_optional(type_)
    if inner is bool:
        return _Column(name, _parse_bool, "true or false", False, optional)
    if inner is int:
        return _Column(name, _parse_int, "a whole number", False, optional)
    if inner is float:
        return _Column(name, _parse_float, "a finite number", False, optional)
    if isinstance(inner, type) and issubclass(inner, enum.Enum | pendulum.DateTime | pendulum.Date):
        return _Column(name, str, "text", False, optional)
    if typing.get_origin(inner) is tuple and typing.get_args(inner)[0] is str:
        return _Column(name, _split_list, "a ;-separated list", True, optional)
    if typing.get_origin(inner) is tuple and typing.get_args(inner)[0] is float:
        return _Column(name, _split_numbers, "a ;-separated list of numbers", False, optional)
    if inner is str:
        return _Column(name, str, "text", True, optional)
    raise NotFlatError(f"field {name!r} holds {inner!r}, which has no CSV form; use JSON or JSONL")


def _escape(text: str, separator: str) -> str:
    """``text`` with ``\\`` and ``separator`` escaped by a backslash."""
    return text.replace("\\", "\\\\").replace(separator, "\\" + separator)


def _split(text: str, separator: str) -> list[str]:
    """Split ``text`` at unescaped ``separator``, undoing :func:`_escape`."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _split_list(text: str) -> list[str]:
    """Split a ``;``-separated cell; ``\\;`` is a literal ``;`` and ``\\\\`` a backslash."""
    return [unescape_cell(item) for item in _split(text, LIST_SEPARATOR)] if text else []


def _split_numbers(text: str) -> list[float]:
    """Split a ``;``-separated cell of numbers (``1.5;0;2``)."""
    return [_parse_float(item) for item in text.split(LIST_SEPARATOR)] if text else []


def _join_list(items: Iterable[object]) -> str:
    return LIST_SEPARATOR.join(_escape(escape_cell(str(item)), LIST_SEPARATOR) for item in items)


@attrs.frozen
class CsvPlan:
    """The column layout of one record type."""

    cls: type[Any]
    columns: tuple[_Column, ...]
    nested: tuple[_Nested, ...]

    @classmethod
    def for_class(cls, record_type: type[Any]) -> CsvPlan:
        """Work out the columns of ``record_type``; :class:`NotFlatError` if it has none."""
        hints = typing.get_type_hints(record_type)
        columns: list[_Column] = []
        nested: list[_Nested] = []
        for field in attrs.fields(record_type):
            if not field.init:
                continue
            type_ = hints[field.name]
            if typing.get_origin(type_) is dict:
                value_type = typing.get_args(type_)[1]
                depth = 1
                if typing.get_origin(value_type) is dict:
                    depth, value_type = 2, typing.get_args(value_type)[1]
                inner, _ = _unwrap_optional(value_type)
                column = _scalar(field.name, inner)
                nested.append(_Nested(field.name, depth, column.parse, column.expected))
            else:
                columns.append(_scalar(field.name, type_))
        return cls(record_type, tuple(columns), tuple(nested))

    def header_for(self, records: Iterable[Mapping[str, Any]]) -> list[str]:
        """Column names: every scalar field, then the dotted keys seen in ``records``."""
        header = [column.name for column in self.columns]
        seen: dict[str, None] = {}
        for record in records:
            for spec in self.nested:
                for key in _flatten(spec.name, record.get(spec.name) or {}):
                    seen.setdefault(key, None)
        return header + list(seen)

    def check_header(self, header: list[str]) -> str | None:
        """A sentence describing what is wrong with ``header``, or ``None``."""
        known = {column.name for column in self.columns}
        prefixes = {spec.name: spec.depth for spec in self.nested}
        duplicates = sorted({name for name in header if header.count(name) > 1})
        if duplicates:
            return f"duplicate column(s) {', '.join(duplicates)} in the header"
        for name in header:
            parts = _split_name(name)
            if name in known or (parts[0] in prefixes and len(parts) > prefixes[parts[0]]):
                continue
            return f"unknown column {name!r}; expected the fields of {self.cls.__name__}"
        return None

    def row_to_data(
        self, header: list[str], cells: list[str]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Turn one row into JSON-like data for the converter, with any cell problems."""
        data: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        by_name = {column.name: column for column in self.columns}
        specs = {spec.name: spec for spec in self.nested}
        for spec in self.nested:
            data[spec.name] = {}
        for name, cell in zip(header, cells, strict=True):
            column = by_name.get(name)
            if column is not None:
                if cell == "":
                    lists = (_split_list, _split_numbers)
                    data[name] = [] if column.parse in lists and not column.optional else None
                    continue
                parse, expected = column.parse, column.expected
                text = unescape_cell(cell) if column.text and column.parse is str else cell
            else:
                head, *rest = _split_name(name)
                spec = specs[head]
                if cell == "":
                    if spec.expected == "a whole number":  # a skipped survey answer
                        _put(data[head], rest, None, spec.depth)
                    continue
                parse, expected, text = spec.parse, spec.expected, unescape_cell(cell)
            try:
                value = parse(text)
            except ValueError:
                problems.append((f"$.{name}", f"expected {expected}, got {cell!r}"))
                continue
            if column is not None:
                data[name] = value
            else:
                head, *rest = _split_name(name)
                _put(data[head], rest, value, specs[head].depth)
        return data, problems

    def record_to_row(self, header: list[str], record: Mapping[str, Any]) -> list[str]:
        """Cells for one unstructured record, in ``header`` order."""
        flat: dict[str, Any] = {}
        for spec in self.nested:
            flat.update(_flatten(spec.name, record.get(spec.name) or {}))
        row: list[str] = []
        by_name = {column.name: column for column in self.columns}
        for name in header:
            column = by_name.get(name)
            value = record.get(name) if column is not None else flat.get(name)
            row.append(_cell(value, column.text if column is not None else True))
        return row


def _cell(value: Any, text: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _join_list(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return escape_cell(value) if text else value
    return str(value)


def _key(text: str) -> str:
    """One part of a dotted column name (``margins.age\\.group.16-34``)."""
    return _escape(text, ".")


def _split_name(name: str) -> list[str]:
    """The parts of a dotted column name, undoing :func:`_key`."""
    return _split(name, ".")


def _flatten(prefix: str, value: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, Mapping):
            for inner_key, inner in item.items():
                flat[f"{prefix}.{_key(key)}.{_key(inner_key)}"] = inner
        else:
            flat[f"{prefix}.{_key(key)}"] = item
    return flat


def _put(target: dict[str, Any], parts: list[str], value: Any, depth: int) -> None:
    """Set the value of a dotted column (parts after the field name); unescaped dots in
    the last key, as older files wrote them, are part of the key."""
    if depth == 1:
        target[".".join(parts)] = value
    else:
        target.setdefault(parts[0], {})[".".join(parts[1:])] = value
