"""``trustops score``: survey construct scores and the trust index with its explanation."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table
from rich.text import Text

from .._errors import TrustopsError
from ..privacy import DEFAULT_POLICY, NO_SUPPRESSION, SmallCellPolicy
from ..scoring import (
    DEFAULT_MODEL,
    SurveyScoreTable,
    TrustIndexTable,
    choose_instrument,
    dataset_trust_index,
    suppress,
    survey_scores,
)
from ._inputs import load_dataset, load_model
from ._options import (
    files_argument,
    format_option,
    model_option,
    out_option,
    pass_ui,
    period_option,
    suppression_option,
    type_option,
)
from ._output import csv_text, emit, policy_dict, policy_statement, render_tables
from ._ui import DataError, InputError, Ui, dump_json

__all__ = ["score"]


def _num(value: float | None, places: int = 1) -> str:
    return "—" if value is None else f"{value:.{places}f}"


def _index_table(index: TrustIndexTable) -> Table:
    grid = Table(title=f"Trust index ({index.model.name} {index.model.version})")
    for column in ("area", "period", "index", "95% interval", "coverage"):
        grid.add_column(column, justify="left" if column in ("area", "period") else "right")
    for part in index.model.components:
        grid.add_column(part.name, justify="right")
    grid.add_column("notes")
    for result in index:
        interval = (
            ""
            if result.interval is None
            else f"{result.interval.low:.1f}–{result.interval.high:.1f}"
        )
        grid.add_row(
            Text(result.area),
            Text("" if result.period is None else result.period.label),
            Text("withheld" if result.index is None else _num(result.index)),
            Text(interval),
            Text(f"{result.coverage:.2f}"),
            *(Text(_num(part.contribution, 2)) for part in result.components),
            Text(result.withheld or ", ".join(result.flags)),
        )
    return grid


def _survey_table(table: SurveyScoreTable) -> Table:
    grid = Table(title=f"Survey scores ({table.instrument_id}, weighting {table.weighting})")
    for column in ("area", "construct", "n", "eff. n", "mean", "top-box %", "net", "alpha"):
        grid.add_column(column, justify="left" if column in ("area", "construct") else "right")
    grid.add_column("notes")
    for row in table:
        grid.add_row(
            Text(row.keys.get("area", "")),
            Text(row.construct),
            Text(str(row.n)),
            Text(_num(row.effective_n)),
            *(
                Text("withheld" if row.withheld else _num(None if e is None else e.value))
                for e in (row.mean_score, row.top_box_share, row.net_score)
            ),
            Text(_num(row.alpha, 2)),
            Text(row.withheld or ", ".join(row.flags)),
        )
    return grid


@click.command(
    epilog="""\b
Examples:
  trustops score data/
  trustops score data/ --format json --out scores.json
  trustops score data/ --model my-model.toml --period month
  trustops score data/ --only index --format csv
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
@format_option()
@out_option()
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
    fmt: str,
    out: str,
    kind: str | None,
    no_suppression: bool,
) -> None:
    """Survey construct scores per area and the composite trust index per area and period.

    The JSON output explains every index: each component's raw value, score on 0–100,
    weight, contribution (the contributions add up to the index), n and flags, with the
    scoring model's name, version and SHA-256 fingerprint. The small-cell policy applies
    unless --no-suppression.
    """
    if fmt == "csv" and only is None:
        raise click.UsageError("CSV holds one table: add --only index or --only survey")
    model = load_model(model_path) or DEFAULT_MODEL
    policy: SmallCellPolicy = NO_SUPPRESSION if no_suppression else DEFAULT_POLICY
    dataset = load_dataset(files, kind=kind, ui=ui)
    instrument = choose_instrument(dataset, model)
    if instrument_id is not None:
        instrument = dataset.instrument_index().get(instrument_id)
        if instrument is None:
            raise InputError(f"no survey instrument {instrument_id!r} in the data")
    try:
        with ui.progress() as progress:
            progress.add_task("Scoring", total=None)
            index = suppress(
                dataset_trust_index(dataset, model=model, period=period, instrument=instrument),
                policy,
            )
            surveys = [
                survey_scores(inst, dataset.responses, areas=dataset.areas, policy=policy)
                for inst in dataset.instruments
            ]
    except TrustopsError as error:
        raise DataError(str(error)) from None
    statement = policy_statement(policy)
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
            document["trust_index"] = [result.to_dict() for result in index]
        if only in (None, "survey"):
            document["survey"] = [
                {
                    "instrument": table.instrument_id,
                    "weighting": table.weighting,
                    "notes": list(table.notes),
                    "rows": table.to_records(),
                }
                for table in surveys
            ]
        emit(dump_json(document), out)
    elif fmt == "csv":
        if only == "index":
            records = index.to_records()
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
            tables.append(_index_table(index))
        if only in (None, "survey"):
            tables.extend(_survey_table(table) for table in surveys)
        notes = [
            f"Model {model.name} {model.version}, sha256 {model.fingerprint}.",
            "Index columns per component are contributions; they add up to the index.",
            statement,
        ]
        emit(render_tables(tables, notes), out)
