"""A small TOML writer for plain data (the standard library only reads TOML)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Final

__all__ = ["dumps_toml"]

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")


def _string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes; TOML also forbids a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _scalar(value: object, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: TOML cannot hold the non-finite number {value!r}")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Sequence):
        return "[" + ", ".join(_scalar(item, f"{where}[]") for item in value) + "]"
    raise ValueError(f"{where}: cannot write {type(value).__name__} {value!r} as a TOML value")


def _is_table_array(value: object) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and bool(value)
        and all(isinstance(item, Mapping) for item in value)
    )


def _table(data: Mapping[str, object], path: tuple[str, ...], out: list[str]) -> None:
    tables: list[tuple[str, Mapping[str, object]]] = []
    arrays: list[tuple[str, Sequence[Mapping[str, object]]]] = []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            tables.append((key, value))
        elif _is_table_array(value):
            arrays.append((key, value))  # type: ignore[arg-type]
        else:
            out.append(f"{_key(key)} = {_scalar(value, '.'.join((*path, key)))}")
    for key, table in tables:
        sub = (*path, key)
        out.extend(("", f"[{'.'.join(_key(part) for part in sub)}]"))
        _table(table, sub, out)
    for key, items in arrays:
        sub = (*path, key)
        for item in items:
            out.extend(("", f"[[{'.'.join(_key(part) for part in sub)}]]"))
            _table(item, sub, out)


def dumps_toml(data: Mapping[str, object]) -> str:
    """Write ``data`` as a TOML document that :func:`tomllib.loads` reads back equal.

    Mappings become tables, non-empty lists of mappings arrays of tables, other lists inline
    arrays; ``None`` values are left out (TOML has no null). Non-finite floats and values of
    other types raise :class:`ValueError`.

    >>> print(dumps_toml({"name": "m", "weights": [1, 2.5], "policy": {"on": True}}))
    name = "m"
    weights = [1, 2.5]
    <BLANKLINE>
    [policy]
    on = true
    <BLANKLINE>
    """
    out: list[str] = []
    _table(data, (), out)
    return "\n".join(out).lstrip("\n") + "\n"
