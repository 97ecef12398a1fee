"""JSON text in and out: orjson when installed (the ``fast`` extra), the standard library otherwise.

Every checked parse refuses what no record may hold, whichever parser runs: duplicate keys
in one object, lone surrogates (escaped or raw) and nesting deeper than :data:`MAX_DEPTH`.
These raise :class:`JsonProblemError`, a :class:`ValueError`, never a :class:`RecursionError`.
Whole numbers outside the 64-bit range the writers can write are read as floats, as orjson
reads them, so the model's whole-number fields refuse them in every format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

__all__ = [
    "HAVE_ORJSON",
    "INT_MAX",
    "INT_MIN",
    "MAX_DEPTH",
    "JsonProblemError",
    "check_parsed",
    "checked_pairs",
    "container_end",
    "dumps",
    "fast_loads",
    "json_kind",
    "loads",
    "loads_lenient",
    "may_repeat_keys",
    "raw_decode",
]

try:  # pragma: no cover - depends on the environment
    import orjson as _orjson

    HAVE_ORJSON = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_ORJSON = False

MAX_DEPTH: Final = 64
"""Deepest nesting of arrays and objects accepted in one record (records need 3)."""

INT_MIN: Final = -(2**63)
"""Smallest whole number read as an integer from JSON text (the writers' 64-bit range)."""

INT_MAX: Final = 2**64 - 1
"""Largest whole number read as an integer from JSON text (the writers' 64-bit range)."""


class JsonProblemError(ValueError):
    """Well-formed JSON that no record may hold; ``path`` says where, when it is known."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.end: int | None = None


def json_kind(value: object) -> str:
    """What kind of JSON value ``value`` is, for messages: ``"an array"``, ``"null"`` ...

    >>> from trustops.io._json import json_kind
    >>> json_kind([1]), json_kind(None), json_kind(True), json_kind(2.5)
    ('an array', 'null', 'a boolean', 'a number')
    """
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "an object"
    return "a number"


def _bounded_int(text: str) -> int | float:
    """A whole number inside the 64-bit range; outside it a float, as orjson reads it.

    The model's whole-number fields then refuse it, whichever parser ran, and no integer
    of thousands of digits is ever converted.
    """
    if len(text) <= 18:
        return int(text)
    if len(text) > 21:
        return float(text)
    value = int(text)
    return value if INT_MIN <= value <= INT_MAX else float(text)


def checked_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object from its key-value pairs; :class:`JsonProblemError` if a key repeats."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:  # pragma: no branch - a repeated key is there
            if key in seen:
                raise JsonProblemError(
                    "$", f"the key {key!r} appears twice in one object; keep one"
                )
            seen.add(key)
    return result


_STRICT: Final = json.JSONDecoder(parse_int=_bounded_int, object_pairs_hook=checked_pairs)
_ESCAPE: Final = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _check_tree(value: Any, path: str, depth: int) -> None:
    """Refuse lone surrogates in keys and strings, and nesting deeper than MAX_DEPTH."""
    if depth > MAX_DEPTH:
        raise JsonProblemError(path, f"nested too deeply (more than {MAX_DEPTH} levels)")
    if type(value) is str:
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                raise JsonProblemError(
                    path,
                    f"a lone surrogate {value[error.start]!r} at character {error.start + 1} "
                    "is not text; fix the escape or the encoding",
                ) from None
    elif type(value) is dict:
        for key, item in value.items():
            _check_tree(key, f"{path}.<key {key!r}>", depth)
            _check_tree(item, f"{path}.{key}" if key.isprintable() else path, depth + 1)
    elif type(value) is list:
        for index, item in enumerate(value):
            _check_tree(item, f"{path}[{index}]", depth + 1)


def check_parsed(value: Any, text: str) -> None:
    """Check a value the standard library parsed from ``text`` (see :func:`_check_tree`)."""
    if _ESCAPE.search(text) or text.count("[") + text.count("{") > MAX_DEPTH:
        _check_tree(value, "$", 1)


_LOOSE: Final = json.JSONDecoder(parse_int=str)  # finds where a refused value ends
_BRACKETS: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}"]', re.DOTALL)
_CLOSES: Final = {"]": "[", "}": "{"}


def container_end(text: str, pos: int) -> int | None:
    """Where the array or object starting at ``text[pos]`` ends, found without recursion.

    Only brackets and strings are followed, so nesting of any depth costs no stack. ``None``
    when ``text`` holds no whole container there: cut short, or brackets that do not match.

    >>> from trustops.io._json import container_end
    >>> container_end('[[{"a": "]"}]], 1', 0), container_end("[[]", 0), container_end("[}", 0)
    (14, None, None)
    """
    if text[pos : pos + 1] not in ("[", "{"):
        return None
    open_brackets: list[str] = []
    for match in _BRACKETS.finditer(text, pos):
        token = match.group()
        if token in ("[", "{"):
            open_brackets.append(token)
        elif token in _CLOSES:
            if open_brackets.pop() != _CLOSES[token]:
                return None
            if not open_brackets:
                return match.end()
        elif token == '"':  # a string that does not end
            return None
    return None


def raw_decode(text: str, pos: int) -> tuple[Any, int]:
    """Parse one value of ``text`` from ``pos``: the value and where it ends.

    What no record may hold raises :class:`JsonProblemError` with ``end`` set to where the value
    ends, or ``None`` when that is unknown (the text may be cut short). Nesting of any depth
    is a :class:`JsonProblemError` whose end is found without recursion, so the values after
    it are read. Invalid or incomplete JSON raises :class:`json.JSONDecodeError`.
    """
    try:
        value, end = _STRICT.raw_decode(text, pos)
        check_parsed(value, text[pos:end])
    except JsonProblemError as problem:
        problem.end = None
        try:
            problem.end = _LOOSE.raw_decode(text, pos)[1]
        except RecursionError:
            problem.end = container_end(text, pos)
        except ValueError:
            pass
        raise
    except RecursionError:
        deep = JsonProblemError("$", f"nested too deeply (more than {MAX_DEPTH} levels)")
        deep.end = container_end(text, pos)
        raise deep from None
    return value, end


def loads_lenient(text: str | bytes) -> Any:
    """Parse with the standard library, which also accepts ``NaN`` and ``Infinity``.

    Used to explain a line the strict parser refused: a field holding NaN is then reported
    by name (``$.duration_minutes: expected a finite number``) instead of the whole line
    being called invalid JSON. It refuses what no record may hold (see the module's
    description); invalid UTF-8 raises :class:`UnicodeDecodeError`.
    """
    if not isinstance(text, str):
        text = text.decode("utf-8")  # strict: raw surrogates (ED A0 80) are invalid UTF-8
    text = text.removeprefix("\ufeff")
    try:
        value = _STRICT.decode(text)
    except RecursionError:
        raise JsonProblemError("$", f"nested too deeply (more than {MAX_DEPTH} levels)") from None
    check_parsed(value, text)
    return value


def _key_count(value: dict[str, Any]) -> int:
    count = len(value)
    for item in value.values():
        if type(item) is dict:
            count += _key_count(item)
        elif type(item) is list:
            count += sum(_key_count(x) for x in item if type(x) is dict)
    return count


def may_repeat_keys(text: bytes, value: dict[str, Any]) -> bool:
    """Whether ``text`` might hold a repeated key that a fast parse of it silently dropped.

    Every key in compact JSON ends with ``":``; other ``":`` can only sit inside strings
    after an escaped quote. So when the count of ``":`` equals the keys parsed, and no key
    ends in white space before its colon, no key was repeated. ``False`` is a proof;
    ``True`` asks for a checked parse with :func:`loads`. Text that is exactly the compact
    serialisation of what was parsed (as the writers write it) is answered first, cheaply.
    """
    if _canonical is not None and _canonical(value) == text:
        return False
    if b'" ' in text or b'"\t' in text or b'"\r' in text or b'"\n' in text:
        return True
    marks = text.count(b'":')
    return marks != len(value) and marks != _key_count(value)


_canonical: Callable[[Any], bytes] | None = _orjson.dumps if HAVE_ORJSON else None

if HAVE_ORJSON:  # pragma: no branch - depends on the environment
    _orjson_loads = _orjson.loads
    _orjson_dumps = _orjson.dumps
    _decode_error = _orjson.JSONDecodeError
    fast_loads: Callable[[str | bytes], Any] = _orjson.loads
    """The fastest parser at hand; it may refuse what :func:`loads` accepts (NaN), and may
    keep the last of repeated keys (see :func:`may_repeat_keys`)."""

    def loads(text: str | bytes) -> Any:
        """Parse JSON text; what orjson refuses is parsed again by :func:`loads_lenient`."""
        try:
            value = _orjson_loads(text)
        except _decode_error:
            return loads_lenient(text)
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        if type(value) is dict and may_repeat_keys(data, value):
            return loads_lenient(text)
        if data.count(b"[") + data.count(b"{") > MAX_DEPTH:
            _check_tree(value, "$", 1)
        return value

    def dumps(value: Any) -> str:
        """Serialise compactly, keeping non-ASCII characters as they are."""
        return str(_orjson_dumps(value), "utf-8")

else:  # pragma: no cover - depends on the environment
    _encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    def loads(text: str | bytes) -> Any:
        """Parse JSON text with the standard library (see :func:`loads_lenient`)."""
        return loads_lenient(text)

    fast_loads = loads

    def dumps(value: Any) -> str:
        """Serialise compactly, keeping non-ASCII characters as they are."""
        return _encoder.encode(value)
