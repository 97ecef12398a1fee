"""Everything a report shows, as data: one flat record per published figure, with its flags,
so other systems take the same numbers as the page without reading HTML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from ..privacy import Cell
from ..scoring import TrustIndexResult
from ._cells import format_amount, format_value
from ._content import Balance, Pivot, Report
from ._labels import initiative_title

__all__ = ["DATA_COLUMNS", "report_data"]

DATA_COLUMNS: Final = (
    "section",
    "subject",
    "period",
    "figure",
    "value",
    "low",
    "high",
    "n",
    "status",
    "reason",
    "flags",
    "perturbed",
    "text",
)
"""The columns of :func:`report_data`'s records, in order."""


def _record(
    section: str,
    subject: str,
    period: str | None,
    figure: str,
    *,
    value: float | None,
    low: float | None = None,
    high: float | None = None,
    n: float | None = None,
    status: str = "ok",
    reason: str | None = None,
    flags: tuple[str, ...] = (),
    perturbed: bool = False,
    text: str,
) -> dict[str, object]:
    return {
        "section": section,
        "subject": subject,
        "period": period,
        "figure": figure,
        "value": value,
        "low": low,
        "high": high,
        "n": n,
        "status": status,
        "reason": reason,
        "flags": ";".join(flags),
        "perturbed": perturbed,
        "text": text,
    }


def _cell(
    section: str, subject: str, period: str | None, figure: str, cell: Cell
) -> dict[str, object]:
    found = cell.to_dict()
    text = "withheld" if cell.withheld else format_value(figure, cell.value)
    return _record(
        section,
        subject,
        period,
        figure,
        value=cell.value,
        low=found["low"],  # type: ignore[arg-type]
        high=found["high"],  # type: ignore[arg-type]
        n=cell.n,
        status=str(cell.status),
        reason=cell.reason,
        perturbed=cell.perturbed,
        text=text,
    )


def _index(section: str, subject: str, result: TrustIndexResult) -> dict[str, object]:
    period = None if result.period is None else result.period.label
    interval = result.interval
    return _record(
        section,
        subject,
        period,
        "trust_index",
        value=result.index,
        low=None if interval is None else interval.low,
        high=None if interval is None else interval.high,
        status="ok" if result.index is not None else "insufficient",
        reason=result.withheld,
        flags=tuple(result.flags),
        text="withheld" if result.index is None else f"{result.index:.1f}",
    )


def _pivot(section: str, pivot: Pivot) -> Iterator[dict[str, object]]:
    for row in pivot.rows:
        for column, cell in zip(pivot.columns, row.cells, strict=True):
            if cell is not None:
                yield _cell(section, row.label, column, pivot.metric, cell)


def _balance(instrument: str, balance: Balance | None) -> Iterator[dict[str, object]]:
    """The weighting diagnostics of the methods section: each margin's ASMD before (the mean
    over the weight sets) and after (the largest), and the weights' median design effect
    (its range in the text)."""
    if balance is None:
        return
    for row in balance.margins:
        subject = f"{instrument} {row.variable}"
        flags = ("imbalanced",) if row.imbalanced else ()
        for figure, value in (("asmd_before", row.asmd_before), ("asmd_after", row.asmd_after)):
            yield _record(
                "methods", subject, None, figure, value=value, flags=flags, text=f"{value:.3f}"
            )
    low, middle, high = balance.design_effect
    yield _record(
        "methods",
        instrument,
        None,
        "design_effect",
        value=middle,
        text=f"{middle:.2f} (from {low:.2f} to {high:.2f})",
    )


def report_data(report: Report) -> tuple[dict[str, object], ...]:
    """Every published figure of ``report`` as a flat record (:data:`~trustops.report.DATA_COLUMNS`): the
    section of the page it is in (its id), what it is about (an area, initiative kind,
    construct or indicator, by name), its period, the figure, its value and 95% interval,
    n, status and reason (``insufficient`` when withheld, with why), flags, whether counts
    behind it were perturbed, and ``text``, the figure as the page writes it.

    >>> from trustops import Dataset
    >>> from trustops.report import build_report, report_data
    >>> report_data(build_report(Dataset()))[0]["figure"]
    'interactions'
    """
    names = {area.id: area.name for area in report.summary.areas}
    records: list[dict[str, object]] = []
    summary = report.summary
    records.append(
        _record(
            "data", "all areas", None, "interactions",
            value=float(summary.interactions), text=f"{summary.interactions:,}",
        )
    )  # fmt: skip
    for figure, cell in (
        ("residents_reached", summary.residents_reached),
        ("responses", summary.responses),
    ):
        records.append(_cell("data", "all areas", None, figure, cell))
        records[-1]["text"] = "withheld" if cell.withheld else f"{cell.value or 0:,.0f}"
    head = report.headline
    if head.programme is not None:
        records.append(_index("summary", "all areas", head.programme))
    change = head.change
    if change is not None and change.comparison is not None:
        comparison = change.comparison
        interval = comparison.interval
        records.append(
            _record(
                "why",
                "all areas",
                head.period,
                "trust_index_change",
                value=comparison.difference,
                low=None if interval is None else interval.low,
                high=None if interval is None else interval.high,
                flags=tuple(comparison.flags)
                + (("significant",) if comparison.significant else ()),
                text=f"{comparison.difference:+,.1f}".replace("-", "−"),
            )
        )
    for row in report.decision.works:
        for finding in row.findings:
            records.append(
                _record(
                    "summary",
                    row.title,
                    None,
                    f"effect_on_{finding.outcome}",
                    value=finding.estimate,
                    low=finding.low,
                    high=finding.high,
                    n=float(finding.treated),
                    status="ok" if finding.estimate is not None else "insufficient",
                    flags=(finding.evidence.value,),
                    text=finding.text if finding.estimate is not None else finding.evidence.words,
                )
            )
    for result in (*report.index.programme, *report.index.results):
        records.append(_index("trust-index", names.get(result.area, result.area), result))
    for result in report.index.latest:
        for part in result.components:
            if part.contribution is None:
                continue
            records.append(
                _record(
                    "explanation",
                    names.get(result.area, result.area),
                    None if result.period is None else result.period.label,
                    f"contribution_{part.name}",
                    value=part.contribution,
                    n=part.n,
                    flags=tuple(part.flags),
                    text=f"{part.contribution:,.2f}",
                )
            )
    for metric_row in report.engagement:
        for figure, cell in metric_row.cells.items():
            records.append(_cell("engagement", metric_row.label, None, figure, cell))
    records.extend(_pivot("engagement", report.engagement_trend))
    for pivot in report.reporting:
        records.extend(_pivot("reporting", pivot))
    for survey in report.surveys:
        records.extend(_pivot("survey", survey.trends))
    for survey in report.surveys:
        records.extend(_balance(survey.instrument, survey.balance))
    for item in report.progress:
        progress = item.progress
        if progress is None or progress.actual is None:
            continue
        records.append(
            _record(
                "indicators",
                item.indicator.name,
                progress.as_of.isoformat(),
                "indicator_actual",
                value=progress.actual.value,
                status=str(progress.status),
                reason=item.indicator.unit,
                text=format_amount(progress.actual.value),
            )
        )
    for effect in report.effects.results:
        overall = effect.overall
        if overall.att is None:
            continue
        records.append(
            _record(
                "effects",
                initiative_title(effect.kind, effect.event),
                None,
                f"effect_on_{effect.outcome}",
                value=overall.att,
                low=overall.low,
                high=overall.high,
                n=float(overall.n_treated),
                flags=tuple(effect.flags),
                text=f"{overall.att:+,.2f}".replace("-", "−") if round(overall.att, 2) else "0.00",
            )
        )
        robust = report.effects.sensitivity_of(effect)
        if robust is not None and robust.bounds:
            records.append(
                _record(
                    "effects",
                    initiative_title(effect.kind, effect.event),
                    None,
                    f"breakdown_mbar_on_{effect.outcome}",
                    value=robust.breakdown(),
                    text=robust.sentence(),
                )
            )
    return tuple(records)
