"""The columnar checks of an interaction, declared once for every SQL engine.

Each :class:`ColumnRule` is a predicate over the *canonical columns* of a batch of
interactions that is TRUE only when the model accepts that part of the row. Columnar engines
(DuckDB here, Spark elsewhere) render the same rules in their own SQL through a small
:class:`Dialect` and count only the rows that pass every rule; every other row goes to the
row reader, which makes the one decision of the model (and the reject, with its line, path,
message and raw text). The rules may therefore be *stricter* than the model (an identifier
with non-ASCII characters, a date-time in a rarer ISO form, a year outside 1900–2199 is left to the
row reader) but never looser: a row they pass is a row the model accepts, with the same
values.

The canonical columns, which each engine makes from its source, are one per field of
:class:`~trustops.model.Interaction`, typed (identifiers and enums as text, instants as
timestamps with time zone, ``duration_minutes`` as a double, NULL when absent), plus
``<field>__bad`` (TRUE when a value was given that cannot be read as that type) and
``__shape_ok`` (TRUE when the record as a whole is well formed: for JSON, an object without
unknown or repeated keys).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from ..model import (
    END_INSTANT,
    FIRST_INSTANT,
    MAX_DURATION_MINUTES,
    MAX_YEAR,
    MIN_YEAR,
    AttendanceStatus,
    Channel,
    Initiator,
    InteractionKind,
    Outcome,
)

__all__ = [
    "FIELDS",
    "ID_PATTERN",
    "INSTANT_PATTERN",
    "RULES",
    "ColumnRule",
    "Dialect",
    "FieldKind",
    "passes_all",
    "record_key_sql",
]

ID_PATTERN: Final = "[!-~]([ -~]{0,126}[!-~])?"
"""Identifiers the columnar check accepts: 1 to 128 printable ASCII characters, no outer
spaces (the model also accepts other printable characters; those rows go to the row reader)."""

INSTANT_PATTERN: Final = (
    "(19|20|21)[0-9]{2}-[01][0-9]-[0-3][0-9]T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    "([.][0-9]{1,6})?(Z|[+-][01][0-9]:[0-5][0-9])"
)
"""ISO-8601 date-times with a UTC offset, years 1900–2199, that the columnar check reads
(any other form the model accepts goes to the row reader)."""


class FieldKind:
    """How a field's canonical column is typed."""

    ID: Final = "id"
    ENUM: Final = "enum"
    INSTANT: Final = "instant"
    NUMBER: Final = "number"


FIELDS: Final[tuple[tuple[str, str, bool, tuple[str, ...]], ...]] = (
    ("id", FieldKind.ID, True, ()),
    ("occurred_at", FieldKind.INSTANT, True, ()),
    ("area_id", FieldKind.ID, True, ()),
    ("kind", FieldKind.ENUM, True, tuple(k.value for k in InteractionKind)),
    ("initiator", FieldKind.ENUM, True, tuple(i.value for i in Initiator)),
    ("channel", FieldKind.ENUM, True, tuple(c.value for c in Channel)),
    ("initiative_id", FieldKind.ID, False, ()),
    ("session_id", FieldKind.ID, False, ()),
    ("staff_id", FieldKind.ID, False, ()),
    ("resident_id", FieldKind.ID, False, ()),
    ("outcome", FieldKind.ENUM, False, tuple(o.value for o in Outcome)),
    ("attendance", FieldKind.ENUM, False, tuple(a.value for a in AttendanceStatus)),
    ("observed_at", FieldKind.INSTANT, False, ()),
    ("duration_minutes", FieldKind.NUMBER, False, ()),
)
"""The fields of an interaction in the model's order: name, kind, required, enum values."""


@attrs.frozen
class Dialect:
    """The few spellings that differ between SQL engines.

    ``full_match(column, pattern)`` is TRUE when the whole text matches the regular
    expression; ``is_finite(column)`` when a double is neither infinite nor NaN;
    ``char_length(column)`` counts characters (or bytes: the one rule that uses it also
    requires printable ASCII, where the two agree); ``printable_ascii(column)`` is TRUE when every
    character is printable ASCII (space to ``~``; by default a full match of ``[ -~]*``, which
    an engine may replace with something faster); ``md5_first_byte(text)`` is the first
    byte (0–255, as an integer) of the MD5 of a text's UTF-8 bytes, which
    :func:`record_key_sql` builds record keys with (by default Spark's ``md5`` and ``conv``).
    Everything else in the rules is standard SQL.
    """

    full_match: Callable[[str, str], str]
    is_finite: Callable[[str], str]
    char_length: Callable[[str], str] = lambda column: f"char_length({column})"
    printable_ascii: Callable[[str], str] | None = None
    instant: Callable[[str], str] = lambda text: f"TIMESTAMP '{text}'"
    md5_first_byte: Callable[[str], str] = lambda text: (
        f"CAST(conv(substr(md5({text}), 1, 2), 16, 10) AS INT)"
    )

    def printable(self, column: str) -> str:
        """``printable_ascii(column)``, or else its full-match default."""
        if self.printable_ascii is not None:
            return self.printable_ascii(column)
        return self.full_match(column, "[ -~]*")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@attrs.frozen
class ColumnRule:
    """One check: ``path`` (``$.field``), the predicate and the sentence when it fails.

    ``predicate(dialect)`` renders SQL that is TRUE when the row passes; a NULL counts as a
    failure (engines wrap it in ``coalesce(..., FALSE)``).
    """

    path: str
    predicate: Callable[[Dialect], str]
    message: str

    def sql(self, dialect: Dialect) -> str:
        """The predicate in ``dialect``, NULL-safe (TRUE only when the row passes)."""
        return f"coalesce(({self.predicate(dialect)}), FALSE)"


def _not_bad(name: str) -> Callable[[Dialect], str]:
    return lambda d: f"NOT {name}__bad"


def _present(name: str) -> Callable[[Dialect], str]:
    return lambda d: f"{name} IS NOT NULL"


def _identifier(name: str) -> Callable[[Dialect], str]:
    # The same rows as a full match of ID_PATTERN, spelled so engines check it quickly.
    return lambda d: (
        f"{name} IS NULL OR ({d.char_length(name)} BETWEEN 1 AND 128 "
        f"AND {d.printable(name)} AND {name} NOT LIKE ' %' AND {name} NOT LIKE '% ')"
    )


def _member(name: str, allowed: str) -> Callable[[Dialect], str]:
    return lambda d: f"{name} IS NULL OR {name} IN ({allowed})"


def _duration(name: str) -> Callable[[Dialect], str]:
    most = repr(MAX_DURATION_MINUTES)
    return lambda d: f"{name} IS NULL OR ({name} >= 0 AND {name} <= {most} AND {d.is_finite(name)})"


def _in_range(name: str) -> Callable[[Dialect], str]:
    # The model's range, which it checks on the instant's UTC value (METHODS §2), made from
    # the model's own declaration: the same rows pass here as in the model, whatever the offset.
    first = FIRST_INSTANT.isoformat(sep=" ")
    after = END_INSTANT.isoformat(sep=" ")
    return lambda d: (
        f"{name} IS NULL OR ({name} >= {d.instant(first)} AND {name} < {d.instant(after)})"
    )


def _plain(sql: str) -> Callable[[Dialect], str]:
    return lambda d: sql


def _rules() -> tuple[ColumnRule, ...]:
    rules = [ColumnRule("$", _plain("__shape_ok"), "expected a record of an interaction's fields")]
    for name, kind, required, values in FIELDS:
        path = f"$.{name}"
        rules.append(ColumnRule(path, _not_bad(name), f"cannot read {name} as {kind}"))
        if required:
            rules.append(ColumnRule(path, _present(name), "missing"))
        if kind == FieldKind.ID:
            rules.append(
                ColumnRule(
                    path,
                    _identifier(name),
                    "expected 1 to 128 printable characters without leading or trailing spaces",
                )
            )
        elif kind == FieldKind.ENUM:
            allowed = ", ".join(map(_quote, values))
            rules.append(
                ColumnRule(path, _member(name, allowed), f"expected one of {', '.join(values)}")
            )
        elif kind == FieldKind.INSTANT:
            rules.append(
                ColumnRule(
                    path,
                    _in_range(name),
                    f"expected a date and time in the years {MIN_YEAR} to {MAX_YEAR} in UTC",
                )
            )
        elif kind == FieldKind.NUMBER:
            rules.append(
                ColumnRule(
                    path,
                    _duration(name),
                    f"expected a number of minutes from 0 to {MAX_DURATION_MINUTES:,.0f}",
                )
            )
    rules += [
        ColumnRule(
            "$.attendance",
            _plain("(kind = 'attendance') = (attendance IS NOT NULL)"),
            "expected an attendance status on, and only on, attendance interactions",
        ),
        ColumnRule(
            "$.observed_at",
            _plain("observed_at IS NULL OR kind = 'suspicious_activity_report'"),
            "only allowed on suspicious_activity_report",
        ),
        ColumnRule(
            "$.observed_at",
            _plain("observed_at IS NULL OR observed_at <= occurred_at"),
            "expected a time on or before the report",
        ),
        ColumnRule(
            "$.duration_minutes",
            _plain("duration_minutes IS NULL OR kind IN ('volunteering', 'conversation')"),
            "only allowed on volunteering and conversation",
        ),
        ColumnRule(
            "$.initiative_id",
            _plain("session_id IS NULL OR initiative_id IS NOT NULL"),
            "expected the initiative of the session that is named",
        ),
    ]
    return tuple(rules)


RULES: Final = _rules()
"""Every columnar check, in the model's order (fields, then the rules across fields)."""


def passes_all(dialect: Dialect) -> str:
    """One SQL predicate, TRUE when a row passes every rule of :data:`RULES` (FALSE otherwise,
    never NULL).

    A rule that is NULL fails, as in :meth:`ColumnRule.sql`; one ``coalesce`` around the
    conjunction does that for all of them at once (TRUE only when every rule is TRUE), which
    engines evaluate faster than one per rule.

    >>> from trustops.engines import DUCKDB, RULES, passes_all
    >>> predicate = passes_all(DUCKDB)
    >>> predicate.startswith("coalesce(") and predicate.endswith(", FALSE)")
    True
    """
    conjunction = " AND ".join(f"({rule.predicate(dialect)})" for rule in RULES)
    return f"coalesce({conjunction}, FALSE)"


def record_key_sql(dialect: Dialect, salt: str, column: str) -> str:
    """SQL for the record key (0–255) of the id in ``column``: the first byte of
    ``MD5(salt + id)``, as :meth:`trustops.privacy.PrivacyKey.record_key` computes it
    (``salt`` is the key's :attr:`~trustops.privacy.PrivacyKey.salt`). One declaration for
    every SQL engine (METHODS §7: every engine computes record keys identically).

    >>> from trustops.engines import DUCKDB, record_key_sql
    >>> record_key_sql(DUCKDB, "ab12", "id")
    "(md5_number('ab12' || id) & 255)::INTEGER"
    """
    return dialect.md5_first_byte(f"{_quote(salt)} || {column}")
