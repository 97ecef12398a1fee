"""Charts: inline, deterministic SVG; a clear error without matplotlib."""

from __future__ import annotations

import re
import sys

import pytest

from trustops import MissingExtraError
from trustops.report._charts import (
    MARKERS,
    PALETTE,
    Series,
    axis_range,
    bar_chart,
    contrast_ratio,
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


def test_colours_have_3_to_1_contrast_and_each_series_its_own_marker() -> None:
    # WCAG 2.1 non-text contrast: graphical objects at least 3:1 against white
    assert all(contrast_ratio(colour) >= 3.0 for colour in PALETTE)
    assert contrast_ratio("#ffffff") == 1.0
    assert contrast_ratio("#000000") == pytest.approx(21.0)
    assert len(set(MARKERS)) == len(MARKERS) == len(PALETTE)


def test_lines_are_labelled_at_their_end_without_overlap() -> None:
    series = [Series(name=f"Area {k}", values=[50.0, 50.0 + k * 0.1]) for k in range(4)]
    svg = line_chart(["Q1", "Q2"], series, ylabel="y", title="t", ylim=(40, 60))
    for k in range(4):
        assert svg.count(f"Area {k}") == 2  # once at the line's end, once in the legend
    assert svg.count("<path") >= 4


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([52.5, 61.0, None], (40.0, 70.0)),
        ([3.0, 98.0], (0.0, 100.0)),
        ([], (0.0, 100.0)),
        ([None, float("nan")], (0.0, 100.0)),
        ([70.0], (60.0, 80.0)),
    ],
)
def test_axis_range_fits_the_data_within_bounds(
    values: list[float | None], expected: tuple[float, float]
) -> None:
    assert axis_range(values) == expected


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"trustops\[report\]") as caught:
        require_matplotlib()
    assert caught.value.extra == "report"
    with pytest.raises(MissingExtraError):
        bar_chart(["a"], [1.0], xlabel="x", title="t")


def test_every_series_looks_different_and_the_emphasised_one_stands_out() -> None:
    from trustops.report._charts import series_style

    styles = [series_style(number) for number in range(40)]
    assert len(set(styles)) == len(styles)
    assert all(colour != PALETTE[-1] for colour, _, _ in styles)
    lines = [Series(name=f"Area {k}", values=[40.0 + k, 41.0 + k]) for k in range(8)]
    lines.append(Series(name="All areas", values=[45.0, 46.0], emphasis=True))
    svg = line_chart(["Q1", "Q2"], lines, ylabel="y", title="t")
    assert "stroke-width: 3.2" in svg
    assert "All areas" in svg


HOSTILE = (r"Riverside $\frac{$ estate", "Harbour $x^2$ side", r"\$5 $$ _^{}", "a $\\alpha$ & <b>")


def _svg_texts(svg: str) -> str:
    import html

    return html.unescape(" ".join(re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)))


@pytest.mark.parametrize("usetex", [False, True])
def test_every_chart_draws_every_text_as_written(
    monkeypatch: pytest.MonkeyPatch, usetex: bool
) -> None:
    import matplotlib

    monkeypatch.setitem(matplotlib.rcParams, "text.usetex", usetex)  # a user's matplotlibrc
    first, second, third, fourth = HOSTILE
    charts = [
        line_chart(
            [first, second],
            [Series(name=third, values=[1.0, 2.0]), Series(name=fourth, values=[2.0, None])],
            ylabel=first,
            title=second,
        ),
        bar_chart([first, second, third], [1.0, None, 3.0], xlabel=fourth, title=first),
        stacked_bar_chart(
            [third, fourth],
            [(first, [1.0, 2.0]), (second, [None, 3.0])],
            xlabel=third,
            title=fourth,
        ),
    ]
    assert all(name in _svg_texts(charts[0]) for name in HOSTILE)
    assert all(name in _svg_texts(charts[1]) for name in (first, second, third, fourth))
    assert all(name in _svg_texts(charts[2]) for name in HOSTILE)
