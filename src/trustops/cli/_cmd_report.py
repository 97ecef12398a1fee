"""``trustops report``: the self-contained HTML trust report."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import click

from .._errors import MissingExtraError, TrustopsError
from ..privacy import DEFAULT_POLICY, NO_SUPPRESSION, SmallCellPolicy
from ..report import (
    DATA_COLUMNS,
    Report,
    ReportError,
    build_report,
    render_area_html,
    render_html,
    report_data,
)
from ._cmd_metrics import _parquet
from ._errors import DataError
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
    pass_ui,
    period_option,
    suppression_option,
    type_option,
)
from ._output import emit, privacy_for
from ._ui import Ui

__all__ = ["report"]


@click.command(
    epilog="""\b
Examples:
  trustops report --out report.html           # the bundled sample programme
  trustops report data/ --out report.html
  trustops report lake/interactions.parquet data/areas.jsonl data/surveys.jsonl \
      data/responses.jsonl data/initiatives.jsonl --out report.html   # duckdb counts
  trustops report data/ --period month --model my-model.toml --title "Riverside 2026"
  trustops report --out report.html --data report.json   # and every figure as data
  trustops report --area riverside --out riverside.html   # one area's report
"""
)
@files_argument(required=False)
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="report.html",
    show_default=True,
    help="Where to write the HTML file (- for standard output).",
)
@model_option()
@period_option("Period of the trust index and of the reporting figures.")
@click.option(
    "--data",
    "data_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write every figure the report shows, with its flags, to this .json or "
    ".parquet file (Parquet needs the 'arrow' extra).",
)
@click.option(
    "--area",
    "area",
    default=None,
    metavar="ID",
    help="Write one area's report (its index, breakdown, reporting and initiatives).",
)
@click.option("--title", default=None, help="Title (default: from the programme's name).")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date of indicator progress, YYYY-MM-DD (default: the last day with data).",
)
@click.option(
    "--generated",
    default=None,
    help="Text printed as the generation date (nothing by default, so reports are reproducible).",
)
@engine_option(PIPELINE_ENGINES, ENGINE_HELP)
@type_option()
@suppression_option()
@pass_ui
def report(
    ui: Ui,
    *,
    files: tuple[str, ...],
    out: str,
    model_path: str | None,
    period: str,
    title: str | None,
    as_of: datetime.datetime | None,
    generated: str | None,
    kind: str | None,
    no_suppression: bool,
    data_path: str | None,
    area: str | None,
    engine: str,
) -> None:
    """Write the trust report of FILES (or of the bundled sample programme) as one HTML file.

    The file needs no network to view: CSS and SVG charts are inline. It shows the programme
    summary, the trust index per area over time, the explanation of each area's latest
    index, engagement by initiative kind, community reporting, survey scores, indicator
    progress, rejected records and the methods. Figures resting on fewer than 10 people are
    withheld with the reason unless --no-suppression.

    Interactions in a Parquet file (or a large JSONL or CSV file) are counted by the duckdb
    engine and never read as records: the report of a data lake's interactions needs the
    memory of its groups and residents, not of its records.
    """
    suffix = None if data_path is None else Path(data_path).suffix.lower()
    if suffix not in (None, ".json", ".parquet"):
        raise click.BadParameter(
            f"expected a file ending .json or .parquet, got {data_path!r}", param_hint="--data"
        )
    model = load_model(model_path)
    policy: SmallCellPolicy = NO_SUPPRESSION if no_suppression else DEFAULT_POLICY
    source: str | None = None
    if files:
        found = load_pipeline(files, kind=kind, ui=ui, engine=engine)
        dataset, rejects, source, engine = found.dataset, found.rejects, found.source, found.engine
    else:
        ui.note("No FILES given: reporting on the bundled sample programme.")
        dataset, rejects = bundled_sample(), ()
    day = None if as_of is None else as_of.date()
    try:
        with ui.progress() as progress:
            progress.add_task("Building the report", total=None)
            built = build_report(
                dataset,
                model=model,
                rejects=rejects,
                policy=policy,
                period=period,
                title=title,
                as_of=day,
                generated=generated,
                privacy=privacy_for(policy, ui),
                interactions=source,
                engine=engine,
            )
            html = render_html(built) if area is None else render_area_html(built, area)
    except ReportError as error:
        raise click.BadParameter(str(error), param_hint="--area") from None
    except TrustopsError as error:  # a missing extra (matplotlib) or data it cannot use
        raise DataError(str(error)) from None
    if source is not None:
        note_duplicates(built.summary.duplicates, ui)
    emit(html, out)
    if out != "-":
        ui.note(f"Wrote {out}")
    if data_path is not None:
        _write_data(built, data_path)
        ui.note(f"Wrote {data_path}")


def _write_data(built: Report, path: str) -> None:
    """Every figure of ``built`` as JSON (an object with the title, the columns and the
    records) or as a Parquet table of :data:`~trustops.report.DATA_COLUMNS`."""
    records = report_data(built)
    if path.lower().endswith(".json"):
        document = {
            "title": built.title,
            "model": {"name": built.methods.model.name, "version": built.methods.model.version},
            "columns": list(DATA_COLUMNS),
            "figures": list(records),
        }
        emit(json.dumps(document, ensure_ascii=False, indent=1) + "\n", path)
        return
    try:
        import pyarrow as pa
    except ImportError as error:
        raise MissingExtraError("--data as Parquet", "arrow", "pyarrow") from error
    types: dict[str, Any] = {"value": pa.float64(), "low": pa.float64(), "high": pa.float64(),
                             "n": pa.float64(), "perturbed": pa.bool_()}  # fmt: skip
    table = pa.table(
        {
            name: pa.array([record[name] for record in records], types.get(name, pa.string()))
            for name in DATA_COLUMNS
        }
    )
    _parquet(table, path)
