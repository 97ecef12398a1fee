"""Terminal tables people can read: the terminal's width, headers and keys never cut."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Mapping, Sequence
from typing import Final

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..privacy import Cell, CellStatus
from ..report import format_value, metric_title

__all__ = [
    "DEFAULT_METRICS",
    "cell_record",
    "cell_text",
    "metric_grid",
    "render",
    "terminal_width",
    "whole",
]

DEFAULT_METRICS: Final = (
    "interactions",
    "residents_reached",
    "reach_per_1000",
    "positive_share",
    "repeat_engagement_rate",
    "reports_per_1000_residents",
)
"""The metrics ``trustops metrics`` shows unless ``--all`` or ``--metric`` asks otherwise."""

_FALLBACK_WIDTH: Final = 100


def terminal_width() -> int:
    """The width to lay tables out in: ``COLUMNS`` when set, else the terminal's, else 100
    (output to a pipe or a file)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return max(int(os.environ["COLUMNS"]), 40)
    return max(shutil.get_terminal_size((_FALLBACK_WIDTH, 24)).columns, 40)


def cell_text(name: str, cell: Cell, *, show_n: bool = False, intervals: bool = False) -> str:
    """One published figure as table text: the value (``withheld`` or ``—`` when there is
    none), ``*`` when flagged caution, then on request its n and 95% interval."""
    if cell.withheld:
        return "withheld"
    text = format_value(name, cell.value)
    if cell.status is CellStatus.CAUTION:
        text += " *"
    if intervals and cell.interval is not None and cell.value is not None:
        low, high = (format_value(name, end) for end in cell.interval)
        text += f" ({low}–{high})"
    if show_n and cell.n is not None:
        text += f" n={cell.n:,.0f}"
    return text


def cell_record(cell: Cell) -> dict[str, object]:
    """A published figure as plain data: value, n, low, high, status and reason. A figure
    without a value that the policy did not withhold has status ``missing`` and the reason
    that applies to it (``no outcomes recorded``, ``not grouped by area``), as the metric
    gave it."""
    record = cell.to_dict()
    if cell.value is None and not cell.withheld:
        record["status"] = "missing"
    return record


def _console(buffer: io.StringIO, width: int) -> Console:
    """A console that prints every text as written: no markup (``[/]pulse`` is an id, not a
    tag), no highlighting, no colour."""
    return Console(file=buffer, width=width, color_system=None, highlight=False, markup=False)


def _render(table: Table, width: int) -> tuple[str, bool]:
    buffer = io.StringIO()
    console = _console(buffer, width)
    console.print(table)
    text = buffer.getvalue()
    return text, all(len(line) <= width for line in text.splitlines())


def render(tables: Sequence[Table], notes: Sequence[str], width: int) -> str:
    """Tables, then notes, as plain text laid out in ``width`` columns."""
    buffer = io.StringIO()
    console = _console(buffer, width)
    for table in tables:
        console.print(table)
    for note in notes:
        console.print(note)
    return buffer.getvalue()


def metric_grid(
    *,
    title: str,
    keys: Sequence[str],
    rows: Sequence[tuple[Mapping[str, str], Mapping[str, Cell]]],
    names: Sequence[str],
    width: int,
    show_n: bool = False,
    intervals: bool = False,
) -> Table:
    """The metrics of each group as one table: a column per metric when that fits in
    ``width``, otherwise one row per group and metric (long layout), so that no header, key
    or value is ever cut. ``rows`` give each group's keys as people read them."""
    wide = Table(title=title)
    for key in keys:
        longest = max((len(r[0][key]) for r in rows), default=4)
        wide.add_column(key, no_wrap=True, min_width=max(longest, len(key)))
    for name in names:
        wide.add_column(metric_title(name), justify="right", overflow="fold")
    for row_keys, cells in rows:
        wide.add_row(
            *(Text(row_keys[key]) for key in keys),
            *(Text(cell_text(n, cells[n], show_n=show_n, intervals=intervals)) for n in names),
        )
    texts = [metric_title(n) for n in names]
    texts += [
        cell_text(n, c, show_n=show_n, intervals=intervals) for _, r in rows for n, c in r.items()
    ]
    if whole(wide, texts, width):
        return wide
    long = Table(title=title)
    for key in keys:
        long.add_column(key, no_wrap=True)
    long.add_column("metric", no_wrap=True)
    long.add_column("value", justify="right", no_wrap=True)
    if show_n:
        long.add_column("n", justify="right", no_wrap=True)
    if intervals:
        long.add_column("95% interval", justify="right", no_wrap=True)
    for row_keys, cells in rows:
        for position, name in enumerate(names):
            cell = cells[name]
            shown = [Text(row_keys[key] if position == 0 else "") for key in keys]
            shown += [Text(metric_title(name)), Text(cell_text(name, cell))]
            if show_n:
                shown.append(Text("" if cell.n is None else f"{cell.n:,.0f}"))
            if intervals:
                interval = cell.interval
                shown.append(
                    Text(
                        ""
                        if interval is None or cell.value is None
                        else "–".join(format_value(name, end) for end in interval)
                    )
                )
            long.add_row(*shown)
        long.add_section()
    labels = [r[0][key] for r in rows for key in keys]
    if whole(long, [*texts, *labels], width):
        return long
    narrow = Table(title=title, show_header=False, box=None, pad_edge=False)
    narrow.add_column("metric", overflow="fold")
    narrow.add_column("value", justify="right", no_wrap=True)
    for row_keys, cells in rows:
        narrow.add_row(Text(" · ".join(row_keys[k] for k in keys)), Text(""))
        for name in names:
            text = cell_text(name, cells[name], show_n=show_n, intervals=intervals)
            narrow.add_row(Text("  " + metric_title(name)), Text(text))
    return narrow


def whole(table: Table, texts: Sequence[str], width: int) -> bool:
    """The table fits in ``width`` and every word of ``texts`` is printed whole (rich folds
    a column narrower than a word mid-word)."""
    text, fitted = _render(table, width)
    return fitted and all(word in text for entry in texts for word in entry.split())
