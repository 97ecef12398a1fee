"""Tests of the options and arguments the commands share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner

from trustops.cli._options import (
    files_argument,
    format_option,
    model_option,
    out_option,
    pass_ui,
    period_option,
    suppression_option,
    type_option,
)
from trustops.cli._ui import Ui
from trustops.io import RECORD_TYPES


@click.command()
@files_argument(required=False)
@type_option()
@format_option()
@out_option()
@suppression_option()
@model_option()
@period_option("Bucket by this period.")
@pass_ui
def probe(ui: Ui, **options: Any) -> None:
    assert isinstance(ui, Ui)
    click.echo(repr(sorted(options.items())))


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(probe, list(args))


def test_defaults(runner: CliRunner) -> None:
    result = run(runner)
    assert result.exit_code == 0, result.output
    assert eval(result.output) == [
        ("files", ()),
        ("fmt", "table"),
        ("kind", None),
        ("model_path", None),
        ("no_suppression", False),
        ("out", "-"),
        ("period", "quarter"),
    ]


def test_every_option_takes_its_values(runner: CliRunner, tmp_path: Path) -> None:
    model = tmp_path / "model.toml"
    model.write_text("", encoding="utf-8")
    result = run(
        runner,
        "-",
        str(tmp_path),
        "--type",
        "interactions",
        "--format",
        "json",
        "-o",
        str(tmp_path / "out.json"),
        "--no-suppression",
        "--model",
        str(model),
        "--period",
        "month",
    )
    assert result.exit_code == 0, result.output
    options = dict(eval(result.output))
    assert options["files"] == ("-", str(tmp_path))
    assert (options["kind"], options["fmt"], options["period"]) == ("interactions", "json", "month")
    assert options["no_suppression"] is True
    assert options["model_path"] == str(model)


def test_record_kinds_are_the_io_record_types(runner: CliRunner) -> None:
    for kind in RECORD_TYPES:
        assert run(runner, "--type", kind).exit_code == 0
    result = run(runner, "--type", "interaction")
    assert result.exit_code == 2
    assert "'interaction' is not one of" in result.output


def test_bad_values_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, "--format", "xml").exit_code == 2
    assert run(runner, "--period", "fortnight").exit_code == 2
    assert run(runner, str(tmp_path / "missing.jsonl")).exit_code == 2
    assert run(runner, "--model", str(tmp_path / "missing.toml")).exit_code == 2
    assert run(runner, "--model", str(tmp_path)).exit_code == 2  # a folder is not a model
    assert run(runner, "--out", str(tmp_path)).exit_code == 2  # nor an output file


def test_files_can_be_required(runner: CliRunner) -> None:
    @click.command()
    @files_argument()
    def needs(files: tuple[str, ...]) -> None:
        click.echo(len(files))

    result = runner.invoke(needs, [])
    assert result.exit_code == 2
    assert "Missing argument 'FILES...'" in result.output
