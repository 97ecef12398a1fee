"""trustops effects: formats, outcomes, periods, exit codes and the observational statement."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from trustops.cli import get_command
from trustops.effects import OBSERVATIONAL
from trustops.io import write_dataset
from trustops.sample import generate


@pytest.fixture(scope="module")
def effects_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40% sample programme: enough respondents per area and quarter to publish scores."""
    folder = tmp_path_factory.mktemp("effects")
    write_dataset(generate(scale=0.4), folder)
    return folder


def test_table_shows_overall_effects_with_the_statement(
    runner: CliRunner, effects_dir: Path
) -> None:
    result = runner.invoke(
        get_command(), ["effects", str(effects_dir), "--outcome", "safety_mean_score"]
    )
    assert result.exit_code == 0, result.output
    assert "Visible patrol, after it stops: " in result.output
    assert "observational" in result.output
    assert "Small-cell policy" in result.output


def test_json_holds_every_estimate(runner: CliRunner, effects_dir: Path) -> None:
    result = runner.invoke(
        get_command(),
        [
            "effects",
            str(effects_dir),
            "--outcome",
            "reports_per_1000_residents",
            "--kind",
            "surveillance_measure",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["statement"] == OBSERVATIONAL
    assert data["periods"] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    levels = {row["level"] for row in data["rows"]}
    assert levels == {"group_time", "event_time", "overall"}
    assert {row["kind"] for row in data["rows"]} == {"surveillance_measure"}
    overall = [row for row in data["rows"] if row["level"] == "overall"]
    assert len(overall) == 1
    assert OBSERVATIONAL in overall[0]["statement"]


def test_csv_and_parquet_have_the_same_rows(
    runner: CliRunner, effects_dir: Path, tmp_path: Path
) -> None:
    args = [
        "effects",
        str(effects_dir),
        "--outcome",
        "trust_mean_score",
        "--kind",
        "educational_workshop",
    ]
    as_csv = runner.invoke(get_command(), [*args, "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    target = tmp_path / "effects.parquet"
    as_parquet = runner.invoke(get_command(), [*args, "--format", "parquet", "--out", str(target)])
    assert as_parquet.exit_code == 0, as_parquet.output
    import pyarrow.parquet as pq

    table = pq.read_table(target).to_pylist()
    assert len(table) == len(rows)
    assert [r["level"] for r in table] == [r["level"] for r in rows]
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_monthly_periods(runner: CliRunner, effects_dir: Path) -> None:
    result = runner.invoke(
        get_command(),
        [
            "effects",
            str(effects_dir),
            "--period",
            "month",
            "--outcome",
            "complaints_per_1000",
            "--kind",
            "surveillance_measure",
            "--format",
            "json",
            "--window",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["periods"]) == 12
    assert {row["event_time"] for row in data["rows"] if row["level"] == "event_time"} <= {
        -2,
        -1,
        0,
        1,
        2,
    }


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--outcome", "happiness"], "unknown outcome 'happiness'"),
        (["--window", "9"], "longer than the data"),
        (["--format", "parquet"], "needs a file"),
        (["--kind", "juggling"], "unknown initiative kind"),
    ],
)
def test_usage_errors_exit_2(
    runner: CliRunner, effects_dir: Path, extra: list[str], message: str
) -> None:
    result = runner.invoke(get_command(), ["effects", str(effects_dir), *extra])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_data_errors_exit_1(runner: CliRunner, effects_dir: Path) -> None:
    survey_by_month = runner.invoke(
        get_command(),
        ["effects", str(effects_dir), "--period", "month", "--outcome", "trust_mean_score"],
    )
    assert survey_by_month.exit_code == 1, survey_by_month.output
    assert "coarser period" in survey_by_month.output
    areas_only = runner.invoke(get_command(), ["effects", str(effects_dir / "areas.jsonl")])
    assert areas_only.exit_code == 1, areas_only.output


def test_no_suppression_is_stated(runner: CliRunner, effects_dir: Path) -> None:
    result = runner.invoke(
        get_command(),
        ["effects", str(effects_dir), "--outcome", "trust_mean_score", "--no-suppression"],
    )
    assert result.exit_code == 0, result.output
    assert "Small-cell suppression is OFF" in result.output


def test_parquet_into_a_missing_folder_is_an_input_error(
    runner: CliRunner, effects_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "effects.parquet"
    result = runner.invoke(
        get_command(),
        [
            "effects",
            str(effects_dir),
            "--outcome",
            "reports_per_1000_residents",
            "--format",
            "parquet",
            "--out",
            str(target),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.output
    assert not target.exists()


def test_insufficient_effects_are_hidden_unless_all(runner: CliRunner, effects_dir: Path) -> None:
    """Outreach never stops in the sample: its `stop` rows are placeholders, hidden with a
    note; --all shows them, in every format."""
    args = ["effects", str(effects_dir), "--outcome", "trust_index", "--format", "json"]
    shown = runner.invoke(get_command(), args)
    everything = runner.invoke(get_command(), [*args, "--all"])
    assert shown.exit_code == everything.exit_code == 0, shown.output
    hidden = [
        row
        for row in json.loads(everything.stdout)["rows"]
        if row["level"] == "overall" and "insufficient" in row["flags"]
    ]
    assert ("community_outreach", "stop") in {(row["kind"], row["event"]) for row in hidden}
    rows = json.loads(shown.stdout)["rows"]
    assert rows
    assert not any("insufficient" in row["flags"] for row in rows if row["level"] == "overall")
    assert "community_outreach" not in {row["kind"] for row in rows if row["event"] == "stop"}
    assert f"note: {len(hidden)} effect(s) without enough areas" in shown.stderr
    assert "--all shows them" in " ".join(shown.stderr.split())
    assert "without enough areas" not in everything.stderr
    table = runner.invoke(get_command(), args[:-2])
    assert "Community outreach, after it stops" not in table.stdout
    with_all = runner.invoke(get_command(), [*args[:-2], "--all"])
    assert "Community outreach, after it stops: 0 areas vs 0" in with_all.stdout


def test_only_insufficient_effects_is_a_data_error(runner: CliRunner, effects_dir: Path) -> None:
    args = ["effects", str(effects_dir), "--kind", "community_outreach", "--outcome", "trust_index"]
    result = runner.invoke(get_command(), args)
    assert result.exit_code == 1
    assert "no effect could be estimated" in result.output


def test_without_files_the_bundled_sample(runner: CliRunner) -> None:
    args = ["--outcome", "trust_index", "--kind", "educational_workshop", "--format", "json"]
    result = runner.invoke(get_command(), ["effects", *args])
    assert result.exit_code == 0, result.output
    assert "the bundled sample programme" in result.stderr
    assert json.loads(result.stdout)["rows"]


def test_the_table_fits_80_columns_in_words(
    runner: CliRunner, effects_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(get_command(), ["effects", str(effects_dir)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert "Educational workshop, after it starts: " in result.stdout
    assert "Reports per 1,000" in result.stdout
    assert "pre_trend" not in result.stdout
    assert "-0.00" not in result.stdout


def test_shares_are_shown_in_percentage_points(runner: CliRunner, effects_dir: Path) -> None:
    args = ["effects", str(effects_dir), "--outcome", "positive_share", "--kind"]
    args += ["educational_workshop"]
    rows = json.loads(runner.invoke(get_command(), [*args, "--format", "json"]).stdout)["rows"]
    (overall,) = [row for row in rows if row["level"] == "overall"]
    table = runner.invoke(get_command(), args).stdout
    line = next(line for line in table.splitlines() if "Positive outcome" in line)
    shown = float(line.split("│")[2])
    assert shown == pytest.approx(overall["att"] * 100, abs=0.006)
    assert "percentage points for shares" in " ".join(table.split())


def test_a_stray_early_response_does_not_stretch_the_panel(
    runner: CliRunner, sample_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for file in sample_dir.iterdir():
        (data / file.name).write_bytes(file.read_bytes())
    first = json.loads((data / "responses.jsonl").read_text(encoding="utf-8").splitlines()[0])
    stray = {**first, "id": "stray-1970", "collected_at": "1970-01-01T12:00:00+00:00"}
    with (data / "responses.jsonl").open("a", encoding="utf-8") as responses:
        responses.write(json.dumps(stray) + "\n")
    result = runner.invoke(get_command(), ["effects", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"]
    assert "note: 1 record(s) in 1970-Q1 lie more than a year from the rest" in " ".join(
        result.stderr.split()
    )


def test_the_trust_index_is_that_of_the_model_given(
    runner: CliRunner, effects_dir: Path, tmp_path: Path
) -> None:
    from trustops.effects import TRUST_INDEX
    from trustops.scoring import DEFAULT_MODEL, ScoringModel

    data = DEFAULT_MODEL.to_dict()
    for component in data["components"]:  # the survey's weight moved to the engagement
        component["weight"] = 0.1 if component["name"] == "perceived_trust" else 0.225
    model = ScoringModel.from_dict({**data, "name": "mine"})
    path = tmp_path / "mine.toml"
    path.write_text(model.to_toml(), encoding="utf-8")
    command = ["effects", str(effects_dir), "--outcome", TRUST_INDEX, "--format", "json"]
    mine = runner.invoke(get_command(), [*command, "--model", str(path)])
    default = runner.invoke(get_command(), command)
    assert mine.exit_code == 0, mine.output
    assert default.exit_code == 0, default.output
    found, expected = json.loads(mine.stdout), json.loads(default.stdout)
    assert found["model"] == {
        "name": "mine",
        "version": model.version,
        "fingerprint": model.fingerprint,
    }
    assert expected["model"]["fingerprint"] == DEFAULT_MODEL.fingerprint

    def overall(rows: list[dict[str, object]]) -> dict[object, object]:
        return {
            (row["kind"], row["event"]): row["att"] for row in rows if row["level"] == "overall"
        }

    assert overall(found["rows"]).keys() == overall(expected["rows"]).keys()
    assert overall(found["rows"]) != overall(expected["rows"])
    table = runner.invoke(get_command(), [*command[:4], "--model", str(path)])
    assert table.exit_code == 0, table.output
    assert f"Trust index of the scoring model mine {model.version}." in table.output
    other = runner.invoke(
        get_command(), ["effects", str(effects_dir), "--outcome", "safety_mean_score"]
    )
    assert "scoring model" not in other.output  # no trust index shown, no model named


def test_a_bad_model_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("name = 3\n", encoding="utf-8")
    result = runner.invoke(get_command(), ["effects", "--model", str(bad)])
    assert result.exit_code == 2, result.output
    assert "scoring model" in result.output
