"""Markup: a :class:`~trustops.report.Report` as one self-contained HTML document."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

import attrs

from ..io import reason_of, write_text
from ..privacy import Cell, CellStatus
from ..scoring import Comparison, ComponentExplanation, Flag, TrustIndexResult
from ..stats import Interval
from ._build import ENGAGEMENT_METRICS
from ._cells import format_alpha, format_amount, format_value
from ._charts import (
    Mark,
    Panel,
    Series,
    axis_range,
    bar_chart,
    small_multiples,
    stacked_bar_chart,
)
from ._content import LOW_ALPHA, Balance, MetricRow, Pivot, Report
from ._decision_html import render_decision
from ._effects_html import render_effects_section
from ._errors import ReportError
from ._labels import (
    component_title,
    group_title,
    initiative_mark,
    metric_title,
    metric_unit,
    missing_reason,
)
from ._markup import details as _more
from ._markup import e as _e
from ._markup import figure as _figure
from ._markup import table as _table
from ._style import STYLE

__all__ = ["SECTIONS", "render_area_html", "render_html", "write_html"]


Renderer = Callable[[Report], str]


def _num(value: float | None, places: int = 1) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def _signed(value: float, places: int = 1) -> str:
    text = f"{value:+,.{places}f}"
    return text.replace("-", "−")


def _interval(interval: Interval, places: int = 1) -> str:
    return f"{interval.low:,.{places}f}–{interval.high:,.{places}f}"


def _withheld(reason: str | None) -> str:
    return f'<span class="withheld">withheld</span> <small>{_e(reason or "withheld")}</small>'


def _missing(reason: str) -> str:
    return f'<span class="missing">—</span> <small>{_e(reason)}</small>'


def _caution(reason: str | None) -> str:
    return f' <small class="caution">{_e(reason or "caution")}</small>'


def _cell(name: str, cell: Cell | None, missing: str = "no records") -> str:
    if cell is None:
        return f'<td class="num">{_missing(missing)}</td>'
    if cell.withheld:
        return f'<td class="withheld-cell">{_withheld(cell.reason)}</td>'
    if cell.value is None:
        return f'<td class="num">{_missing(cell.reason or missing_reason(name))}</td>'
    text = _e(format_value(name, cell.value))
    if cell.interval is not None:
        low, high = (format_value(name, end) for end in cell.interval)
        text += f' <small class="ci">{_e(low)}–{_e(high)}</small>'
    if cell.status is CellStatus.CAUTION:
        text += _caution(cell.reason)
    return f'<td class="num">{text}</td>'


def _empty(text: str) -> str:
    return f'<p class="empty">{_e(text)}</p>'


def _names(report: Report) -> dict[str, str]:
    return {area.id: area.name for area in report.summary.areas}


def _label(period: object) -> str:
    return "" if period is None else str(getattr(period, "label", period))


def _why_withheld(result: TrustIndexResult) -> str:
    missing = "; ".join(
        f"{component_title(part.name).lower()}: {part.reason}"
        for part in result.components
        if not part.available
    )
    if result.coverage <= 0 and not missing:
        return result.withheld or "withheld"
    return (
        f"only {result.coverage:.0%} of the model's weight had data, below its threshold of "
        f"{result.model.coverage_threshold:.0%} (missing {missing})"
    )


def _index_value(result: TrustIndexResult) -> str:
    if result.index is None or result.interval is None:
        return _withheld(_why_withheld(result))
    text = f"<strong>{result.index:.1f}</strong>"
    text += f' <small class="ci">{_e(_interval(result.interval))}</small>'
    if Flag.PARTIAL in result.flags:
        text += ' <small class="caution">partial</small>'
    if Flag.CAUTION in result.flags:
        text += _caution("small group")
    return text


def _change_text(change: Comparison) -> str:
    if not change.comparable or change.interval is None:
        return (
            f"{_e(_signed(change.difference))} points, "
            '<span class="flag">not comparable</span>: the components differ, so no '
            "significance is tested"
        )
    verdict = "significant" if change.significant else "not significant"
    p_value = ""
    if change.p_value is not None:
        p_value = ", p < 0.01" if change.p_value < 0.01 else f", p = {change.p_value:.2f}"
    return (
        f"{_e(_signed(change.difference))} points "
        f'<small class="ci">(95% interval {_e(_signed(change.interval.low))} to '
        f"{_e(_signed(change.interval.high))})</small>, "
        f'<span class="{"sig" if change.significant else "nosig"}">{verdict}</span>'
        f"{_e(p_value)}"
    )


def _main_driver(change: Comparison) -> str:
    if not change.components:
        return ""
    part = max(change.components, key=lambda c: abs(c.contribution))
    if abs(part.contribution) < 0.05:
        return ""
    return (
        f"; mostly {_e(component_title(part.name).lower())} "
        f"({_e(_signed(part.contribution))} points)"
    )


# --- sections ----------------------------------------------------------------------------


def _headline(report: Report) -> str:
    head = report.headline
    if head.programme is None:
        return _empty(report.index.note or "No trust index: no data to compute it from.")
    programme = head.programme
    where = f"All areas, {_e(head.period or '')}"
    if programme.index is None:
        big = f'<p class="headline">{where}: {_withheld(programme.withheld)}</p>'
    else:
        big = (
            f'<p class="headline"><span class="big">{programme.index:.1f}</span> '
            f"<span>trust index (0–100), {where}</span>"
            f'<small class="ci"> 95% interval {_e(_interval(programme.interval or Interval(0, 0)))}'
            "</small></p>"
        )
    return render_decision(report.decision, big)


def _moved(report: Report) -> str:
    head = report.headline
    items = []
    change = head.change
    if change is not None and change.comparison is not None:
        items.append(
            f"<li><strong>All areas, change from {_e(head.previous or '')}:</strong> "
            f"{_change_text(change.comparison)}{_main_driver(change.comparison)}.</li>"
        )
    elif change is not None:
        items.append(
            f"<li><strong>All areas, change from {_e(head.previous or '')}:</strong> not "
            f"measured ({_e(change.note or 'withheld')}).</li>"
        )
    if head.left_out:
        items.append(
            "<li>The programme-wide figure averages the areas with an index, weighted by "
            f"population; left out: {_e(', '.join(head.left_out))}.</li>"
        )
    items.extend(
        f"<li><strong>{_e(m.name)}</strong>: "
        f"{_change_text(m.comparison)}{_main_driver(m.comparison)}.</li>"
        for m in head.movers
        if m.comparison is not None
    )
    if not items:
        return ""
    return f'<h3>The programme and the areas that moved most</h3><ul class="facts-list">{"".join(items)}</ul>'


def _why(report: Report) -> str:
    section = report.index
    changes = [c for c in (report.headline.change, *section.changes) if c is not None]
    if not changes:
        return _empty("At least two periods are needed to see a change.")
    moved = _moved(report)
    components = [c.name for c in report.methods.model.components]
    spans = {f"{_label(c.first.period)} to {_label(c.second.period)}" for c in changes}
    rows = []
    for change in changes:
        comparison = change.comparison
        period = (
            ""
            if len(spans) == 1
            else f"{_label(change.first.period)} to {_label(change.second.period)}"
        )
        if comparison is None:
            rows.append(
                f'<tr><th scope="row">{_e(change.name)}<small>{_e(period)}</small></th>'
                f'<td colspan="{len(components) + 1}">{_missing(change.note or "withheld")}'
                "</td></tr>"
            )
            continue
        cells = []
        for part in comparison.components:
            note = ""
            if part.first is None and part.second is not None:
                note = "<small>came in</small>"
            elif part.second is None and part.first is not None:
                note = "<small>dropped out</small>"
            cells.append(f'<td class="num">{_e(_signed(part.contribution))}{note}</td>')
        verdict = (
            "not comparable"
            if not comparison.comparable
            else ("significant" if comparison.significant else "not significant")
        )
        rows.append(
            f'<tr><th scope="row">{_e(change.name)}<small>{_e(period)}</small></th>'
            f'<td class="num"><strong>{_e(_signed(comparison.difference))}</strong>'
            f"<small>{_e(verdict)}</small></td>{''.join(cells)}</tr>"
        )
    head = ["Area", "Change", *(_e(component_title(name)) for name in components)]
    return moved + _more(
        "Every area's change, component by component",
        "<p>How much each component's contribution to the index changed from the previous "
        "period, in points of the 0–100 index; the components' changes add up to the "
        "change of the index. A change is <em>not comparable</em> when a component came in "
        "or dropped out between the two periods.</p>"
        + _table(
            head,
            rows,
            caption=_e(
                "Change of the index by component, in points"
                + (f", {next(iter(spans))}" if len(spans) == 1 else "")
            ),
        ),
    )


def _trust_index(report: Report) -> str:
    section = report.index
    if not section.results:
        return _empty(section.note or "No index.")
    names = _names(report)
    labels = sorted({_label(r.period) for r in section.results if r.period is not None})
    series: list[Series] = []
    withheld: list[str] = []
    rows: list[str] = []
    everything = [*section.results, *section.programme]
    programme = {r.area for r in section.programme}
    for area in dict.fromkeys(r.area for r in everything):
        mine = {_label(r.period): r for r in everything if r.area == area}
        name = names.get(area, area)
        values = [mine[label].index if label in mine else None for label in labels]
        intervals = [mine[label].interval if label in mine else None for label in labels]
        series.append(
            Series(
                name=name,
                values=values,
                low=tuple(None if i is None else i.low for i in intervals),
                high=tuple(None if i is None else i.high for i in intervals),
            )
        )
        withheld += [f"{name} {label}" for label, r in mine.items() if r.index is None]
        cells = "".join(
            f'<td class="num">{_index_value(mine[label])}</td>'
            if label in mine
            else f'<td class="num">{_missing("no records")}</td>'
            for label in labels
        )
        rows.append(f'<tr><th scope="row">{_e(name)}</th>{cells}</tr>')
    low, high = axis_range(
        [v for line in series for v in (*line.values, *(line.low or ()), *(line.high or ()))]
    )
    keys = list(dict.fromkeys(r.area for r in everything))
    reference = next(
        (line for key, line in zip(keys, series, strict=True) if key in programme), None
    )
    caption = (
        f"Trust index per area and {report.methods.period.value} (points, 0–100; every panel "
        f"on the same axis, {low:g} to {high:g}): the area's index as a blue line with its 95% "
        "interval shaded"
        + ("; the programme-wide index dashed in grey" if reference is not None else "")
        + "; dotted lines mark where an initiative starts or stops, named in the key."
    )
    if withheld:
        caption += " Withheld, so not drawn: " + ", ".join(withheld) + "."
    source = (
        f"Survey instrument: <code>{_e(section.instrument)}</code>."
        if section.instrument
        else "No survey instrument has the model's constructs: survey components are missing."
    )
    areas = [(key, line) for key, line in zip(keys, series, strict=True) if key not in programme]
    return (
        _multiples(
            report,
            labels,
            areas,
            reference=None if reference is None else attrs.evolve(reference, name="all areas"),
            ylabel="Trust index",
            title="Trust index per area over time, with 95% intervals and initiatives marked",
            ylim=(low, high),
            caption=caption,
        )
        + f"<p>{source} <em>Partial</em> marks an index resting on part of the model.</p>"
        + _more(
            "The trust index as a table",
            _table(
                ("Area", *(_e(label) for label in labels)),
                rows,
                caption="Trust index (95% interval)",
            ),
        )
    )


def _marks(report: Report, labels: Sequence[str]) -> dict[str, tuple[Mark, ...]]:
    found: dict[str, list[Mark]] = {}
    for row in report.effects.initiatives:
        for when, event in ((row.start, "start"), (row.stop, "stop")):
            if when is None or when not in labels:
                continue
            code, name = initiative_mark(row.kind, event)
            found.setdefault(row.area, []).append(Mark(at=labels.index(when), code=code, name=name))
    return {
        area: tuple(sorted(marks, key=lambda m: (m.at, m.code))) for area, marks in found.items()
    }


def _multiples(
    report: Report,
    labels: Sequence[str],
    lines: Sequence[tuple[str, Series]],
    *,
    reference: Series | None,
    ylabel: str,
    title: str,
    ylim: tuple[float, float],
    caption: str,
    subject: str = "this area",
) -> str:
    """Small multiples twice: four panels a row for wide screens, two for phones (CSS shows
    one), so that the text keeps its size on either."""
    marks = _marks(report, labels)
    panels = [
        Panel(title=line.name, series=line, marks=marks.get(area, ())) for area, line in lines
    ]
    wide, narrow = (
        small_multiples(
            labels,
            panels,
            reference=reference,
            ylabel=ylabel,
            title=title,
            ylim=ylim,
            columns=columns,
            width=width,
            subject=subject,
        )
        for columns, width in ((4, 10.0), (2, 4.0))
    )
    return (
        f'<figure class="chart multiples"><div class="wide">{wide}</div>'
        f'<div class="narrow">{narrow}</div><figcaption>{_e(caption)}</figcaption></figure>'
    )


def _raw_text(part: ComponentExplanation) -> str:
    if Flag.INSUFFICIENT in part.flags:
        return '<span class="withheld">withheld</span>'
    if part.raw is None:
        return "—"
    if part.source == "survey":
        return _e(f"{part.raw:.1f} points")
    unit = metric_unit(part.measure)
    value = format_value(part.measure, part.raw)
    return _e(f"{value} {unit.removeprefix('% ')}" if value.endswith("%") else f"{value} {unit}")


def _part_notes(part: ComponentExplanation) -> str:
    notes: list[str] = [f"value: {_raw_text(part)}"]
    if part.source == "survey":
        notes.append(f"survey: mean score of the {part.measure} items")
    else:
        notes.append(metric_title(part.measure))
    if part.window is not None:
        recent = ", recent answers weigh more" if part.source == "survey" else ""
        notes.append(
            f"over {part.window.first.isoformat()} to {part.window.last.isoformat()} "
            f"({part.window.days} days){recent}"
        )
    if Flag.CAPPED in part.flags and part.target is not None:
        notes.append(
            f"capped at 100: above the target of {part.target:,.1f} {metric_unit(part.measure)}"
        )
    if part.reason:
        notes.append(("not counted: " if not part.available else "") + part.reason)
    if Flag.CAUTION in part.flags:
        notes.append("caution: fewer than 30 people")
    if Flag.SHRUNK in part.flags:
        notes.append("shrunk toward the rate across areas")
    if part.n is not None and part.available:
        counted = {"survey": "respondents in the window"}.get(str(part.source), "")
        if part.measure in ("reach_per_1000", "reports_per_1000_residents"):
            counted = "population"
        notes.append(f"n = {part.n:,.0f} {counted}".rstrip())
    return "".join(
        f"<small>{note if position == 0 else _e(note)}</small>"
        for position, note in enumerate(notes)
    )


def _explanation(report: Report) -> str:
    latest = report.index.latest
    if not latest:
        return _empty(report.index.note or "No index.")
    names = _names(report)
    parts: list[str] = []
    shown = [r for r in latest if r.index is not None]
    if shown:
        components = [c.name for c in report.methods.model.components]
        chart = stacked_bar_chart(
            [names.get(r.area, r.area) for r in shown],
            [
                (component_title(name), [r.component(name).contribution for r in shown])
                for name in components
            ],
            xlabel="Points of the index (0–100)",
            title="Contributions of each component to the latest index per area",
            xlim=(0.0, 100.0),
        )
        parts.append(
            _figure(
                chart,
                "Each bar adds up to the area's latest index (scale 0–100); the legend names "
                "the components in the order of the bar, left to right.",
            )
        )
    parts.append(
        "<p>Every figure behind each area's latest index, one area at a time: "
        + " · ".join(
            f'<a href="#{_e(area_anchor(r.area))}">{_e(names.get(r.area, r.area))}</a>'
            for r in latest
        )
        + ".</p>"
    )
    breakdowns = []
    for result in latest:
        rows = []
        for part in result.components:
            rows.append(
                f'<tr><th scope="row">{_e(component_title(part.name))}{_part_notes(part)}</th>'
                f'<td class="num">{_e(_num(part.normalised))}</td>'
                f'<td class="num">{part.weight:.2f}</td>'
                f'<td class="num">{_e(_num(part.contribution, 2))}</td></tr>'
            )
        if result.index is not None:
            total = sum(p.contribution or 0.0 for p in result.components)
            rows.append(
                '<tr class="total"><th scope="row">Total</th><td></td><td></td>'
                f'<td class="num">{total:.2f}</td></tr>'
            )
        breakdowns.append(
            _more(
                f"{_e(names.get(result.area, result.area))}, {_e(_label(result.period))}: "
                f"{_index_value(result)}",
                _table(
                    ("Component", "Score (0–100)", "Weight", "Contribution"),
                    rows,
                    caption="Contribution = score × weight ÷ the weight of the components counted",
                ),
                anchor=area_anchor(result.area),
            )
        )
    chart_html, rest = (parts[0], parts[1:]) if shown else ("", parts)
    return (
        f'<div class="explain"><div>{chart_html}</div><div>{"".join(rest)}'
        f'<div class="areas">{"".join(breakdowns)}</div></div></div>'
    )


def area_anchor(area: str) -> str:
    """The id of an area's breakdown in the page (``#area-riverside`` opens it)."""
    return f"area-{area}"


def _has_values(rows: Sequence[MetricRow], name: str) -> bool:
    return any(row.cells[name].value is not None or row.cells[name].withheld for row in rows)


def _pivot_table(pivot: Pivot, caption: str) -> str:
    rows = (
        f'<tr><th scope="row">{_e(row.label)}</th>'
        + "".join(_cell(pivot.metric, cell, pivot.missing) for cell in row.cells)
        + "</tr>"
        for row in pivot.rows
    )
    return _table((_e(pivot.row_header), *(_e(c) for c in pivot.columns)), rows, caption=caption)


def _pivot_multiples(
    report: Report,
    pivot: Pivot,
    *,
    ylabel: str,
    title: str,
    what: str,
    subject: str,
    scale: str,
) -> str:
    """Small multiples of a pivot: one panel per row on a shared axis (from 0, or fitted to
    the data on 0–100 for ``scale="points"``), intervals shaded; withheld cells are not drawn
    and the caption names them."""
    lines = [
        (
            row.key or "",
            Series(
                name=row.label,
                values=[None if c is None or c.withheld else c.value for c in row.cells],
                low=tuple(
                    None if c is None or c.withheld or c.interval is None else c.interval.low
                    for c in row.cells
                ),
                high=tuple(
                    None if c is None or c.withheld or c.interval is None else c.interval.high
                    for c in row.cells
                ),
            ),
        )
        for row in pivot.rows
    ]
    withheld = [
        f"{row.label} {column}"
        for row in pivot.rows
        for column, cell in zip(pivot.columns, row.cells, strict=True)
        if cell is not None and cell.withheld
    ]
    values = [v for _, line in lines for v in (*line.values, *(line.low or ()), *(line.high or ()))]
    if scale == "points":
        low, high = axis_range(values)
        axis = f"the same axis, {low:g} to {high:g} of 0–100"
    else:
        low, high = 0.0, max(max((v for v in values if v is not None), default=1.0) * 1.1, 1.0)
        axis = "the same axis, from 0"
    caption = f"{what} (every panel on {axis})"
    if any(line.low is not None and any(v is not None for v in line.low) for _, line in lines):
        caption += ", 95% intervals shaded"
    if any(key in _marks(report, list(pivot.columns)) for key, _ in lines):
        caption += "; dotted lines mark where an initiative starts or stops, named in the key"
    caption += "."
    if withheld:
        caption += " Withheld (fewer than 10 people), so not drawn: " + ", ".join(withheld) + "."
    return _multiples(
        report,
        list(pivot.columns),
        lines,
        reference=None,
        ylabel=ylabel,
        title=title,
        ylim=(low, high),
        caption=caption,
        subject=subject,
    )


def _engagement(report: Report) -> str:
    rows = report.engagement
    if not rows:
        return _empty("No interactions.")
    names = [n for n in ENGAGEMENT_METRICS if _has_values(rows, n)]
    parts = []
    trend = report.engagement_trend
    if trend.rows and len(trend.columns) > 1:
        parts.append(
            _pivot_multiples(
                report,
                trend,
                ylabel="Interactions",
                title="Interactions per initiative kind over time",
                what=f"Interactions per initiative kind and {report.methods.period.value}",
                subject="this kind",
                scale="count",
            )
        )
        parts.append(
            _more(
                "Interactions per initiative kind and period as a table",
                _pivot_table(trend, "Interactions per initiative kind and period"),
            )
        )
    else:
        cells = [row.cells["interactions"] for row in rows]
        chart = bar_chart(
            [row.label for row in rows],
            [None if cell.withheld else cell.value for cell in cells],
            xlabel="Interactions",
            title="Interactions by initiative kind",
        )
        withheld = [row.label for row, cell in zip(rows, cells, strict=True) if cell.withheld]
        caption = "Interactions by initiative kind (scale from 0)."
        if withheld:
            caption += " Withheld, so not drawn: " + ", ".join(withheld) + "."
        parts.append(_figure(chart, _e(caption)))
    body = (
        f'<tr><th scope="row">{_e(row.label)}</th>'
        f"{''.join(_cell(n, row.cells[n]) for n in names)}</tr>"
        for row in rows
    )
    head = (
        "Initiative kind",
        *(f"{_e(metric_title(n))}<small>{_e(metric_unit(n))}</small>" for n in names),
    )
    parts.append(
        _more(
            "Reach, reporting, outcomes, attendance and repeat engagement per initiative kind",
            _table(head, body, caption="All periods together; shares with their 95% interval"),
        )
    )
    return "".join(parts)


def _reporting(report: Report) -> str:
    pivots = report.reporting
    if not pivots or not pivots[0].rows:
        return _empty("No interactions.")
    parts = [
        _pivot_multiples(
            report,
            pivots[0],
            ylabel="Per 1,000",
            title="Resident reports per 1,000 residents per area over time, initiatives marked",
            what=(
                "Resident reports of suspicious activity per 1,000 residents, per area and "
                f"{report.methods.period.value}"
            ),
            subject="this area",
            scale="rate",
        )
    ]
    for pivot in pivots:
        title = f"{_e(metric_title(pivot.metric))} ({_e(metric_unit(pivot.metric))})"
        parts.append(_more(f"{title} as a table", _pivot_table(pivot, title)))
    return "".join(parts)


def _survey(report: Report) -> str:
    if not report.surveys:
        return _empty("No survey responses.")
    parts: list[str] = [
        "<p>Mean scores on 0–100 (65 means the average answer is 65% of the way up the "
        "scale), programme-wide, per quarter. Respondents are <em>raked</em>: weighted so "
        "that, in each area, their mix of age, gender and other known traits matches the "
        "area's population, and a group that answered less does not count less. Where an area "
        "has no population figures, each answer keeps its design weight (noted below).</p>"
    ]
    for section in report.surveys:
        trends = section.trends
        parts.append(f"<h3>Instrument <code>{_e(section.instrument)}</code></h3>")
        if len(trends.columns) > 1:
            parts.append(
                _pivot_multiples(
                    report,
                    trends,
                    ylabel="Mean score",
                    title=f"Construct mean scores of {section.instrument} per quarter",
                    what="Mean score per construct and quarter, programme-wide",
                    subject="this construct",
                    scale="points",
                )
            )
        rows = []
        for row in trends.rows:
            alphas = section.alpha.get(row.key or "", ())
            cells = []
            for position, cell in enumerate(row.cells):
                text = _cell("mean_score", cell, trends.missing)
                alpha = alphas[position] if position < len(alphas) else None
                if alpha is not None:
                    low_alpha = alpha < LOW_ALPHA
                    mark = ' class="caution"' if low_alpha else ""
                    text = text.replace(
                        "</td>",
                        f"<small{mark}>alpha {format_alpha(alpha, LOW_ALPHA)}"
                        f"{' (low)' if low_alpha else ''}</small></td>",
                    )
                cells.append(text)
            rows.append(f'<tr><th scope="row">{_e(row.label)}</th>{"".join(cells)}</tr>')
        respondents = "".join(f'<td class="num">{_e(_count(n))}</td>' for n in section.respondents)
        rows.append(f'<tr><th scope="row">Respondents</th>{respondents}</tr>')
        notes = " ".join(section.notes)
        parts.append(
            _more(
                "Mean scores, intervals, Cronbach's alpha and respondents as a table",
                _table(
                    ("Construct", *(_e(c) for c in trends.columns)),
                    rows,
                    caption=_e(
                        f"Mean score (95% interval) and Cronbach's alpha; weighting: "
                        f"{section.weighting}. Alpha below {LOW_ALPHA} means the construct's items "
                        f"do not hang together well. {notes}"
                    ),
                ),
            )
        )
    return "".join(parts)


_STATUS: Final = {
    "achieved": "achieved",
    "on_track": "on track",
    "off_track": "off track",
    "missed": "missed",
    "no_data": "no data",
}


def _indicators(report: Report) -> str:
    if not report.progress:
        return _empty("No indicators.")
    rows = []
    for item in report.progress:
        ind, progress = item.indicator, item.progress
        name = f'<th scope="row">{_e(ind.name)}<small>{_e(ind.unit)}</small></th>'
        if progress is None:
            rows.append(
                f'{name}<td class="num">{format_amount(ind.baseline.value)}</td>'
                f'<td colspan="4">{_e(item.note or "")}</td>'
            )
            rows[-1] = f"<tr>{rows[-1]}</tr>"
            continue
        hold = ("hold ≥ " if ind.ascending else "hold ≤ ") if ind.maintain else ""
        until = "until" if ind.maintain else "by"
        actual = "—" if progress.actual is None else format_amount(progress.actual.value)
        share = "—" if progress.progress is None else f"{progress.progress * 100:.0f}%"
        rows.append(
            f"<tr>{name}"
            f'<td class="num">{format_amount(progress.baseline)}</td>'
            f'<td class="num">{_e(hold)}{format_amount(progress.target.value)}<small>{_e(until)} '
            f"{_e(progress.target.end.isoformat())}</small></td>"
            f'<td class="num">{_e(actual)}<small>{_e(share)} of the way</small></td>'
            f'<td class="num">{progress.elapsed * 100:.0f}%</td>'
            f'<td class="status-{_e(progress.status.value)}">'
            f"{_e(_STATUS.get(progress.status.value, progress.status.value))}</td></tr>"
        )
    as_of = report.methods.as_of
    caption = f"As of {as_of.isoformat()}." if as_of is not None else ""
    return _table(
        ("Indicator", "Baseline", "Target", "Latest actual", "Time gone", "Status"),
        rows,
        caption=_e(caption),
    )


def _count(cell: Cell) -> str:
    """A published count as text: the number, or "withheld (fewer than 10)"."""
    if cell.withheld or cell.value is None:
        return f"withheld ({(cell.reason or 'withheld').removeprefix('withheld: ')})"
    return f"{cell.value:,.0f}"


def _data(report: Report) -> str:
    s = report.summary
    span = "no dated records"
    if s.first_day is not None and s.last_day is not None:
        span = f"{s.first_day.isoformat()} to {s.last_day.isoformat()}"
    facts = (
        ("Areas", f"{len(s.areas):,}"),
        ("Initiatives", f"{s.initiatives:,}"),
        ("Sessions", f"{s.sessions:,}"),
        ("Interactions", f"{s.interactions:,}"),
        ("Residents reached", _count(s.residents_reached)),
        ("Survey responses", _count(s.responses)),
        ("Indicators", f"{s.indicators:,}"),
        ("Data from (local dates)", span),
    )
    cards = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in facts)
    parts = [f'<dl class="facts">{cards}</dl>']
    if s.programmes:
        rows = (
            f'<tr><th scope="row">{_e(p.name)}<small>{_e(p.organisation)}</small></th>'
            f"<td>{_e(p.status)}</td><td>{_e(p.start.isoformat())}</td>"
            f"<td>{_e(p.end.isoformat() if p.end else 'open')}</td></tr>"
            for p in s.programmes
        )
        parts.append(_table(("Programme", "Status", "Start", "End"), rows))
    if s.areas:
        rows = (
            f'<tr><th scope="row">{_e(a.name)}<small>id {_e(a.id)}</small></th>'
            f"<td>{_e(a.timezone)}</td>"
            f'<td class="num">{_e("—" if a.population is None else f"{a.population:,}")}</td></tr>'
            for a in s.areas
        )
        parts.append(
            _more(
                "The areas, their time zones and populations",
                _table(("Area", "Time zone", "Population"), rows),
            )
        )
    return "".join(parts)


def _rejects(report: Report) -> str:
    r = report.rejects
    if not r.total and not r.problems:
        return "<p>Every record was accepted and the dataset is consistent.</p>"
    parts = [f"<p>{r.total:,} record(s) rejected; {r.problems:,} problem(s) between records.</p>"]
    if r.total:
        parts.append(
            _table(
                ("Field", "Reason", "Count"),
                (
                    f"<tr><td><code>{_e(path)}</code></td><td>{_e(reason)}</td>"
                    f'<td class="num">{count:,}</td></tr>'
                    for path, reason, count in r.by_reason
                ),
                caption="Rejects by reason",
            )
        )
        parts.append(
            _table(
                ("File", "Rejects"),
                (
                    f'<tr><td>{_e(source)}</td><td class="num">{count:,}</td></tr>'
                    for source, count in r.by_source
                ),
                caption="Rejects by file",
            )
        )
        parts.append(
            _table(
                ("File", "Line", "Field", "Reason"),
                (
                    f'<tr><td>{_e(j.source)}</td><td class="num">{j.line}</td>'
                    f"<td><code>{_e(j.path)}</code></td><td>{_e(reason_of(j))}</td></tr>"
                    for j in r.examples
                ),
                caption=f"First {len(r.examples)} reject(s)",
            )
        )
    if r.problems:
        parts.append(
            _table(
                ("Record", "Field", "Problem"),
                (
                    f"<tr><td>{_e(p.record_type)} <code>{_e(p.record_id)}</code></td>"
                    f"<td><code>{_e(p.field)}</code></td><td>{_e(p.message)}</td></tr>"
                    for p in r.problem_examples
                ),
                caption=f"First {len(r.problem_examples)} problem(s) between records",
            )
        )
    return "".join(parts)


IMBALANCED_ABOVE: Final = 0.1
"""The ASMD above which a margin is imbalanced after weighting (METHODS §5a)."""


def balance_caption(instrument: str, balance: Balance) -> str:
    """What the weighting-diagnostics table of ``instrument`` says under its title (text)."""
    low, middle, high = balance.design_effect
    left_out = (
        f"; {balance.withheld} with fewer than 10 respondents left out" if balance.withheld else ""
    )
    return (
        f"{instrument}: respondents raked to each area's population "
        f"margins per quarter ({balance.sets} weight set{'' if balance.sets == 1 else 's'}"
        f"{left_out}). ASMD is the gap between "
        "the weighted sample's and the population's shares in standard deviations, averaged "
        "over a margin's categories: the mean over the weight sets before raking, the largest "
        f"after; above {IMBALANCED_ABOVE:g} is imbalanced. The weights' design effect is "
        f"{middle:.2f} (from {low:.2f} to {high:.2f}); the largest weight is "
        f"{balance.largest_weight:.1f} times its set's mean."
    )


def _balance_table(instrument: str, balance: Balance) -> str:
    rows = (
        f'<tr><th scope="row">{_e(row.variable)}</th><td class="num">{row.sets}</td>'
        f'<td class="num">{row.asmd_before:.3f}</td><td class="num">{row.asmd_after:.3f}</td>'
        f'<td class="num">{row.imbalanced}</td></tr>'
        for row in balance.margins
    )
    return _more(
        f"Did the weighting work? Each margin's balance before and after raking ({_e(instrument)})",
        _table(
            ("Margin", "Sets", "ASMD before", "ASMD after", "Imbalanced"),
            rows,
            caption=_e(balance_caption(instrument, balance)),
        ),
    )


def _methods(report: Report) -> str:
    m = report.methods
    policy = m.policy
    if policy.enabled:
        rule = (
            f"Figures resting on fewer than {policy.withhold_below} people are withheld and "
            f"shown as <em>withheld</em> with the reason; fewer than {policy.caution_below} "
            "are shown with a caution."
        )
    else:
        rule = "<strong>Small-cell suppression is OFF</strong>: every figure is shown."
    items = [
        f"Scoring model <strong>{_e(m.model.name)}</strong> version {_e(m.model.version)}, "
        f'SHA-256 fingerprint <code class="fingerprint">{_e(m.model.fingerprint)}</code>.',
        f"Periods: {_e(m.period.value)}s, in each area's local time zone.",
        rule,
        "Intervals are 95%: Wilson intervals for shares (on the effective n), normal "
        "intervals for means; survey respondents are raked to each area's population margins "
        "where they are known.",
        "The trust index is the weighted mean of its available components on 0–100; the "
        "contributions of the components add up to the index, and it is withheld when less "
        f"than {m.model.coverage_threshold:g} of the model's weight is available. So that "
        f"periods compare, every component covers the last {m.model.window_days} days up to "
        "each period's end, or the whole period when it is longer"
        + (
            f"; survey answers are weighted by recency (half-life "
            f"{m.model.decay_half_life_days:g} days)"
            if m.model.decay_half_life_days
            else ""
        )
        + "; rate targets are per year, scaled to the window's days.",
        "The programme-wide index averages the areas' indexes weighted by population; a "
        "change is tested only when both periods rest on the same components and areas.",
    ]
    if m.as_of is not None:
        items.append(f"Indicator progress as of {_e(m.as_of.isoformat())}.")
    if m.generated is not None:
        items.append(f"Generated {_e(m.generated)}.")
    items.extend(_e(note) for note in m.notes)
    tables = "".join(
        _balance_table(survey.instrument, survey.balance)
        for survey in report.surveys
        if survey.balance is not None
    )
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" + tables


_SECTIONS: Final[tuple[tuple[str, str, Renderer], ...]] = (
    ("summary", "How trust is doing", _headline),
    ("why", "Why it moved", _why),
    ("trust-index", "Trust index over time", _trust_index),
    ("explanation", "What makes up the latest index", _explanation),
    ("engagement", "Engagement by initiative kind", _engagement),
    ("reporting", "Community reporting", _reporting),
    ("survey", "Survey scores by quarter", _survey),
    ("effects", "What builds trust here", render_effects_section),
    ("indicators", "Indicator progress", _indicators),
    ("data", "The data", _data),
    ("rejects", "Rejected records", _rejects),
    ("methods", "Methods", _methods),
)

SECTIONS: Final = tuple((sid, heading) for sid, heading, _ in _SECTIONS)
"""The report's sections in order, as ``(id, heading)``; each is drawn by one function of
``_SECTIONS``, so a section is added with one line."""


def render_html(report: Report) -> str:
    """The report as one self-contained HTML5 document.

    CSS is inline, charts are inline SVG drawn by matplotlib's SVG backend, and there are
    no scripts, external fonts, images or links to fetch: the file can be read offline,
    on a phone (nothing is wider than the screen; wide tables scroll inside their frame) and
    in print. All text is escaped. The same report always renders to the same text. Raises
    :class:`~trustops.MissingExtraError` without matplotlib.

    >>> import pendulum
    >>> from trustops import Area, Dataset, Interaction
    >>> from trustops.report import build_report, render_html
    >>> when = pendulum.datetime(2026, 3, 4, 19, tz="UTC")
    >>> ds = Dataset(areas=[Area(id="a", name="Riverside", timezone="UTC", population=900)],
    ...              interactions=[Interaction(id=f"i{k}", occurred_at=when, area_id="a",
    ...                  kind="conversation", initiator="staff", channel="in_person",
    ...                  resident_id=f"r{k}") for k in range(12)])
    >>> page = render_html(build_report(ds))
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, "How trust is doing" in page
    (True, False, True)
    """
    return _page(
        report, report.title, [(sid, title, draw(report)) for sid, title, draw in _SECTIONS]
    )


def _page(report: Report, title: str, sections: Sequence[tuple[str, str, str]]) -> str:
    """The document around ``sections`` (id, heading, markup), with a list of them."""
    nav = "".join(f'<li><a href="#{sid}">{_e(heading)}</a></li>' for sid, heading, _ in sections)
    banner = ""
    if not report.methods.policy.enabled:
        banner = (
            '<p class="banner">Small-cell suppression is OFF: figures resting on few people '
            "are shown. Do not publish this report.</p>"
        )
    model = report.methods.model
    body = [
        f'<{"footer" if sid == "methods" else "section"} id="{sid}"><h2>{_e(heading)}</h2>'
        f"{markup}</{'footer' if sid == 'methods' else 'section'}>"
        for sid, heading, markup in sections
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        f'<meta name="generator" content="trustops; model {_e(model.name)} {_e(model.version)}">\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1>"
        f'<p class="meta">Trust index by {_e(report.methods.period.value)} · model '
        f"{_e(model.name)} {_e(model.version)}</p>{banner}"
        f'<nav aria-label="Sections"><ol>{nav}</ol></nav></header>\n<main>\n'
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def render_area_html(report: Report, area: str) -> str:
    """One area's report as one self-contained HTML document: its latest index and change,
    its index over time beside the programme's, every figure behind its latest index, its
    community reporting, its initiatives and the methods. Raises
    :class:`~trustops.report.ReportError` naming the known areas when ``area`` is not one.

    >>> import pendulum
    >>> from trustops import Area, Dataset, Interaction
    >>> from trustops.report import build_report, render_area_html
    >>> when = pendulum.datetime(2026, 3, 4, 19, tz="UTC")
    >>> ds = Dataset(areas=[Area(id="a", name="Riverside", timezone="UTC", population=900)],
    ...              interactions=[Interaction(id=f"i{k}", occurred_at=when, area_id="a",
    ...                  kind="conversation", initiator="staff", channel="in_person",
    ...                  resident_id=f"r{k}") for k in range(12)])
    >>> page = render_area_html(build_report(ds, title="Trust report"), "a")
    >>> "<title>Trust report: Riverside</title>" in page
    True
    """
    names = _names(report)
    if area not in names:
        raise ReportError(
            f"area {area!r}: expected one of the report's areas ({', '.join(sorted(names))})"
        )
    name = names[area]
    index = report.index
    mine = attrs.evolve(
        report,
        index=attrs.evolve(
            index,
            results=tuple(r for r in index.results if r.area == area),
            latest=tuple(r for r in index.latest if r.area == area),
            changes=tuple(c for c in index.changes if c.area == area),
        ),
        reporting=tuple(
            attrs.evolve(pivot, rows=tuple(row for row in pivot.rows if row.key == area))
            for pivot in report.reporting
        ),
        effects=attrs.evolve(
            report.effects,
            initiatives=tuple(row for row in report.effects.initiatives if row.area == area),
        ),
    )
    latest = mine.index.latest
    head = [
        f"<p>Index: {_index_value(result)}, {_e(_label(result.period))}.</p>" for result in latest
    ]
    head.extend(
        f"<p>Change from {_e(_label(c.first.period))}: {_change_text(c.comparison)}"
        f"{_main_driver(c.comparison)}.</p>"
        for c in mine.index.changes
        if c.comparison is not None
    )
    kinds = [
        f"<li>{_e(group_title('initiative_kind', row.kind))}: "
        f"{_e('from ' + row.start if row.start else 'from the first period')}"
        f"{_e(', stops ' + row.stop if row.stop else '')}</li>"
        for row in mine.effects.initiatives
    ]
    explanation = _explanation(mine).replace(
        '<details class="more" id=', '<details class="more" open id='
    )
    sections = [
        ("summary", f"How trust is doing in {name}", "".join(head) or _empty("No index.")),
        ("trust-index", "Trust index over time", _trust_index(mine)),
        ("explanation", "What makes up the latest index", explanation),
        ("reporting", "Community reporting", _reporting(mine)),
        ("initiatives", "Initiatives", f"<ul>{''.join(kinds)}</ul>" if kinds else _empty("None.")),
        ("methods", "Methods", _methods(mine)),
    ]
    return _page(mine, f"{report.title}: {name}", sections)


def write_html(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write ``report`` as a self-contained HTML file (UTF-8) and return the path written.

    The file is written whole or not at all: to a temporary file in the same folder, then
    renamed over ``path``.

    >>> import pathlib, tempfile
    >>> from trustops import Dataset
    >>> from trustops.report import build_report, write_html
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_html(build_report(Dataset()), folder / "report.html").name
    'report.html'
    """
    return write_text(path, render_html(report), newline="\n")
