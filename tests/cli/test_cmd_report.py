"""trustops report: the bundled sample by default, files, options and errors."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from trustops.cli import get_command


def test_report_of_files(runner: CliRunner, sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(
        get_command(),
        [
            "report",
            str(sample_dir),
            "--out",
            str(out),
            "--period",
            "month",
            "--title",
            "Mine <b>",
            "--as-of",
            "2025-06-30",
            "--generated",
            "1 July 2026",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    html = out.read_text(encoding="utf-8")
    assert "<title>Mine &lt;b&gt;</title>" in html
    assert "Indicator progress as of 2025-06-30." in html
    assert "Generated 1 July 2026." in html
    assert "Trust index by month" in html


def test_default_is_the_bundled_sample(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustops.sample import generate

    monkeypatch.setattr("trustops.cli._cmd_report.bundled_sample", lambda: generate(scale=0.05))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(get_command(), ["report"])
    assert result.exit_code == 0, result.output
    assert "bundled sample programme" in result.output
    assert "Safer Neighbourhoods 2025" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_report_to_stdout_with_rejects_and_no_suppression(
    runner: CliRunner, tmp_path: Path
) -> None:
    areas = tmp_path / "areas.jsonl"
    areas.write_text('{"id": "a", "name": "A", "timezone": "UTC"}\n{"id": 3}\n', encoding="utf-8")
    result = runner.invoke(get_command(), ["report", str(areas), "--out", "-", "--no-suppression"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "1 record(s) rejected" in result.stdout
    assert "Small-cell suppression is OFF" in result.stdout


def test_report_without_matplotlib_exits_1(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    areas = tmp_path / "areas.jsonl"
    areas.write_text('{"id": "a", "name": "A", "timezone": "UTC"}\n', encoding="utf-8")
    (tmp_path / "interactions.jsonl").write_text(
        '{"id": "i1", "occurred_at": "2026-03-01T10:00:00Z", "area_id": "a", '
        '"kind": "conversation", "initiator": "staff", "channel": "phone"}\n',
        encoding="utf-8",
    )
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = runner.invoke(
        get_command(), ["report", str(tmp_path), "--out", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 1
    assert "trustops[report]" in result.output
    assert "Traceback" not in result.output


def test_bad_as_of_is_a_usage_error(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(get_command(), ["report", str(sample_dir), "--as-of", "June"])
    assert result.exit_code == 2


def test_data_as_json_and_parquet_has_the_report_s_figures(
    runner: CliRunner, sample_dir: Path, tmp_path: Path
) -> None:
    import json

    import pyarrow.parquet as pq

    from trustops.report import DATA_COLUMNS

    written = {}
    for name in ("figures.json", "figures.parquet"):
        data = tmp_path / name
        result = runner.invoke(
            get_command(),
            ["report", str(sample_dir), "--out", str(tmp_path / "r.html"), "--data", str(data)],
        )
        assert result.exit_code == 0, result.output
        if name.endswith(".json"):
            document = json.loads(data.read_text(encoding="utf-8"))
            assert document["columns"] == list(DATA_COLUMNS)
            written[name] = document["figures"]
        else:
            written[name] = pq.read_table(data).to_pylist()
    assert written["figures.json"] == written["figures.parquet"]
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    index = [r for r in written["figures.json"] if r["figure"] == "trust_index" and r["value"]]
    assert index
    assert all(f"<strong>{r['text']}</strong>" in page for r in index)


def test_data_needs_a_known_suffix(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(get_command(), ["report", "--data", str(tmp_path / "f.csv")])
    assert result.exit_code == 2
    assert ".json or .parquet" in result.output


def test_data_as_parquet_without_pyarrow_names_the_extra(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustops import Dataset
    from trustops.cli import _cmd_report
    from trustops.report import build_report

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(Exception, match=r"arrow") as caught:
        _cmd_report._write_data(build_report(Dataset()), str(tmp_path / "f.parquet"))
    assert "trustops[arrow]" in str(caught.value)


def test_one_area_s_report(runner: CliRunner, sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "area.html"
    result = runner.invoke(
        get_command(), ["report", str(sample_dir), "--area", "riverside", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert ": Riverside</title>" in page
    assert "How trust is doing in Riverside" in page
    assert '<details class="more" open id="area-riverside">' in page
    assert "Hillcrest" not in page  # only the one area
    result = runner.invoke(get_command(), ["report", str(sample_dir), "--area", "nowhere"])
    assert result.exit_code == 2
    assert "'nowhere': expected one of the report's areas" in result.output


def test_a_title_that_is_not_utf8_is_shown_with_a_replacement(
    runner: CliRunner, sample_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    title = os.fsdecode(b"T\xff")  # as Python reads such an argument
    result = runner.invoke(
        get_command(), ["report", str(sample_dir), "--title", title, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "<title>T\ufffd</title>" in out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # --out keeps the file's mode
