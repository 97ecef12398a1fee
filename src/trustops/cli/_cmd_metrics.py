"""``trustops metrics``: the engagement-metric table, grouped as asked, through the policy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import click
from rich.table import Table
from rich.text import Text

from .._errors import TrustopsError
from ..metrics import GROUP_KEYS, METRIC_NAMES, engagement_table
from ..privacy import DEFAULT_POLICY, NO_SUPPRESSION, CellStatus, SmallCellPolicy
from ..report import Cell, format_value, publish
from ..time import Granularity
from ._inputs import load_dataset
from ._options import (
    files_argument,
    format_option,
    out_option,
    pass_ui,
    suppression_option,
    type_option,
)
from ._output import csv_text, emit, policy_dict, policy_statement, render_tables
from ._ui import DataError, Ui, dump_json

__all__ = ["metrics", "parse_by", "parse_metrics"]

_GRANULARITIES: Final = tuple(g.value for g in Granularity)


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_by(text: str) -> tuple[tuple[str, ...], Granularity | None]:
    """Split ``--by`` (``area,month``) into group keys and at most one granularity."""
    keys: list[str] = []
    period: Granularity | None = None
    for part in _split([text]):
        if part in _GRANULARITIES:
            if period is not None:
                raise click.BadParameter(
                    f"more than one period ({period.value}, {part}); give at most one",
                    param_hint="--by",
                )
            period = Granularity(part)
        elif part in GROUP_KEYS:
            if part in keys:
                raise click.BadParameter(f"{part!r} is given twice", param_hint="--by")
            keys.append(part)
        else:
            raise click.BadParameter(
                f"unknown grouping {part!r}; expected group keys ({', '.join(GROUP_KEYS)}) "
                f"and at most one period ({', '.join(_GRANULARITIES)})",
                param_hint="--by",
            )
    return tuple(keys), period


def parse_metrics(values: Sequence[str]) -> tuple[str, ...]:
    """The metrics named by ``--metric`` options (comma-separated or repeated); all by default."""
    names = _split(values)
    for name in names:
        if name not in METRIC_NAMES:
            raise click.BadParameter(
                f"unknown metric {name!r}; expected one of {', '.join(METRIC_NAMES)}",
                param_hint="--metric",
            )
    return tuple(dict.fromkeys(names)) or METRIC_NAMES


def _table_cell(name: str, cell: Cell) -> str:
    if cell.withheld:
        return "withheld"
    text = format_value(name, cell.value)
    return text + " *" if cell.status is CellStatus.CAUTION else text


@click.command(
    epilog="""\b
Examples:
  trustops metrics data/ --by area,month
  trustops metrics data/ --by initiative_kind -m positive_share,attendance_rate
  trustops metrics data/ --by area,quarter --format csv --out metrics.csv
  cat interactions.jsonl | trustops metrics - --type interactions --format json
"""
)
@files_argument()
@click.option(
    "--by",
    default="area",
    show_default=True,
    help="Comma-separated group keys (area, initiative, initiative_kind, staff) and at most "
    "one period (day, week, month, quarter, year), e.g. area,month.",
)
@click.option(
    "--metric",
    "-m",
    "metric_names",
    multiple=True,
    help="Metrics to show (comma-separated or repeated; default: all).",
)
@format_option()
@out_option()
@type_option()
@suppression_option()
@pass_ui
def metrics(
    ui: Ui,
    *,
    files: tuple[str, ...],
    by: str,
    metric_names: tuple[str, ...],
    fmt: str,
    out: str,
    kind: str | None,
    no_suppression: bool,
) -> None:
    """Engagement metrics of the interactions in FILES, per group.

    Areas and initiatives in FILES give local time zones, populations and initiative kinds.
    Shares come with their n and 95% Wilson interval. By default, figures resting on fewer
    than 10 people are withheld and fewer than 30 flagged (* in tables); --no-suppression
    shows them and says so. CSV is one row per group and metric.
    """
    keys, period = parse_by(by)
    names = parse_metrics(metric_names)
    policy: SmallCellPolicy = NO_SUPPRESSION if no_suppression else DEFAULT_POLICY
    dataset = load_dataset(files, kind=kind, ui=ui)
    with ui.progress() as progress:
        progress.add_task("Computing metrics", total=None)
        try:
            table = engagement_table(
                dataset.interactions,
                by=keys,
                period=period,
                areas=dataset.areas,
                initiatives=dataset.initiatives,
            )
        except TrustopsError as error:
            raise DataError(str(error)) from None
    columns = [*keys, *(["period"] if period is not None else [])]
    rows = [
        (
            {column: row.keys.get(column) for column in columns},
            {name: publish(row.metric(name), policy) for name in names},
        )
        for row in table
    ]
    statement = policy_statement(policy)
    if fmt == "json":
        emit(
            dump_json(
                {
                    "by": list(keys),
                    "period": None if period is None else period.value,
                    "suppression": policy_dict(policy),
                    "note": statement,
                    "rows": [
                        {"keys": row_keys, "metrics": {n: c.to_dict() for n, c in cells.items()}}
                        for row_keys, cells in rows
                    ],
                }
            ),
            out,
        )
    elif fmt == "csv":
        header = [*columns, "metric", "value", "n", "low", "high", "status", "reason"]
        header.append("suppression")
        flag = "on" if policy.enabled else "off"
        emit(
            csv_text(
                header,
                (
                    [
                        *row_keys.values(),
                        name,
                        cell.value,
                        cell.n,
                        None if cell.interval is None else cell.interval.low,
                        None if cell.interval is None else cell.interval.high,
                        str(cell.status),
                        cell.reason,
                        flag,
                    ]
                    for row_keys, cells in rows
                    for name, cell in cells.items()
                ),
            ),
            out,
        )
    else:
        grid = Table(title="Engagement metrics")
        for column in columns:
            grid.add_column(column)
        for name in names:
            grid.add_column(name, justify="right")
        for row_keys, cells in rows:
            grid.add_row(
                *(Text("(none)" if value is None else value) for value in row_keys.values()),
                *(Text(_table_cell(name, cell)) for name, cell in cells.items()),
            )
        notes = [statement]
        if policy.enabled:
            notes.append("* caution: small group.")
        emit(render_tables([grid], notes), out)
