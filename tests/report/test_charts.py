"""Charts: inline, deterministic SVG; a clear error without matplotlib."""

from __future__ import annotations

import sys

import pytest

from trustops import MissingExtraError
from trustops.report._charts import (
    Series,
    bar_chart,
    interval_chart,
    line_chart,
    require_matplotlib,
    stacked_bar_chart,
)


def test_line_chart_is_inline_svg_without_size_and_deterministic() -> None:
    series = [
        Series(name="A & B", values=[1.0, None, 3.0], low=(0.5, None, 2.0), high=(1.5, None, 4.0))
    ]
    first = line_chart(["Q1", "Q2", "Q3"], series, ylabel="y", title='Index "A" <1>', ylim=(0, 5))
    again = line_chart(["Q1", "Q2", "Q3"], series, ylabel="y", title='Index "A" <1>', ylim=(0, 5))
    assert first == again
    assert first.startswith("<svg ")
    head = first.split(">", 1)[0]
    assert 'width="' not in head
    assert 'height="' not in head
    assert "viewBox" in head
    assert 'aria-label="Index &quot;A&quot; &lt;1&gt;"' in head
    assert "<?xml" not in first
    assert "<!DOCTYPE" not in first
    assert "dc:date" not in first
    assert "A &amp; B" in first  # legend text kept as text (svg.fonttype none)


def test_line_chart_with_many_periods_and_no_series() -> None:
    labels = [f"2026-{m:02d}" for m in range(1, 10)]
    assert line_chart(labels, [], ylabel="y", title="t").startswith("<svg")


def test_bar_charts() -> None:
    assert "<svg" in bar_chart(["a", "b"], [3.0, None], xlabel="x", title="t")
    svg = stacked_bar_chart(
        ["a", "b"], [("one", [1.0, 2.0]), ("two", [None, 3.0])], xlabel="x", title="t", xlim=(0, 10)
    )
    assert "one" in svg
    assert "two" in svg
    assert "<svg" in stacked_bar_chart(["a"], [("one", [1.0])], xlabel="x", title="t")


def test_interval_chart_marks_missing_rows() -> None:
    svg = interval_chart(
        ["a", "b", "c"],
        [50.0, None, 20.0],
        [(40.0, 60.0), None, None],
        xlabel="x",
        title="t",
        xlim=(0, 100),
        missing=["", "withheld", ""],
    )
    assert "withheld" in svg
    assert "<svg" in interval_chart(["a"], [1.0], [None], xlabel="x", title="t", missing=[""])


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"trustops\[report\]") as caught:
        require_matplotlib()
    assert caught.value.extra == "report"
    with pytest.raises(MissingExtraError):
        bar_chart(["a"], [1.0], xlabel="x", title="t")
