"""Rendering a :class:`Report` as one self-contained HTML document."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Final

from ..metrics import METRICS
from ..privacy import CellStatus
from ..scoring import ConstructScore, ScoreEstimate, TrustIndexResult
from ..stats import Interval
from ._build import ENGAGEMENT_METRICS, REPORTING_METRICS, MetricRow, Report
from ._cells import Cell, format_value
from ._charts import Series, bar_chart, interval_chart, line_chart, stacked_bar_chart
from ._style import STYLE

__all__ = ["SECTIONS", "render_html", "write_html"]

SECTIONS: Final = (
    ("summary", "Programme summary"),
    ("trust-index", "Trust index over time"),
    ("explanation", "What makes up the latest index"),
    ("engagement", "Engagement by initiative kind"),
    ("reporting", "Community reporting"),
    ("survey", "Survey scores"),
    ("indicators", "Indicator progress"),
    ("rejects", "Rejected records"),
    ("methods", "Methods"),
)
"""The report's sections in order, as ``(id, heading)``."""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _num(value: float | None, places: int = 1) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def _interval(interval: Interval, places: int = 1) -> str:
    return f"{interval.low:,.{places}f}–{interval.high:,.{places}f}"


def _withheld(reason: str | None) -> str:
    return f'<span class="withheld">withheld</span> <small>{_e(reason or "withheld")}</small>'


def _caution(reason: str | None) -> str:
    return f' <small class="caution">{_e(reason or "caution")}</small>'


def _cell(name: str, cell: Cell) -> str:
    if cell.withheld:
        return f'<td class="withheld-cell">{_withheld(cell.reason)}</td>'
    text = _e(format_value(name, cell.value))
    if cell.interval is not None and cell.value is not None:
        low, high = (format_value(name, end) for end in cell.interval)
        text += f' <small class="ci">{_e(low)}–{_e(high)}</small>'
    if cell.status is CellStatus.CAUTION:
        text += _caution(cell.reason)
    return f'<td class="num">{text}</td>'


def _table(head: Sequence[str], rows: Iterable[str], *, caption: str = "") -> str:
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    header = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    body = "".join(rows)
    return (
        f'<div class="table-wrap"><table>{cap}<thead><tr>{header}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _figure(svg: str, caption: str) -> str:
    return f'<figure class="chart">{svg}<figcaption>{_e(caption)}</figcaption></figure>'


def _empty(text: str) -> str:
    return f'<p class="empty">{_e(text)}</p>'


def _area_names(report: Report) -> dict[str, str]:
    return {area.id: area.name for area in report.summary.areas}


# --- sections ----------------------------------------------------------------------------


def _summary(report: Report) -> str:
    s = report.summary
    span = "no dated records"
    if s.first_day is not None and s.last_day is not None:
        span = f"{s.first_day.isoformat()} to {s.last_day.isoformat()}"
    facts = (
        ("Areas", f"{len(s.areas):,}"),
        ("Initiatives", f"{s.initiatives:,}"),
        ("Sessions", f"{s.sessions:,}"),
        ("Interactions", f"{s.interactions:,}"),
        ("Residents reached", f"{s.residents_reached:,}"),
        ("Survey responses", f"{s.responses:,}"),
        ("Indicators", f"{s.indicators:,}"),
        ("Data from", span),
    )
    cards = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in facts)
    parts = [f'<dl class="facts">{cards}</dl>']
    if s.programmes:
        rows = (
            f"<tr><td>{_e(p.name)}</td><td>{_e(p.organisation)}</td><td>{_e(p.status)}</td>"
            f"<td>{_e(p.start.isoformat())}</td>"
            f"<td>{_e(p.end.isoformat() if p.end else 'open')}</td>"
            f"<td>{_e(', '.join(p.area_ids))}</td></tr>"
            for p in s.programmes
        )
        parts.append(_table(("Programme", "Organisation", "Status", "Start", "End", "Areas"), rows))
    if s.areas:
        rows = (
            f"<tr><td>{_e(a.name)}</td><td><code>{_e(a.id)}</code></td>"
            f"<td>{_e(a.timezone)}</td>"
            f'<td class="num">{_e("—" if a.population is None else f"{a.population:,}")}</td></tr>'
            for a in s.areas
        )
        parts.append(_table(("Area", "Id", "Time zone", "Population"), rows))
    return "".join(parts)


def _index_text(result: TrustIndexResult) -> str:
    if result.index is None or result.interval is None:
        return _withheld(result.withheld)
    text = f"<strong>{result.index:.1f}</strong>"
    text += f' <small class="ci">{_e(_interval(result.interval))}</small>'
    if "caution" in result.flags:
        text += _caution("caution: rests on a small group")
    return text


def _trust_index(report: Report) -> str:
    section = report.index
    if not section.results:
        return _empty(section.note or "No index.")
    names = _area_names(report)
    labels = sorted({r.period.label for r in section.results if r.period is not None})
    series: list[Series] = []
    rows: list[str] = []
    for area in dict.fromkeys(r.area for r in section.results):
        mine = {r.period.label: r for r in section.results if r.area == area and r.period}
        values = [mine[label].index if label in mine else None for label in labels]
        intervals = [mine[label].interval if label in mine else None for label in labels]
        series.append(
            Series(
                name=names.get(area, area),
                values=values,
                low=tuple(None if i is None else i.low for i in intervals),
                high=tuple(None if i is None else i.high for i in intervals),
            )
        )
    for result in section.results:
        period = "" if result.period is None else result.period.label
        rows.append(
            f"<tr><td>{_e(names.get(result.area, result.area))}</td><td>{_e(period)}</td>"
            f'<td class="num">{_index_text(result)}</td>'
            f'<td class="num">{result.coverage:.2f}</td>'
            f"<td>{_e(', '.join(result.flags))}</td></tr>"
        )
    chart = line_chart(
        labels,
        series,
        ylabel="Trust index (0–100)",
        title="Trust index per area over time, with 95% intervals",
        ylim=(0.0, 100.0),
    )
    source = (
        f"Survey instrument: <code>{_e(section.instrument)}</code>."
        if section.instrument
        else "No survey instrument has the model's constructs: survey components are missing."
    )
    return (
        _figure(chart, "Trust index per area and period; shaded bands are 95% intervals.")
        + f"<p>{source}</p>"
        + _table(("Area", "Period", "Index (95% interval)", "Coverage", "Flags"), rows)
    )


def _explanation(report: Report) -> str:
    latest = report.index.latest
    if not latest:
        return _empty(report.index.note or "No index.")
    names = _area_names(report)
    parts: list[str] = []
    shown = [r for r in latest if r.index is not None]
    if shown:
        components = [c.name for c in report.methods.model.components]
        chart = stacked_bar_chart(
            [names.get(r.area, r.area) for r in shown],
            [(name, [r.component(name).contribution for r in shown]) for name in components],
            xlabel="Contribution to the index (points of 0–100)",
            title="Contributions of each component to the latest index per area",
            xlim=(0.0, 100.0),
        )
        parts.append(
            _figure(chart, "Each bar adds up to the area's latest index; colours are components.")
        )
    for result in latest:
        period = "" if result.period is None else f", {result.period.label}"
        parts.append(
            f"<h3>{_e(names.get(result.area, result.area))}{_e(period)}</h3>"
            f"<p>Index: {_index_text(result)}; coverage {result.coverage:.2f}.</p>"
        )
        rows = []
        for part in result.components:
            notes = [*([part.reason] if part.reason else []), *part.flags]
            notes = [note for note in notes if note != "insufficient"]
            raw = (
                '<span class="withheld">withheld</span>'
                if "insufficient" in part.flags
                else _e(_num(part.raw, 3))
            )
            rows.append(
                f"<tr><td>{_e(part.name)}</td><td>{_e(part.source)}: {_e(part.measure)}</td>"
                f'<td class="num">{raw}</td>'
                f'<td class="num">{_e(_num(part.normalised))}</td>'
                f'<td class="num">{part.weight:.2f}</td>'
                f'<td class="num">{_e(_num(part.contribution, 2))}</td>'
                f'<td class="num">{_e(_num(part.n, 0))}</td>'
                f"<td>{_e('; '.join(notes))}</td></tr>"
            )
        if result.index is not None:
            total = sum(p.contribution or 0.0 for p in result.components)
            rows.append(
                f'<tr class="total"><td>Total</td><td></td><td></td><td></td><td></td>'
                f'<td class="num">{total:.2f}</td><td></td><td></td></tr>'
            )
        parts.append(
            _table(
                ("Component", "Source", "Raw", "Score", "Weight", "Contribution", "n", "Notes"),
                rows,
            )
        )
    return "".join(parts)


def _metric_table(rows: Sequence[MetricRow], names: Sequence[str], first: str) -> str:
    body = (
        f"<tr><td>{_e(row.label.replace('_', ' '))}</td>{''.join(_cell(n, row.cells[n]) for n in names)}</tr>"
        for row in rows
    )
    return _table((first, *(METRICS[n].title for n in names)), body)


def _engagement(report: Report) -> str:
    rows = report.engagement
    if not rows:
        return _empty("No interactions.")
    chart = bar_chart(
        [row.label.replace("_", " ") for row in rows],
        [row.cells["interactions"].value for row in rows],
        xlabel="Interactions",
        title="Interactions by initiative kind",
    )
    return _figure(chart, "Interactions by initiative kind.") + _metric_table(
        rows, ENGAGEMENT_METRICS, "Initiative kind"
    )


def _key(row: MetricRow, name: str) -> str:
    return row.keys.get(name) or ""


def _reporting(report: Report) -> str:
    rows = report.reporting
    if not rows:
        return _empty("No interactions.")
    names = _area_names(report)
    labels = sorted({_key(row, "period") for row in rows})
    series = []
    for area in dict.fromkeys(_key(row, "area") for row in rows):
        mine = {_key(row, "period"): row for row in rows if _key(row, "area") == area}
        series.append(
            Series(
                name=names.get(area, area),
                values=[
                    mine[label].cells["reports_per_1000_residents"].value if label in mine else None
                    for label in labels
                ],
            )
        )
    chart = line_chart(
        labels,
        series,
        ylabel="Reports per 1,000 residents",
        title="Resident reports of suspicious activity per 1,000 residents",
    )
    labelled = [
        MetricRow(
            label=f"{names.get(_key(row, 'area'), _key(row, 'area'))} · {_key(row, 'period')}",
            keys=row.keys,
            cells=row.cells,
        )
        for row in rows
    ]
    return _figure(
        chart, "Reports per 1,000 residents per area and period (resident-initiated reports)."
    ) + _metric_table(labelled, REPORTING_METRICS, "Area · period")


def _estimate(estimate: ScoreEstimate | None, row: ConstructScore) -> str:
    if row.withheld is not None:
        return f'<td class="withheld-cell">{_withheld(row.withheld)}</td>'
    if estimate is None:
        return '<td class="num">—</td>'
    text = f'{estimate.value:.1f} <small class="ci">{_e(_interval(estimate.interval))}</small>'
    if "caution" in row.flags:
        text += _caution(f"caution: n = {row.n} is small")
    return f'<td class="num">{text}</td>'


def _survey(report: Report) -> str:
    if not report.surveys:
        return _empty("No survey responses.")
    names = _area_names(report)
    parts: list[str] = []
    for table in report.surveys:
        rows = []
        labels: list[str] = []
        values: list[float | None] = []
        intervals: list[tuple[float, float] | None] = []
        for row in table:  # one row per area and construct
            area = names.get(row.keys.get("area", ""), row.keys.get("area", ""))
            alpha = "—" if row.alpha is None else f"{row.alpha:.2f}"
            ess = "—" if row.effective_n is None else f"{row.effective_n:.1f}"
            rows.append(
                f"<tr><td>{_e(area)}</td><td>{_e(row.construct)}</td>"
                f'<td class="num">{row.n}</td><td class="num">{_e(ess)}</td>'
                f"{_estimate(row.mean_score, row)}{_estimate(row.top_box_share, row)}"
                f"{_estimate(row.net_score, row)}"
                f'<td class="num">{_e(alpha)}</td><td>{_e(", ".join(row.flags))}</td></tr>'
            )
            labels.append(f"{area} · {row.construct}")
            values.append(None if row.mean_score is None else row.mean_score.value)
            intervals.append(
                None
                if row.mean_score is None
                else (row.mean_score.interval.low, row.mean_score.interval.high)
            )
        chart = interval_chart(
            labels,
            values,
            intervals,
            xlabel="Mean score (0–100)",
            title=f"Mean construct scores of {table.instrument_id} with 95% intervals",
            xlim=(0.0, 100.0),
            missing=["withheld" if row.withheld else "no score" for row in table],
        )
        parts.append(f"<h3>Instrument <code>{_e(table.instrument_id)}</code></h3>")
        parts.append(_figure(chart, "Mean score per area and construct; lines are 95% intervals."))
        parts.append(
            _table(
                (
                    "Area",
                    "Construct",
                    "n",
                    "Effective n",
                    "Mean score",
                    "Top-box %",
                    "Net score",
                    "Alpha",
                    "Flags",
                ),
                rows,
                caption=f"Weighting: {table.weighting}. " + " ".join(table.notes),
            )
        )
    return "".join(parts)


def _indicators(report: Report) -> str:
    if not report.progress:
        return _empty("No indicators.")
    rows = []
    for item in report.progress:
        ind, progress = item.indicator, item.progress
        if progress is None:
            rows.append(
                f"<tr><td>{_e(ind.name)}</td><td>{_e(ind.unit)}</td>"
                f'<td class="num">{ind.baseline.value:,.1f}</td>'
                f'<td colspan="5">{_e(item.note or "")}</td></tr>'
            )
            continue
        actual = "—" if progress.actual is None else f"{progress.actual.value:,.1f}"
        share = "—" if progress.progress is None else f"{progress.progress * 100:.0f}%"
        rows.append(
            f"<tr><td>{_e(ind.name)}</td><td>{_e(ind.unit)}</td>"
            f'<td class="num">{progress.baseline:,.1f}</td>'
            f'<td class="num">{progress.target.value:,.1f} <small>by '
            f"{_e(progress.target.end.isoformat())}</small></td>"
            f'<td class="num">{_e(actual)}</td><td class="num">{_e(share)}</td>'
            f'<td class="num">{progress.elapsed * 100:.0f}%</td>'
            f'<td class="status-{_e(progress.status.value)}">'
            f"{_e(progress.status.value.replace('_', ' '))}</td></tr>"
        )
    as_of = report.methods.as_of
    caption = f"As of {as_of.isoformat()}." if as_of is not None else ""
    return _table(
        (
            "Indicator",
            "Unit",
            "Baseline",
            "Target",
            "Latest actual",
            "Progress",
            "Time gone",
            "Status",
        ),
        rows,
        caption=caption,
    )


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
                ("File", "Line", "Field", "Message"),
                (
                    f'<tr><td>{_e(j.source)}</td><td class="num">{j.line}</td>'
                    f"<td><code>{_e(j.path)}</code></td><td>{_e(j.message)}</td></tr>"
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
        f"than {m.model.coverage_threshold:g} of the model's weight is available.",
    ]
    if m.as_of is not None:
        items.append(f"Indicator progress as of {_e(m.as_of.isoformat())}.")
    if m.generated is not None:
        items.append(f"Generated {_e(m.generated)}.")
    items.extend(_e(note) for note in m.notes)
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


_RENDERERS: Final = {
    "summary": _summary,
    "trust-index": _trust_index,
    "explanation": _explanation,
    "engagement": _engagement,
    "reporting": _reporting,
    "survey": _survey,
    "indicators": _indicators,
    "rejects": _rejects,
    "methods": _methods,
}


def render_html(report: Report) -> str:
    """The report as one self-contained HTML5 document.

    CSS is inline, charts are inline SVG drawn by matplotlib's SVG backend, and there are
    no scripts, external fonts, images or links to fetch: the file can be read offline,
    on a phone and in print. All text is escaped. The same report always renders to the
    same text. Raises :class:`~trustops.MissingExtraError` without matplotlib.
    """
    nav = "".join(f'<li><a href="#{sid}">{_e(title)}</a></li>' for sid, title in SECTIONS)
    banner = ""
    if not report.methods.policy.enabled:
        banner = (
            '<p class="banner">Small-cell suppression is OFF: figures resting on few people '
            "are shown. Do not publish this report.</p>"
        )
    model = report.methods.model
    sections = []
    for sid, title in SECTIONS:
        body = _RENDERERS[sid](report)
        tag = "footer" if sid == "methods" else "section"
        sections.append(f'<{tag} id="{sid}"><h2>{_e(title)}</h2>{body}</{tag}>')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(report.title)}</title>\n"
        f'<meta name="generator" content="trustops; model {_e(model.name)} {_e(model.version)}">\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(report.title)}</h1>"
        f'<p class="meta">Trust index by {_e(report.methods.period.value)} · model '
        f"{_e(model.name)} {_e(model.version)}</p>{banner}"
        f'<nav aria-label="Sections"><ol>{nav}</ol></nav></header>\n<main>\n'
        + "\n".join(sections)
        + "\n</main>\n</body>\n</html>\n"
    )


def write_html(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write ``report`` as a self-contained HTML file (UTF-8); return the path written."""
    target = Path(path)
    target.write_text(report.to_html(), encoding="utf-8", newline="\n")
    return target
