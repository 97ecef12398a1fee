"""Reading CSV: located rejects for bad rows, bytes, quoting and lines; later rows survive."""

from __future__ import annotations

import io
from typing import Any

import pytest

from trustops import Area
from trustops.io import read_csv

from ._records import read_checked


def read_area_csv(data: bytes, **options: Any) -> tuple[list[Area], list[Any]]:
    return read_checked("csv", data, Area, **options)[:2]


@pytest.mark.parametrize(
    ("row", "path", "fragment"),
    [
        ("a,A,UTC,lots", "$.population", "whole number"),
        ("a,A,UTC,1.5", "$.population", "whole number"),
        ("a,A,Nowhere/City,1", "$.timezone", "IANA"),
        ("a,A,UTC", "$", "expected 4 cells"),
    ],
)
def test_bad_rows_are_located(row: str, path: str, fragment: str) -> None:
    reader = read_csv(io.StringIO(f"id,name,timezone,population\nb,B,UTC,2\n{row}\n"), Area)
    assert [a.id for a in reader] == ["b"]
    (reject,) = reader.rejects
    assert (reject.line, reject.row, reject.path) == (3, 2, path)
    assert fragment in reject.message
    counts = reader.counts
    assert counts.lines == counts.accepted + counts.rejected + counts.blank == 2


def test_nan_and_inf_are_not_numbers_in_csv() -> None:
    for bad in ("nan", "inf", "-Infinity"):
        text = f"id,name,timezone,population,margins.age.a\na,A,UTC,1,{bad}\n"
        reader = read_csv(io.StringIO(text), Area)
        assert reader.read_all() == []
        assert reader.rejects[0].path == "$.margins.age.a"


def test_unknown_and_duplicate_columns_stop_the_read_with_one_reject() -> None:
    reader = read_csv(io.StringIO("id,name,timezone,colour\na,A,UTC,red\n"), Area)
    assert reader.read_all() == []
    assert "unknown column 'colour'" in reader.rejects[0].message
    reader = read_csv(io.StringIO("id,id,name,timezone\na,a,A,UTC\n"), Area)
    assert reader.read_all() == []
    assert "duplicate column" in reader.rejects[0].message


def test_blank_rows_and_bom_and_empty_files() -> None:
    reader = read_csv(io.BytesIO("\ufeffid,name,timezone\n,,\na,A,UTC\n".encode()), Area)
    assert [a.id for a in reader] == ["a"]
    assert reader.counts.blank == 1
    assert read_csv(io.StringIO(""), Area).read_all() == []


def test_multiline_quoted_cells_keep_the_starting_line() -> None:
    text = 'id,name,sector\np1,"two\nlines",x\np2,=bad,\n'
    from trustops import Partner

    reader = read_csv(io.StringIO(text), Partner)
    assert [p.name for p in reader] == ["=bad"]  # a name is one line
    assert [(r.line, r.row, r.path) for r in reader.rejects] == [(2, 1, "$.name")]


def test_broken_quoting_is_a_reject() -> None:
    reader = read_csv(io.StringIO('id,name,timezone\n"a,A,UTC\n'), Area)
    assert reader.read_all() == []
    assert "cannot read this CSV row" in reader.rejects[0].message


def test_a_bad_byte_is_a_reject_at_its_line_and_later_rows_survive() -> None:
    data = b'id,name,timezone\na,A,UTC\nb,"B\n\xff",UTC\nc,C,UTC\nd,D,UTC\n'
    records, rejects = read_area_csv(data)
    assert [a.id for a in records] == ["a", "c", "d"]
    assert [(r.line, r.row) for r in rejects] == [(3, 2)]
    assert "invalid UTF-8" in rejects[0].message
    assert "line 4" in rejects[0].message


def test_a_huge_line_is_bounded_and_later_rows_survive() -> None:
    data = b"id,name,timezone\na," + b"x" * 5_000 + b",UTC\nb,B,UTC\n"
    records, rejects = read_area_csv(data, max_line_bytes=1_000)
    assert [a.id for a in records] == ["b"]
    assert "longer than 1,000 bytes" in rejects[0].message
    assert len(rejects[0].raw) <= 2_000


def test_a_row_cut_off_at_the_end_of_the_file_is_rejected() -> None:
    records, rejects = read_area_csv(b"id,name,timezone\na,A,UTC\nb,B,UT")
    assert [a.id for a in records] == ["a"]
    assert (rejects[0].line, "cut off") == (3, "cut off")
    assert "cut off" in rejects[0].message


def test_broken_quoting_rejects_the_row_not_the_rest() -> None:
    records, rejects = read_area_csv(b'id,name,timezone\na,"A"x,UTC\nb,B,UTC\n')
    assert [a.id for a in records] == ["b"]
    assert rejects[0].line == 2


def test_a_reject_raw_is_the_line_as_written() -> None:
    written = 'b,"B, the ""best""",Mars'
    records, rejects = read_area_csv(f"id,name,timezone\n{written}\r\n".encode())
    assert records == []
    assert rejects[0].raw == written


def test_a_survey_design_is_read_from_csv_with_located_rejects() -> None:
    from trustops import SurveyResponse
    from trustops.io import write_csv

    header = "id,instrument_id,area_id,collected_at,stratum,psu,fpc,replicate_weights,answers.q1"
    rows = [
        "r1,pulse,a,2026-03-01T12:00:00Z,north,elm,12,1.5;0;2,3",
        "r2,pulse,a,2026-03-01T12:00:00Z,north,oak,12,1;-2;2,3",  # a negative weight
        "r3,pulse,a,2026-03-01T12:00:00Z,north,ash,twelve,1;1;1,3",
        "r4,pulse,a,2026-03-01T12:00:00Z,north,ash,12,1;x;1,3",
        "r5,pulse,a,2026-03-01T12:00:00Z,,,,,4",
    ]
    records, rejects, _ = read_checked("csv", "\n".join([header, *rows]) + "\n", SurveyResponse)
    assert [(r.id, r.stratum, r.psu, r.fpc, r.replicate_weights) for r in records] == [
        ("r1", "north", "elm", 12.0, (1.5, 0.0, 2.0)),
        ("r5", None, None, None, ()),
    ]
    assert [(r.line, r.path) for r in rejects] == [
        (3, "$.replicate_weights[1]"),
        (4, "$.fpc"),
        (5, "$.replicate_weights"),
    ]
    assert "expected a replicate weight from 0" in rejects[0].message
    assert "a ;-separated list of numbers" in rejects[2].message
    written = io.StringIO()
    write_csv(records, written)
    again, none, _ = read_checked("csv", written.getvalue(), SurveyResponse)
    assert (again, none) == (records, [])
