"""Tests for trustops.engines._rules: the columnar checks render and decide as declared."""

from __future__ import annotations

import re

import duckdb
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustops import FieldError
from trustops.engines import DUCKDB, FIELDS, ID_PATTERN, RULES, Dialect, passes_all
from trustops.model import MAX_DURATION_MINUTES, Interaction

SPARKISH = Dialect(
    full_match=lambda column, pattern: f"{column} RLIKE '^{pattern}$'",
    is_finite=lambda column: f"NOT isnan({column})",
)

SPARKISH_DUCKDB = Dialect(  # the default spelling of printable ASCII, run by DuckDB
    full_match=lambda column, pattern: f"regexp_full_match({column}, '{pattern}')",
    is_finite=lambda column: f"isfinite({column})",
)

ROW = {
    "__shape_ok": "TRUE", "id": "'i1'", "occurred_at": "TIMESTAMPTZ '2026-03-01 10:00:00+00'",
    "area_id": "'a'", "kind": "'conversation'", "initiator": "'staff'", "channel": "'phone'",
    "initiative_id": "NULL", "session_id": "NULL", "staff_id": "NULL", "resident_id": "'r1'",
    "outcome": "NULL", "attendance": "NULL", "observed_at": "NULL::TIMESTAMPTZ",
    "duration_minutes": "30.0",
}  # fmt: skip
INTERACTION = {
    "id": "i1", "occurred_at": pendulum.datetime(2026, 3, 1, 10), "area_id": "a",
    "kind": "conversation", "initiator": "staff", "channel": "phone", "resident_id": "r1",
}  # fmt: skip


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def passes(dialect: Dialect = DUCKDB, **changes: str) -> bool:
    values = {**ROW, **changes}
    columns = [f"{value} AS {name}" for name, value in values.items()]
    columns += [f"FALSE AS {name}__bad" for name, _, _, _ in FIELDS]
    sql = f"SELECT {passes_all(dialect)} FROM (SELECT {', '.join(columns)})"
    return bool(duckdb.sql(sql).fetchall()[0][0])


def test_every_rule_names_a_field_path() -> None:
    paths = {rule.path for rule in RULES}
    assert paths == {"$", *(f"$.{name}" for name, _, _, _ in FIELDS)}
    for rule in RULES:
        assert rule.sql(SPARKISH).startswith("coalesce(")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),
        ({"id": "' i1'"}, False),
        ({"id": "'ré'"}, False),  # not ASCII: left to the row reader
        ({"kind": "'gossip'"}, False),
        ({"duration_minutes": "-1.0"}, False),
        ({"duration_minutes": "'inf'::DOUBLE"}, False),
        ({"duration_minutes": "1000000.0"}, True),
        ({"duration_minutes": "1000000.0000001"}, False),
        ({"duration_minutes": "1.79e308"}, False),
        ({"kind": "'complaint'"}, False),  # a duration on a complaint
        ({"kind": "'attendance'", "duration_minutes": "NULL"}, False),
        ({"kind": "'attendance'", "attendance": "'present'", "duration_minutes": "NULL"}, True),
        ({"observed_at": "TIMESTAMPTZ '2026-03-01 09:00:00+00'"}, False),  # not a report
        ({"kind": "'suspicious_activity_report'", "initiator": "'resident'",
          "duration_minutes": "NULL", "observed_at": "TIMESTAMPTZ '2026-03-01 11:00:00+00'"},
         False),  # after the report
        ({"session_id": "'s1'"}, False),
        ({"occurred_at": "NULL::TIMESTAMPTZ"}, False),
        ({"__shape_ok": "FALSE"}, False),
    ],
)  # fmt: skip
def test_rules_decide(changes: dict[str, str], expected: bool) -> None:
    assert passes(**changes) is expected


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=130)
    | st.text(st.sampled_from(" a~!\x7f\té[]*?%_"), max_size=6)
    | st.sampled_from(["a" * 128, "a" * 129, " a", "a ", "a b", ""])
)
def test_identifier_rule_is_a_full_match_of_the_id_pattern(value: str) -> None:
    # The fast spellings (GLOB, LIKE) decide exactly as the declared pattern does.
    expected = re.fullmatch(ID_PATTERN, value) is not None
    for dialect in (DUCKDB, SPARKISH_DUCKDB):
        assert passes(resident_id=_literal(value), dialect=dialect) is expected


@settings(max_examples=200, deadline=None)
@given(
    st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(MAX_DURATION_MINUTES - 1, MAX_DURATION_MINUTES + 1)
    | st.sampled_from([0.0, -0.0, 5e-324, MAX_DURATION_MINUTES])
)
def test_duration_rule_decides_as_the_model(minutes: float) -> None:
    try:
        Interaction(**{**INTERACTION, "duration_minutes": minutes})
    except FieldError:
        accepted = False
    else:
        accepted = True
    assert (
        passes(
            duration_minutes=f"{minutes!r}::DOUBLE".replace("nan", "'nan'").replace("inf", "'inf'")
        )
        is accepted
    )
