"""Charts: inline, deterministic SVG; a clear error without matplotlib."""

from __future__ import annotations

import re
import sys

import pytest

from trustops import MissingExtraError
from trustops.report._charts import (
    PALETTE,
    Mark,
    Panel,
    Series,
    axis_range,
    bar_chart,
    contrast_ratio,
    require_matplotlib,
    small_multiples,
    stacked_bar_chart,
)


def _panels(*names: str, values: tuple[float | None, ...] = (1.0, None, 3.0)) -> list[Panel]:
    low = tuple(None if v is None else v - 0.5 for v in values)
    high = tuple(None if v is None else v + 0.5 for v in values)
    return [
        Panel(title=name, series=Series(name=name, values=values, low=low, high=high))
        for name in names
    ]


def multiples(labels: list[str], panels: list[Panel], **options: object) -> str:
    settings: dict[str, object] = {
        "reference": None,
        "ylabel": "y",
        "title": "t",
        "ylim": (0.0, 5.0),
        "columns": 2,
        "width": 4.0,
        **options,
    }
    return small_multiples(labels, panels, **settings)  # type: ignore[arg-type]


def test_small_multiples_are_inline_svg_without_size_and_deterministic() -> None:
    panels = _panels("A & B", "C")
    first = multiples(["Q1", "Q2", "Q3"], panels, title='Index "A" <1>')
    again = multiples(["Q1", "Q2", "Q3"], panels, title='Index "A" <1>')
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
    assert "A &amp; B" in first  # panel titles kept as text (svg.fonttype none)


def test_small_multiples_name_the_reference_and_every_mark_once_in_the_key() -> None:
    panels = [
        Panel(
            title="North",
            series=Series(name="North", values=[1.0, 2.0, 3.0]),
            marks=(
                Mark(at=1, code="W", name="workshops start"),
                Mark(at=1, code="M", name="meetings start"),
            ),
        ),
        Panel(
            title="South",
            series=Series(name="South", values=[2.0, 2.0, 1.0]),
            marks=(Mark(at=2, code="W", name="workshops start"),),
        ),
        *_panels("East"),
    ]
    reference = Series(name="all areas", values=[1.5, 2.0, 2.0])
    svg = multiples(["2025-Q1", "2025-Q2", "2025-Q3"], panels, reference=reference)
    texts = _svg_texts(svg)
    assert texts.count("W: workshops start") == 1
    assert texts.count("M: meetings start") == 1
    assert texts.count("all areas") == 1
    assert "W M" in texts  # two marks at one position share one label: no overlap
    assert texts.count("Q2") >= 2
    assert "2025-Q2" not in texts
    assert "2025" in texts
    for name in ("North", "South", "East"):
        assert name in texts


def test_period_labels_are_thinned_and_kept_whole_without_a_shared_year() -> None:
    labels = [f"{2024 + m // 12}-{m % 12 + 1:02d}" for m in range(18)]
    texts = _svg_texts(multiples(labels, _panels("A", values=(1.0,) * 18)))
    shown = [label for label in labels if label in texts]
    assert 3 <= len(shown) <= 6  # about five of eighteen, never crowded


def test_bar_charts() -> None:
    assert "<svg" in bar_chart(["a", "b"], [3.0, None], xlabel="x", title="t")
    svg = stacked_bar_chart(
        ["a", "b"], [("one", [1.0, 2.0]), ("two", [None, 3.0])], xlabel="x", title="t", xlim=(0, 10)
    )
    assert "one" in svg
    assert "two" in svg
    assert "<svg" in stacked_bar_chart(["a"], [("one", [1.0])], xlabel="x", title="t")


def test_colours_have_3_to_1_contrast() -> None:
    # WCAG 2.1 non-text contrast: graphical objects at least 3:1 against white
    assert all(contrast_ratio(colour) >= 3.0 for colour in PALETTE)
    assert contrast_ratio("#6b6b6b") >= 3.0  # the reference line
    assert contrast_ratio("#ffffff") == 1.0
    assert contrast_ratio("#000000") == pytest.approx(21.0)


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
        multiples(
            [first, second],
            [
                Panel(
                    title=third,
                    series=Series(name=third, values=[1.0, 2.0]),
                    marks=(Mark(at=1, code="W", name=first),),
                ),
                Panel(title=fourth, series=Series(name=fourth, values=[2.0, None])),
            ],
            reference=Series(name=second, values=[1.0, 1.0]),
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
