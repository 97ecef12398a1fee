"""trustops score: the index with explanations, survey scores, models, formats."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from trustops.cli import get_command
from trustops.io import read_dataset
from trustops.scoring import DEFAULT_MODEL


def test_json_explains_the_index(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(get_command(), ["score", str(sample_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["model"] == {
        "name": "trustops-default",
        "version": DEFAULT_MODEL.version,
        "fingerprint": DEFAULT_MODEL.fingerprint,
    }
    assert data["period"] == "quarter"
    assert data["instrument"] == "neighbourhood-pulse"
    shown = [r for r in data["trust_index"] if r["index"] is not None]
    assert shown
    for result_ in shown:
        total = math.fsum(c["contribution"] or 0.0 for c in result_["components"])
        assert math.isclose(total, result_["index"], abs_tol=1e-9)
        assert [c["name"] for c in result_["components"]] == [
            c.name for c in DEFAULT_MODEL.components
        ]
    assert data["survey"][0]["rows"]


def test_table_and_csv(runner: CliRunner, sample_dir: Path) -> None:
    table = runner.invoke(get_command(), ["score", str(sample_dir), "--period", "year"])
    assert table.exit_code == 0, table.output
    assert f"Trust index (trustops-default {DEFAULT_MODEL.version})" in table.output
    assert "Survey scores (neighbourhood-pulse" in table.output
    assert f"sha256 {DEFAULT_MODEL.fingerprint}" in table.output
    index_csv = runner.invoke(
        get_command(), ["score", str(sample_dir), "--only", "index", "--format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(index_csv.output)))
    assert rows[0]["model_fingerprint"] == DEFAULT_MODEL.fingerprint
    assert rows[0]["suppression"] == "on"
    survey_csv = runner.invoke(
        get_command(), ["score", str(sample_dir), "--only", "survey", "--format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(survey_csv.output)))
    assert rows[0]["instrument"] == "neighbourhood-pulse"
    only = runner.invoke(
        get_command(), ["score", str(sample_dir), "--only", "survey", "--format", "json"]
    )
    assert "trust_index" not in json.loads(only.output)
    only = runner.invoke(get_command(), ["score", str(sample_dir), "--only", "index"])
    assert "Survey scores" not in only.output


def test_the_programme_row_is_the_population_weighted_index(
    runner: CliRunner, sample_dir: Path
) -> None:
    """The report's headline: one programme-wide index per period, first in every format."""
    result = runner.invoke(get_command(), ["score", str(sample_dir), "--format", "json"])
    data = json.loads(result.stdout)
    periods = sorted({r["period"] for r in data["trust_index"]})
    programme = data["programme_index"]
    assert [r["period"] for r in programme] == periods
    assert {r["area"] for r in programme} == {"(all)"}
    populations = {a.id: a.population for a in read_dataset(sample_dir).dataset.areas}
    for row in programme:
        areas = [
            r
            for r in data["trust_index"]
            if r["period"] == row["period"] and r["index"] is not None
        ]
        weights = [populations[r["area"]] for r in areas]
        expected = math.fsum(w * r["index"] for w, r in zip(weights, areas, strict=True))
        assert math.isclose(row["index"], expected / math.fsum(weights), rel_tol=1e-9)
    index_csv = runner.invoke(
        get_command(), ["score", str(sample_dir), "--only", "index", "--format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(index_csv.stdout)))
    assert [r["area"] for r in rows[: len(periods)]] == ["(all)"] * len(periods)
    table = runner.invoke(get_command(), ["score", str(sample_dir), "--only", "index"])
    first = next(line for line in table.stdout.splitlines() if periods[0] in line)
    assert "All areas" in first
    assert "All areas: the areas' indexes weighted by population." in table.stdout


def test_tables_name_areas(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(get_command(), ["score", str(sample_dir), "--all"])
    assert "St Jude's" in result.stdout
    assert "st-judes" not in result.stdout


def test_csv_needs_only(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(get_command(), ["score", str(sample_dir), "--format", "csv"])
    assert result.exit_code == 2
    assert "--only index or --only survey" in result.output


def test_model_file_toml_and_json(runner: CliRunner, sample_dir: Path, tmp_path: Path) -> None:
    model = DEFAULT_MODEL.from_dict({**DEFAULT_MODEL.to_dict(), "name": "mine"})
    toml_path = tmp_path / "m.toml"
    toml_path.write_text(model.to_toml(), encoding="utf-8")
    json_path = tmp_path / "m.json"
    json_path.write_text(model.to_json(), encoding="utf-8")
    for path in (toml_path, json_path):
        result = runner.invoke(
            get_command(), ["score", str(sample_dir), "--model", str(path), "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["model"]["fingerprint"] == model.fingerprint


def test_bad_model_file_exits_2(runner: CliRunner, sample_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "m.toml"
    bad.write_text('name = "x"\nversion = "1"\nwieght = 2\ncomponents = []\n', encoding="utf-8")
    result = runner.invoke(get_command(), ["score", str(sample_dir), "--model", str(bad)])
    assert result.exit_code == 2
    assert "scoring model" in result.output
    assert "wieght" in result.output
    binary = tmp_path / "b.toml"
    binary.write_bytes(b"\xff\xfe")
    result = runner.invoke(get_command(), ["score", str(sample_dir), "--model", str(binary)])
    assert result.exit_code == 2
    assert "cannot read the scoring model" in result.output


def test_instrument_option(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(
        get_command(), ["score", str(sample_dir), "--instrument", "nope", "--format", "json"]
    )
    assert result.exit_code == 2
    assert "no survey instrument 'nope'" in result.output
    ok = runner.invoke(
        get_command(),
        ["score", str(sample_dir), "--instrument", "neighbourhood-pulse", "--format", "json"],
    )
    assert ok.exit_code == 0


def test_unscorable_data_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "areas.jsonl").write_text(
        '{"id": "a", "name": "A", "timezone": "UTC"}\n', encoding="utf-8"
    )
    (tmp_path / "instruments.jsonl").write_text(
        '{"id": "s", "name": "S", "items": [{"id": "t1", "construct": "trust", "text": "T", '
        '"scale_min": 1, "scale_max": 5}]}\n',
        encoding="utf-8",
    )
    (tmp_path / "responses.jsonl").write_text(
        '{"id": "r", "instrument_id": "s", "area_id": "a", "collected_at": "2026-01-01T00:00:00Z", '
        '"answers": {"t1": 9}}\n{"bad": 1}\n',
        encoding="utf-8",
    )
    result = runner.invoke(get_command(), ["score", str(tmp_path)])
    assert result.exit_code == 1
    assert "response 'r'" in result.output
    assert "1 record(s) were rejected" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("width", [80, 120])
def test_score_table_fits_the_terminal(
    runner: CliRunner, sample_dir: Path, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(get_command(), ["score", str(sample_dir)])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= width
    assert "…" not in result.output
    assert "--all shows each component's contribution." in result.output
    wide = runner.invoke(get_command(), ["score", str(sample_dir), "--all", "--n"])
    assert "Perceived" in wide.output
    assert "eff. n" in wide.output


def test_markup_in_ids_and_model_names_is_shown_as_written(
    runner: CliRunner, sample_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for file in sample_dir.iterdir():
        text = file.read_text(encoding="utf-8").replace('"neighbourhood-pulse"', '"[/]pulse"')
        (data / file.name).write_text(text, encoding="utf-8")
    model = DEFAULT_MODEL.from_dict(
        {**DEFAULT_MODEL.to_dict(), "name": "[/]model [bold]x", "version": "[red]2"}
    )
    path = tmp_path / "m.toml"
    path.write_text(model.to_toml(), encoding="utf-8")
    result = runner.invoke(get_command(), ["score", str(data), "--model", str(path)])
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())
    assert "Trust index ([/]model [bold]x [red]2)" in shown
    assert "Survey scores ([/]pulse, weighting" in shown


def test_diagnostics_in_every_format(runner: CliRunner, sample_dir: Path) -> None:
    base = ["score", str(sample_dir), "--only", "survey", "--diagnostics"]
    document = json.loads(runner.invoke(get_command(), [*base, "--format", "json"]).output)
    records = document["survey"][0]["diagnostics"]
    dataset = read_dataset(sample_dir).dataset
    margins = {area.id: list(area.margins) for area in dataset.areas}
    assert records
    for record in records:
        assert record["variable"] in margins[record["area"]]
        assert (record["n"] is None) == (record["withheld"] is not None)
        assert record["n"] is None or record["n"] >= 10  # no n below 10 is published
    plain = json.loads(
        runner.invoke(get_command(), ["score", str(sample_dir), "--format", "json"]).output
    )
    assert "diagnostics" not in plain["survey"][0]
    table = runner.invoke(get_command(), [*base, "--format", "csv"])
    assert table.exit_code == 0, table.output
    rows = list(csv.DictReader(io.StringIO(table.output)))
    assert [(r["area"], r["variable"]) for r in rows] == [
        (r["area"], r["variable"]) for r in records
    ]
    assert rows[0]["instrument"] == "neighbourhood-pulse"
    assert rows[0]["suppression"] == "on"
    no_only = runner.invoke(
        get_command(), ["score", str(sample_dir), "--diagnostics", "--format", "csv"]
    )
    assert no_only.output == table.output
    wrong = runner.invoke(get_command(), [*base[:2], "--diagnostics", "--only", "index"])
    assert wrong.exit_code == 2
    assert "drop --only index" in wrong.output


@pytest.mark.parametrize("width", [80, 120])
def test_diagnostics_table_fits_the_terminal(
    runner: CliRunner, sample_dir: Path, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(get_command(), ["score", str(sample_dir), "--diagnostics"])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= width
    assert "…" not in result.output
    assert "balance of each margin" in " ".join(result.output.split())
    assert "Raked weights (neighbourhood-pulse; mean 1)" in result.output
    assert "trimmed" not in result.output.split("Raked weights")[1].splitlines()[2]
    assert "ASMD: |weighted sample share" in result.output


def test_diagnostic_tables_show_withheld_and_imbalanced_sets() -> None:
    from trustops.cli._cmd_score import _diagnostic_tables
    from trustops.cli._tables import render
    from trustops.scoring import RakingDiagnostics, RakingDiagnosticsTable, SurveyScoreTable
    from trustops.stats import weight_diagnostics
    from trustops.time import Granularity, Period

    sexes = ["f", "m", "m", "m"] * 5
    untrimmed = [1.5, *[1.0] * 18, 0.5]  # a cap moved 0.5 of the total 20: 2.5%
    found = weight_diagnostics(
        {"sex": sexes}, {"sex": {"f": 0.5, "m": 0.5}}, [1.0] * 20, [1.0] * 20, untrimmed=untrimmed
    )
    quarter = Period.containing(pendulum.date(2026, 2, 1), Granularity.QUARTER)
    rows = (
        RakingDiagnostics(
            area="a", period=quarter, variables=("sex",), n=20, weights=found,
            flags=("caution", "imbalanced"),
        ),
        RakingDiagnostics(
            area="b", period=None, variables=("sex", "age"), n=7, weights=None,
            flags=("insufficient",), withheld="withheld: fewer than 10",
        ),
    )  # fmt: skip
    table = SurveyScoreTable(
        instrument_id="pulse",
        rows=(),
        by=("area",),
        period=None,
        weighting="raked",
        diagnostics=RakingDiagnosticsTable(rows=rows),
    )
    text = render(_diagnostic_tables(table, {"a": "Alpha"}), [], 80)
    assert "Alpha 2026-Q1" in text
    assert "caution, imbalanced" in text
    assert "trimmed" in text
    assert "2.5%" in text
    assert text.count("withheld") == 5  # two margins × before and after, and the weights row
    assert " 7 " not in text
    empty = SurveyScoreTable(instrument_id="p", rows=(), by=(), period=None, weighting="none")
    assert _diagnostic_tables(empty, {}) == []


def test_survey_respondent_counts_are_perturbed(runner: CliRunner, sample_dir: Path) -> None:
    args = ["score", str(sample_dir), "--only", "survey", "--format", "json"]
    shown = json.loads(runner.invoke(get_command(), args).stdout)["survey"]
    raw = json.loads(runner.invoke(get_command(), [*args, "--no-suppression"]).stdout)["survey"]
    pairs = [
        (mine["n"], exact["n"])
        for table, exact_table in zip(shown, raw, strict=True)
        for mine, exact in zip(table["rows"], exact_table["rows"], strict=True)
        if mine["n"] is not None
    ]
    assert pairs
    assert all(n >= 10 and abs(n - true) <= 2 for n, true in pairs)
    assert any(n != true for n, true in pairs)
