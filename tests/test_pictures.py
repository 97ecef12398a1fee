"""The README's and the docs' pictures of the report show what the README's command writes:
the headline figures the picture script recorded beside them equal a fresh report's."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "docs" / "_static"


def _script() -> object:
    spec = importlib.util.spec_from_file_location(
        "report_pictures", ROOT / "scripts" / "report_pictures.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("report_pictures", module)
    spec.loader.exec_module(module)
    return module


def test_the_pictures_show_the_figures_the_readme_command_writes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from trustops.cli import get_command

    script = _script()
    recorded = json.loads((STATIC / "report-headline.json").read_text(encoding="utf-8"))
    figures = tmp_path / "figures.json"
    command = list(script.COMMAND)  # type: ignore[attr-defined]
    command[command.index("--out") + 1] = str(tmp_path / "report.html")
    result = CliRunner().invoke(get_command(), [*command, "--data", str(figures)])
    assert result.exit_code == 0, result.output
    written = json.loads(figures.read_text(encoding="utf-8"))["figures"]
    fresh = script.headline(written)  # type: ignore[attr-defined]
    assert recorded == fresh, "rerun scripts/report_pictures.py: the report's figures moved"
    assert (STATIC / "report-laptop.png").stat().st_size > 20_000
    assert (STATIC / "report-phone.png").stat().st_size > 20_000


def test_the_script_runs_the_readme_s_first_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = " ".join(_script().COMMAND)  # type: ignore[attr-defined]
    assert f".venv/bin/trustops {command}\n" in readme
