"""Tests of the command's output writing: standard output or a file, tables, CSV, policies."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops.cli._errors import InputError
from trustops.cli._output import (
    STDOUT,
    csv_text,
    emit,
    policy_dict,
    policy_statement,
)
from trustops.io import escape_cell
from trustops.privacy import DEFAULT_POLICY, NO_SUPPRESSION, SmallCellPolicy


def test_emit_writes_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    emit("a,b\n", STDOUT)
    assert capsys.readouterr().out == "a,b\n"


def test_emit_writes_a_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    emit("Zoë,1\r\n", str(target))
    assert target.read_bytes() == "Zoë,1\r\n".encode()  # newlines kept as given


def test_emit_to_a_place_it_cannot_write_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write") as info:
        emit("x", str(tmp_path / "missing" / "out.csv"))
    assert info.value.exit_code == 2


def test_csv_cells_numbers_and_formulas() -> None:
    text = csv_text(
        ["=name", "n", "share", "note"],
        [["=HYPERLINK(1)", 3, 0.25, None], ["-3 items", 0, math.nan, "plain"]],
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["'=name", "n", "share", "note"],
        ["'=HYPERLINK(1)", "3", "0.25", ""],
        ["'-3 items", "0", "", "plain"],
    ]


@given(
    st.lists(
        st.lists(
            st.none() | st.integers() | st.floats() | st.text(st.characters(codec="utf-8")),
            min_size=2,
            max_size=2,
        ),
        max_size=5,
    )
)
def test_csv_rows_read_back_cell_for_cell(rows: list[list[object]]) -> None:
    back = list(csv.reader(io.StringIO(csv_text(["a", "b"], rows), newline="")))
    assert back[0] == ["a", "b"]
    assert len(back) == len(rows) + 1
    for row, cells in zip(rows, back[1:], strict=True):
        for value, cell in zip(row, cells, strict=True):
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                assert cell == ""
            elif isinstance(value, float):
                assert float(cell) == value
            elif isinstance(value, int):
                assert int(cell) == value
            else:
                assert cell == escape_cell(str(value))


def test_policy_statement_and_dict() -> None:
    policy = SmallCellPolicy(withhold_below=5, caution_below=20)
    assert policy_statement(policy) == (
        "Small-cell policy: figures with n below 5 are withheld, below 20 flagged 'caution'."
    )
    assert "OFF" in policy_statement(NO_SUPPRESSION)
    assert "perturbed" in policy_statement(policy, perturbed=True)
    assert policy_dict(DEFAULT_POLICY) == {
        "enabled": True,
        "withhold_below": 10,
        "caution_below": 30,
        "perturbation": {"method": "cell key", "ptable": "trustops-ptable", "version": 3},
    }
    assert policy_dict(NO_SUPPRESSION)["perturbation"] is None
