"""trustops metrics: grouping, formats, suppression, CSV safety, stdin."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from trustops.cli import get_command
from trustops.metrics import METRIC_NAMES
from trustops.privacy import ALL, DEFAULT_POLICY, Cell, CellStatus, PublishedRow, audit_table
from trustops.scoring import METRIC_MEASURES
from trustops.stats import Interval

LINES = "".join(
    json.dumps(
        {
            "id": f"i{k}",
            "occurred_at": f"2026-03-0{1 + k % 5}T10:00:00Z",
            "area_id": "=cmd()" if k < 12 else "b",
            "kind": "conversation",
            "initiator": "staff",
            "channel": "phone",
            "resident_id": f"r{k}",
            "outcome": "positive",
        }
    )
    + "\n"
    for k in range(15)
)


def test_table_by_area_and_month(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(
        get_command(),
        ["metrics", str(sample_dir), "--by", "area,month", "-m", "interactions,positive_share"],
    )
    assert result.exit_code == 0, result.output
    assert "Engagement metrics" in result.output
    assert "Riverside" in result.output
    assert "2025-03" in result.output
    assert "Small-cell policy: figures with n below 10 are withheld" in result.output


def test_json_has_every_metric_with_evidence(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(get_command(), ["metrics", str(sample_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["by"] == ["area"]
    assert data["period"] is None
    assert data["suppression"] == {
        "enabled": True,
        "withhold_below": 10,
        "caution_below": 30,
        "perturbation": {"method": "cell key", "ptable": "trustops-ptable", "version": 3},
    }
    row = data["rows"][0]
    assert list(row["metrics"]) == list(METRIC_NAMES)
    share = row["metrics"]["positive_share"]
    assert set(share) == {"value", "n", "low", "high", "status", "reason", "perturbed"}
    assert share["low"] <= share["value"] <= share["high"]


def test_small_groups_withheld_and_csv_neutralised(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = runner.invoke(
        get_command(),
        ["metrics", "-", "--type", "interactions", "--format", "csv", "--out", str(out)],
        input=LINES,
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    by = {(r["area"], r["metric"]): r for r in rows}
    small = by[("b", "positive_share")]
    assert (small["value"], small["status"]) == ("", "insufficient")
    assert small["reason"] == "withheld: fewer than 10"
    assert small["suppression"] == "on, counts perturbed"
    caution = by[("'=cmd()", "positive_share")]  # the formula-like area id is neutralised
    assert (caution["value"], caution["status"]) == ("1.0", "caution")
    assert by[("b", "interactions")]["value"] in {"0", "5", "6"}  # 3, perturbed


def test_no_suppression_is_stated(runner: CliRunner) -> None:
    args = ["metrics", "-", "--type", "interactions", "--no-suppression"]
    csv_out = runner.invoke(get_command(), [*args, "--format", "csv"], input=LINES)
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    small = next(r for r in rows if r["area"] == "b" and r["metric"] == "positive_share")
    assert (small["value"], small["suppression"]) == ("1.0", "off")
    table = runner.invoke(get_command(), args, input=LINES)
    assert "Small-cell suppression is OFF (--no-suppression)" in table.output
    assert "counts are exact (not perturbed)" in table.output
    as_json = json.loads(
        runner.invoke(get_command(), [*args, "--format", "json"], input=LINES).stdout
    )
    assert as_json["suppression"]["enabled"] is False
    assert "OFF" in as_json["note"]


def test_table_marks_withheld_and_caution(runner: CliRunner) -> None:
    result = runner.invoke(
        get_command(),
        ["metrics", "-", "--type", "interactions", "-m", "positive_share"],
        input=LINES,
    )
    assert result.exit_code == 0
    assert "withheld" in result.output
    assert "100.0% *" in result.output
    assert "* caution: fewer than 30 people behind the figure." in result.output


def test_caution_footnote_only_when_something_is_flagged(
    runner: CliRunner, sample_dir: Path
) -> None:
    result = runner.invoke(get_command(), ["metrics", str(sample_dir), "-m", "interactions"])
    assert result.exit_code == 0, result.output
    assert "caution: fewer than" not in result.output
    assert "Showing common metrics" not in result.output  # a metric was named


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_table_uses_the_terminal_width_and_never_cuts_a_header_or_key(
    runner: CliRunner, sample_dir: Path, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustops.metrics import METRICS

    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(get_command(), ["metrics", str(sample_dir), "--by", "area,quarter"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" not in result.output
    for name in ("interactions", "reach_per_1000", "reports_per_1000_residents"):
        for word in METRICS[name].title.split():
            assert word in result.output
    text = (sample_dir / "areas.jsonl").read_text(encoding="utf-8")
    areas = {json.loads(line)["name"] for line in text.splitlines()}
    assert all(area in result.output for area in areas)
    assert "Showing common metrics; --all shows every metric." in result.output


def test_all_n_and_intervals(
    runner: CliRunner, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustops.metrics import METRICS

    monkeypatch.setenv("COLUMNS", "100")
    result = runner.invoke(
        get_command(), ["metrics", str(sample_dir), "--all", "--n", "--intervals"]
    )
    assert result.exit_code == 0, result.output
    assert all(METRICS[name].title in result.output for name in METRIC_NAMES)
    assert " n " in result.output or "n=" in result.output
    assert "95% interval" in result.output or "–" in result.output


def test_json_null_values_are_missing_with_a_reason(runner: CliRunner, sample_dir: Path) -> None:
    """Each missing value says the one cause that applies to it, in JSON and CSV."""
    args = ["metrics", str(sample_dir), "--by", "area", "--period", "quarter"]
    result = runner.invoke(get_command(), [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    first = rows[0]["metrics"]["returning_share"]  # canalside 2025-Q1, 231 reached at full scale
    assert (first["status"], first["reason"]) == (
        "missing",
        "the data do not cover all of the previous period (2024-Q4)",
    )
    assert any(row["metrics"]["returning_share"]["value"] is not None for row in rows)
    for row in rows:
        for record in row["metrics"].values():
            if record["value"] is None:
                assert record["status"] in ("missing", "insufficient")
                assert record["reason"]
                assert ";" not in record["reason"]  # one reason, not the metric's list
    kinds = runner.invoke(
        get_command(), [*args[:2], "--by", "initiative_kind", "--format", "csv"]
    ).stdout
    reach = [row for row in csv.DictReader(io.StringIO(kinds)) if row["metric"] == "reach_per_1000"]
    assert {(row["status"], row["reason"]) for row in reach} == {("missing", "not grouped by area")}
    programme = runner.invoke(
        get_command(), [*args[:2], "--by", "", "--period", "month", "--format", "json"]
    ).stdout
    months = json.loads(programme)["rows"]
    assert all(row["metrics"]["reach_per_1000"]["status"] == "ok" for row in months)


def test_totals_carry_the_programmes_rates(runner: CliRunner, sample_dir: Path) -> None:
    args = ["metrics", str(sample_dir), "--period", "quarter", "--totals", "--format", "json"]
    rows = json.loads(runner.invoke(get_command(), args).stdout)["rows"]
    (programme,) = [row for row in rows if row["total_of"] == ["area", "period"]]
    text = (sample_dir / "areas.jsonl").read_text(encoding="utf-8")
    population = sum(json.loads(line)["population"] for line in text.splitlines())
    reached = programme["metrics"]["residents_reached"]["value"]
    reach = programme["metrics"]["reach_per_1000"]
    assert reach["value"] == pytest.approx(reached / population * 1000)
    assert reach["n"] == population
    shown = runner.invoke(get_command(), args[:-2])
    last = shown.stdout[shown.stdout.rindex("(all)") :]
    assert "Reach per 1,000" in last
    assert "—" not in last.split("Small-cell")[0]


def test_grouping_by_kind_and_staff(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(
        get_command(),
        ["metrics", str(sample_dir), "--by", "initiative_kind,staff,quarter", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    keys = json.loads(result.output)["rows"][0]["keys"]
    assert list(keys) == ["initiative_kind", "staff", "period"]
    none_row = runner.invoke(
        get_command(), ["metrics", str(sample_dir), "--by", "initiative", "-m", "interactions"]
    )
    assert "No initiative" in none_row.output
    assert "(none)" not in none_row.output


def test_tables_name_areas_initiatives_and_kinds(runner: CliRunner, sample_dir: Path) -> None:
    """People read names: the report's, in the same words (one label for no initiative)."""
    args = ["metrics", str(sample_dir), "-m", "interactions"]
    by_area = runner.invoke(get_command(), args).stdout
    assert "St Jude's" in by_area
    assert "st-judes" not in by_area
    kinds = runner.invoke(get_command(), [*args, "--by", "initiative_kind", "--totals"]).stdout
    assert "Educational workshop" in kinds
    assert "educational_workshop" not in kinds
    assert "No initiative" in kinds
    assert "(all)" in kinds
    initiatives = runner.invoke(get_command(), [*args, "--by", "initiative"]).stdout
    # a name several initiatives share comes with the id
    assert "Evening foot patrols (riverside-patrol)" in initiatives
    as_json = runner.invoke(get_command(), [*args, "--format", "json"]).stdout
    assert "st-judes" in as_json  # data keeps the ids


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("area,month,week", "more than one period"),
        ("area,area", "'area' is given twice"),
        ("borough", "unknown grouping 'borough'"),
        ("area,period", "name the period itself, with --period (day,"),
        ("area,week --period month", "more than one period (month, week)"),
    ],
)
def test_bad_by(runner: CliRunner, sample_dir: Path, by: str, message: str) -> None:
    by, *more = by.split(" ")
    result = runner.invoke(get_command(), ["metrics", str(sample_dir), "--by", by, *more])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_period_option_equals_the_period_among_the_keys(
    runner: CliRunner, sample_dir: Path
) -> None:
    """--period is the vocabulary of score, effects and report; --by area,month is its
    shorthand."""
    args = ["metrics", str(sample_dir), "--format", "json"]
    option = runner.invoke(get_command(), [*args, "--by", "area", "--period", "month"])
    shorthand = runner.invoke(get_command(), [*args, "--by", "area,month"])
    assert option.exit_code == 0, option.output
    assert option.output == shorthand.output
    assert json.loads(option.output)["period"] == "month"
    alone = runner.invoke(get_command(), [*args, "--by", "", "--period", "quarter"])
    first = json.loads(alone.output)["rows"][0]
    assert first["keys"] == {"period": "2025-Q1"}


def test_bad_metric(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(get_command(), ["metrics", str(sample_dir), "-m", "happiness"])
    assert result.exit_code == 2
    assert "unknown metric 'happiness'" in result.output


def test_rejects_are_noted_and_left_out(runner: CliRunner) -> None:
    result = runner.invoke(
        get_command(),
        ["metrics", "-", "--type", "interactions", "--format", "json"],
        input=LINES + "{bad\n",
    )
    assert result.exit_code == 0
    assert "1 record(s) were rejected" in result.stderr
    assert json.loads(result.stdout)["rows"]


def test_unknown_initiative_is_a_data_error(runner: CliRunner, tmp_path: Path) -> None:
    line = (
        '{"id": "i1", "occurred_at": "2026-03-01T10:00:00Z", "area_id": "a", '
        '"kind": "conversation", "initiator": "staff", "channel": "phone", "initiative_id": "x"}\n'
    )
    result = runner.invoke(
        get_command(),
        ["metrics", "-", "--type", "interactions", "--by", "initiative_kind"],
        input=line,
    )
    assert result.exit_code == 1
    assert "Error:" in result.output
    assert "Traceback" not in result.output


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(get_command(), ["metrics", str(tmp_path / "interactions.jsonl")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.parametrize("engine", ["auto", "reference", "processes", "duckdb"])
def test_every_engine_gives_the_same_output(
    runner: CliRunner, sample_dir: Path, engine: str
) -> None:
    args = ["metrics", str(sample_dir), "--by", "area,month", "--format", "json"]
    expected = runner.invoke(get_command(), [*args, "--engine", "reference"])
    result = runner.invoke(get_command(), [*args, "--engine", engine])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(expected.stdout)


def test_parquet_in_and_out(runner: CliRunner, sample_dir: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from trustops.io import read_jsonl
    from trustops.model import Interaction

    log = list(read_jsonl(sample_dir / "interactions.jsonl", Interaction))
    rows = [
        {"id": i.id, "occurred_at": i.occurred_at, "area_id": i.area_id, "kind": i.kind.value,
         "initiator": i.initiator.value, "channel": i.channel.value,
         "resident_id": i.resident_id, "staff_id": i.staff_id,
         "outcome": i.outcome and i.outcome.value,
         "attendance": i.attendance and i.attendance.value}
        for i in log
    ]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "interactions.parquet")
    out = tmp_path / "metrics.parquet"
    args = ["--by", "area", "--format", "parquet", "--out", str(out)]
    result = runner.invoke(
        get_command(),
        ["metrics", str(tmp_path / "interactions.parquet"), str(sample_dir / "areas.jsonl"), *args],
    )
    assert result.exit_code == 0, result.output
    written = pq.read_table(out)
    csv_out = tmp_path / "metrics.csv"
    runner.invoke(
        get_command(),
        ["metrics", str(sample_dir), "--by", "area", "--format", "csv", "--out", str(csv_out)],
    )
    expected = pacsv.read_csv(csv_out)
    assert written.column_names == expected.column_names
    assert written.num_rows == expected.num_rows
    assert written.column("metric").to_pylist() == expected.column("metric").to_pylist()
    result = runner.invoke(get_command(), ["metrics", str(sample_dir), "--format", "parquet"])
    assert result.exit_code == 2
    assert "give --out" in result.output


def _status(text: str) -> CellStatus:
    return CellStatus.OK if text == "missing" else CellStatus(text)  # missing: no data


def _rows_from_csv(text: str, dims: list[str]) -> list[PublishedRow]:
    """Rebuild the published table from the long CSV, as a reader of the file would."""
    grouped: dict[tuple[str, ...], dict[str, Cell]] = {}
    totals: dict[tuple[str, ...], list[str]] = {}
    for record in csv.DictReader(io.StringIO(text)):
        key = tuple(record[d] for d in dims)
        totals[key] = (record.get("total_of") or "").split(",")
        low, high = record["low"], record["high"]
        grouped.setdefault(key, {})[record["metric"]] = Cell(
            value=float(record["value"]) if record["value"] else None,
            n=float(record["n"]) if record["n"] else None,
            interval=Interval(float(low), float(high)) if low else None,
            status=_status(record["status"]),
            reason=record["reason"] or None,
            perturbed=record["suppression"] == "on, counts perturbed",
        )
    return [
        PublishedRow(
            {d: ALL if d in totals[key] else value for d, value in zip(dims, key, strict=True)},
            cells,
        )
        for key, cells in grouped.items()
    ]


def _rows_from_json(text: str) -> list[PublishedRow]:
    rows = []
    for row in json.loads(text)["rows"]:
        keys = {k: ALL if k in row.get("total_of", ()) else v for k, v in row["keys"].items()}
        cells = {}
        for name, cell in row["metrics"].items():
            low, high = cell["low"], cell["high"]
            cells[name] = Cell(
                value=cell["value"],
                n=cell["n"],
                interval=None if low is None else Interval(low, high),
                status=_status(cell["status"]),
                reason=cell["reason"],
                perturbed=cell["perturbed"],
            )
        rows.append(PublishedRow(keys, cells))
    return rows


def _withheld_in_table(text: str, keys: int) -> list[list[bool]]:
    """Which cells of the terminal table (wide layout) say "withheld", row by row."""
    lines = [line for line in text.splitlines() if line.startswith("│")]
    cells = [[part.strip() for part in line.strip("│").split("│")] for line in lines]
    return [[cell.startswith("withheld") for cell in row[keys:]] for row in cells]


@pytest.mark.parametrize(
    ("by", "totals"),
    [("area,staff,week", True), ("area,month", False), ("area,month", True),
     ("initiative_kind,quarter", True)],
)  # fmt: skip
def test_every_published_format_passes_the_disclosure_audit(
    runner: CliRunner, sample_dir: Path, tmp_path: Path, by: str, totals: bool
) -> None:
    import pyarrow.parquet as pq

    args = ["metrics", str(sample_dir), "--by", by, *(["--totals"] if totals else [])]
    dims = [d for d in by.split(",") if d not in ("day", "week", "month", "quarter", "year")]
    dims += ["period"] if len(dims) < len(by.split(",")) else []
    as_csv = runner.invoke(get_command(), [*args, "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    from_csv = _rows_from_csv(as_csv.stdout, dims)
    assert audit_table(from_csv, METRIC_MEASURES.values(), DEFAULT_POLICY) == ()
    as_json = runner.invoke(get_command(), [*args, "--format", "json"])
    from_json = _rows_from_json(as_json.stdout)
    assert audit_table(from_json, METRIC_MEASURES.values(), DEFAULT_POLICY) == ()
    assert len(from_json) == len(from_csv)
    out = tmp_path / "m.parquet"
    as_parquet = runner.invoke(get_command(), [*args, "--format", "parquet", "--out", str(out)])
    assert as_parquet.exit_code == 0, as_parquet.output
    records = pq.read_table(out).to_pylist()
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(records[0]))
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
    from_parquet = _rows_from_csv(text.getvalue(), dims)
    assert audit_table(from_parquet, METRIC_MEASURES.values(), DEFAULT_POLICY) == ()
    assert [r.keys for r in from_parquet] == [r.keys for r in from_csv]
    statuses = {cell.status for row in from_json for cell in row.cells.values()}
    assert CellStatus.INSUFFICIENT in statuses
    # total rows join the table only when asked for; counts are perturbed, so nothing
    # needs complementary suppression
    assert any(ALL in row.keys.values() for row in from_json) is totals
    assert CellStatus.COMPLEMENTARY not in statuses
    if totals:
        assert dict.fromkeys(dims, ALL) in [dict(row.keys) for row in from_json]
    # staff are not the protected population: their figures are never withheld
    assert all(not row.cells["active_staff"].withheld for row in from_json)
    assert all(not row.cells["interactions_per_staff"].withheld for row in from_json)
    # counts of people and of their reports are perturbed: 1 to 4 is never published
    for row in from_json:
        for name in ("residents_reached", "reports"):
            assert row.cells[name].value not in {1, 2, 3, 4}
    # the terminal table withholds exactly the cells JSON withholds
    table = runner.invoke(get_command(), [*args, "--all"], env={"COLUMNS": "2000"})
    assert table.exit_code == 0
    shown = _withheld_in_table(table.stdout, len(dims))
    assert shown == [[cell.withheld for cell in row.cells.values()] for row in from_json]


def test_csv_escaping_is_lossless_for_areas_that_differ_by_an_apostrophe(
    runner: CliRunner,
) -> None:
    lines = "".join(
        json.dumps(
            {
                "id": f"i{area}{k}",
                "occurred_at": "2026-03-02T10:00:00Z",
                "area_id": area,
                "kind": "conversation",
                "initiator": "staff",
                "channel": "phone",
            }
        )
        + "\n"
        for area in ("=x", "'=x")
        for k in range(2)
    )
    result = runner.invoke(
        get_command(),
        ["metrics", "-", "--type", "interactions", "--format", "csv", "-m", "interactions"],
        input=lines,
    )
    assert result.exit_code == 0, result.output
    areas = [row["area"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert sorted(areas) == ["''=x", "'=x"]


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_nothing_accepted_is_an_error_not_an_empty_table(runner: CliRunner, fmt: str) -> None:
    broken = LINES.replace('"kind": "conversation"', '"kind": "chat"')
    result = runner.invoke(
        get_command(), ["metrics", "-", "--type", "interactions", "--format", fmt], input=broken
    )
    assert result.exit_code == 1
    assert "no interaction was accepted (15 rejected): nothing to compute" in result.output


def test_a_repeated_id_across_files_is_counted_once_and_said(
    runner: CliRunner, tmp_path: Path
) -> None:
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first.write_text(LINES, encoding="utf-8")
    # the second file repeats i0..i4 (other residents) and adds i15
    again = [json.loads(line) for line in LINES.splitlines()[:5]]
    extra = {**again[0], "id": "i15", "resident_id": "r15"}
    second.write_text(
        "".join(json.dumps({**r, "resident_id": "other"}) + "\n" for r in [*again, extra]),
        encoding="utf-8",
    )
    args = ["metrics", str(first), str(second), "--type", "interactions", "--by", "",
            "--format", "json", "--no-suppression"]  # fmt: skip
    result = runner.invoke(get_command(), args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    metrics = data["rows"][0]["metrics"]
    assert metrics["interactions"]["value"] == 16
    assert metrics["residents_reached"]["value"] == 16  # "other" never counted
    assert data["duplicates_left_out"] == 5
    assert "5 interaction(s) repeat an id already counted and were left out" in result.stderr
    within = runner.invoke(
        get_command(),
        [
            "metrics",
            "-",
            "--type",
            "interactions",
            "--by",
            "",
            "--format",
            "json",
            "--no-suppression",
        ],
        input=LINES + LINES.splitlines(keepends=True)[3],
    )
    assert within.exit_code == 0, within.output
    assert json.loads(within.stdout)["rows"][0]["metrics"]["interactions"]["value"] == 15
    assert "1 interaction(s) repeat an id" in within.stderr


def test_totals_add_rows_over_all_periods_then_fewer_keys(
    runner: CliRunner, sample_dir: Path
) -> None:
    args = ["metrics", str(sample_dir), "--by", "area,month", "--totals", "--format", "json"]
    result = runner.invoke(get_command(), [*args, "-m", "interactions,reports"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    areas = {row["keys"]["area"] for row in rows if not row["total_of"]}
    over_months = [row for row in rows if row["total_of"] == ["period"]]
    assert {row["keys"]["area"] for row in over_months} == areas
    assert all(row["keys"]["period"] == "(all)" for row in over_months)
    (programme,) = [row for row in rows if row["total_of"] == ["area", "period"]]
    assert programme["keys"] == {"area": "(all)", "period": "(all)"}
    months = [row for row in rows if not row["total_of"]]
    # counts are perturbed, totals as cells in their own right: they need not add up, but
    # each cell is within 2 of its true count from 7 up
    total = sum(row["metrics"]["interactions"]["value"] for row in months)
    assert abs(programme["metrics"]["interactions"]["value"] - total) <= 2 * (len(months) + 1)
    assert all(
        row["metrics"]["reports"]["value"] not in {1, 2, 3, 4}
        and row["metrics"]["reports"]["perturbed"]
        for row in rows
    )
    assert "totals need not add up" in json.loads(result.stdout)["note"]
    plain = runner.invoke(get_command(), [*args[:-3], "--format", "json"])
    assert all("total_of" not in row for row in json.loads(plain.stdout)["rows"])


@pytest.mark.parametrize("engine", ["auto", "reference", "duckdb"])
@pytest.mark.parametrize("content", [b"", b"PAR1 not Parquet"])
def test_a_parquet_file_that_cannot_be_read_is_named(
    runner: CliRunner, tmp_path: Path, engine: str, content: bytes
) -> None:
    path = tmp_path / "interactions.parquet"
    path.write_bytes(content)
    result = runner.invoke(get_command(), ["metrics", str(path), "--engine", engine])
    assert result.exit_code == 2, result.output
    assert f"Error: {str(path)!r}: " in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("engine", ["processes", "duckdb", "spark"])
def test_an_engine_that_reads_files_is_refused_standard_input(
    runner: CliRunner, sample_dir: Path, engine: str
) -> None:
    args = ["--engine", engine, "--type", "interactions"]
    for files in (["-"], ["-", str(sample_dir / "interactions.jsonl")]):
        result = runner.invoke(get_command(), ["metrics", *files, *args], input=LINES)
        assert result.exit_code == 2, result.output
        assert f"the {engine} engine reads one interactions file" in result.output
        assert "generator" not in result.output


@pytest.mark.parametrize("name", ["interactions.parquet", "interactions.csv"])
def test_the_processes_engine_refuses_what_it_cannot_read(
    runner: CliRunner, sample_dir: Path, tmp_path: Path, name: str
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from trustops.io import read_jsonl, write_csv
    from trustops.model import Interaction

    source = sample_dir / "interactions.jsonl"
    path = tmp_path / name
    if name.endswith(".csv"):
        write_csv(read_jsonl(source, Interaction), path)
    else:
        lines = source.read_text().splitlines()
        pq.write_table(pa.Table.from_pylist([json.loads(line) for line in lines]), path)
    result = runner.invoke(get_command(), ["metrics", str(path), "--engine", "processes"])
    assert result.exit_code == 1, result.output
    assert f"the processes engine cannot read {str(path)!r}; the reference or the duckdb" in (
        result.output
    )


def test_the_privacy_key_keys_the_noise_and_its_absence_is_said(
    runner: CliRunner, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["metrics", str(sample_dir), "--by", "area,month", "--format", "csv", "-m", "reports"]
    mine = runner.invoke(get_command(), args)
    monkeypatch.setenv("TRUSTOPS_PRIVACY_KEY", "another secret")
    other = runner.invoke(get_command(), args)
    assert mine.stdout != other.stdout  # another key, other noise
    assert "privacy key" not in mine.stderr
    monkeypatch.delenv("TRUSTOPS_PRIVACY_KEY")
    default = runner.invoke(get_command(), args)
    assert default.exit_code == 0
    assert "TRUSTOPS_PRIVACY_KEY is not set" in default.stderr
    raw = runner.invoke(get_command(), [*args, "--no-suppression"])
    assert "TRUSTOPS_PRIVACY_KEY" not in raw.stderr


def test_the_table_says_why_each_dash(runner: CliRunner, sample_dir: Path) -> None:
    args = ["metrics", str(sample_dir), "--by", "initiative_kind"]
    shown = runner.invoke(get_command(), args).stdout
    assert "— Reach per 1,000 residents: not grouped by area." in shown
    every = runner.invoke(get_command(), [*args, "--all", "--period", "month"]).stdout
    notes = [line for line in every.splitlines() if line.startswith("— ")]
    assert 1 < len(notes) <= 6
    assert notes[-1].startswith("— and ")
    assert notes[-1].endswith("more reasons (--format json).")


def test_the_spark_engine_starts_a_local_session(
    runner: CliRunner, sample_dir: Path, spark: object
) -> None:
    args = ["metrics", str(sample_dir), "--by", "area,month", "--format", "json"]
    raw = [*args, "--no-suppression"]
    expected = runner.invoke(get_command(), [*raw, "--engine", "reference"])
    result = runner.invoke(get_command(), [*raw, "--engine", "spark"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(expected.stdout)
    # Spark sums the records' cell keys: its published table is duckdb's, noise and all
    published = runner.invoke(get_command(), [*args, "--engine", "duckdb", "--totals"])
    result = runner.invoke(get_command(), [*args, "--engine", "spark", "--totals"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(published.stdout)
    assert json.loads(result.stdout) != json.loads(expected.stdout)


def test_the_spark_engine_says_what_it_lacks(
    runner: CliRunner, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["metrics", str(sample_dir), "--engine", "spark", "--no-suppression"]
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))  # no bin/java there
    result = runner.invoke(get_command(), args)
    assert result.exit_code == 2, result.output
    assert "--engine spark: the Spark engine needs a Java runtime 17 or newer" in result.output
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    result = runner.invoke(get_command(), args)
    assert result.exit_code == 2, result.output
    assert "pip install 'trustops[spark]'" in result.output
