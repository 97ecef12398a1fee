"""The README starts with the two commands CI runs, verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", text, re.S)
    assert block is not None, "the README starts with a code block of commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_begins_with_exactly_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = text.index("```")
    assert text[:first_block].count("\n") <= 3, "the commands come first"
    assert len(readme_commands()) == 2


def test_ci_runs_both_readme_commands_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in readme_commands():
        assert command in ci, f".ci/run does not run the README command: {command}"


def test_the_test_command_runs_the_check_script_and_the_main_job_makes_a_report() -> None:
    main_job, tests = readme_commands()
    assert tests.endswith("scripts/check.py")
    assert "trustops report" in main_job


def test_a_first_look_runs_where_the_sample_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from click.testing import CliRunner

    from trustops.cli import get_command

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    look = text[text.index("## A first look") :]
    assert ".venv/bin/trustops sample data/" in look.split("```python")[0]
    code = re.search(r"```python\n(.*?)```", look, re.S)
    assert code is not None
    monkeypatch.chdir(tmp_path)
    written = CliRunner().invoke(get_command(), ["sample", "data/"])
    assert written.exit_code == 0, written.output
    exec(compile(code.group(1), "README.md", "exec"), {})
    assert "'period': '2025-12'}" in capsys.readouterr().out
