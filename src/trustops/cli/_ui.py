"""What the command shows people besides its output: progress, notes and errors."""

from __future__ import annotations

import json
import math
import textwrap
from typing import Any

import attrs
import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

__all__ = ["Ui", "clean_json", "dump_json"]


@attrs.define(kw_only=True)
class Ui:
    """Progress bars and notes on standard error.

    Progress shows only when standard error is a terminal and ``quiet`` is false; notes show
    unless ``quiet``.
    """

    quiet: bool = False
    console: Console = attrs.field(
        factory=lambda: Console(stderr=True, highlight=False, markup=False)
    )

    def progress(self) -> Progress:
        """A transient progress display (disabled when not on a terminal or quiet)."""
        return Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", style="progress.description", markup=False),
            BarColumn(),
            TextColumn("{task.completed:,} records"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            disable=self.quiet or not self.console.is_terminal,
        )

    def note(self, text: str) -> None:
        """Print a note on standard error unless quiet, its lines filled to the terminal's
        width."""
        if not self.quiet:
            width = self.console.width
            click.echo("\n".join(textwrap.fill(line, width) for line in text.split("\n")), err=True)


def clean_json(value: Any) -> Any:
    """Replace non-finite floats (which JSON cannot hold) by ``None``, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return value


def dump_json(value: Any) -> str:
    """Indented JSON text (UTF-8 kept as is), non-finite floats as ``null``."""
    return json.dumps(clean_json(value), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
