"""Rejects: located, explained records that could not be accepted."""

from __future__ import annotations

import re
from typing import Any, Final

import attrs

__all__ = ["RAW_LIMIT", "ReadCounts", "Reject", "reason_of"]

RAW_LIMIT: Final = 2_000
"""Longest raw text kept on a reject, in characters; longer text is cut and marked with ``…``."""


def _clip(text: str) -> str:
    return text if len(text) <= RAW_LIMIT else text[: RAW_LIMIT - 1] + "…"


_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")


def _shown(text: str) -> str:
    """``text`` with each control character written as its escape (ESC as ``\\x1b``), so a
    path or message built from what was read (a field named ``"\\x1b[2J"``) never drives a
    terminal."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda found: repr(found.group())[1:-1], text)


def _shown_problems(problems: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((_shown(path), _shown(message)) for path, message in problems)


@attrs.frozen(kw_only=True)
class Reject:
    """A record that could not be accepted, and why.

    ``line`` is the 1-based line where the record starts; ``row`` the 1-based data row of a
    CSV file (the header is not a row) or the 1-based position of a record in a JSON array;
    ``path`` the field path of the first problem (``$.occurred_at``; ``$`` for the whole
    record); ``message`` a sentence a person can act on; ``raw`` the text as read (cut at
    ``RAW_LIMIT`` (2,000) characters). ``problems`` lists every ``(path, message)`` found.
    Control characters in paths and messages (a field name read from the input may hold
    them) are written as escapes such as ``\\x1b``, so no reject can drive a terminal.
    """

    source: str
    line: int
    path: str = attrs.field(converter=_shown)
    message: str = attrs.field(converter=_shown)
    raw: str = attrs.field(converter=_clip)
    row: int | None = None
    problems: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_shown_problems)

    def __attrs_post_init__(self) -> None:
        if not self.problems:
            object.__setattr__(self, "problems", ((self.path, self.message),))

    def __str__(self) -> str:
        where = f"{_shown(self.source)}:{self.line}"  # a file name may hold control characters
        if self.row is not None:
            where += f" (record {self.row})"
        return f"{where}: {self.path}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON export (``trustops validate --rejects``)."""
        return {
            "source": self.source,
            "line": self.line,
            "row": self.row,
            "path": self.path,
            "message": self.message,
            "problems": [{"path": p, "message": m} for p, m in self.problems],
            "raw": self.raw,
        }


_OFFENDING: Final = re.compile(r",? got .*$|:? at column \d+|, line \d+")


def reason_of(reject: Reject) -> str:
    """A reject's message without the offending value or its position, so that alike rejects
    group together and a published summary never repeats what was rejected.

    >>> from trustops.io import Reject, reason_of
    >>> reason_of(Reject(source="f", line=3, path="$.population", message="expected a whole "
    ...                  "number, got 'lots'", raw=""))
    'expected a whole number'
    """
    return _OFFENDING.sub("", reject.message)


@attrs.frozen(kw_only=True)
class ReadCounts:
    """What a reader saw. For every format, ``lines == accepted + rejected + blank``.

    For JSONL a unit is a line; for CSV a data row; for JSON a record of the array.
    """

    lines: int = 0
    accepted: int = 0
    rejected: int = 0
    blank: int = 0
