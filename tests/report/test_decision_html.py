"""The decision summary on the page: first, every kind named with its evidence in words."""

from __future__ import annotations

from html import escape

from trustops.report import Evidence, Report


def _summary(html: str) -> str:
    start = html.index('<section id="summary">')
    return html[start : html.index("</section>", start)]


def test_the_summary_names_every_kind_with_its_evidence(
    sample_report: Report, sample_html: str
) -> None:
    html = sample_html
    summary = _summary(html)
    assert html.index('id="summary"') < html.index('id="why"')
    decision = sample_report.decision
    for row in decision.works:
        assert escape(row.title) in summary
        for finding in row.findings:
            if finding.evidence is not Evidence.TOO_FEW_AREAS:
                assert escape(finding.text, quote=True) in summary
    assert "not enough areas yet" in summary
    for words in ("What works here", "What this suggests", "What to watch", "Data:"):
        assert words in summary
    for line in (*decision.suggestions, decision.caveat, decision.trust):
        assert escape(line, quote=True) in summary


def test_evidence_is_written_not_only_coloured(sample_html: str) -> None:
    summary = _summary(sample_html)
    for evidence in Evidence:
        if f"ev-{evidence.value}" in summary:
            assert f'ev-{evidence.value}">{escape(evidence.words)}</span>' in summary
