"""``trustops sample``: write the synthetic sample programme as record files."""

from __future__ import annotations

import click

from ..io import write_dataset
from ..sample import generate
from ._errors import InputError
from ._options import pass_ui
from ._ui import Ui

__all__ = ["sample"]


@click.command(
    epilog="""\b
Examples:
  trustops sample data/
  trustops sample big/ --scale 10 --seed 3
"""
)
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed.")
@click.option(
    "--scale",
    type=click.FloatRange(min=0.0, min_open=True),
    default=1.0,
    show_default=True,
    help="Size of the programme (2 doubles the records).",
)
@pass_ui
def sample(ui: Ui, out_dir: str, seed: int, scale: float) -> None:
    """Write the deterministic synthetic sample programme to OUT_DIR, one JSONL file per
    record kind (the same seed and scale always give the same files)."""
    with ui.progress() as progress:
        progress.add_task("Generating the sample programme", total=None)
        dataset = generate(seed=seed, scale=scale)
    try:
        written = write_dataset(dataset, out_dir)
    except OSError as error:
        raise InputError(f"cannot write to {out_dir!r}: {error.strerror or error}") from None
    for kind, path in written.items():
        ui.note(f"{len(getattr(dataset, kind)):>8,} {kind:<12} {path}")
