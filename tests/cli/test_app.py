"""Tests of the trustops click group: its commands, help, version and global options."""

from __future__ import annotations

from importlib.metadata import version

from click.testing import CliRunner

from trustops.cli._app import cli
from trustops.cli._ui import Ui


def test_every_command_is_registered() -> None:
    assert set(cli.commands) == {
        "sample",
        "validate",
        "metrics",
        "score",
        "effects",
        "report",
        "schema",
    }


def test_help_shows_examples_and_exit_statuses(runner: CliRunner) -> None:
    for flag in ("-h", "--help"):
        result = runner.invoke(cli, [flag])
        assert result.exit_code == 0
        assert "trustops report --out report.html" in result.output
        assert "Exit status: 0 success, 1 data problems" in result.output


def test_version_is_the_installed_one(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"trustops, version {version('trustops')}\n"


def test_quiet_reaches_the_commands_ui(runner: CliRunner) -> None:
    seen: list[Ui] = []

    @cli.command("probe-ui", hidden=True)
    def probe() -> None:
        import click

        seen.append(click.get_current_context().find_object(Ui))

    try:
        assert runner.invoke(cli, ["-q", "probe-ui"]).exit_code == 0
        assert runner.invoke(cli, ["probe-ui"]).exit_code == 0
    finally:
        del cli.commands["probe-ui"]
    assert [ui.quiet for ui in seen] == [True, False]


def test_an_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.output
