"""Reading FILES: progress on a terminal, merged kinds, scoring-model files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from trustops.cli import get_command
from trustops.cli._errors import InputError
from trustops.cli._inputs import bundled_sample, load, load_model
from trustops.cli._ui import Ui, clean_json, dump_json
from trustops.io import read_dataset
from trustops.sample import generate

from ..conftest import ParquetWriter


def test_progress_shows_on_a_terminal(sample_dir: Path) -> None:
    screen = io.StringIO()
    ui = Ui(console=Console(file=screen, force_terminal=True, width=100))
    loaded = load([str(sample_dir)], kind=None, ui=ui)
    assert len(loaded.dataset.interactions) > 1000
    assert "Reading" in screen.getvalue()


def test_quiet_or_not_a_terminal_shows_nothing(sample_dir: Path) -> None:
    for ui in (
        Ui(quiet=True, console=Console(file=io.StringIO(), force_terminal=True)),
        Ui(console=Console(file=io.StringIO(), force_terminal=False)),
    ):
        load([str(sample_dir / "areas.jsonl")], kind=None, ui=ui)
        assert ui.console.file.getvalue() == ""  # type: ignore[attr-defined]


def test_files_of_one_kind_are_merged(sample_dir: Path) -> None:
    file = str(sample_dir / "areas.jsonl")
    loaded = load([file, file], kind=None, ui=Ui(quiet=True))
    areas = len(generate(scale=0.1).areas)
    assert len(loaded.dataset.areas) == 2 * areas
    assert len(loaded.dataset.problems()) == areas  # every id twice
    assert loaded.accepted == 2 * areas
    assert loaded.blank == 0


def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    dangling = tmp_path / "areas.jsonl"
    dangling.symlink_to(tmp_path / "gone.jsonl")
    with pytest.raises(InputError, match="cannot open"):
        load([str(dangling)], kind=None, ui=Ui(quiet=True))


def test_load_model() -> None:
    assert load_model(None) is None
    with pytest.raises(InputError, match="cannot read the scoring model"):
        load_model("/nonexistent/model.toml")


def test_bundled_sample_is_the_shipped_sample() -> None:
    assert bundled_sample().programmes == generate().programmes


def test_clean_json() -> None:
    assert clean_json({"a": [1.0, float("inf"), (float("nan"),)], 2: "x"}) == {
        "a": [1.0, None, [None]],
        "2": "x",
    }
    assert dump_json({"x": float("-inf")}) == '{\n  "x": null\n}\n'


def test_an_empty_folder_is_an_error_for_every_command(runner: CliRunner, tmp_path: Path) -> None:
    for command in ("validate", "metrics", "score", "report"):
        result = runner.invoke(get_command(), [command, str(tmp_path)])
        assert result.exit_code == 1, (command, result.output)
        assert "holds no record files" in result.output


def test_misnamed_files_are_named_with_the_name_meant(runner: CliRunner, tmp_path: Path) -> None:
    area = '{"id": "a", "name": "A", "timezone": "UTC", "population": 10}\n'
    (tmp_path / "areas.jsonl").write_text(area, encoding="utf-8")
    for name in ("Areas.jsonl", "interaction.jsonl", "programmes.JSONL", "partner.jsonl.gz"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    result = runner.invoke(get_command(), ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for expected in (
        "Areas.jsonl (not a record kind's name: did you mean areas.jsonl?)",
        "interaction.jsonl (not a record kind's name: did you mean interactions.jsonl?)",
        "programmes.JSONL (not a record kind's name: did you mean programmes.jsonl?)",
        "partner.jsonl.gz (not a record kind's name: did you mean partners.jsonl.gz?)",
        "gone.jsonl (a link that leads nowhere)",
    ):
        assert expected in " ".join(result.stderr.split())  # notes fill the terminal's width


def test_metrics_without_areas_says_periods_are_in_utc(runner: CliRunner) -> None:
    line = (
        '{"id": "i1", "occurred_at": "2026-03-01T10:00:00Z", "area_id": "a", '
        '"kind": "conversation", "initiator": "staff", "channel": "phone"}\n'
    )
    result = runner.invoke(get_command(), ["metrics", "-", "--type", "interactions"], input=line)
    assert result.exit_code == 0
    assert "no areas were given" in result.stderr


@pytest.mark.parametrize("command", ["metrics", "validate"])
def test_type_names_standard_input_and_files_keep_their_kinds(
    runner: CliRunner, tmp_path: Path, command: str
) -> None:
    # 23:30 UTC on 31 March is April in Tokyo: the areas file must be read as areas.
    areas = tmp_path / "areas.jsonl"
    areas.write_text(
        '{"id": "a", "name": "A", "timezone": "Asia/Tokyo", "population": 1000}\n',
        encoding="utf-8",
    )
    line = (
        '{"id": "i1", "occurred_at": "2026-03-31T23:30:00Z", "area_id": "a", '
        '"kind": "conversation", "initiator": "staff", "channel": "phone"}\n'
    )
    args = [command, "-", str(areas), "--type", "interactions"]
    if command == "metrics":
        args += ["--by", "area,month", "--format", "csv", "--no-suppression"]
    result = runner.invoke(get_command(), args, input=line)
    assert result.exit_code == 0, result.output
    if command == "validate":
        assert "2 record(s) accepted, 0 rejected" in result.output
    else:
        assert "no areas were given" not in result.stderr
        assert ",2026-04," in result.stdout


def test_repeated_interaction_ids_are_noted_by_every_command_that_computes(
    runner: CliRunner, tmp_path: Path
) -> None:
    from trustops.io import write_dataset

    sample = generate(scale=0.05)
    write_dataset(sample, tmp_path)
    again = tmp_path / "more" / "interactions.jsonl"
    again.parent.mkdir()
    lines = (tmp_path / "interactions.jsonl").read_text(encoding="utf-8").splitlines(True)
    again.write_text("".join(lines[:7]), encoding="utf-8")
    for command in ("metrics", "score", "report", "effects"):
        args = [command, str(tmp_path), str(again)]
        if command == "report":
            args += ["--out", str(tmp_path / "r.html")]
        result = runner.invoke(get_command(), args)
        assert result.exit_code in (0, 1), (command, result.output)
        assert "7 interaction(s) repeat an id already counted" in result.stderr, command
    assert runner.invoke(get_command(), ["validate", str(tmp_path), str(again)]).exit_code == 1


EMPTY_INPUTS = {
    "interactions.jsonl": (b"", ""),
    "interactions.ndjson": (b"\n \n\r\n", " (only 3 blank lines)"),
    "interactions.csv": (b"id,occurred_at,area_id,kind,initiator,channel\n", ""),
    "interactions.json": (b"[]", ""),
}


@pytest.mark.parametrize("command", ["validate", "metrics", "score", "effects", "report"])
@pytest.mark.parametrize("name", [*EMPTY_INPUTS, "interactions.parquet", "-"])
def test_an_empty_input_is_the_same_error_in_every_command(
    runner: CliRunner, sample_dir: Path, tmp_path: Path, command: str, name: str
) -> None:
    areas = str(sample_dir / "areas.jsonl")
    out = ["--out", str(tmp_path / "out")] if command != "validate" else []
    if name == "-":
        args, given, said, blank = (
            ["-", areas, "--type", "interactions"],
            "\n",
            "standard input",
            " (only 1 blank line)",
        )
    else:
        path = tmp_path / name
        if name.endswith(".parquet"):
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.table({"id": pa.array([], pa.string())}), path)
            blank = ""
        else:
            content, blank = EMPTY_INPUTS[name]
            path.write_bytes(content)
        args, given, said = [str(path), areas], None, repr(str(path))
    result = runner.invoke(get_command(), [command, *args, *out], input=given)
    assert result.exit_code == 1, result.output
    assert f"Error: {said} holds no records{blank}: an empty input is an error" in result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def lake(
    sample_dir: Path, tmp_path_factory: pytest.TempPathFactory, interactions_parquet: ParquetWriter
) -> list[str]:
    """The sample's files with its interactions as Parquet instead of JSON Lines."""
    folder = tmp_path_factory.mktemp("lake")
    log = read_dataset(sample_dir).dataset.interactions
    parquet = interactions_parquet(log, folder / "interactions.parquet")
    rest = sorted(str(p) for p in sample_dir.iterdir() if p.name != "interactions.jsonl")
    return [str(parquet), *rest]


@pytest.mark.parametrize(
    ("command", "args"),
    [("score", ["--format", "json"]), ("effects", ["--format", "json", "--all"])],
)
def test_score_and_effects_from_parquet_are_those_from_records(
    runner: CliRunner, sample_dir: Path, lake: list[str], command: str, args: list[str]
) -> None:
    records = runner.invoke(get_command(), [command, str(sample_dir), *args])
    assert records.exit_code == 0, records.output
    for engine in ("auto", "duckdb"):
        columnar = runner.invoke(get_command(), [command, *lake, *args, "--engine", engine])
        assert columnar.exit_code == 0, columnar.output
        assert json.loads(columnar.stdout) == json.loads(records.stdout), engine


def test_a_report_from_parquet_is_the_report_from_records(
    runner: CliRunner, sample_dir: Path, lake: list[str], tmp_path: Path
) -> None:
    made = {}
    for name, files in (("records", [str(sample_dir)]), ("lake", lake)):
        html, data = tmp_path / f"{name}.html", tmp_path / f"{name}.json"
        result = runner.invoke(
            get_command(), ["report", *files, "--out", str(html), "--data", str(data)]
        )
        assert result.exit_code == 0, result.output
        made[name] = (html.read_text(encoding="utf-8"), json.loads(data.read_text("utf-8")))
    assert made["lake"] == made["records"]


def test_an_engine_other_than_reference_needs_one_interactions_file(
    runner: CliRunner, sample_dir: Path
) -> None:
    log = str(sample_dir / "interactions.jsonl")
    result = runner.invoke(get_command(), ["score", log, log, "--engine", "duckdb"])
    assert result.exit_code == 2
    assert "reads one interactions file" in result.output


def test_rejects_of_a_counted_source_are_noted(
    runner: CliRunner, sample_dir: Path, tmp_path: Path
) -> None:
    log = tmp_path / "interactions.jsonl"
    log.write_text((sample_dir / "interactions.jsonl").read_text("utf-8") + '{"id": "x"}\n')
    areas = str(sample_dir / "areas.jsonl")
    result = runner.invoke(get_command(), ["score", str(log), areas, "--engine", "duckdb"])
    assert result.exit_code == 0, result.output
    assert "1 interaction(s) were rejected" in result.stderr


def test_a_counted_source_that_cannot_be_read_or_is_empty_is_a_data_error(
    runner: CliRunner, tmp_path: Path, interactions_parquet: ParquetWriter
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    garbage = tmp_path / "bad" / "interactions.parquet"
    garbage.parent.mkdir()
    garbage.write_bytes(b"garbage")
    empty = tmp_path / "interactions.parquet"
    pq.write_table(pa.table({"id": pa.array([], pa.string())}), empty)
    for path, words in ((garbage, "cannot read it"), (empty, "holds no records")):
        result = runner.invoke(get_command(), ["score", str(path), "--engine", "duckdb"])
        assert result.exit_code == 1, result.output
        assert words in result.stderr
