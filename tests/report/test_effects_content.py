"""Tests of the effects section's records: the headline outcome and results per outcome."""

from __future__ import annotations

from trustops.effects import OBSERVATIONAL
from trustops.report import EffectsSection, Report


def test_an_empty_section_has_no_headline_and_says_it_is_observational() -> None:
    section = EffectsSection(note="No effects: one area.")
    assert section.headline is None
    assert section.for_outcome("trust_index") == ()
    assert section.cannot_say == OBSERVATIONAL


def test_results_per_outcome_keep_their_order_and_only_that_outcome(
    sample_report: Report,
) -> None:
    section = sample_report.effects
    assert section.headline == section.outcomes[0]
    for outcome in section.outcomes:
        chosen = section.for_outcome(outcome)
        assert {result.outcome for result in chosen} <= {outcome}
        assert list(chosen) == [r for r in section.results if r.outcome == outcome]
    assert sum(len(section.for_outcome(o)) for o in section.outcomes) == len(section.results)
