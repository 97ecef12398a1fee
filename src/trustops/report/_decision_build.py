"""Computing the decision summary from the report's content records (so every figure is the
published one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from ..effects import TRUST_INDEX, EffectResult, construct_outcome
from ._content import Headline, Summary
from ._decision import Decision, Evidence, Finding, KindEvidence
from ._effects_content import EffectsSection
from ._labels import group_title

__all__ = ["REPORTING_OUTCOME", "decide"]

REPORTING_OUTCOME: Final = "reports_per_1000_residents"
"""The reporting outcome of "what works here"; trust is the effects section's headline."""

_OUTCOMES: Final = {
    construct_outcome("trust"): ("trust", "points", "higher trust", "lower trust"),
    TRUST_INDEX: ("trust index", "points", "a higher index", "a lower index"),
    REPORTING_OUTCOME: (
        "reports",
        "per 1,000 residents",
        "more resident reports",
        "fewer resident reports",
    ),
}
_ORDER: Final = tuple(Evidence)


def _signed(value: float) -> str:
    """``+1.2``, ``−0.4``, and ``0.0`` for anything that rounds to zero (never ``−0.0``)."""
    rounded = round(value, 1)
    return "0.0" if rounded == 0 else f"{rounded:+,.1f}".replace("-", "−")


def _p(value: float) -> str:
    return "p < 0.01" if value < 0.01 else f"p = {value:.2f}"


_UNCOUNTED: Final = ("community_outreach",)


def _plural(kind: str, event: str) -> str:
    title = group_title("initiative_kind", kind)
    words = title if title.endswith("s") or kind in _UNCOUNTED else f"{title}s"
    return f"Withdrawing {words.lower()}" if event == "stop" else words


def _evidence(result: EffectResult) -> Evidence:
    overall = result.overall
    if overall.att is None:
        return Evidence.TOO_FEW_AREAS
    if "pre_trend" in result.flags:
        return Evidence.DOUBTFUL
    return Evidence.CLEAR if overall.significant else Evidence.UNCLEAR


def _finding(result: EffectResult, section: EffectsSection) -> Finding:
    name, unit, up, down = _OUTCOMES[result.outcome]
    overall = result.overall
    evidence = _evidence(result)
    direction = section.direction(result)
    agreeing = None if direction is None else len(direction.agreeing)
    counted = None if direction is None else len(direction.counted)
    pre = result.pre_trend
    if evidence is Evidence.TOO_FEW_AREAS:
        text = (
            f"{name.capitalize()}: not enough areas yet (an estimate needs at least 2 areas "
            "with the event and 2 without)."
        )
    else:
        att, low, high = overall.att or 0.0, overall.low or 0.0, overall.high or 0.0
        text = f"{name.capitalize()} {_signed(att)} {unit} ({_signed(low)} to {_signed(high)})"
        if agreeing is not None and counted:
            text += f"; {(up if att > 0 else down).split()[0]} in {agreeing} of {counted} areas"
        else:
            text += f"; {overall.n_treated} areas"
        text += f", {overall.n_comparison} compared"
        if pre is not None:
            trends = "parallel" if "pre_trend" not in result.flags else "not parallel"
            text += f"; {trends} before ({_p(pre.p_value)})"
        text += "."
    return Finding(
        outcome=result.outcome,
        outcome_title=name,
        unit=unit,
        estimate=overall.att,
        low=overall.low,
        high=overall.high,
        treated=overall.n_treated,
        comparison=overall.n_comparison,
        agreeing=agreeing,
        counted=counted,
        pre_trend_p=None if pre is None else pre.p_value,
        evidence=evidence,
        text=text,
    )


def _strength(finding: Finding) -> float:
    """How far the estimate is from zero, in widths of its interval (0 without one)."""
    if finding.estimate is None or finding.low is None or finding.high is None:
        return 0.0
    width = finding.high - finding.low
    return abs(finding.estimate) / width if width > 0 else 0.0


def _works(section: EffectsSection) -> tuple[KindEvidence, ...]:
    trust = section.headline
    wanted = [name for name in (trust, REPORTING_OUTCOME) if name in section.outcomes]
    kinds: dict[tuple[str, str], list[Finding]] = {}
    for outcome in wanted:
        for result in section.for_outcome(outcome):
            key = (result.kind, result.event)
            kinds.setdefault(key, []).append(_finding(result, section))
    rows = [
        KindEvidence(
            kind=kind,
            event=event,
            title=_plural(kind, event),
            evidence=min((f.evidence for f in findings), key=_ORDER.index),
            findings=tuple(findings),
        )
        for (kind, event), findings in kinds.items()
    ]
    rows.sort(
        key=lambda row: (
            _ORDER.index(row.evidence),
            -max((_strength(f) for f in row.findings if f.evidence is row.evidence), default=0),
            row.title,
        )
    )
    return tuple(rows)


def _suggestions(works: Sequence[KindEvidence]) -> tuple[str, ...]:
    lines: list[str] = []
    for row in works:
        for finding in row.findings:
            if finding.evidence is not Evidence.CLEAR or finding.estimate is None:
                continue
            _, _, up, down = _OUTCOMES[finding.outcome]
            rise = finding.estimate > 0
            where = (
                f" in {finding.agreeing} of {finding.counted} areas"
                if finding.agreeing is not None and finding.counted
                else ""
            )
            verb = "is" if row.event == "stop" else "are"
            line = f"{row.title} {verb} followed by {up if rise else down}{where}"
            if finding.outcome != REPORTING_OUTCOME:
                line += (
                    ": a candidate to extend."
                    if rise
                    else ": worth a closer look before extending."
                )
            else:
                line += "."
            lines.append(line)
    if not lines and works:
        lines.append(
            "No initiative kind is yet followed by a clear change in trust or reporting: "
            "more areas or periods are needed before the data can guide the programme."
        )
    return tuple(lines)


def _trust(headline: Headline) -> str:
    programme = headline.programme
    if programme is None:
        return "No trust index yet: the data has nothing to compute it from."
    if programme.index is None:
        return f"The programme-wide trust index of {headline.period} is withheld."
    text = f"Trust across all areas is {programme.index:.1f} of 100 in {headline.period}"
    change = headline.change
    comparison = None if change is None else change.comparison
    if change is None:
        return text + "; with one period of data there is no change to measure yet."
    if comparison is None:
        return text + f"; its change from {headline.previous} is not measured ({change.note})."
    difference = comparison.difference
    way = "up" if difference > 0 else "down" if difference < 0 else "unchanged"
    moved = f"{way} {abs(difference):.1f} points" if round(difference, 1) else "unchanged"
    text += f", {moved} from {headline.previous}"
    if not comparison.comparable or comparison.interval is None:
        return text + " (not comparable: the components or areas differ, so not tested)."
    low, high = comparison.interval
    text += f" (95% interval {_signed(low)} to {_signed(high)})"
    if comparison.significant:
        p_value = comparison.p_value
        tail = "" if p_value is None else f", {_p(p_value)}"
        return text + f": a significant {'rise' if difference > 0 else 'fall'}{tail}."
    return text + ": not a significant change; it could be chance."


def _coverage(summary: Summary, periods: int) -> str:
    span = (
        f"from {summary.first_day.isoformat()} to {summary.last_day.isoformat()}"
        if summary.first_day is not None and summary.last_day is not None
        else "with no dated records"
    )
    responses = summary.responses
    answered = (
        "survey responses withheld (fewer than 10)"
        if responses.withheld or responses.value is None
        else f"{responses.value:,.0f} survey responses"
    )
    return (
        f"{_count(len(summary.areas), 'area')} over {_count(periods, 'period')} {span}: "
        f"{summary.interactions:,} interactions, {answered}, "
        f"{summary.initiatives:,} initiatives."
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def decide(
    *, headline: Headline, effects: EffectsSection, summary: Summary, periods: int
) -> Decision:
    """The decision summary of a report's headline, effects and summary."""
    works = _works(effects)
    return Decision(
        trust=_trust(headline),
        works=works,
        suggestions=_suggestions(works),
        watch=headline.flags,
        coverage=_coverage(summary, periods),
    )
