"""``trustops metrics``: the engagement-metric table, grouped as asked, through the policy."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

import click

from .._errors import MissingExtraError, TrustopsError
from ..engines import ENGINE_NAMES, Engine, choose_engine, engagement_table
from ..io import ReaderError, atomic_path
from ..metrics import GROUP_KEYS, METRIC_NAMES
from ..privacy import (
    ALL,
    DEFAULT_POLICY,
    NO_SUPPRESSION,
    CellStatus,
    SmallCellPolicy,
)
from ..report import group_title, metric_title
from ..scoring import publish_engagement
from ..time import Granularity
from ._errors import DataError, InputError
from ._inputs import note_duplicates, refuse_empty, stream_interactions
from ._options import (
    engine_option,
    files_argument,
    format_option,
    out_option,
    pass_ui,
    suppression_option,
    type_option,
)
from ._output import csv_text, emit, policy_dict, policy_statement, privacy_for
from ._tables import DEFAULT_METRICS, cell_record, metric_grid, render, terminal_width
from ._ui import Ui, dump_json

__all__ = ["metrics", "parse_by", "parse_metrics"]

_GRANULARITIES: Final = tuple(g.value for g in Granularity)


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_by(
    text: str, period_text: str | None = None
) -> tuple[tuple[str, ...], Granularity | None]:
    """Split ``--by`` (``area`` or ``area,month``) and ``--period`` into group keys and at most
    one granularity (given with ``--period`` or, as a shorthand, among the ``--by`` keys)."""
    keys: list[str] = []
    period = None if period_text is None else Granularity(period_text)
    for part in _split([text]):
        if part in _GRANULARITIES:
            if period is not None:
                raise click.BadParameter(
                    f"more than one period ({period.value}, {part}); give one, with --period",
                    param_hint="--by",
                )
            period = Granularity(part)
        elif part in GROUP_KEYS:
            if part in keys:
                raise click.BadParameter(f"{part!r} is given twice", param_hint="--by")
            keys.append(part)
        elif part == "period":
            raise click.BadParameter(
                f"name the period itself, with --period ({', '.join(_GRANULARITIES)})",
                param_hint="--by",
            )
        else:
            raise click.BadParameter(
                f"unknown grouping {part!r}; expected group keys ({', '.join(GROUP_KEYS)}) "
                f"and at most one period ({', '.join(_GRANULARITIES)})",
                param_hint="--by",
            )
    return tuple(keys), period


def parse_metrics(
    values: Sequence[str], default: tuple[str, ...] = METRIC_NAMES
) -> tuple[str, ...]:
    """The metrics named by ``--metric`` options (comma-separated or repeated); ``default``
    (all) when none is named."""
    names = _split(values)
    for name in names:
        if name not in METRIC_NAMES:
            raise click.BadParameter(
                f"unknown metric {name!r}; expected one of {', '.join(METRIC_NAMES)}",
                param_hint="--metric",
            )
    return tuple(dict.fromkeys(names)) or default


@click.command(
    epilog="""\b
Examples:
  trustops metrics data/ --by area --period month
  trustops metrics data/ --by initiative_kind -m positive_share
  trustops metrics data/ --period quarter --format csv --out metrics.csv
  trustops metrics data/ --period month --totals
  cat new.jsonl | trustops metrics - --type interactions --format json
  trustops metrics interactions.parquet areas.jsonl --engine duckdb \\
      --format parquet -o metrics.parquet
"""
)
@files_argument()
@click.option(
    "--by",
    default="area",
    show_default=True,
    help="Comma-separated group keys (area, initiative, initiative_kind, staff), e.g. "
    "area,staff; empty for one row for everything. A period may also be named here "
    "(area,month is --by area --period month).",
)
@click.option(
    "--period",
    type=click.Choice(_GRANULARITIES),
    default=None,
    help="Also group by this local period (default: no period grouping).",
)
@click.option(
    "--metric",
    "-m",
    "metric_names",
    multiple=True,
    help="Metrics to show (comma-separated or repeated). Default: all in CSV and JSON; in a "
    "table, " + ", ".join(DEFAULT_METRICS) + ".",
)
@click.option("--all", "all_metrics", is_flag=True, help="Show every metric in the table.")
@click.option(
    "--totals",
    is_flag=True,
    help="Add total rows: each group over all periods, then totals over fewer keys (the "
    "last key first) down to one row for everything; (all) marks a key totalled over, and "
    "total_of names those keys in CSV, JSON and Parquet.",
)
@click.option("--n", "show_n", is_flag=True, help="Show each figure's n in the table.")
@click.option("--intervals", is_flag=True, help="Show each share's 95% interval in the table.")
@engine_option(
    ENGINE_NAMES,
    "How the interactions are counted: reference (in this process), processes (a JSONL "
    "file with every CPU), duckdb (Parquet, JSONL, CSV; the duckdb extra), spark (a local "
    "Spark session on every core unless one is active; the spark extra and Java 17+). auto "
    "chooses by the input's format and size.",
)
@format_option("parquet")
@out_option()
@type_option()
@suppression_option()
@pass_ui
def metrics(
    ui: Ui,
    *,
    files: tuple[str, ...],
    by: str,
    period: str | None,
    metric_names: tuple[str, ...],
    all_metrics: bool,
    totals: bool,
    show_n: bool,
    intervals: bool,
    fmt: str,
    out: str,
    kind: str | None,
    no_suppression: bool,
    engine: str,
) -> None:
    """Engagement metrics of the interactions in FILES, per group.

    Areas and initiatives in FILES give local time zones, populations and initiative kinds.
    Shares come with their n and 95% Wilson interval. By default, figures resting on fewer
    than 10 people are withheld and fewer than 30 flagged (* in tables), and every count of
    people or records is perturbed by the cell key method (the same cell gets the same small
    noise in every output; totals need not add up), keyed by TRUSTOPS_PRIVACY_KEY;
    --no-suppression shows exact figures and says so. The table uses the terminal's width, a column per metric when
    that fits and one row per group and metric when not; it shows six common metrics unless
    --all or --metric, and n and intervals with --n and --intervals. CSV is one row per group
    and metric; JSON gives every figure a status (ok, caution, insufficient, complementary,
    or missing with the reason); Parquet (with --out) has the columns of CSV. With --totals,
    total rows join the table, and no withheld figure can be worked out from the published
    ones by adding or subtracting along them (further cells are withheld, "complementary").

    The interactions are streamed to the engine, never loaded whole: memory grows with the
    groups and distinct residents, not with the records. Interactions may also come from
    Parquet files (interactions.parquet), read by the duckdb engine.
    """
    keys, granularity = parse_by(by, period)
    table_default = METRIC_NAMES if all_metrics or fmt != "table" else DEFAULT_METRICS
    names = parse_metrics(metric_names, table_default)
    policy: SmallCellPolicy = NO_SUPPRESSION if no_suppression else DEFAULT_POLICY
    if fmt == "parquet" and out == "-":
        raise click.BadParameter("Parquet is written to a file: give --out", param_hint="--out")
    stream = stream_interactions(files, kind=kind, ui=ui)
    if engine not in ("auto", "reference") and not isinstance(stream.source, str):
        raise click.BadParameter(
            f"the {engine} engine reads one interactions file (a path), not standard input or "
            "several interactions files at once; use --engine reference (or auto), or give "
            "one file",
            param_hint="--engine",
        )
    privacy = privacy_for(policy, ui)
    if not stream.areas:
        ui.note(
            "note: no areas were given, so days and periods are counted in UTC and rates per "
            "1,000 residents are missing; add the areas (areas.jsonl) for local calendars"
        )
    with ui.progress() as progress:
        chosen = choose_engine(stream.source) if engine == "auto" else engine
        task = progress.add_task(f"Counting interactions ({chosen} engine)", total=None)
        source = stream.source
        if isinstance(source, Iterable) and not isinstance(source, str):
            source = _ticking(source, progress, task)
            if totals:  # counted once per grouping: kept in memory
                source = list(source)
        groupings = [(keys, granularity), *(_coarser(keys, granularity) if totals else [])]
        counter = _engine(chosen)
        try:
            results = [
                engagement_table(
                    source,
                    engine=counter,
                    by=group_keys,
                    period=group_period,
                    areas=stream.areas,
                    initiatives=stream.initiatives,
                    privacy=privacy,
                )
                for group_keys, group_period in groupings
            ]
        except ReaderError as error:
            raise InputError(str(error)) from None
        except TrustopsError as error:
            raise DataError(str(error)) from None
    for label, reader in stream.readers:
        refuse_empty(label, reader.counts)
    found = results[0]
    rejected = len(found.rejects) or len(stream.rejects())
    if rejected:
        ui.note(
            f"note: {rejected:,} record(s) were rejected and left out; "
            "run trustops validate to see them"
        )
    table = found.table
    note_duplicates(table.duplicates, ui)
    if not len(table):
        because = f" ({rejected:,} rejected)" if rejected else ""
        raise DataError(
            f"no interaction was accepted{because}: nothing to compute; "
            "run trustops validate to see why"
        )
    columns = [*keys, *(["period"] if granularity is not None else [])]
    published = publish_engagement(*(r.table for r in results), policy=policy, names=names)
    rows = [
        (
            {c: None if row.keys[c] is None else str(row.keys[c]) for c in columns},
            dict(row.cells),
        )
        for row in published
    ]
    total_of = [[c for c in columns if row.keys[c] is ALL] for row in published]
    statement = policy_statement(policy, perturbed=published.perturbed)
    if fmt == "json":
        emit(
            dump_json(
                {
                    "by": list(keys),
                    "period": None if granularity is None else granularity.value,
                    "suppression": policy_dict(policy),
                    "note": statement,
                    "duplicates_left_out": table.duplicates,
                    "rows": [
                        {
                            "keys": row_keys,
                            **({"total_of": over} if totals else {}),
                            "metrics": {n: cell_record(c) for n, c in cells.items()},
                        }
                        for (row_keys, cells), over in zip(rows, total_of, strict=True)
                    ],
                }
            ),
            out,
        )
    elif fmt in ("csv", "parquet"):
        header = [*columns, *(["total_of"] if totals else [])]
        header += ["metric", "value", "n", "low", "high", "status", "reason", "suppression"]
        flag = "on, counts perturbed" if published.perturbed else "on" if policy.enabled else "off"
        write = emit if fmt == "csv" else _parquet
        write(
            (csv_text if fmt == "csv" else _columns)(
                header,
                (
                    [
                        *row_keys.values(),
                        *([",".join(over)] if totals else []),
                        name,
                        cell.value,
                        cell.n,
                        None if cell.interval is None else cell.interval.low,
                        None if cell.interval is None else cell.interval.high,
                        cell_record(cell)["status"],
                        cell.reason,
                        flag,
                    ]
                    for (row_keys, cells), over in zip(rows, total_of, strict=True)
                    for name, cell in cells.items()
                ),
            ),
            out,
        )
    else:
        width = terminal_width()
        label = _labeller(stream.areas, stream.initiatives)
        grid = metric_grid(
            title="Engagement metrics",
            keys=columns,
            rows=[
                ({c: label(c, published_row.keys[c]) for c in columns}, cells)
                for published_row, (_, cells) in zip(published, rows, strict=True)
            ],
            names=names,
            width=width,
            show_n=show_n,
            intervals=intervals,
        )
        notes = [statement, *_missing_notes(rows, names)]
        if any(c.status is CellStatus.CAUTION for _, cells in rows for c in cells.values()):
            notes.append(f"* caution: fewer than {policy.caution_below} people behind the figure.")
        if not all_metrics and not metric_names:
            notes.append("Showing common metrics; --all shows every metric.")
        emit(render([grid], notes, width), out)


_MISSING_NOTES: Final = 6
"""How many reasons for "—" a table lists under it (JSON and CSV give each one)."""


def _missing_notes(
    rows: Sequence[tuple[dict[str, str | None], dict[str, Any]]], names: Sequence[str]
) -> list[str]:
    """Why the table's "—" figures are missing, each metric with its reasons, most frequent
    first, at most :data:`_MISSING_NOTES` lines."""
    found = Counter(
        (name, cells[name].reason)
        for _, cells in rows
        for name in names
        if cells[name].value is None and not cells[name].withheld
    )
    lines = [f"— {metric_title(name)}: {reason}." for (name, reason), _ in found.most_common()]
    if len(lines) > _MISSING_NOTES:
        more = len(lines) - _MISSING_NOTES + 1
        lines = [*lines[: _MISSING_NOTES - 1], f"— and {more} more reasons (--format json)."]
    return lines


def _labeller(areas: Iterable[Any], initiatives: Iterable[Any]) -> Any:
    """A function giving a group key's value as people read it: an area's or initiative's
    name, an initiative kind in words, ``(all)`` for a total and, for the group without an
    initiative or staff member, the label the report uses (``No initiative``)."""
    names = {"area": _names(areas), "initiative": _names(initiatives)}

    def label(key: str, value: object) -> str:
        if value is ALL:
            return str(ALL)
        if value is None or key in ("initiative_kind", "staff"):
            return group_title(key, None if value is None else str(value))
        return names.get(key, {}).get(str(value), str(value))

    return label


def _names(records: Iterable[Any]) -> dict[str, str]:
    """Each record's name by id; a name that several records share gets the id too."""
    found = {record.id: record.name for record in records}
    shared = Counter(found.values())
    return {id_: name if shared[name] == 1 else f"{name} ({id_})" for id_, name in found.items()}


def _engine(name: str) -> str | Engine:
    """``--engine`` as :func:`~trustops.engines.engagement_table` takes it: the Spark engine
    on a local session (every core, UTC) when none is active, or why it cannot start."""
    if name != "spark":
        return name
    from ..engines.spark import SparkEngine, local_session

    try:
        session = local_session(cores=os.cpu_count() or 1)
    except TrustopsError as error:  # the spark extra or Java is missing
        raise InputError(f"--engine spark: {error}") from None
    return SparkEngine(session=session)


def _coarser(
    keys: tuple[str, ...], period: Granularity | None
) -> list[tuple[tuple[str, ...], Granularity | None]]:
    """The groupings of ``--totals``: without the period, then without the keys from the
    last one back, down to no key at all.

    >>> [(k, p) for k, p in _coarser(("area", "staff"), Granularity.WEEK)]
    [(('area', 'staff'), None), (('area',), None), ((), None)]
    """
    found: list[tuple[tuple[str, ...], Granularity | None]] = []
    if period is not None:
        found.append((keys, None))
    found += [(keys[:end], None) for end in range(len(keys) - 1, -1, -1)]
    return found


_TICK: Final = 10_000


def _ticking(records: Iterable[Any], progress: Any, task: Any) -> Iterator[Any]:
    """``records``, advancing the progress display every 10,000."""
    count = 0
    for record in records:
        count += 1
        if not count % _TICK:
            progress.update(task, completed=count)
        yield record
    progress.update(task, completed=count)


def _columns(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Any:
    """The rows as an Arrow table with the CSV's columns (needs the arrow extra)."""
    try:
        import pyarrow as pa
    except ImportError as error:
        raise MissingExtraError("--format parquet", "arrow", "pyarrow") from error
    listed = list(rows)
    numbers = {"value", "n", "low", "high"}
    return pa.table(
        {
            name: pa.array(
                [row[index] for row in listed], pa.float64() if name in numbers else pa.string()
            )
            for index, name in enumerate(header)
        }
    )


def _parquet(table: Any, out: str) -> None:
    """Write ``table`` to the Parquet file ``out``, whole or not at all."""
    import pyarrow.parquet as pq

    try:
        with atomic_path(out) as temporary:
            pq.write_table(table, temporary)
    except OSError as error:
        raise InputError(f"cannot write {out!r}: {error.strerror or error}") from None
