"""Tests of TOML writing through tomli-w: round trips, left-out nulls, the missing extra."""

from __future__ import annotations

import math
import sys
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import MissingExtraError
from trustops.scoring import DEFAULT_MODEL
from trustops.scoring._toml import dumps_toml


def test_tables_arrays_and_scalars_read_back_equal() -> None:
    data = {
        "name": "m",
        "flag": False,
        "list": [1, 2.5, "x"],
        "empty": [],
        "odd key": 'quote " and \\ and \x7f and é',
        "table": {"a": 1, "inner": {"b": True}},
        "rows": [{"c": 1}, {"c": 2, "sub": {"d": "e"}}],
    }
    text = dumps_toml(data)
    assert tomllib.loads(text) == data
    assert "[table.inner]" in text


def test_a_scoring_model_reads_as_a_person_would_write_it() -> None:
    text = DEFAULT_MODEL.to_toml()
    assert text.count("[[components]]") == len(DEFAULT_MODEL.components)
    assert "[suppression]" in text


def test_none_is_left_out_at_any_depth() -> None:
    data = {"skip": None, "t": {"a": 1, "b": None}, "rows": [{"c": None, "d": 2}]}
    assert tomllib.loads(dumps_toml(data)) == {"t": {"a": 1}, "rows": [{"d": 2}]}


def test_infinities_round_trip_and_nan_stays_nan() -> None:
    again = tomllib.loads(dumps_toml({"up": math.inf, "down": -math.inf, "nan": math.nan}))
    assert (again["up"], again["down"]) == (math.inf, -math.inf)
    assert math.isnan(again["nan"])


@pytest.mark.parametrize("bad", [object(), {1, 2}, b"bytes"])
def test_values_toml_cannot_hold_are_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        dumps_toml({"x": bad})


def test_without_tomli_w_a_missing_extra_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "tomli_w", None)  # as if it were not installed
    with pytest.raises(MissingExtraError, match=r"pip install 'trustops\[toml\]'") as info:
        DEFAULT_MODEL.to_toml()
    assert (info.value.extra, info.value.package) == ("toml", "tomli-w")
    assert isinstance(info.value, ImportError)


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
_scalars = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
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
