"""Typing examples for trustops.report: checked by mypy --strict, never run."""

from __future__ import annotations

from pathlib import Path
from typing import assert_type

from trustops import Dataset
from trustops.report import Report, build_report, render_html, write_html

report = build_report(Dataset(), period="month", title="Safer streets")
assert_type(report, Report)
assert_type(render_html(report), str)
assert_type(write_html(report, "report.html"), Path)
build_report(Dataset(), period=3)  # type: ignore[arg-type]
