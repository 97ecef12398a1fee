"""Rendering the "What builds trust here" section: event-study charts, the overall effects
table, what the data can and cannot say, initiatives per area and trust over time with the
initiatives' starts and stops marked."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from ..effects import EffectResult
from ._charts import PALETTE
from ._charts import _figure as figure_axes
from ._charts import _svg as svg_text
from ._content import Report
from ._effects_content import AreaInitiatives, EffectsSection

__all__ = ["event_study_chart", "render_effects", "render_effects_section", "trust_events_chart"]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _label(name: str) -> str:
    return name.replace("_", " ")


def event_study_chart(result: EffectResult, *, title: str) -> str:
    """ATT(e) with 95% intervals by event time, a zero line, and the event marked between
    e = −1 and e = 0; withheld estimates are left out."""
    shown = [e for e in result.event_time if e.att is not None and e.event_time is not None]
    with figure_axes(7.2, 3.2) as (figure, axes):
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
        axes.set_xlabel("Periods since the event (negative: before it)")
        axes.set_ylabel(f"Effect on {_label(result.outcome)}")
        return svg_text(figure, title)


def trust_events_chart(
    periods: Sequence[str],
    trust: Sequence[tuple[str, Sequence[float | None]]],
    initiatives: Sequence[AreaInitiatives],
    *,
    names: dict[str, str],
    ylabel: str,
    title: str,
) -> str:
    """One line per area over ``periods``, with each initiative start (▲) and stop (▼) marked
    on the area's line in its first period."""
    with figure_axes(7.2, 4.2) as (figure, axes):
        positions = list(range(len(periods)))
        for number, (area, values) in enumerate(trust):
            colour = PALETTE[number % len(PALETTE)]
            line = [math.nan if v is None else v for v in values]
            axes.plot(
                positions, line, marker="o", markersize=3, color=colour, label=names.get(area, area)
            )
            for row in initiatives:
                if row.area != area:
                    continue
                for when, marker in ((row.start, "^"), (row.stop, "v")):
                    if when is None or when not in periods:
                        continue
                    x = periods.index(when)
                    if not math.isnan(line[x]):
                        axes.plot(
                            [x],
                            [line[x]],
                            marker=marker,
                            markersize=8,
                            color=colour,
                            linestyle="none",
                        )
        axes.set_xticks(positions, list(periods))
        axes.set_ylabel(ylabel)
        figure.legend(loc="outside lower center", ncols=4, frameon=False, fontsize=8)
        return svg_text(figure, title)


def _figure(svg: str, caption: str) -> str:
    return f'<figure class="chart">{svg}<figcaption>{_e(caption)}</figcaption></figure>'


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _row(result: EffectResult) -> str:
    overall = result.overall
    if overall.att is None:
        effect = (
            f'<span class="withheld">withheld</span> <small>{_e(overall.withheld or "")}</small>'
        )
    else:
        effect = (
            f"<strong>{_number(overall.att)}</strong> "
            f'<small class="ci">{_number(overall.low)} to {_number(overall.high)}</small>'
        )
    pre = "—" if result.pre_trend is None else f"{result.pre_trend.p_value:.3f}"
    return (
        f"<tr><td>{_e(_label(result.kind))}</td><td>{_e(result.event)}</td>"
        f'<td>{_e(_label(result.outcome))}</td><td class="num">{effect}</td>'
        f'<td class="num">{overall.n_treated} vs {overall.n_comparison} of {result.areas}</td>'
        f'<td class="num">{_e(pre)}</td><td>{_e(", ".join(result.flags))}</td></tr>'
    )


def _table(head: Sequence[str], rows: Sequence[str]) -> str:
    header = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    return (
        f'<div class="table-wrap"><table><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def render_effects(section: EffectsSection, names: dict[str, str]) -> str:
    """The section's HTML: a sentence on what the data can and cannot say, an event-study
    chart per kind on the headline outcome, the overall effects table, the initiatives per
    area and trust over time with starts and stops marked."""
    if section.note is not None or section.headline is None:
        return f'<p class="empty">{_e(section.note or "No effects.")}</p>'
    parts = [f"<p>{_e(section.can_say)}</p>", f"<p><strong>{_e(section.cannot_say)}</strong></p>"]
    for result in section.for_outcome(section.headline):
        title = f"{_label(result.kind)} ({result.event}): effect on {_label(result.outcome)}"
        if not any(e.att is not None for e in result.event_time):
            parts.append(f'<h3>{_e(title)}</h3><p class="empty">Withheld: too few areas.</p>')
            continue
        parts.append(
            f"<h3>{_e(title)}</h3>"
            + _figure(
                event_study_chart(result, title=title),
                "Estimates by period since the event with 95% intervals; zero line; the dashed "
                "line marks the event. Estimates before it test the parallel-trends assumption.",
            )
        )
    parts.append("<h3>Overall effects</h3>")
    parts.append(
        _table(
            (
                "Kind",
                "Event",
                "Outcome",
                "Effect (95% interval)",
                "Areas (treated vs comparison)",
                "Pre-trend p",
                "Flags",
            ),
            [_row(result) for result in section.results],
        )
    )
    parts.append("<h3>Initiatives per area</h3>")
    parts.append(
        _table(
            ("Area", "Kind", "Starts", "Stops"),
            [
                f"<tr><td>{_e(names.get(row.area, row.area))}</td><td>{_e(_label(row.kind))}</td>"
                f"<td>{_e(row.start or 'from the first period')}</td>"
                f"<td>{_e(row.stop or '—')}</td></tr>"
                for row in section.initiatives
            ],
        )
    )
    ylabel = _label(section.headline)
    parts.append(
        _figure(
            trust_events_chart(
                section.periods,
                section.trust,
                section.initiatives,
                names=names,
                ylabel=ylabel,
                title=f"{ylabel} per area over time, with initiative starts and stops",
            ),
            f"{ylabel} per area; ▲ an initiative starts, ▼ one stops.",
        )
    )
    return "".join(parts)


def render_effects_section(report: Report) -> str:
    """:func:`render_effects` of ``report``'s section, with its area names."""
    return render_effects(report.effects, {area.id: area.name for area in report.summary.areas})
