"""``trustops validate``: load and cross-check records, list every reject and problem."""

from __future__ import annotations

import json
from collections import Counter

import click

from ..io import reason_of
from ._inputs import load
from ._options import files_argument, pass_ui, type_option
from ._output import emit
from ._ui import Ui

__all__ = ["validate"]


@click.command(
    epilog="""\b
Examples:
  trustops validate data/
  trustops validate interactions.jsonl areas.csv --rejects rejects.jsonl
  cat new.jsonl | trustops validate - --type interactions
"""
)
@files_argument()
@type_option()
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Also write every reject as JSON Lines to this file (- for standard output).",
)
@pass_ui
def validate(ui: Ui, files: tuple[str, ...], kind: str | None, rejects_path: str | None) -> None:
    """Load FILES, cross-check the records and report what is wrong.

    Prints how many records were accepted and rejected, the rejects grouped by reason, and
    each reject with its file, line, field path and message; then the problems between
    records (unknown references, duplicate ids, off-scale answers). Exit status 0 when
    everything is clean, 1 when anything was rejected or has a problem.
    """
    loaded = load(files, kind=kind, ui=ui)
    problems = loaded.dataset.problems()
    if rejects_path is not None:
        emit(
            "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in loaded.rejects),
            rejects_path,
        )
    if not ui.quiet:
        lines = [
            f"{len(loaded.counts)} source(s): {loaded.accepted:,} record(s) accepted, "
            f"{len(loaded.rejects):,} rejected, {loaded.blank:,} blank line(s) skipped; "
            f"{len(problems):,} problem(s) between records."
        ]
        if loaded.rejects:
            lines.append("")
            lines.append("Rejected by reason:")
            reasons = Counter((r.path, reason_of(r)) for r in loaded.rejects)
            for (path, reason), count in sorted(reasons.items(), key=lambda i: (-i[1], i[0])):
                lines.append(f"  {count:>6,}  {path}: {reason}")
            lines.append("")
            lines.append("Rejects:")
            lines.extend(f"  {reject}" for reject in loaded.rejects)
        if problems:
            lines.append("")
            lines.append("Problems between records:")
            lines.extend(f"  {problem}" for problem in problems)
        click.echo("\n".join(lines), err=rejects_path == "-")
    if loaded.rejects or problems:
        raise SystemExit(1)
