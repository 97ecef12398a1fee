"""Tests for neutralising spreadsheet formulas in CSV cells."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops.io import escape_cell
from trustops.privacy import FORMULA_TRIGGERS, neutralise_csv_cell


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_each_trigger_gets_an_apostrophe(trigger: str) -> None:
    assert neutralise_csv_cell(f"{trigger}SUM(A1:A9)") == f"'{trigger}SUM(A1:A9)"
    assert neutralise_csv_cell(trigger) == f"'{trigger}"


def test_triggers_are_exactly_the_documented_ones() -> None:
    assert frozenset({"=", "+", "-", "@", "\t", "\r"}) == FORMULA_TRIGGERS


@pytest.mark.parametrize("text", ["", "Riverside", " =1+1", "a=b", "\n=1", "1-2", "ｰ1"])
def test_other_cells_are_unchanged(text: str) -> None:
    assert neutralise_csv_cell(text) == text


@given(st.text())
def test_result_never_starts_with_a_trigger_and_keeps_the_text(text: str) -> None:
    safe = neutralise_csv_cell(text)
    assert safe[:1] not in FORMULA_TRIGGERS
    assert safe in (text, "'" + text)
    assert (safe[1:] if safe.startswith("'") else safe) == text  # lossless


def test_an_apostrophe_is_escaped_too_so_two_values_never_export_alike() -> None:
    assert neutralise_csv_cell("=x") == "'=x"
    assert neutralise_csv_cell("'=x") == "''=x"


@given(st.text(), st.text())
def test_different_values_export_differently(first: str, second: str) -> None:
    if first != second:
        assert neutralise_csv_cell(first) != neutralise_csv_cell(second)


@given(st.text())
def test_it_agrees_with_the_readers_escape(text: str) -> None:
    assert neutralise_csv_cell(text) == escape_cell(text)
