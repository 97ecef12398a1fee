"""``trustops effects``: what builds trust here (METHODS §8), as a table, CSV, JSON or Parquet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import click
from rich.table import Table
from rich.text import Text

from .._errors import TrustopsError
from ..effects import (
    OBSERVATIONAL,
    RECORD_COLUMNS,
    TRUST_INDEX,
    EffectsError,
    EffectTable,
    build_panel,
    estimate_effects,
)
from ..io import atomic_path
from ..metrics import METRICS, MetricKind
from ..privacy import DEFAULT_POLICY, NO_SUPPRESSION, SmallCellPolicy
from ..report import group_title, metric_title
from ..scoring import DEFAULT_MODEL
from ._errors import DataError, InputError
from ._inputs import (
    ENGINE_HELP,
    PIPELINE_ENGINES,
    bundled_sample,
    load_model,
    load_pipeline,
    note_duplicates,
)
from ._options import (
    engine_option,
    files_argument,
    model_option,
    out_option,
    pass_ui,
    suppression_option,
    type_option,
)
from ._output import STDOUT, csv_text, emit, policy_dict, policy_statement
from ._tables import render, terminal_width
from ._ui import Ui, dump_json

__all__ = ["effects", "write_parquet"]


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def write_parquet(table: EffectTable, out: str) -> None:
    """Write every estimate of ``table`` as a Parquet file, whole or not at all (a temporary
    file in the same folder, then a rename). Needs the ``arrow`` extra."""
    arrow = table.to_arrow()
    import pyarrow.parquet as pq

    try:
        with atomic_path(out) as temporary:
            pq.write_table(arrow, temporary)
    except OSError as error:
        raise InputError(f"cannot write {out!r}: {error.strerror or error}") from None


def _fmt(value: float | None) -> str:
    """``value`` with two decimals, a zero never signed.

    >>> _fmt(-0.001), _fmt(-0.005), _fmt(None)
    ('0.00', '-0.01', '—')
    """
    return "—" if value is None else f"{value + 0.0:.2f}".replace("-0.00", "0.00")


@click.command(
    epilog="""\b
Examples:
  trustops effects                        # the bundled sample programme
  trustops effects data/
  trustops effects data/ --all       # also effects without enough areas
  trustops effects data/ --outcome trust_mean_score,reports_per_1000_residents
  trustops effects data/ --period month --outcome reports_per_1000_residents
  trustops effects data/ --format csv --out effects.csv
  trustops effects data/ --format parquet --out effects.parquet
  trustops effects data/ --model my-model.toml --outcome trust_index
"""
)
@files_argument(required=False)
@click.option(
    "--outcome",
    "outcomes",
    multiple=True,
    help="Outcomes to estimate (comma-separated or repeated; default: every outcome with a "
    "value in every period), e.g. trust_index, trust_mean_score, reports_per_1000_residents.",
)
@click.option(
    "--period",
    type=click.Choice(["month", "quarter"]),
    default="quarter",
    show_default=True,
    help="Periods of the area × period panel, in each area's local calendar.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Initiative kinds (comma-separated or repeated; default: every kind in the data).",
)
@click.option(
    "--comparison",
    type=click.Choice(["never_treated", "not_yet_treated"]),
    default="never_treated",
    show_default=True,
    help="Areas compared with: never treated, or also those not yet treated.",
)
@click.option(
    "--window",
    type=click.IntRange(min=0),
    default=None,
    help="Event times from -WINDOW to WINDOW (default: the longest the periods allow).",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Also the effects without enough areas to estimate (flagged insufficient: fewer "
    "than 2 treated or 2 comparison areas), hidden by default.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "parquet"]),
    default="table",
    show_default=True,
    help="Output format (parquet needs --out and the 'arrow' extra).",
)
@model_option()
@out_option()
@engine_option(PIPELINE_ENGINES, ENGINE_HELP)
@type_option()
@suppression_option()
@pass_ui
def effects(
    ui: Ui,
    *,
    files: tuple[str, ...],
    outcomes: tuple[str, ...],
    period: str,
    kinds: tuple[str, ...],
    comparison: str,
    window: int | None,
    show_all: bool,
    fmt: str,
    model_path: str | None,
    out: str,
    kind: str | None,
    no_suppression: bool,
    engine: str,
) -> None:
    """What builds trust here: the effect of initiatives starting (and patrols stopping) on
    trust and reporting, in the areas of FILES (or of the bundled sample programme).

    Callaway & Sant'Anna group-time effects, event-time and overall effects with 95%
    intervals from influence functions clustered by area, the pre-trend test and the flags
    insufficient (fewer than 2 treated or 2 comparison areas) and pre_trend. The estimates are
    observational. The trust index outcome is that of the scoring model (--model; default
    trustops-default). Survey outcomes are the published construct scores, so groups of fewer
    than 10 respondents are left out unless --no-suppression. CSV, JSON and Parquet hold every
    group-time, event-time and overall estimate; the table shows the overall effects, one
    table per initiative kind and event. Effects flagged insufficient are left out of every
    format, with a note saying how many, unless --all. Interactions in a Parquet file (or a
    large JSONL or CSV file) are counted by the duckdb engine, never read as records.
    """
    if fmt == "parquet" and out == STDOUT:
        raise click.BadParameter(
            "parquet output needs a file: give --out PATH", param_hint="--format"
        )
    policy: SmallCellPolicy = NO_SUPPRESSION if no_suppression else DEFAULT_POLICY
    model = load_model(model_path) or DEFAULT_MODEL
    if files:
        found = load_pipeline(files, kind=kind, ui=ui, engine=engine)
        dataset = found.dataset
    else:
        ui.note("No FILES given: estimating on the bundled sample programme.")
        found = None
        dataset = bundled_sample()
    with ui.progress() as progress:
        progress.add_task("Estimating effects", total=None)
        daily = None
        if found is not None and found.source is not None:
            daily = found.daily(ui)
            note_duplicates(daily.duplicates, ui)
        try:
            panel = build_panel(dataset, period=period, policy=policy, daily=daily, model=model)
        except TrustopsError as error:
            raise DataError(str(error)) from None
        for note in panel.notes:
            ui.note(f"note: {note}")
        names = _split(outcomes) or None
        for name in names or ():
            if name not in panel.outcome_names:
                raise click.BadParameter(
                    f"unknown outcome {name!r}; expected one of {', '.join(panel.outcome_names)}",
                    param_hint="--outcome",
                )
        try:
            table = estimate_effects(
                panel,
                kinds=_split(kinds) or None,
                outcomes=names,
                comparison=comparison,  # type: ignore[arg-type]
                window=window,
            )
        except EffectsError as error:
            if error.field in ("window", "kind"):
                raise click.BadParameter(error.message, param_hint=f"--{error.field}") from None
            raise DataError(str(error)) from None
    if not len(table):
        raise DataError("no effect to estimate: no initiative kind or outcome in the data")
    hidden = [r for r in table if not show_all and _INSUFFICIENT in r.flags]
    if hidden:
        table = EffectTable(results=tuple(r for r in table if _INSUFFICIENT not in r.flags))
        ui.note(
            f"note: {len(hidden):,} effect(s) without enough areas to estimate (fewer than "
            f"2 treated or 2 comparison areas) are not shown; --all shows them"
        )
    if not len(table):
        raise DataError(
            "no effect could be estimated: every initiative kind has fewer than 2 treated or "
            "2 comparison areas (--all lists them)"
        )
    rows = table.to_records()
    statement = policy_statement(policy)
    if fmt == "json":
        emit(
            dump_json(
                {
                    "period": period,
                    "comparison": comparison,
                    "periods": list(panel.periods),
                    "areas": list(panel.areas),
                    "statement": OBSERVATIONAL,
                    "model": {
                        "name": model.name,
                        "version": model.version,
                        "fingerprint": model.fingerprint,
                    },
                    "suppression": policy_dict(policy),
                    "note": statement,
                    "rows": rows,
                }
            ),
            out,
        )
    elif fmt == "csv":
        emit(csv_text(RECORD_COLUMNS, ([row[c] for c in RECORD_COLUMNS] for row in rows)), out)
    elif fmt == "parquet":
        write_parquet(table, out)
    else:
        width = terminal_width()
        notes = [_UNITS, OBSERVATIONAL, statement]
        if any(row["outcome"] == TRUST_INDEX for row in rows):
            notes.insert(1, f"Trust index of the scoring model {model.name} {model.version}.")
        emit(render(_tables(table), notes, width), out)


def _tables(table: EffectTable) -> list[Table]:
    """The overall effects for people: one table per initiative kind and event, its title
    naming them and the areas compared, a row per outcome."""
    grids: list[Table] = []
    for result in table:
        title = (
            f"{group_title('initiative_kind', result.kind)}, {_EVENTS[result.event]}: "
            f"{result.overall.n_treated} areas vs {result.overall.n_comparison}"
        )
        if grids and grids[-1].title == title:
            grid = grids[-1]
        else:
            grid = Table(title=title, title_justify="left")
            for column in ("outcome", "effect", "95% interval", "pre-trend p", "flags"):
                grid.add_column(column, justify="left" if column in _LEFT else "right")
            grids.append(grid)
        overall = result.overall
        scale = _scale(result.outcome)
        low, high, att = (
            None if v is None else v * scale for v in (overall.low, overall.high, overall.att)
        )
        interval = "—" if low is None or high is None else f"{_fmt(low)} to {_fmt(high)}"
        grid.add_row(
            Text(metric_title(result.outcome)),
            Text(_fmt(att)),
            Text(interval),
            Text("—" if result.pre_trend is None else f"{result.pre_trend.p_value:.3f}"),
            Text(", ".join(flag.replace("_", "-") for flag in result.flags)),
        )
    return grids


def _scale(outcome: str) -> float:
    """What an effect on ``outcome`` is multiplied by in the table: 100 for a share (shown in
    percentage points, as the report shows shares in %), else 1.

    >>> _scale("positive_share"), _scale("trust_index")
    (100.0, 1.0)
    """
    metric = METRICS.get(outcome)
    return 100.0 if metric is not None and metric.kind is MetricKind.SHARE else 1.0


_UNITS: Final = (
    "Effects are in each outcome's unit: points on 0–100 for the trust index and survey "
    "scores, percentage points for shares, the rate's own unit per 1,000, hours for the "
    "median."
)
"""The note under the effects table on the units of its figures."""

_INSUFFICIENT: Final = "insufficient"
"""The flag of an effect without enough areas to estimate (``--all`` shows them)."""
_EVENTS: Final = {"start": "after it starts", "stop": "after it stops"}
_LEFT: Final = ("outcome", "flags")
