"""Parquet files and Arrow data read row by row, with the checks and ranges of every format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pendulum
import pytest

from trustops import Area, FieldError, Interaction
from trustops.io import ReaderError, path_kind, read, read_arrow, read_jsonl, read_parquet

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

UTC = dt.UTC


def _visits(when: list[object], **columns: object) -> object:
    count = len(when)
    base = {"id": [f"i{n}" for n in range(count)], "occurred_at": when,
            "area_id": ["a"] * count, "kind": ["conversation"] * count,
            "initiator": ["staff"] * count, "channel": ["phone"] * count}  # fmt: skip
    return pa.table({**base, **columns})


def test_populations_above_the_supported_range_are_rejects_as_in_jsonl(tmp_path: Path) -> None:
    populations = [10**10, 10**10 + 1, 2**63 - 1, None]
    table = pa.table({"id": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"],
                      "timezone": ["UTC"] * 4, "population": pa.array(populations, pa.int64())})  # fmt: skip
    pq.write_table(table, tmp_path / "areas.parquet")
    reader = read(tmp_path / "areas.parquet", Area)
    assert [area.id for area in reader] == ["a", "d"]
    assert [(r.line, r.path) for r in reader.rejects] == [(2, "$.population"), (3, "$.population")]
    lines = "".join(
        json.dumps({"id": i, "name": i, "timezone": "UTC", "population": p}) + "\n"
        for i, p in zip("abc", populations[:3], strict=True)
    )
    (tmp_path / "areas.jsonl").write_text(lines, encoding="utf-8")
    as_jsonl = read_jsonl(tmp_path / "areas.jsonl", Area)
    as_jsonl.read_all()
    assert [r.message for r in as_jsonl.rejects] == [r.message for r in reader.rejects]
    counts = reader.counts
    assert counts.lines == counts.accepted + counts.rejected + counts.blank == 4


@pytest.mark.parametrize("typed", [True, False])
def test_instants_outside_1900_2199_are_rejects_whatever_their_type(typed: bool) -> None:
    when = [dt.datetime(2026, 3, 4, tzinfo=UTC), dt.datetime(1899, 12, 31, 23, tzinfo=UTC),
            dt.datetime(2200, 1, 1, tzinfo=UTC), dt.datetime(1900, 1, 1, tzinfo=UTC),
            dt.datetime(2199, 12, 31, 23, tzinfo=UTC)]  # fmt: skip
    column = (
        pa.array(when, pa.timestamp("us", tz="UTC")) if typed else [w.isoformat() for w in when]
    )
    reader = read_arrow(_visits(column), Interaction)
    assert [i.id for i in reader] == ["i0", "i3", "i4"]
    assert [r.line for r in reader.rejects] == [2, 3]
    assert all("1900 to 2199" in r.message for r in reader.rejects)
    assert reader.rejects[0].path == "$.occurred_at"


def test_instants_python_cannot_hold_and_naive_ones_are_rejects_not_crashes() -> None:
    far = pa.array([10**17, -(10**17), 1_700_000_000_000_000], pa.timestamp("us", tz="UTC"))
    reader = read_arrow(_visits(far), Interaction)
    assert [i.id for i in reader] == ["i2"]
    assert [(r.line, r.path) for r in reader.rejects] == [
        (1, "$.occurred_at"),
        (2, "$.occurred_at"),
    ]
    naive = pa.array([1_700_000_000_000_000], pa.timestamp("us"))  # no zone: never guessed
    reader = read_arrow(_visits(naive), Interaction)
    assert reader.read_all() == []
    assert reader.rejects[0].path == "$.occurred_at"
    (visit,) = read_arrow(_visits(naive), Interaction, naive_zone="America/St_Johns")
    assert visit.occurred_at.isoformat() == "2023-11-14T22:13:20-03:30"  # the wall time there
    fold = pa.array([dt.datetime(2026, 11, 1, 1, 30)], pa.timestamp("s"))  # twice in New York
    reader = read_arrow(_visits(fold), Interaction, naive_zone="America/New_York")
    assert reader.read_all() == []
    assert "01:30:00 (at a clock change)" in reader.rejects[0].message
    with pytest.raises(FieldError, match="naive_zone: expected an IANA time zone name"):
        read_arrow(_visits(naive), Interaction, naive_zone="Mars")
    nanos = pa.array([1_700_000_000_123_456_789], pa.timestamp("ns", tz="Asia/Tokyo"))
    (visit,) = read_arrow(_visits(nanos), Interaction)
    assert visit.occurred_at == pendulum.from_timestamp(1_700_000_000.123456)


def test_a_parquet_file_is_read_in_batches_with_row_numbers(tmp_path: Path) -> None:
    when = [dt.datetime(2026, 3, 4, tzinfo=UTC)] * 9000
    when[8500] = dt.datetime(1850, 1, 1, tzinfo=UTC)
    pq.write_table(_visits(when), tmp_path / "interactions.parquet")
    reader = read_parquet(tmp_path / "interactions.parquet", Interaction)
    assert len(reader.read_all()) == 8999
    assert [(r.source, r.line) for r in reader.rejects] == [
        (str(tmp_path / "interactions.parquet"), 8501)
    ]
    assert path_kind("x.PARQUET") == "parquet"


def test_an_unreadable_parquet_file_is_a_reader_error(tmp_path: Path) -> None:
    broken = tmp_path / "areas.parquet"
    broken.write_bytes(b"not parquet at all")
    with pytest.raises(ReaderError, match="cannot read it as Parquet"):
        read_parquet(broken, Area).read_all()
    with pytest.raises(TypeError, match="Arrow data"):
        read_arrow([1, 2], Area)


def test_maps_structs_dates_and_decimals_become_json() -> None:
    import decimal

    from trustops import Programme

    margins = pa.array([[("age", [("16-34", 0.4), ("35+", 0.6)])]],
                       pa.map_(pa.string(), pa.map_(pa.string(), pa.float64())))  # fmt: skip
    areas = pa.table({"id": ["a"], "name": ["A"], "timezone": ["UTC"], "margins": margins,
                      "population": pa.array([decimal.Decimal(900)], pa.decimal128(10, 0))})  # fmt: skip
    (area,) = read_arrow(areas, Area)
    assert area.margins == {"age": {"16-34": 0.4, "35+": 0.6}}
    assert area.population == 900
    programmes = pa.table({"id": ["p"], "name": ["P"], "organisation": ["O"],
                           "start": [dt.date(2026, 1, 1)], "status": ["active"],
                           "area_ids": [["a", "b"]]})  # fmt: skip
    (programme,) = read_arrow(programmes, Programme)
    assert (programme.start, programme.area_ids) == (pendulum.date(2026, 1, 1), ("a", "b"))


def test_a_column_that_is_not_a_field_is_a_reject_unless_ignored() -> None:
    when = [dt.datetime(2026, 3, 4, tzinfo=UTC)] * 3
    table = _visits(when, note=["x", None, "z"])
    reader = read_arrow(table, Interaction)
    assert [i.id for i in reader] == ["i1"]  # a null in it is no value
    assert [(r.line, r.path) for r in reader.rejects] == [(1, "$.note"), (3, "$.note")]
    assert [i.id for i in read_arrow(table, Interaction, extra="ignore")] == ["i0", "i1", "i2"]
    with pytest.raises(ValueError, match="extra='ignore'"):
        read_arrow(table, Interaction, extra="allow").read_all()


def test_a_column_named_twice_is_an_error(tmp_path: Path) -> None:
    table = _visits([dt.datetime(2026, 3, 4, tzinfo=UTC)])
    twice = pa.Table.from_arrays(
        [*table.columns, pa.array(["b"])], [*table.column_names, "area_id"]
    )
    pq.write_table(twice, tmp_path / "twice.parquet")
    with pytest.raises(ReaderError, match="'area_id' appears more than once"):
        read_parquet(tmp_path / "twice.parquet", Interaction).read_all()


def test_binary_text_is_utf8_and_other_bytes_are_rejects_naming_the_field() -> None:
    when = [dt.datetime(2026, 3, 4, tzinfo=UTC)] * 3
    areas = pa.array([b"x", "é".encode(), b"\xff"], pa.binary())
    reader = read_arrow(
        _visits(when, area_id=areas, resident_id=pa.array([b"r"] * 3, pa.large_binary())),
        Interaction,
    )
    assert [(i.area_id, i.resident_id) for i in reader] == [("x", "r"), ("é", "r")]
    (reject,) = reader.rejects
    assert (reject.line, reject.path) == (3, "$.area_id")
    assert reject.message.startswith("expected text in UTF-8")
    assert reader.counts.lines == 3


def test_a_duration_is_no_number_and_a_decimal_is() -> None:
    import decimal

    when = [dt.datetime(2026, 3, 4, tzinfo=UTC)] * 2
    kinds = {"kind": ["volunteering"] * 2}
    minutes = pa.array([dt.timedelta(minutes=30)] * 2, pa.duration("s"))
    reader = read_arrow(_visits(when, duration_minutes=minutes, **kinds), Interaction)
    assert reader.read_all() == []
    assert {r.path for r in reader.rejects} == {"$.duration_minutes"}
    exact = pa.array([decimal.Decimal("30.5"), decimal.Decimal("12")], pa.decimal128(10, 2))
    reader = read_arrow(_visits(when, duration_minutes=exact, **kinds), Interaction)
    assert [i.duration_minutes for i in reader] == [30.5, 12.0]


def test_chosen_rows_are_read_with_their_numbers(tmp_path: Path) -> None:
    when = [dt.datetime(2026, 3, 4, tzinfo=UTC)] * 9000
    when[8500] = dt.datetime(1850, 1, 1, tzinfo=UTC)
    pq.write_table(_visits(when), tmp_path / "interactions.parquet")
    reader = read_parquet(tmp_path / "interactions.parquet", Interaction, rows=[8501, 3, 9000])
    assert [i.id for i in reader] == ["i2", "i8999"]
    assert [r.line for r in reader.rejects] == [8501]
    assert reader.counts.lines == 3


def test_a_survey_design_is_read_from_parquet_with_located_rejects(tmp_path: Path) -> None:
    from trustops import SurveyResponse

    when = dt.datetime(2026, 3, 1, 12, tzinfo=UTC)
    table = pa.table({
        "id": ["r1", "r2", "r3"], "instrument_id": ["pulse"] * 3, "area_id": ["a"] * 3,
        "collected_at": [when] * 3,
        "answers": pa.array([[("q1", 3)]] * 3, pa.map_(pa.string(), pa.int64())),
        "stratum": ["north", "north", None], "psu": ["elm", "oak", None],
        "fpc": [0.1, 0.1, None], "replicate_weights": [[1.0, 2.0], [1.0, -1.0], None],
    })  # fmt: skip
    path = tmp_path / "responses.parquet"
    pq.write_table(table, path)
    reader = read_parquet(path, SurveyResponse)
    records = reader.read_all()
    assert [(r.id, r.stratum, r.psu, r.fpc, r.replicate_weights) for r in records] == [
        ("r1", "north", "elm", 0.1, (1.0, 2.0)),
        ("r3", None, None, None, ()),  # null is missing: no replicate weights
    ]
    assert [(r.line, r.path) for r in reader.rejects] == [(2, "$.replicate_weights[1]")]
