"""Rendering the "What builds trust here" section: event-study charts, the overall effects
table, what the data can and cannot say, initiatives per area and trust over time with the
initiatives' starts and stops marked."""

from __future__ import annotations

from ..effects import TRUST_INDEX, EffectResult
from ._charts import PALETTE
from ._charts import _figure as figure_axes
from ._charts import _svg as svg_text
from ._content import Report
from ._effects_content import EffectsSection
from ._labels import group_title, initiative_title, metric_title, metric_unit
from ._markup import details as _more
from ._markup import e as _e
from ._markup import figure as _figure
from ._markup import table as _table

__all__ = ["event_study_chart", "render_effects", "render_effects_section"]


def _label(name: str) -> str:
    return name.replace("_", " ")


def event_study_chart(result: EffectResult, *, title: str) -> str:
    """ATT(e) with 95% intervals by event time, the simultaneous 95% band shaded behind them,
    a zero line, and the event marked between e = −1 and e = 0; withheld estimates are left
    out."""
    shown = [e for e in result.event_time if e.att is not None and e.event_time is not None]
    banded = [e for e in shown if e.band_low is not None and e.band_high is not None]
    with figure_axes(4.0, 2.8) as (figure, axes):
        if banded:
            axes.fill_between(
                [float(e.event_time or 0) for e in banded],
                [e.band_low or 0.0 for e in banded],
                [e.band_high or 0.0 for e in banded],
                color=PALETTE[0],
                alpha=0.14,
                linewidth=0,
                label="all event times at once (95% band)",
            )
        axes.axhline(0.0, color="#222222", linewidth=1)
        axes.axvline(-0.5, color=PALETTE[5], linestyle="--", linewidth=1.2)
        axes.annotate(
            "event",
            xy=(-0.5, 1.0),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="bottom",
            fontsize=9,
            color=PALETTE[5],
        )
        for estimate in shown:
            when = float(estimate.event_time or 0)
            value, low, high = estimate.att or 0.0, estimate.low or 0.0, estimate.high or 0.0
            colour = PALETTE[0] if when >= 0 else "#777777"
            axes.plot([when, when], [low, high], color=colour, linewidth=2)
            axes.plot([when], [value], marker="o", color=colour, markersize=6)
        times = list(range(-result.window, result.window + 1))
        axes.set_xticks(times, [str(t) for t in times])
        axes.set_xlim(-result.window - 0.6, result.window + 0.6)
        axes.set_xlabel("Periods since the event (before it: negative)", fontsize=9)
        axes.set_ylabel(f"Effect on {_label(result.outcome)}", fontsize=9)
        axes.tick_params(labelsize=9)
        return svg_text(figure, title)


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    rounded = round(value, 2)
    return "0.00" if rounded == 0 else f"{rounded:+,.2f}".replace("-", "−")


def _kind_title(result: EffectResult) -> str:
    return initiative_title(result.kind, result.event)


def _outcome_title(outcome: str) -> str:
    if outcome.endswith("_mean_score"):
        return f"{outcome.removesuffix('_mean_score')} (survey mean score)"
    return metric_title(outcome).lower() if outcome != TRUST_INDEX else "the trust index"


def _unit(outcome: str) -> str:
    if outcome.endswith("_mean_score") or outcome == TRUST_INDEX:
        return "points of 0–100"
    return metric_unit(outcome)


def _trends(result: EffectResult) -> str:
    if result.pre_trend is None:
        return "not tested"
    p_value = result.pre_trend.p_value
    p_text = "p < 0.01" if p_value < 0.01 else f"p = {p_value:.2f}"
    if "pre_trend" in result.flags:
        return f'<span class="flag">not parallel</span> <small>{_e(p_text)}</small>'
    return f"parallel <small>{_e(p_text)}</small>"


def _robust(section: EffectsSection, result: EffectResult) -> str:
    found = section.sensitivity_of(result)
    return "—" if found is None else _e(found.sentence())


def _row(section: EffectsSection, result: EffectResult) -> str:
    overall = result.overall
    effect = (
        f"<strong>{_number(overall.att)}</strong> "
        f'<small class="ci">{_number(overall.low)} to {_number(overall.high)}</small>'
    )
    return (
        f'<tr><th scope="row">{_e(_kind_title(result))}</th><td class="num">{effect}</td>'
        f'<td class="num">{overall.n_treated}</td><td class="num">{overall.n_comparison}</td>'
        f"<td>{_trends(result)}</td><td>{_robust(section, result)}</td></tr>"
    )


def render_effects(section: EffectsSection, names: dict[str, str]) -> str:
    """The section's HTML: a sentence on what the data can and cannot say, an event-study
    chart per kind on the headline outcome, the overall effects table, the initiatives per
    area and trust over time with starts and stops marked."""
    if section.note is not None or section.headline is None:
        return f'<p class="empty">{_e(section.note or "No effects.")}</p>'
    parts = [f"<p>{_e(section.can_say)}</p>", f"<p><strong>{_e(section.cannot_say)}</strong></p>"]
    charts = []
    for result in section.for_outcome(section.headline):
        title = f"{_kind_title(result)}: effect on {_label(result.outcome)}"
        if not any(e.att is not None for e in result.event_time):
            continue
        charts.append(
            f"<div><h3>{_e(title)}</h3>"
            + _figure(
                event_study_chart(result, title=title),
                "Estimates by period since the event with 95% intervals; the shaded band "
                "covers every period at once with 95% confidence (judge the whole line by it); "
                "the dashed line marks the event; estimates before it test the parallel-trends "
                "assumption.",
            )
            + "</div>"
        )
    if charts:
        parts.append(f'<div class="studies">{"".join(charts)}</div>')
    shown = [r for r in section.results if r.overall.att is not None]
    hidden = [r for r in section.results if r.overall.att is None]
    for outcome in section.outcomes:
        mine = [r for r in shown if r.outcome == outcome]
        if not mine:
            continue
        parts.append(
            _more(
                _e(f"Overall effects on {_outcome_title(outcome)}"),
                _table(
                    (
                        "Initiative",
                        "Effect (95% interval)",
                        "Areas with the event",
                        "Areas without",
                        "Trends before",
                        "If trends were not parallel",
                    ),
                    [_row(section, result) for result in mine],
                    caption=_e(f"Overall effect on {_outcome_title(outcome)}, in {_unit(outcome)}"),
                ),
            )
        )
    if hidden:
        kinds = ", ".join(dict.fromkeys(_kind_title(r) for r in hidden))
        parts.append(
            f"<p>Not enough areas yet for an estimate: {_e(kinds)} (an estimate needs at "
            "least 2 areas with the event and 2 without).</p>"
        )
    parts.append(
        _more(
            "Initiatives per area",
            _table(
                ("Area", "Initiative", "Starts", "Stops"),
                [
                    f'<tr><th scope="row">{_e(names.get(row.area, row.area))}</th>'
                    f"<td>{_e(group_title('initiative_kind', row.kind))}</td>"
                    f"<td>{_e(row.start or 'from the first period')}</td>"
                    f"<td>{_e(row.stop or '—')}</td></tr>"
                    for row in section.initiatives
                ],
            ),
        )
    )
    parts.append(
        "<p>The areas' trust and reports over time, with each initiative's start and stop "
        'marked: <a href="#trust-index">Trust index over time</a>, '
        '<a href="#reporting">Community reporting</a>.</p>'
    )
    return "".join(parts)


def render_effects_section(report: Report) -> str:
    """:func:`render_effects` of ``report``'s section, with its area names."""
    return render_effects(report.effects, {area.id: area.name for area in report.summary.areas})
