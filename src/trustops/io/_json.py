"""JSON text in and out: orjson when installed (the ``fast`` extra), the standard library otherwise."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = [
    "HAVE_ORJSON",
    "check_text",
    "dumps",
    "fast_loads",
    "loads",
    "loads_lenient",
    "parse_int",
]

try:  # pragma: no cover - depends on the environment
    import orjson as _orjson

    HAVE_ORJSON = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_ORJSON = False


_MAX_DIGITS = 4000


def parse_int(text: str) -> int | float:
    """A JSON integer; one of more than 4,000 digits (beyond Python's safe conversion) is
    read as a float, infinite when huge, which the model then rejects by field."""
    if len(text) > _MAX_DIGITS:
        return float(text)
    return int(text)


def check_text(value: Any) -> Any:
    """``value`` unchanged, or a :class:`ValueError` when a string or key in it holds a lone
    surrogate (such as ``"\\ud800"``): not text, and it cannot be written back out."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("a lone surrogate escape (\\ud800-\\udfff) is not valid text") from None
    except (RecursionError, ValueError):
        pass  # too deep to write, or NaN: the parse itself decides
    return value


def loads_lenient(text: str | bytes) -> Any:
    """Parse with the standard library, which also accepts ``NaN`` and ``Infinity``.

    Used to explain a line the strict parser refused: a field holding NaN is then reported
    by name (``$.duration_minutes: expected a finite number``) instead of the whole line
    being called invalid JSON. Text nested too deeply to parse, or holding a lone
    surrogate, raises :class:`ValueError` (never :class:`RecursionError`).
    """
    try:
        value = json.loads(text, parse_int=parse_int)
    except RecursionError:
        raise ValueError("nested too deeply to read (more than about 1,000 levels)") from None
    return check_text(value)


if HAVE_ORJSON:  # pragma: no branch - depends on the environment
    _orjson_loads = _orjson.loads
    _orjson_dumps = _orjson.dumps
    _decode_error = _orjson.JSONDecodeError
    fast_loads: Callable[[str | bytes], Any] = _orjson.loads
    """The fastest parser at hand; it may refuse what :func:`loads` accepts (NaN)."""

    def loads(text: str | bytes) -> Any:
        """Parse JSON text; what orjson refuses is parsed again by :func:`loads_lenient`."""
        try:
            return _orjson_loads(text)
        except _decode_error:
            return loads_lenient(text)

    def dumps(value: Any) -> str:
        """Serialise compactly, keeping non-ASCII characters as they are."""
        return str(_orjson_dumps(value), "utf-8")

else:  # pragma: no cover - depends on the environment

    def fast_loads(text: str | bytes) -> Any:
        """The fastest parser at hand: here the standard library's."""
        return loads_lenient(text)

    _encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    def loads(text: str | bytes) -> Any:
        """Parse JSON text with the standard library."""
        return loads_lenient(text)

    def dumps(value: Any) -> str:
        """Serialise compactly, keeping non-ASCII characters as they are."""
        return _encoder.encode(value)
