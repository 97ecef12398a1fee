"""trustops schema."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from trustops.cli import get_command
from trustops.io import RECORD_TYPES, json_schema


def test_one_kind(runner: CliRunner) -> None:
    result = runner.invoke(get_command(), ["schema", "interactions"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json_schema("interactions")


def test_class_name(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(get_command(), ["schema", "Interaction", "--out", str(out)])
    assert result.exit_code == 0
    assert result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Interaction"


def test_every_kind(runner: CliRunner) -> None:
    result = runner.invoke(get_command(), ["schema"])
    assert result.exit_code == 0
    assert list(json.loads(result.output)) == list(RECORD_TYPES)


def test_unknown_kind(runner: CliRunner) -> None:
    result = runner.invoke(get_command(), ["schema", "widgets"])
    assert result.exit_code == 2
    assert "unknown record kind 'widgets'" in result.output
    assert "Traceback" not in result.output
