"""Tests for the small TOML writer."""

from __future__ import annotations

import math
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops.scoring._toml import dumps_toml


def test_tables_arrays_and_scalars_hand_checked() -> None:
    text = dumps_toml(
        {
            "name": "m",
            "skip": None,
            "flag": False,
            "list": [1, 2.5, "x"],
            "empty": [],
            "odd key": 'quote " and \\ and \x7f',
            "table": {"a": 1, "inner": {"b": True}},
            "rows": [{"c": 1}, {"c": 2, "sub": {"d": "e"}}],
        }
    )
    assert text == (
        'name = "m"\n'
        "flag = false\n"
        'list = [1, 2.5, "x"]\n'
        "empty = []\n"
        '"odd key" = "quote \\" and \\\\ and \\u007f"\n'
        "\n[table]\na = 1\n"
        "\n[table.inner]\nb = true\n"
        "\n[[rows]]\nc = 1\n"
        "\n[[rows]]\nc = 2\n"
        '\n[rows.sub]\nd = "e"\n'
    )
    assert tomllib.loads(text) == {
        "name": "m",
        "flag": False,
        "list": [1, 2.5, "x"],
        "empty": [],
        "odd key": 'quote " and \\ and \x7f',
        "table": {"a": 1, "inner": {"b": True}},
        "rows": [{"c": 1}, {"c": 2, "sub": {"d": "e"}}],
    }


def test_only_tables_gives_no_leading_blank_line() -> None:
    assert dumps_toml({"t": {"a": 1}}) == "[t]\na = 1\n"


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_non_finite_float_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="non-finite"):
        dumps_toml({"x": bad})


@pytest.mark.parametrize("bad", [object(), [{"a": 1}, 2], {1, 2}])
def test_unsupported_values_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="cannot write"):
        dumps_toml({"x": bad})


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
_scalars = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text
)
_tables = st.recursive(
    st.dictionaries(_text, _scalars | st.lists(_scalars, max_size=3), max_size=4),
    lambda inner: st.dictionaries(
        _text, inner | st.lists(inner, min_size=1, max_size=2), max_size=3
    ),
    max_leaves=12,
)


@given(_tables)
def test_round_trip_through_tomllib(data: dict[str, object]) -> None:
    assert tomllib.loads(dumps_toml(data)) == data
