"""Tests of the effects section's computation: what it finds on the sample, on tiny data,
and with monthly panels."""

from __future__ import annotations

from trustops import Area, Dataset
from trustops.effects import OBSERVATIONAL
from trustops.privacy import DEFAULT_POLICY
from trustops.report import Report
from trustops.report._effects_build import effects_section
from trustops.sample import generate
from trustops.time import Granularity


def test_section_content_on_the_sample(sample_report: Report) -> None:
    section = sample_report.effects
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
    # sensitivity to parallel trends for each overall effect that excludes zero, and only those
    significant = [r for r in section.results if r.overall.significant]
    assert significant
    assert len(section.sensitivity) == len(significant)
    for result in section.results:
        found = section.sensitivity_of(result)
        assert (found is not None) == bool(result.overall.significant)
        if found is not None:
            assert {b.event_time for b in found.bounds} <= {None}
            assert found.mbars == (0.0, 0.5, 1.0, 1.5, 2.0)


def test_without_enough_data_the_section_says_why() -> None:
    data = Dataset(areas=[Area(id="a", name="A", timezone="UTC")])
    section = effects_section(data, period=Granularity.QUARTER, policy=DEFAULT_POLICY)
    assert section.note is not None
    assert section.note.startswith("No effects")
    assert section.results == ()
    assert section.headline is None


def test_monthly_reports_use_monthly_panels() -> None:
    section = effects_section(generate(scale=0.1), period=Granularity.MONTH, policy=DEFAULT_POLICY)
    assert len(section.periods) == 12
    assert "trust_mean_score" not in section.outcomes  # quarterly survey: empty months
