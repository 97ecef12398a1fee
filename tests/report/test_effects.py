"""The report's "What builds trust here" section: content on the sample and on tiny data,
and its HTML (event-study charts, overall table, sentences, initiatives, trust over time)."""

from __future__ import annotations

import pytest

from trustops import Area, Dataset
from trustops.effects import OBSERVATIONAL
from trustops.privacy import DEFAULT_POLICY
from trustops.report import EffectsSection, build_report, render_html
from trustops.sample import generate
from trustops.time import Granularity


@pytest.fixture(scope="module")
def sample_report_html() -> tuple[EffectsSection, str]:
    report = build_report(generate(scale=0.5), title="Sample")
    return report.effects, render_html(report)


def test_section_content_on_the_sample(sample_report_html: tuple[EffectsSection, str]) -> None:
    section, _ = sample_report_html
    assert section.note is None
    assert section.headline == "trust_mean_score"
    assert section.periods == ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
    kinds = [(r.kind, r.event) for r in section.for_outcome("trust_mean_score")]
    assert ("educational_workshop", "start") in kinds
    assert ("visible_patrol", "stop") in kinds
    assert ("surveillance_measure", "start") in kinds
    assert section.areas == 12
    assert "12 areas over 4 periods" in section.can_say
    assert section.cannot_say.startswith(OBSERVATIONAL)
    assert "community outreach (start)" in section.cannot_say  # everyone from January
    workshops = {
        (row.area, row.start, row.stop)
        for row in section.initiatives
        if row.kind == "educational_workshop"
    }
    assert ("riverside", None, None) in workshops
    assert ("elm-park", "2025-Q4", None) in workshops
    patrols = {row.area: row.stop for row in section.initiatives if row.kind == "visible_patrol"}
    assert patrols["old-town"] == "2025-Q3"
    assert len(section.trust) == 12


def test_section_html(sample_report_html: tuple[EffectsSection, str]) -> None:
    _, html = sample_report_html
    assert '<section id="effects"><h2>What builds trust here</h2>' in html
    start = html.index('<section id="effects">')
    body = html[start : html.index("</section>", start)]
    assert body.count("<svg") >= 4  # event studies and trust over time
    assert "dashed line marks the event" in body
    assert "Overall effects" in body
    assert "Initiatives per area" in body
    assert "▲ an initiative starts, ▼ one stops" in body
    assert "observational" in body
    assert "withheld" in body  # outreach runs everywhere from January: nothing to compare


def test_section_without_enough_data() -> None:
    report = build_report(Dataset(areas=[Area(id="a", name="A", timezone="UTC")]), title="Empty")
    assert report.effects.note is not None
    assert report.effects.note.startswith("No effects")
    html = render_html(report)
    assert "No effects" in html


def test_monthly_reports_use_monthly_panels() -> None:
    from trustops.report._effects_build import effects_section

    section = effects_section(generate(scale=0.1), period=Granularity.MONTH, policy=DEFAULT_POLICY)
    assert len(section.periods) == 12
    assert "trust_mean_score" not in section.outcomes  # quarterly survey: empty months
