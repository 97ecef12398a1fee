"""``trustops score``: survey construct scores and the trust index with its explanation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import click
from rich.table import Table
from rich.text import Text

from .._errors import TrustopsError
from ..privacy import ALL, DEFAULT_POLICY, NO_SUPPRESSION, SmallCellPolicy
from ..report import component_title
from ..scoring import (
    DEFAULT_MODEL,
    SurveyScoreTable,
    TrustIndexResult,
    TrustIndexTable,
    choose_instrument,
    dataset_trust_index,
    programme_indexes,
    suppress,
    survey_scores,
)
from ._errors import DataError, InputError
from ._inputs import ENGINE_HELP, PIPELINE_ENGINES, load_model, load_pipeline, note_duplicates
from ._options import (
    engine_option,
    files_argument,
    format_option,
    model_option,
    out_option,
    pass_ui,
    period_option,
    suppression_option,
    type_option,
)
from ._output import csv_text, emit, policy_dict, policy_statement, privacy_for
from ._tables import render, terminal_width, whole
from ._ui import Ui, dump_json

__all__ = ["score"]


def _num(value: float | None, places: int = 1) -> str:
    """``value`` to ``places`` decimals; a value that rounds to zero is never signed.

    >>> _num(-0.04), _num(-0.06), _num(None), _num(0.004, 2)
    ('0.0', '-0.1', '—', '0.00')
    """
    if value is None:
        return "—"
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def _notes(result: TrustIndexResult) -> str:
    if result.index is None:
        return f"withheld: coverage {result.coverage:.0%}"
    flags = [flag for flag in result.flags if flag != "partial"]
    if "partial" in result.flags:
        flags.insert(0, f"partial ({result.coverage:.0%} of the model)")
    return ", ".join(flags)


PROGRAMME: Final = "All areas"
"""The programme-wide rows' area, as people read it (``(all)`` in CSV and JSON)."""


def _index_tables(
    index: TrustIndexTable,
    programme: Sequence[TrustIndexResult],
    names: Mapping[str, str],
    *,
    components: bool,
    width: int,
) -> list[Table]:
    """The index table, the programme's rows first, then each area's (by name), with each
    component's contribution as a column when that fits in ``width`` and as a table of its
    own (one row per component) when not."""
    rows = [
        *((PROGRAMME, result) for result in programme),
        *((names.get(result.area, result.area), result) for result in index),
    ]
    wide = _index_table(index, rows, len(programme), components=components)
    titles = [component_title(part.name) for part in index.model.components]
    if not components or whole(wide, titles, width):
        return [wide]
    parts = Table(title="Contributions of the components (they add up to the index)")
    for column in ("area", "period", "component"):
        parts.add_column(column, no_wrap=True)
    parts.add_column("contribution", justify="right", no_wrap=True)
    for name, result in rows:
        for position, part in enumerate(result.components):
            first = position == 0
            parts.add_row(
                Text(name if first else ""),
                Text("" if result.period is None or not first else result.period.label),
                Text(component_title(part.name)),
                Text(_num(part.contribution, 2)),
            )
        parts.add_section()
    return [_index_table(index, rows, len(programme), components=False), parts]


def _index_table(
    index: TrustIndexTable,
    rows: Sequence[tuple[str, TrustIndexResult]],
    programme: int,
    *,
    components: bool,
) -> Table:
    """The index per area (``rows``: each result with its area's name for people) and
    period; a line under the first ``programme`` rows, the programme's."""
    grid = Table(title=f"Trust index ({index.model.name} {index.model.version})")
    grid.add_column("area", no_wrap=True)
    grid.add_column("period", no_wrap=True)
    grid.add_column("index", justify="right", no_wrap=True)
    grid.add_column("95% interval", justify="right", no_wrap=True)
    if components:
        for part in index.model.components:
            title = component_title(part.name)
            grid.add_column(
                title,
                justify="right",
                overflow="fold",
                min_width=max(len(word) for word in title.split()),
            )
    grid.add_column("notes", overflow="fold")
    for position, (name, result) in enumerate(rows, start=1):
        interval = (
            ""
            if result.interval is None
            else f"{result.interval.low:.1f}–{result.interval.high:.1f}"
        )
        grid.add_row(
            Text(name),
            Text("" if result.period is None else result.period.label),
            Text("withheld" if result.index is None else _num(result.index)),
            Text(interval),
            *(Text(_num(part.contribution, 2)) for part in result.components if components),
            Text(_notes(result)),
            end_section=position == programme,
        )
    return grid


def _survey_table(table: SurveyScoreTable, names: Mapping[str, str], *, show_n: bool) -> Table:
    """Survey scores per area (by name) and construct; notes (withheld, not raked) go under
    the table with the row they belong to, so no column is squeezed."""

    def area(row: Any) -> str:
        found = row.keys.get("area", "")
        return names.get(found, found)

    notes = [
        f"{area(row)} {row.construct}: {row.withheld or ', '.join(row.flags)}"
        for row in table
        if row.withheld or row.flags
    ]
    grid = Table(
        title=f"Survey scores ({table.instrument_id}, weighting {table.weighting})",
        caption="\n".join(notes) or None,
        caption_justify="left",
        pad_edge=False,
    )
    headers = ["area", "construct", *(["n", "eff. n"] if show_n else []), "mean", "top-box"]
    headers += ["net", "alpha"]
    for position, header in enumerate(headers):
        grid.add_column(
            header, justify="left" if position < 2 else "right", no_wrap=True, min_width=len(header)
        )
    for row in table:
        shown_n = "—" if row.withheld else str(row.n)  # no exact n for a withheld row
        counts = (Text(shown_n), Text(_num(row.effective_n))) if show_n else ()
        grid.add_row(
            Text(area(row)),
            Text(row.construct),
            *counts,
            *(
                Text("withheld" if row.withheld else _num(None if e is None else e.value))
                for e in (row.mean_score, row.top_box_share, row.net_score)
            ),
            Text(_num(row.alpha, 2)),
        )
    return grid


def _diagnostic_tables(table: SurveyScoreTable, names: Mapping[str, str]) -> list[Table]:
    """The weighting diagnostics of ``table``'s raked weight sets, as two narrow tables: the
    balance of each margin variable per area, then each area's raked weights."""
    if not len(table.diagnostics):
        return []
    balance = Table(
        title=f"Weighting diagnostics ({table.instrument_id}): balance of each margin (ASMD)",
        pad_edge=False,
    )
    for header in ("area", "margin", "before", "after", "flags"):
        right = header in ("before", "after")
        balance.add_column(header, justify="right" if right else "left", no_wrap=not right)
    weights = Table(title=f"Raked weights ({table.instrument_id}; mean 1)", pad_edge=False)
    weights.add_column("area", no_wrap=True)
    trimmed = any(d.weights is not None and d.weights.trimmed_share for d in table.diagnostics)
    headers = ("n", "eff. n", "deff", "min", "median", "max", "cv", *(["trimmed"] * trimmed))
    for header in headers:
        weights.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    for found in table.diagnostics:
        name = names.get(found.area, found.area)
        label = name if found.period is None else f"{name} {found.period.label}"
        margins = {} if found.weights is None else {m.variable: m for m in found.weights.margins}
        for position, variable in enumerate(found.variables):
            margin = margins.get(variable)
            flags = ", ".join(
                flag
                for flag in found.flags
                if flag != "imbalanced" or (margin is not None and margin.imbalanced)
            )
            balance.add_row(
                Text(label if position == 0 else ""),
                Text(variable),
                Text("withheld" if margin is None else _num(margin.asmd_before, 3)),
                Text("withheld" if margin is None else _num(margin.asmd_after, 3)),
                Text(flags),
            )
        balance.add_section()
        w = found.weights
        if w is None:
            weights.add_row(Text(label), Text("—"), Text("withheld"))  # no exact n
            continue
        weights.add_row(
            Text(label),
            Text(str(found.n)),
            Text(_num(found.effective_n)),
            Text(_num(w.design_effect, 2)),
            Text(_num(w.minimum, 2)),
            Text(_num(w.quartiles[1], 2)),
            Text(_num(w.maximum, 2)),
            Text(_num(w.cv, 2)),
            *([Text(f"{w.trimmed_share:.1%}")] * trimmed),
        )
    return [balance, weights]


DIAGNOSTICS_NOTE: Final = (
    "ASMD: |weighted sample share − population share| / √(p(1 − p)), averaged over a "
    "margin's categories, before and after raking; above 0.1 after is flagged imbalanced. "
    "deff: Kish's design effect of the raked weights; cv: their coefficient of variation."
)
"""What ``trustops score --diagnostics`` says under its tables."""


@click.command(
    epilog="""\b
Examples:
  trustops score data/
  trustops score data/ --format json --out scores.json
  trustops score data/ --model my-model.toml --period month
  trustops score data/ --only index --format csv
  trustops score data/ --diagnostics
"""
)
@files_argument()
@model_option()
@period_option("Period of the trust index.")
@click.option(
    "--instrument",
    "instrument_id",
    default=None,
    help="Survey instrument of the index (default: the first with the model's constructs).",
)
@click.option(
    "--only",
    type=click.Choice(["index", "survey"]),
    default=None,
    help="Output only the trust index or only the survey scores (needed for CSV).",
)
@click.option(
    "--all", "all_columns", is_flag=True, help="Show each component's contribution in the table."
)
@click.option("--n", "show_n", is_flag=True, help="Show n and effective n of survey scores.")
@click.option(
    "--diagnostics",
    is_flag=True,
    help="Show the weighting diagnostics of each raked weight set (balance of each margin "
    "before and after raking, design effect, the weights' spread); with --format csv, the "
    "CSV is that table.",
)
@format_option()
@out_option()
@engine_option(PIPELINE_ENGINES, ENGINE_HELP)
@type_option()
@suppression_option()
@pass_ui
def score(
    ui: Ui,
    *,
    files: tuple[str, ...],
    model_path: str | None,
    period: str,
    instrument_id: str | None,
    only: str | None,
    all_columns: bool,
    show_n: bool,
    diagnostics: bool,
    fmt: str,
    out: str,
    kind: str | None,
    no_suppression: bool,
    engine: str,
) -> None:
    """Survey construct scores per area and the composite trust index per area and period.

    The JSON output explains every index: each component's raw value, score on 0–100,
    weight, contribution (the contributions add up to the index), n and flags, with the
    scoring model's name, version and SHA-256 fingerprint. The small-cell policy applies
    unless --no-suppression. --diagnostics adds the weighting diagnostics of every raked
    weight set (METHODS §5a); a weight set of fewer than 10 respondents is withheld.
    Interactions in a Parquet file (or a large JSONL or CSV file) are counted by the duckdb
    engine, never read as records.
    """
    if diagnostics and only == "index":
        raise click.UsageError("--diagnostics describes the survey weights: drop --only index")
    if fmt == "csv" and only is None and not diagnostics:
        raise click.UsageError("CSV holds one table: add --only index or --only survey")
    model = load_model(model_path) or DEFAULT_MODEL
    policy: SmallCellPolicy = NO_SUPPRESSION if no_suppression else DEFAULT_POLICY
    found = load_pipeline(files, kind=kind, ui=ui, engine=engine)
    dataset = found.dataset
    privacy = privacy_for(policy, ui)
    instrument = choose_instrument(dataset, model)
    if instrument_id is not None:
        instrument = dataset.instrument_index().get(instrument_id)
        if instrument is None:
            raise InputError(f"no survey instrument {instrument_id!r} in the data")
    try:
        with ui.progress() as progress:
            progress.add_task("Scoring", total=None)
            daily = found.daily(ui, privacy)
            if found.source is not None:
                note_duplicates(daily.duplicates, ui)
            index = suppress(
                dataset_trust_index(
                    dataset, model=model, period=period, instrument=instrument, daily=daily.known()
                ),
                policy,
            )
            surveys = [
                survey_scores(
                    inst, dataset.responses, areas=dataset.areas, policy=policy, privacy=privacy
                )
                for inst in dataset.instruments
            ]
        programme = programme_indexes(index, dataset.areas, name=str(ALL))
    except TrustopsError as error:
        raise DataError(str(error)) from None
    names = {area.id: area.name for area in dataset.areas}
    statement = policy_statement(policy, perturbed=privacy is not None)
    if fmt == "json":
        document: dict[str, Any] = {
            "model": {
                "name": model.name,
                "version": model.version,
                "fingerprint": model.fingerprint,
            },
            "period": period,
            "instrument": None if instrument is None else instrument.id,
            "suppression": policy_dict(policy),
            "note": statement,
        }
        if only in (None, "index"):
            document["programme_index"] = [result.to_dict() for result in programme]
            document["trust_index"] = [result.to_dict() for result in index]
        if only in (None, "survey"):
            document["survey"] = [
                {
                    "instrument": table.instrument_id,
                    "weighting": table.weighting,
                    "notes": list(table.notes),
                    "rows": table.to_records(),
                    **({"diagnostics": table.diagnostics.to_records()} if diagnostics else {}),
                }
                for table in surveys
            ]
        emit(dump_json(document), out)
    elif fmt == "csv":
        if diagnostics:
            records = [
                {"instrument": table.instrument_id, **record}
                for table in surveys
                for record in table.diagnostics.to_records()
            ]
        elif only == "index":
            records = [*(result.to_record() for result in programme), *index.to_records()]
        else:
            records = [
                {"instrument": table.instrument_id, **record}
                for table in surveys
                for record in table.to_records()
            ]
        header = list(dict.fromkeys(key for record in records for key in record))
        header.append("suppression")
        flag = "on" if policy.enabled else "off"
        emit(csv_text(header, ([*(r.get(k) for k in header[:-1]), flag] for r in records)), out)
    else:
        tables: list[Table] = []
        if only in (None, "index"):
            tables.extend(
                _index_tables(
                    index, programme, names, components=all_columns, width=terminal_width()
                )
            )
        if only in (None, "survey"):
            tables.extend(_survey_table(table, names, show_n=show_n) for table in surveys)
        if diagnostics:
            tables.extend(t for table in surveys for t in _diagnostic_tables(table, names))
        notes = [
            f"Model {model.name} {model.version}, sha256 {model.fingerprint}.",
            f"{PROGRAMME}: the areas' indexes weighted by population.",
            statement,
        ]
        if diagnostics:
            notes.insert(1, DIAGNOSTICS_NOTE)
        if all_columns:
            notes.insert(1, "Component columns are contributions; they add up to the index.")
        else:
            notes.insert(1, "--all shows each component's contribution.")
        emit(render(tables, notes, terminal_width()), out)
