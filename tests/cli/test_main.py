"""The entry point: help, version, and a clear message without the cli extra."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from trustops import MissingExtraError
from trustops.cli import get_command, main


def test_help_lists_commands_and_examples(runner: CliRunner) -> None:
    result = runner.invoke(get_command(), ["--help"])
    assert result.exit_code == 0
    for command in ("sample", "validate", "metrics", "score", "report", "schema"):
        assert command in result.output
    assert "trustops report --out report.html" in result.output
    assert "Exit status: 0 success" in result.output


@pytest.mark.parametrize("command", ["sample", "validate", "metrics", "score", "report", "schema"])
def test_every_command_has_help_with_examples(runner: CliRunner, command: str) -> None:
    result = runner.invoke(get_command(), [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(get_command(), ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("trustops, version ")


def test_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(get_command(), ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.output


@pytest.mark.parametrize("package", ["click", "rich"])
def test_missing_extra(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    monkeypatch.setitem(sys.modules, package, None)
    with pytest.raises(MissingExtraError, match=r"pip install 'trustops\[cli\]'"):
        get_command()
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert "trustops: the trustops command needs" in str(caught.value.code)
    assert "trustops[cli]" in str(caught.value.code)


def test_main_runs_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["schema", "partners"])
    assert caught.value.code == 0
    assert '"title": "Partner"' in capsys.readouterr().out


def test_ctrl_c_exits_with_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import click

    @click.command()
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("trustops.cli._main.get_command", lambda: interrupted)
    with pytest.raises(SystemExit) as done:
        main([])
    assert done.value.code == 130
    assert "Interrupted." in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "status"),
    [(["--version"], 0), (["schema", "--no-such-option"], 2), (["validate", "missing.jsonl"], 2)],
)
def test_main_exits_with_the_commands_status(args: list[str], status: int) -> None:
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == status


def test_ctrl_c_before_the_command_runs_exits_with_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def importing() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("trustops.cli._main.get_command", importing)
    with pytest.raises(SystemExit) as done:
        main(["metrics", "x"])
    assert done.value.code == 130
    assert capsys.readouterr().err == "\nInterrupted.\n"


def test_ctrl_c_while_duckdb_counts_exits_with_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from trustops.engines import _duckdb

    def interrupted(self: object, source: object) -> None:
        raise RuntimeError("Query interrupted")  # what DuckDB raises on SIGINT

    monkeypatch.setattr(_duckdb._Count, "run", interrupted)
    path = tmp_path / "interactions.jsonl"
    path.write_text("\n")
    with pytest.raises(SystemExit) as done:
        main(["-q", "metrics", str(path), "--engine", "duckdb"])
    assert done.value.code == 130
    assert capsys.readouterr().err.strip() == "Interrupted."
