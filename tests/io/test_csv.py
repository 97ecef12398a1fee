"""CSV: flat records, dotted mapping columns, lists, formula protection; located rejects."""

from __future__ import annotations

import io
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import Area, Indicator, Interaction, Programme, SurveyInstrument, SurveyResponse
from trustops import testing as tst
from trustops.io import (
    FORMULA_TRIGGERS,
    NotFlatError,
    escape_cell,
    read_csv,
    unescape_cell,
    write_csv,
)

from ._records import read_checked


def round_trip(records: list[Any], cls: type[Any]) -> tuple[list[Any], Any]:
    out = io.StringIO()
    write_csv(records, out, cls=cls)
    reader = read_csv(io.StringIO(out.getvalue()), cls)
    again = reader.read_all()
    return again, reader


def _answered(response: SurveyResponse) -> dict[str, int]:
    return {k: v for k, v in response.answers.items() if v is not None}


def read_area_csv(data: bytes, **options: Any) -> tuple[list[Area], list[Any]]:
    return read_checked("csv", data, Area, **options)[:2]


@pytest.mark.parametrize(
    ("strategy", "cls"),
    [
        (tst.areas(), Area),
        (tst.programmes(), Programme),
        (tst.interactions(), Interaction),
        (tst.survey_responses(), SurveyResponse),
        (tst.partners(), None),
        (tst.initiatives(), None),
        (tst.sessions(), None),
    ],
    ids=["areas", "programmes", "interactions", "responses", "partners", "initiatives", "sessions"],
)
@given(data=st.data())
def test_csv_round_trips_flat_records(strategy: Any, cls: Any, data: st.DataObject) -> None:
    records = data.draw(st.lists(strategy, max_size=4))
    record_type = cls or (type(records[0]) if records else Area)
    again, reader = round_trip(records, record_type)
    assert reader.rejects == []
    if record_type is SurveyResponse:
        # In a wide CSV an item nobody answered and a skipped answer are the same empty cell.
        assert [attrs.evolve(r, answers={}) for r in again] == [
            attrs.evolve(r, answers={}) for r in records
        ]
        assert [_answered(r) for r in again] == [_answered(r) for r in records]
    else:
        assert again == records


@given(st.text())
def test_escape_cell_round_trips_and_neutralises(text: str) -> None:
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_formula_cells_are_neutralised_and_read_back() -> None:
    areas = [
        Area(id="=cmd", name="+SUM(A1)", timezone="UTC"),
        Area(id="x", name="'quoted", timezone="UTC"),
    ]
    out = io.StringIO()
    write_csv(areas, out)
    assert "'=cmd,'+SUM(A1)" in out.getvalue()
    assert read_csv(io.StringIO(out.getvalue()), Area).read_all() == areas


def test_survey_responses_use_dotted_columns_and_empty_cells_for_skipped_answers() -> None:
    text = (
        "id,instrument_id,area_id,collected_at,weight,answers.q1,answers.q2,attributes.age\n"
        "r1,s,a,2026-03-01T10:00:00+00:00,,4,,16-34\n"
    )
    (response,) = read_csv(io.StringIO(text), SurveyResponse)
    assert response.answers == {"q1": 4, "q2": None}
    assert response.attributes == {"age": "16-34"}


def test_margins_use_two_level_dotted_columns() -> None:
    text = "id,name,timezone,population,margins.age.young,margins.age.old\na,A,UTC,10,0.4,0.6\n"
    (area,) = read_csv(io.StringIO(text), Area)
    assert area.margins == {"age": {"young": 0.4, "old": 0.6}}


def test_lists_are_semicolon_separated() -> None:
    text = "id,name,organisation,start,end,area_ids,status,description\np,P,Org,2026-01-01,,a;b\\;c,active,\n"
    (programme,) = read_csv(io.StringIO(text), Programme)
    assert programme.area_ids == ("a", "b;c")


@pytest.mark.parametrize("cls", [SurveyInstrument, Indicator])
def test_nested_records_have_no_csv_form(cls: type[Any]) -> None:
    with pytest.raises(NotFlatError, match="use JSON or JSONL"):
        read_csv(io.StringIO("id\nx\n"), cls).read_all()


def test_write_csv_needs_a_type_for_an_empty_file_and_one_type_only() -> None:
    with pytest.raises(TypeError, match="cls="):
        write_csv([], io.StringIO())
    mixed = [Area(id="a", name="A", timezone="UTC"), "not an area"]
    with pytest.raises(TypeError, match="one record type"):
        write_csv(mixed, io.StringIO())
    out = io.StringIO()
    assert write_csv([], out, cls=Area) == 0
    assert out.getvalue() == "id,name,timezone,population\r\n"


def test_a_dotted_dimension_name_round_trips() -> None:
    area = Area(
        id="a",
        name="A",
        timezone="UTC",
        margins={"age.band": {"16.34": 0.5, "35+": 0.5}, "back\\slash": {"x": 1.0}},
    )
    out = io.StringIO()
    write_csv([area], out)
    records, rejects = read_area_csv(out.getvalue().encode())
    assert rejects == []
    assert records == [area]


@pytest.mark.parametrize("cell", ["١٢٣", "+123", "1_000", " 12", "１２"])
def test_only_ascii_digits_are_whole_numbers(cell: str) -> None:
    records, rejects = read_area_csv(f"id,name,timezone,population\na,A,UTC,{cell}\n".encode())
    assert records == []
    assert rejects[0].path == "$.population"


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_trigger_gets_an_apostrophe(trigger: str) -> None:
    assert escape_cell(f"{trigger}SUM(A1:A9)") == f"'{trigger}SUM(A1:A9)"
    assert escape_cell(trigger) == f"'{trigger}"


def test_formula_triggers_are_exactly_the_documented_ones() -> None:
    assert frozenset({"=", "+", "-", "@", "\t", "\r"}) == FORMULA_TRIGGERS


@pytest.mark.parametrize("text", ["", "Riverside", " =1+1", "a=b", "\n=1", "1-2", "ｰ1"])
def test_cells_that_are_no_formula_are_unchanged(text: str) -> None:
    assert escape_cell(text) == text


@given(st.text())
def test_an_escaped_cell_never_starts_with_a_trigger_and_keeps_the_text(text: str) -> None:
    safe = escape_cell(text)
    assert safe[:1] not in FORMULA_TRIGGERS
    assert safe in (text, "'" + text)


def test_an_apostrophe_is_escaped_too_so_two_values_never_export_alike() -> None:
    assert escape_cell("=x") == "'=x"
    assert escape_cell("'=x") == "''=x"


@given(st.text(), st.text())
def test_different_values_escape_differently(first: str, second: str) -> None:
    if first != second:
        assert escape_cell(first) != escape_cell(second)
