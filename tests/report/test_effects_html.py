"""Tests of the effects section's HTML: charts, tables, sentences, and literal user text."""

from __future__ import annotations

import attrs
import pytest
from matplotlib.figure import Figure

from trustops.report import AreaInitiatives, EffectsSection, Report
from trustops.report._effects_html import render_effects


def _section_html(html: str) -> str:
    start = html.index('<section id="effects">')
    return html[start : html.index("</section>", start)]


def test_section_html_on_the_sample(sample_report: Report, sample_html: str) -> None:
    html = sample_html
    assert '<section id="effects"><h2>What builds trust here</h2>' in html
    body = _section_html(html)
    assert body.count("<svg") >= 3  # the event studies
    assert "dashed line marks the event" in body
    assert "Overall effects on trust (survey mean score)" in body
    assert "Initiatives per area" in body
    assert '<a href="#trust-index">' in body  # trust over time, initiatives marked
    assert "observational" in body
    # outreach runs everywhere from January: nothing to compare
    assert "Not enough areas yet for an estimate: Community outreach" in body
    assert "pre_trend" not in body
    assert "insufficient" not in body
    # the sensitivity to parallel trends, in words, beside each effect that excludes zero
    assert "If trends were not parallel" in body
    sentences = [s.sentence() for s in sample_report.effects.sensitivity]
    assert sentences
    assert all(sentence in body for sentence in sentences)


def test_an_empty_section_shows_its_note_escaped() -> None:
    html = render_effects(EffectsSection(note="No effects: <one> area & one period."), {})
    assert html == '<p class="empty">No effects: &lt;one&gt; area &amp; one period.</p>'


def test_area_names_are_rendered_literally(sample_report: Report) -> None:
    section = attrs.evolve(
        sample_report.effects,
        initiatives=(AreaInitiatives(area="x", kind="visible_patrol", start=None, stop="2025-Q3"),),
    )
    html = render_effects(section, {"x": "<b>Price $5 to $10</b> zone"})
    assert "&lt;b&gt;Price $5 to $10&lt;/b&gt; zone" in html
    assert "<b>Price" not in html


def test_event_study_charts_plot_only_published_estimates(
    sample_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustops.report import _effects_html

    drawn: list[tuple[str, set[tuple[float, float]]]] = []
    draw = _effects_html.svg_text

    def record(figure: Figure, label: str) -> str:
        points = {
            (float(x), float(y))
            for line in figure.axes[0].lines
            if line.get_marker() == "o"
            for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)
        }
        drawn.append((label, points))
        return draw(figure, label)

    monkeypatch.setattr(_effects_html, "svg_text", record)
    section = sample_report.effects
    assert section.headline is not None
    plotted = 0
    for result in section.for_outcome(section.headline):
        title = f"{result.kind} {result.event}"
        drawn.clear()
        _effects_html.event_study_chart(result, title=title)
        ((_, points),) = drawn
        published = {
            (float(e.event_time), e.att)
            for e in result.event_time
            if e.att is not None and e.event_time is not None
        }
        assert points == published, title
        plotted += len(points)
        assert all(e.withheld is None for e in result.event_time if e.att is not None)
    assert plotted > 0


def test_event_study_charts_shade_the_simultaneous_band_of_published_estimates(
    sample_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trustops.report import _effects_html

    shaded: list[list[tuple[float, float, float]]] = []
    draw = _effects_html.svg_text

    def record(figure: Figure, label: str) -> str:
        axes = figure.axes[0]
        bands = [c for c in axes.collections if c.get_label().endswith("(95% band)")]
        found = []
        for band in bands:
            vertices = band.get_paths()[0].vertices
            found.extend((float(x), float(y), 0.0) for x, y in vertices)
        shaded.append(found)
        return draw(figure, label)

    monkeypatch.setattr(_effects_html, "svg_text", record)
    section = sample_report.effects
    assert section.headline is not None
    checked = 0
    for result in section.for_outcome(section.headline):
        shaded.clear()
        _effects_html.event_study_chart(result, title="t")
        ((vertices,),) = [shaded]
        published = [e for e in result.event_time if e.att is not None]
        if not published:
            assert vertices == []
            continue
        ys = {round(y, 9) for _, y, _ in vertices}
        for estimate in published:
            assert estimate.band_low is not None
            assert estimate.band_high is not None
            assert round(estimate.band_low, 9) in ys
            assert round(estimate.band_high, 9) in ys
        checked += 1
    assert checked > 0
