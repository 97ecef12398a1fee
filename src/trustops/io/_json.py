"""JSON text in and out: orjson when installed (the ``fast`` extra), the standard library otherwise."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["dumps", "loads", "loads_lenient"]

try:  # pragma: no cover - depends on the environment
    import orjson as _orjson
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None


def loads_lenient(text: str | bytes) -> Any:
    """Parse with the standard library, which also accepts ``NaN`` and ``Infinity``.

    Used to explain a line the strict parser refused: a field holding NaN is then reported
    by name instead of the whole line being called invalid JSON.
    """
    return json.loads(text)


if _orjson is not None:
    _orjson_loads = _orjson.loads
    _orjson_dumps = _orjson.dumps
    _OPTIONS = _orjson.OPT_NON_STR_KEYS

    def loads(text: str | bytes) -> Any:
        """Parse JSON text; falls back to the standard library for what orjson refuses."""
        try:
            return _orjson_loads(text)
        except _orjson.JSONDecodeError:
            return loads_lenient(text)

    def dumps(value: Any) -> str:
        """Serialise compactly, keeping non-ASCII characters as they are."""
        return _orjson_dumps(value, option=_OPTIONS).decode("utf-8")

else:  # pragma: no cover - depends on the environment
    _decoder = json.JSONDecoder()
    _encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    def loads(text: str | bytes) -> Any:
        """Parse JSON text with the standard library."""
        return json.loads(text)

    def dumps(value: Any) -> str:
        """Serialise compactly, keeping non-ASCII characters as they are."""
        return _encoder.encode(value)
