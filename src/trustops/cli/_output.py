"""Writing the command's output: to standard output or ``--out``, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from typing import Final

import click

from ..io import atomic_path, escape_cell
from ..privacy import SmallCellPolicy
from ._errors import InputError

__all__ = [
    "FORMATS",
    "STDOUT",
    "csv_text",
    "emit",
    "policy_dict",
    "policy_statement",
]

STDOUT: Final = "-"
FORMATS: Final = ("table", "csv", "json")


def emit(text: str, out: str) -> None:
    """Write ``text`` to standard output (``out`` is ``-``) or to the file ``out``."""
    if out == STDOUT:
        click.echo(text, nl=False)
        return
    try:
        with atomic_path(out) as temporary:
            temporary.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise InputError(f"cannot write {out!r}: {error.strerror or error}") from None


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, int):
        return str(value)
    return escape_cell(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV with a header row; text cells are neutralised against spreadsheet formulas
    (:func:`~trustops.io.escape_cell`), numbers are written as numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; quotes a bare \r too
    writer.writerow([escape_cell(name) for name in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def policy_statement(policy: SmallCellPolicy) -> str:
    """One sentence saying which small-cell policy the output follows."""
    if not policy.enabled:
        return (
            "Small-cell suppression is OFF (--no-suppression): figures resting on few people "
            "are shown; do not publish them."
        )
    return (
        f"Small-cell policy: figures with n below {policy.withhold_below} are withheld, "
        f"below {policy.caution_below} flagged 'caution'."
    )


def policy_dict(policy: SmallCellPolicy) -> dict[str, object]:
    """The policy as plain data for JSON output."""
    return {
        "enabled": policy.enabled,
        "withhold_below": policy.withhold_below,
        "caution_below": policy.caution_below,
    }
