"""Every engine gives the same table on the same data: values, n, intervals and None.

One test, parametrised by engine and source, on hypothesis-generated logs (awkward zones,
daylight-saving gaps and folds, local-midnight edges, missing values) and on the sample
programme. A new engine joins by adding a line to ``RUNS``; Spark, at a few seconds a job,
runs on fewer generated logs (``SLOW_RUNS``) and on the sample programme.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustops.engines import EngineError, daily_statistics, engagement_table
from trustops.metrics import EngagementTable, TablePlan
from trustops.model import Area, Initiative, Interaction
from trustops.privacy import PrivacyKey
from trustops.sample import generate
from trustops.testing import AWKWARD_TIMEZONES, interactions
from trustops.time import Granularity

from ._logs import arrow_table, jsonl_file

Source = Callable[[Sequence[Interaction], Path], object]

RUNS: dict[str, tuple[str, Source]] = {
    "reference": ("reference", lambda log, folder: list(log)),
    "processes": ("processes", jsonl_file),
    "duckdb-jsonl": ("duckdb", jsonl_file),
    "duckdb-arrow": ("duckdb", lambda log, folder: arrow_table(log)),
}
"""Engine runs that must agree: engine name and how its source is made from a log."""


def _spark_frame(log: Sequence[Interaction], folder: Path) -> object:
    from trustops.engines.spark import interactions_frame, local_session

    return interactions_frame(local_session(cores=2, shuffle_partitions=2), log)


SLOW_RUNS: dict[str, tuple[str, Source]] = {"spark": ("spark", _spark_frame)}
"""Runs too slow for every generated log: a Spark job costs seconds, whatever its size."""

AREAS = [
    Area(id=f"a{n}", name=f"A{n}", timezone=zone, population=40 * n)
    for n, zone in enumerate(AWKWARD_TIMEZONES[:8])
]
INITIATIVES = [
    Initiative(id="w1", programme_id="p", area_id="a1", name="W1", kind="educational_workshop"),
    Initiative(id="w2", programme_id="p", area_id="a2", name="W2", kind="visible_patrol"),
]
GROUPINGS = [(), ("area",), ("initiative", "area"), ("staff",), ("initiative_kind",)]


def tables(
    log: Sequence[Interaction],
    by: Sequence[str],
    period: Granularity | None,
    runs: dict[str, tuple[str, Source]] = RUNS,
    privacy: PrivacyKey | None = None,
) -> dict[str, EngagementTable]:
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, (engine, make) in {"reference": RUNS["reference"], **runs}.items():
            source = make(log, Path(folder))
            result = engagement_table(
                source, engine=engine, by=by, period=period, areas=AREAS,
                initiatives=INITIATIVES, workers=2, privacy=privacy,
            )  # fmt: skip
            found[name] = result.table
    return found


LOGS = st.lists(
    interactions(area_ids=["a1", "a2", "a3", "a4", "a5", "a6", "a7", "z9"],
                 initiative_ids=["w1", "w2"], resident_ids=["r1", "r2", "r3", "r4"],
                 staff_ids=["s1", "s2"], sessions=[]),
    min_size=1, max_size=30,
)  # fmt: skip


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LOGS, st.sampled_from([None, *Granularity]), st.sampled_from(GROUPINGS))
def test_every_engine_gives_the_same_table(
    log: list[Interaction], period: Granularity | None, by: tuple[str, ...]
) -> None:
    found = tables(log, by, period)
    expected = found.pop("reference")
    for name, table in found.items():
        assert table == expected, name


KEY = PrivacyKey("equivalence")


def keyed(table: EngagementTable) -> list[tuple[object, object]]:
    """Every row's cell keys and totals (which table equality leaves out)."""
    return [(row.cell_keys, row.totals) for row in table]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LOGS, st.sampled_from([None, *Granularity]), st.sampled_from(GROUPINGS))
def test_every_engine_gives_the_same_cell_keys(
    log: list[Interaction], period: Granularity | None, by: tuple[str, ...]
) -> None:
    found = tables(log, by, period, privacy=KEY)
    expected = found.pop("reference")
    assert all(row.cell_keys is not None for row in expected)
    for name, table in found.items():
        assert table == expected, name
        assert keyed(table) == keyed(expected), name


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(LOGS, st.sampled_from([None, *Granularity]), st.sampled_from(GROUPINGS))
def test_slow_engines_give_the_same_table(
    spark: object, log: list[Interaction], period: Granularity | None, by: tuple[str, ...]
) -> None:
    found = tables(log, by, period, SLOW_RUNS)
    expected = found.pop("reference")
    for name, table in found.items():
        assert table == expected, name


@pytest.mark.parametrize(
    ("by", "period"),
    [(("area",), "month"), (("initiative_kind", "staff"), None), ((), "week"),
     (("initiative",), "quarter")],
)  # fmt: skip
def test_every_engine_on_the_sample_programme(
    spark: object, by: tuple[str, ...], period: str | None
) -> None:
    sample = generate(scale=0.05)
    with tempfile.TemporaryDirectory() as folder:
        results = {
            name: engagement_table(
                make(sample.interactions, Path(folder)), engine=engine, by=by, period=period,
                areas=sample.areas, initiatives=sample.initiatives, workers=2, privacy=KEY,
            )
            for name, (engine, make) in {**RUNS, **SLOW_RUNS}.items()
        }  # fmt: skip
    expected = results.pop("reference").table
    assert len(expected) > 1
    for name, result in results.items():
        assert result.table == expected, name
        assert result.rejects == ()
        # Spark ships the delays' one or two middle values, weighted (the same median and n),
        # not the whole histogram the totals hold: its cell keys are compared
        if name == "spark":
            assert [r.cell_keys for r in result.table] == [r.cell_keys for r in expected]
        else:
            assert keyed(result.table) == keyed(expected), name


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LOGS, st.data())
def test_every_engine_gives_the_same_daily_statistics(
    log: list[Interaction], data: st.DataObject
) -> None:
    """Windows, periods and groupings merged from each engine's daily statistics agree
    (with cell keys): what reports, indexes and effect panels are made from."""
    period = data.draw(st.sampled_from([None, *Granularity]))
    by = data.draw(st.sampled_from([g for g in GROUPINGS if "staff" not in g]))
    with tempfile.TemporaryDirectory() as folder:
        found = {
            name: daily_statistics(
                make(log, Path(folder)), engine=engine, areas=AREAS, initiatives=INITIATIVES,
                workers=2, privacy=KEY,
            ).statistics
            for name, (engine, make) in RUNS.items()
        }  # fmt: skip
    expected = found.pop("reference")
    days = sorted({d for area in expected.counted_areas for d in expected.local_days(area)})
    first = dt.date.fromordinal(data.draw(st.sampled_from(days)))
    last = first + dt.timedelta(days=data.draw(st.integers(0, 120)))
    for name, statistics in found.items():
        assert statistics.table(period, by=by) == expected.table(period, by=by), name
        assert keyed(statistics.table(period, by=by)) == keyed(expected.table(period, by=by))
        assert statistics.span == expected.span, name
        for area in expected.counted_areas:
            assert statistics.local_days(area) == expected.local_days(area), name
            mine, theirs = (
                statistics.row_over(area, first, last),
                expected.row_over(area, first, last),
            )
            assert (mine.values, mine.cell_keys) == (theirs.values, theirs.cell_keys), name


def test_the_spark_engine_refuses_daily_statistics() -> None:
    pytest.importorskip("pyspark")
    from trustops.engines.spark import SparkEngine

    with pytest.raises(EngineError, match="cannot keep their ids"):
        SparkEngine().run([], TablePlan.make(by=(), period=None, areas=(), initiatives=(),
                                              keep_ids=True))  # fmt: skip


def _repeated_log() -> list[Interaction]:
    """Twelve interactions, then four of their ids again with other areas and residents:
    every engine keeps the first of each id and counts the rest as duplicates."""
    when = dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC)
    first = [
        Interaction(id=f"i{n}", occurred_at=when + dt.timedelta(days=n), area_id="a1",
                    kind="conversation", initiator="staff", channel="phone",
                    resident_id=f"r{n % 5}")
        for n in range(12)
    ]  # fmt: skip
    again = [
        Interaction(id=f"i{n}", occurred_at=when, area_id="a2", kind="compliment",
                    initiator="resident", channel="app", resident_id="late")
        for n in (3, 0, 11, 3)
    ]  # fmt: skip
    return [*first[:6], *again[:2], *first[6:], *again[2:]]


@pytest.mark.parametrize("by", [("area",), ()])
def test_every_engine_counts_each_id_once(
    spark: object, monkeypatch: pytest.MonkeyPatch, by: tuple[str, ...]
) -> None:
    monkeypatch.setattr("trustops.engines._processes._MIN_RANGE", 64)  # ranges of a few lines
    log = _repeated_log()
    found = tables(log, by, None, {**RUNS, **SLOW_RUNS})
    expected = found.pop("reference")
    assert expected.duplicates == 4
    assert [row.keys.get("area") for row in expected] == (["a1"] if by else [None])
    assert expected.rows[0].metric("interactions").value == 12
    assert expected.rows[0].metric("residents_reached").value == 5
    for name, table in found.items():
        assert table == expected, name


def test_duckdb_keeps_the_first_of_each_id_across_parquet_files(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    log = _repeated_log()
    pq.write_table(arrow_table(log[8:]), tmp_path / "b.parquet")  # later: i6..i11, i11, i3
    pq.write_table(arrow_table(log[:8]), tmp_path / "a.parquet")  # first: i0..i5, i3, i0
    result = engagement_table(tmp_path, engine="duckdb", by=("area",), areas=AREAS)
    assert result.table == tables(log, ("area",), None, {})["reference"]
    assert result.counts is not None
    assert result.counts.accepted == len(log)


def test_every_engine_refuses_durations_beyond_the_supported_range(tmp_path: Path) -> None:
    import json

    from trustops.model import MAX_DURATION_MINUTES

    def line(n: int, minutes: float) -> str:
        return json.dumps(
            {"id": f"i{n}", "occurred_at": "2026-03-01T10:00:00+00:00", "area_id": "a1",
             "kind": "volunteering", "initiator": "resident", "channel": "in_person",
             "resident_id": f"r{n % 5}", "duration_minutes": minutes}
        )  # fmt: skip

    huge = [line(n, 1.79e308) for n in range(61)]  # each above the range; summed, infinite
    edge = [line(100 + n, m) for n, m in enumerate([MAX_DURATION_MINUTES, 0.0, 30.5])]
    above = [line(200, MAX_DURATION_MINUTES * (1 + 2**-52)), line(201, -0.0001)]
    path = tmp_path / "interactions.jsonl"
    path.write_text("\n".join([*huge, *edge, *above]) + "\n", encoding="utf-8")
    results = {
        engine: engagement_table(path, engine=engine, by=("area",), areas=AREAS, workers=2)
        for engine in ("reference", "processes", "duckdb")
    }
    for engine, result in results.items():
        assert result.counts is not None, engine
        assert (result.counts.accepted, result.counts.rejected) == (3, 63), engine
        assert result.table == results["reference"].table, engine
        assert result.table.rows[0].metric("interactions").value == 3


_BOM = "\ufeff"
_RECORD = st.builds(
    lambda prefix, id_, at, area, kind, extra, suffix: (
        f'{prefix}{{"id": "{id_}", "occurred_at": "{at}", "area_id": "{area}", "kind": "{kind}", '
        f'"initiator": "resident", "channel": "phone"{extra}}}{suffix}'
    ),
    st.sampled_from(["", "", _BOM, " "]),
    st.sampled_from(["i1", "i2", "i3", "i4", "é5"]),
    st.sampled_from([
        "2025-03-01T10:00:00Z", "2025-03-01T23:30:00-05:00", "2025-03-31T22:30:00+00:00",
        "1850-01-01T00:00:00Z", "2200-01-01T00:00:00Z", "2199-12-31T23:00:00-05:00",
        "2025-03-01 10:00:00Z", "2025-03-01T10:00:00", "2025-04-30T23:30:00-01:00",
        "2024-12-31T23:59:59+00:00",
    ]),
    st.sampled_from(["a1", "a2", "z9", " a1"]),
    st.sampled_from(["conversation", "volunteering", "suspicious_activity_report", "chat"]),
    st.sampled_from([
        "", "", ', "resident_id": "r1"', ', "resident_id": "r2", "staff_id": "s1"',
        ', "duration_minutes": 30', ', "duration_minutes": -1', ', "duration_minutes": 1e400',
        ', "duration_minutes": 1.79e308', ', "note": 1', ', "note": null', ', "id": "i9"',
        ', "observed_at": "2025-03-01T09:00:00Z"', ', "resident_id": "r\\u00e9"', ",",
    ]),
    st.sampled_from(["", "", "\r", " ", " x"]),
)  # fmt: skip
_LINE = st.one_of(
    _RECORD,
    _RECORD,
    _RECORD,
    st.sampled_from(["", "  ", "\r", "not json", "[1]", "{", '{"id": "i1"}', "\udcff"]),
)
_FILE = st.builds(
    lambda head, lines, end: head + "\n".join(lines) + end,
    st.sampled_from(["", "", "", _BOM, "\x00", "\udcff\udcfe", "\x1f\udc8b"]),
    st.lists(_LINE, min_size=1, max_size=14),
    st.sampled_from(["\n", ""]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    texts=st.lists(_FILE, min_size=1, max_size=3),
    nested=st.booleans(),
    whole=st.booleans(),
    small=st.booleans(),
    by=st.sampled_from([("area",), ("initiative_kind",)]),
)
def test_every_engine_reads_files_of_lines_of_any_shape_alike(
    texts: list[str], nested: bool, whole: bool, small: bool, by: tuple[str, ...]
) -> None:
    # BOMs (also mid-file), blank lines, ids repeated in a file, across files, ranges and
    # months, keys repeated, values out of range, unknown keys, junk: the accepted, rejected,
    # blank and duplicate counts, the rejects and the table are the same. One file is given
    # as itself or as a folder; several as a folder (one of them in a subfolder)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        paths = [
            Path(folder, "sub" if nested and n == 1 else "", f"f{n}.jsonl")
            for n in range(len(texts))
        ]
        for path, text in zip(paths, texts, strict=True):
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
        source = paths[0] if whole and len(paths) == 1 else Path(folder)
        if small:  # ranges and chunks of a few lines
            patch.setattr("trustops.engines._processes._MIN_RANGE", 64)
            patch.setattr("trustops.engines._duckdb._CHUNK", 128)
        results = {}
        for engine in ("reference", "processes", "duckdb"):
            try:
                found = engagement_table(
                    source, engine=engine, by=by, period="month", areas=AREAS, workers=2
                )
            except EngineError as error:  # nothing to count: the same error everywhere
                results[engine] = str(error)
            else:
                results[engine] = (found.rejects, found.counts, found.table,
                                   found.table.duplicates)  # fmt: skip
    expected = results.pop("reference")
    for name, result in results.items():
        assert result == expected, name


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.integers(-2208988800, 7258118399), min_size=1, max_size=300))
def test_every_engine_buckets_instants_with_one_time_zone_database(seconds: list[int]) -> None:
    # DuckDB's own zone data (ICU) differs from Python's: Amsterdam's +00:19:32 before 1937,
    # Casablanca's rules, and it knows no posixrules nor posix/ names
    zones = ["Europe/Amsterdam", "Africa/Casablanca", "posixrules", "posix/Europe/London",
             "Australia/Lord_Howe", "America/St_Johns"]  # fmt: skip
    areas = [Area(id=f"t{n}", name=f"T{n}", timezone=zone) for n, zone in enumerate(zones)]
    amsterdam_1930 = int(dt.datetime(1930, 6, 1, 23, 50, tzinfo=dt.UTC).timestamp())
    log = [
        Interaction(id=f"i{n}", occurred_at=dt.datetime.fromtimestamp(second, dt.UTC),
                    area_id=f"t{n % len(zones)}", kind="conversation", initiator="staff",
                    channel="phone", resident_id=f"r{n % 7}")
        for n, second in enumerate([amsterdam_1930, *seconds])
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = jsonl_file(log, Path(folder))
        runs = {
            "reference": ("reference", log),
            "processes": ("processes", path),
            "duckdb-jsonl": ("duckdb", path),
            "duckdb-arrow": ("duckdb", arrow_table(log)),
        }
        found = {
            name: engagement_table(
                source, engine=engine, by=("area",), period="day", areas=areas, workers=2
            ).table
            for name, (engine, source) in runs.items()
        }
    expected = found.pop("reference")
    for name, table in found.items():
        assert table == expected, name


def test_every_engine_reads_naive_timestamps_only_in_a_declared_zone(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from trustops.engines import DuckDBEngine, ReferenceEngine

    # a Parquet TIMESTAMP_NTZ column: wall times, refused unless naive_zone names their zone;
    # in Amsterdam, the wall times its clocks skip (29 March) or repeat (25 October) and its
    # +00:19:32 of 1930, all decided as the row reader decides them
    walls = [
        dt.datetime(2026, 3, 29, 2, 30), dt.datetime(2026, 10, 25, 2, 30),
        dt.datetime(2026, 3, 31, 23, 30), dt.datetime(1930, 6, 1, 23, 50),
        dt.datetime(2026, 7, 1, 9), None,
    ]  # fmt: skip
    table = arrow_table(_repeated_log()[: len(walls)]).set_column(
        1, "occurred_at", pa.array(walls, pa.timestamp("us"))
    )
    pq.write_table(table, tmp_path / "naive.parquet")
    engines = {
        "reference": lambda zone: ReferenceEngine(naive_zone=zone),
        "duckdb": lambda zone: DuckDBEngine(naive_zone=zone),
    }
    for zone, accepted in [(None, 0), ("UTC", 5), ("Europe/Amsterdam", 3), ("Asia/Tokyo", 5)]:
        results = {}
        for name, make in engines.items():
            for source in (tmp_path / "naive.parquet", table):
                if name == "reference" and source is table:
                    continue  # the reference engine reads files and objects
                found = engagement_table(
                    source, engine=make(zone), by=("area",), period="day", areas=AREAS
                )
                assert found.counts is not None
                results[name, type(source).__name__] = (
                    found.table, found.counts, [(r.line, r.path) for r in found.rejects]
                )  # fmt: skip
        expected = results.pop(("reference", "PosixPath"))
        assert expected[1].accepted == accepted, zone
        for key, result in results.items():
            assert result[0] == expected[0], (zone, key)
            assert result[1] == expected[1], (zone, key)
            if key[1] == "PosixPath":
                assert result[2] == expected[2], (zone, key)
    for make in engines.values():
        with pytest.raises(EngineError, match="naive_zone: expected an IANA time zone name"):
            make("Mars/Olympus")
        with pytest.raises(EngineError, match="naive_zone: 'localtime' is the zone of"):
            make("localtime")


_CSV_HEAD = "id,occurred_at,area_id,kind,initiator,channel,resident_id,duration_minutes"
_CSV_ROW = st.builds(
    lambda prefix, id_, at, area, kind, resident, minutes, suffix: (
        f"{prefix}{id_},{at},{area},{kind},resident,phone,{resident},{minutes}{suffix}"
    ),
    st.sampled_from(["", "", _BOM, '"']),
    st.sampled_from(["i1", "i2", "i3", "007", "é5"]),
    st.sampled_from(["2025-03-01T10:00:00Z", "2025-03-31T23:30:00+00:00",
                     "2025-03-01T10:00:00", "1850-01-01T00:00:00Z"]),
    st.sampled_from(["a1", "a2", " a1", '"a\n1"']),
    st.sampled_from(["conversation", "volunteering", "chat"]),
    st.sampled_from(["", "r1", "r2"]),
    st.sampled_from(["", "30", "30.0", "1e3", "-1", "x", "1.79e308"]),
    st.sampled_from(["", "", ",", "\r", " "]),
)  # fmt: skip
_CSV_FILE = st.builds(
    lambda head, lines, end: head + "\n".join(lines) + end,
    st.sampled_from([_CSV_HEAD + "\n", _BOM + _CSV_HEAD + "\n", _CSV_HEAD + ",note\n", "id,id\n"]),
    st.lists(
        st.one_of(_CSV_ROW, _CSV_ROW, st.sampled_from(["", ",,,,,,,", "  ", "\r", '"open'])),
        max_size=10,
    ),
    st.sampled_from(["\n", ""]),
)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    texts=st.lists(_CSV_FILE, min_size=1, max_size=3),
    by=st.sampled_from([("area",), ("initiative_kind",)]),
)
def test_every_engine_reads_folders_of_csv_files_alike(
    texts: list[str], by: tuple[str, ...]
) -> None:
    # numbers in text cells, quoted newlines, BOMs, blank lines, bad headers and cells, ids
    # repeated across files: the reference and duckdb engines read a folder of CSV files alike
    with tempfile.TemporaryDirectory() as folder:
        for n, text in enumerate(texts):
            Path(folder, f"f{n}.csv").write_text(text, encoding="utf-8")
        results = {}
        for engine in ("reference", "duckdb"):
            try:
                found = engagement_table(
                    folder, engine=engine, by=by, period="month", areas=AREAS, workers=2
                )
            except EngineError as error:
                results[engine] = str(error)
            else:
                results[engine] = (found.rejects, found.counts, found.table,
                                   found.table.duplicates)  # fmt: skip
    assert results["duckdb"] == results["reference"]
