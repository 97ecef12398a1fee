"""``trustops validate``: load and cross-check records, list every reject and problem."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final

import click

from ..io import reason_of
from ..model import Problem
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
            f"{len(loaded.sources)} source(s): {loaded.accepted:,} record(s) accepted, "
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
            lines.append("Problems between records, by kind:")
            lines.extend(grouped_problems(problems))
        click.echo("\n".join(lines), err=rejects_path == "-")
    if loaded.rejects or problems:
        raise SystemExit(1)


EXAMPLES: Final = 3
"""Examples printed for each kind of problem between records."""

_QUOTED: Final = re.compile(r"'(?:[^'\\]|\\.)*'")


def grouped_problems(problems: Sequence[Problem]) -> Iterable[str]:
    """Problems between records grouped by kind (record type, field and message with the
    ids left out), most frequent first, each with its count and a few examples.

    >>> from trustops.model import Problem
    >>> found = [Problem(record_type="Interaction", record_id=f"i{n}", field="area_id",
    ...                  message=f"refers to area 'z{n}'") for n in range(5)]
    >>> print("\\n".join(grouped_problems(found)))
           5  Interaction: area_id: refers to area '…'
                Interaction 'i0': area_id: refers to area 'z0'
                Interaction 'i1': area_id: refers to area 'z1'
                Interaction 'i2': area_id: refers to area 'z2'
                ... and 2 more
    """
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for problem in problems:
        kind = (problem.record_type, problem.field, _QUOTED.sub("'…'", problem.message))
        groups.setdefault(kind, []).append(problem)
    for (record_type, field, reason), members in sorted(
        groups.items(), key=lambda item: (-len(item[1]), item[0])
    ):
        yield f"  {len(members):>6,}  {record_type}: {field}: {reason}"
        yield from (f"            {problem}" for problem in members[:EXAMPLES])
        if len(members) > EXAMPLES:
            yield f"            ... and {len(members) - EXAMPLES:,} more"
