"""``trustops validate``: load and cross-check records, list every reject and problem."""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final

import attrs
import click

from ..io import RECORD_TYPES, reason_of
from ..model import Dataset, Problem
from ._inputs import load
from ._options import files_argument, pass_ui, type_option
from ._output import emit
from ._tables import terminal_width
from ._ui import Ui

__all__ = ["validate"]


@click.command(
    epilog="""\b
Examples:
  trustops validate data/
  trustops validate interactions.jsonl areas.csv --rejects rejects.jsonl
  cat new.jsonl | trustops validate - --type interactions
  cat new.jsonl | trustops validate - --type interactions --references data/
"""
)
@files_argument()
@type_option()
@click.option(
    "--references",
    "references",
    type=click.Path(exists=True),
    default=None,
    help="A folder (or record file) of the records FILES refer to, such as the programme's "
    "areas and initiatives: references are checked against it and FILES. Its own records "
    "are not reported on.",
)
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Also write every reject as JSON Lines to this file (- for standard output).",
)
@pass_ui
def validate(
    ui: Ui,
    files: tuple[str, ...],
    kind: str | None,
    rejects_path: str | None,
    references: str | None,
) -> None:
    """Load FILES, cross-check the records and report what is wrong.

    Prints how many records were accepted and rejected, the rejects grouped by reason, and
    each reject with its file, line, field path and message; then the problems between
    records (unknown references, duplicate ids, off-scale answers). When FILES hold one
    record kind only (such as - with --type interactions), each record's shape is checked
    and references to other kinds are not, unless --references gives the records they
    refer to. Exit status 0 when everything is clean, 1 when anything was rejected or has
    a problem.
    """
    loaded = load(files, kind=kind, ui=ui)
    problems, unchecked = _problems(loaded.dataset, references, ui)
    if rejects_path is not None:
        emit(
            "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in loaded.rejects),
            rejects_path,
        )
    if not ui.quiet:
        lines = [
            f"{len(loaded.sources)} source(s): {loaded.accepted:,} record(s) accepted, "
            f"{len(loaded.rejects):,} rejected, {loaded.blank:,} blank line(s) skipped;",
            f"{len(problems):,} problem(s) between records.",
        ]
        if unchecked:
            lines.append(
                textwrap.fill(
                    f"References to {_listed(unchecked)} were not checked: the input holds "
                    f"{_listed(_kinds(loaded.dataset))} only; --references DIR checks them "
                    "against the programme's records.",
                    terminal_width(),
                )
            )
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


def _kinds(dataset: Dataset) -> list[str]:
    """The record kinds ``dataset`` holds records of, in file-name form (``areas``)."""
    return [name for name in RECORD_TYPES if getattr(dataset, name)]


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _problems(dataset: Dataset, references: str | None, ui: Ui) -> tuple[list[Problem], list[str]]:
    """The problems of ``dataset``'s records, and the record kinds whose references were
    not checked.

    With ``references`` (a folder or file of other records), the records are checked
    against those and each other, and only their own problems are kept. Without it, a
    dataset of one record kind has its references to other kinds left unchecked (there is
    nothing to check them against), but its duplicates and everything else are checked.
    """
    if references is not None:
        known = load((references,), kind=None, ui=ui).dataset
        merged = Dataset(
            **{
                field.name: (*getattr(known, field.name), *getattr(dataset, field.name))
                for field in attrs.fields(Dataset)
            }
        )
        own = {
            (type(record).__name__, record.id)
            for field in attrs.fields(Dataset)
            for record in getattr(dataset, field.name)
        }
        return [p for p in merged.problems() if (p.record_type, p.record_id) in own], []
    problems = list(dataset.problems())
    if len(_kinds(dataset)) != 1:
        return problems, []
    unchecked = sorted({p.refers_to for p in problems if p.refers_to is not None})
    return [p for p in problems if p.refers_to is None], unchecked


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
