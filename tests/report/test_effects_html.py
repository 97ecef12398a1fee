"""Tests of the effects section's HTML: charts, tables, sentences, and literal user text."""

from __future__ import annotations

import attrs

from trustops.report import AreaInitiatives, EffectsSection, Report, render_html
from trustops.report._effects_html import render_effects


def _section_html(html: str) -> str:
    start = html.index('<section id="effects">')
    return html[start : html.index("</section>", start)]


def test_section_html_on_the_sample(sample_report: Report) -> None:
    html = render_html(sample_report)
    assert '<section id="effects"><h2>What builds trust here</h2>' in html
    body = _section_html(html)
    assert body.count("<svg") >= 4  # event studies and trust over time
    assert "dashed line marks the event" in body
    assert "Overall effects" in body
    assert "Initiatives per area" in body
    assert "▲ an initiative starts, ▼ one stops" in body
    assert "observational" in body
    assert "withheld" in body  # outreach runs everywhere from January: nothing to compare


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
