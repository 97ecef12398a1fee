"""Writing TOML through the optional ``tomli-w`` (the standard library's ``tomllib`` only reads)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._errors import MissingExtraError

__all__ = ["dumps_toml"]


def _without_none(value: Any) -> Any:
    """``value`` with every ``None`` left out of its mappings, at any depth (TOML has no null)."""
    if isinstance(value, Mapping):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_without_none(item) for item in value]
    return value


def dumps_toml(data: Mapping[str, object]) -> str:
    """Write ``data`` as a TOML document that :func:`tomllib.loads` reads back equal.

    Mappings become tables, lists of mappings arrays of tables; ``None`` values are left out.
    Needs the optional dependency ``tomli-w`` (from a clone, ``pip install -e '.[toml]'``); without it
    this raises :class:`~trustops.MissingExtraError`.

    >>> print(dumps_toml({"name": "m", "weights": [1, 2.5], "policy": {"on": True, "x": None}}))
    name = "m"
    weights = [
        1,
        2.5,
    ]
    <BLANKLINE>
    [policy]
    on = true
    <BLANKLINE>
    """
    try:
        import tomli_w
    except ImportError as error:
        raise MissingExtraError("writing TOML", "toml", "tomli-w") from error
    return tomli_w.dumps(_without_none(data))
