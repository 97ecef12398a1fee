"""trustops sample."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from trustops.cli import get_command
from trustops.io import read_dataset
from trustops.sample import bundled, generate


def test_writes_the_sample(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = runner.invoke(get_command(), ["sample", str(out), "--scale", "0.05", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert (out / "interactions.jsonl").is_file()
    assert "interactions" in result.output
    loaded = read_dataset(out)
    assert loaded.clean
    assert loaded.dataset == generate(seed=3, scale=0.05)


def test_quiet_prints_nothing(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(get_command(), ["-q", "sample", str(tmp_path / "d"), "--scale", "0.02"])
    assert result.exit_code == 0
    assert result.output == ""


def test_bad_scale_and_unwritable_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(get_command(), ["sample", str(tmp_path), "--scale", "0"])
    assert result.exit_code == 2
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(get_command(), ["sample", str(blocker / "sub"), "--scale", "0.02"])
    assert result.exit_code == 2
    assert "cannot write to" in result.output
    assert "Traceback" not in result.output


def test_by_default_writes_the_bundled_programme(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = runner.invoke(get_command(), ["sample", str(out)])
    assert result.exit_code == 0, result.output
    loaded = read_dataset(out)
    assert loaded.clean
    assert loaded.dataset == bundled()
