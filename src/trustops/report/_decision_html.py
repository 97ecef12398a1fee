"""Rendering the decision summary: the answer up front, first on the page."""

from __future__ import annotations

from html import escape

from ._decision import Decision, Evidence

__all__ = ["render_decision"]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _badge(evidence: Evidence) -> str:
    return f'<span class="ev ev-{_e(evidence.value)}">{_e(evidence.words)}</span>'


def render_decision(decision: Decision, big: str) -> str:
    """The summary's HTML: ``big`` (the headline figure's markup) and the trust sentence,
    what works here (one item per initiative kind, its evidence in words), what this
    suggests with the observational caveat, what to watch and the data's coverage."""
    parts = [f'<div class="answer">{big}<p class="trust">{_e(decision.trust)}</p>']
    if decision.coverage:
        parts.append(f'<p class="coverage"><strong>Data:</strong> {_e(decision.coverage)}</p>')
    if decision.suggestions:
        lines = "".join(f"<li>{_e(line)}</li>" for line in decision.suggestions)
        parts.append(
            f"<h3>What this suggests</h3><ul>{lines}</ul>"
            f'<p class="caveat"><small>{_e(decision.caveat)}</small></p>'
        )
    watch = "".join(f"<li>{_e(flag)}</li>" for flag in decision.watch) or (
        "<li>Nothing flagged: every latest index rests on all its components.</li>"
    )
    parts.append(f'<h3>What to watch</h3><ul class="flags">{watch}</ul>')
    parts.append("</div>")
    if decision.works:
        shown = [row for row in decision.works if row.evidence is not Evidence.TOO_FEW_AREAS]
        lacking = [row for row in decision.works if row.evidence is Evidence.TOO_FEW_AREAS]
        items = "".join(
            f"<li><strong>{_e(row.title)}</strong> {_badge(row.evidence)}<ul>"
            + "".join(
                f"<li>{_badge(f.evidence) if f.evidence is not row.evidence else ''}"
                f"{' ' if f.evidence is not row.evidence else ''}{_e(f.text)}</li>"
                for f in row.findings
            )
            + "</ul></li>"
            for row in shown
        )
        if lacking:
            items += (
                f"<li><strong>{_e(', '.join(row.title for row in lacking))}</strong> "
                f"{_badge(Evidence.TOO_FEW_AREAS)}<ul><li>An estimate needs 2 areas where it "
                "starts (or stops) within the data and 2 where it does not.</li></ul></li>"
            )
        parts.append(
            '<div class="works"><h3>What works here <small>effects on trust (survey, 0–100) '
            "and resident reports, 95% intervals in brackets, clearest evidence first</small>"
            "</h3>"
            f'<ul class="works-list">{items}</ul>'
            '<p><small><a href="#effects">The estimates in detail</a></small></p></div>'
        )
    return f'<div class="decision">{"".join(parts)}</div>'
