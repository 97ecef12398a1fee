"""Writing the command's output: to standard output or ``--out``, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Sequence
from typing import Final

import click

from ..io import escape_cell, without_surrogates, write_text
from ..privacy import DEFAULT_PRIVACY_KEY, PrivacyKey, SmallCellPolicy
from ..scoring import PERTURBED_NOTE
from ._errors import InputError
from ._ui import Ui

__all__ = [
    "FORMATS",
    "STDOUT",
    "csv_text",
    "emit",
    "policy_dict",
    "policy_statement",
    "privacy_for",
]

PRIVACY_KEY_VARIABLE: Final = "TRUSTOPS_PRIVACY_KEY"
"""The environment variable holding the privacy key that perturbs published counts."""

STDOUT: Final = "-"
FORMATS: Final = ("table", "csv", "json")


def emit(text: str, out: str) -> None:
    """Write ``text`` to standard output (``out`` is ``-``) or to the file ``out``; bytes of
    an argument or a file name that were not UTF-8 are shown as U+FFFD, never a crash."""
    if out == STDOUT:
        click.echo(without_surrogates(text), nl=False)
        return
    try:
        write_text(out, text, newline="")
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


def privacy_for(policy: SmallCellPolicy, ui: Ui) -> PrivacyKey | None:
    """The privacy key that perturbs published counts (METHODS §7): from the environment
    variable ``TRUSTOPS_PRIVACY_KEY``, else the public default with a note; ``None`` when the
    policy is off (raw figures are not perturbed)."""
    if not policy.enabled:
        return None
    key = os.environ.get(PRIVACY_KEY_VARIABLE)
    if not key:
        ui.note(
            f"note: {PRIVACY_KEY_VARIABLE} is not set, so counts are perturbed with the public "
            "default privacy key; set it to a secret of your own before publishing"
        )
        key = DEFAULT_PRIVACY_KEY
    return PrivacyKey(key)


def policy_statement(policy: SmallCellPolicy, *, perturbed: bool = False) -> str:
    """What the output's figures went through: the small-cell policy, and with
    ``perturbed`` the perturbation of counts (the cell key method), or that both are off."""
    if not policy.enabled:
        return (
            "Small-cell suppression is OFF (--no-suppression): figures resting on few people "
            "are shown, and counts are exact (not perturbed); do not publish them."
        )
    statement = (
        f"Small-cell policy: figures with n below {policy.withhold_below} are withheld, "
        f"below {policy.caution_below} flagged 'caution'."
    )
    return f"{statement} {PERTURBED_NOTE}" if perturbed else statement


def policy_dict(policy: SmallCellPolicy) -> dict[str, object]:
    """The policy as plain data for JSON output."""
    return {
        "enabled": policy.enabled,
        "withhold_below": policy.withhold_below,
        "caution_below": policy.caution_below,
        "perturbation": (
            {"method": "cell key", "ptable": policy.ptable.name, "version": policy.ptable.version}
            if policy.enabled
            else None
        ),
    }
