"""``trustops sample``: write the synthetic sample programme as record files."""

from __future__ import annotations

import click

from ..io import write_dataset
from ..sample import BUNDLED_SCALE, BUNDLED_SEED, generate
from ._errors import InputError
from ._options import pass_ui
from ._ui import Ui

__all__ = ["sample"]


@click.command(
    epilog="""\b
Examples:
  trustops sample data/                    # the bundled programme: the report's default data
  trustops sample other/ --seed 3          # another programme of the same design
  trustops sample big/ --scale 10
"""
)
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option(
    "--seed",
    type=int,
    default=BUNDLED_SEED,
    show_default=True,
    help="Random seed (the default gives the bundled programme).",
)
@click.option(
    "--scale",
    type=click.FloatRange(min=0.0, min_open=True),
    default=BUNDLED_SCALE,
    show_default=True,
    help="Size of the programme (2 doubles the records).",
)
@pass_ui
def sample(ui: Ui, out_dir: str, seed: int, scale: float) -> None:
    """Write the deterministic synthetic sample programme to OUT_DIR, one JSONL file per
    record kind (the same seed and scale always give the same files).

    By default it writes the bundled programme, the data ``trustops report`` and the other
    commands use without FILES, so ``trustops report OUT_DIR`` shows the same figures.
    """
    with ui.progress() as progress:
        progress.add_task("Generating the sample programme", total=None)
        dataset = generate(seed=seed, scale=scale)
    try:
        written = write_dataset(dataset, out_dir)
    except OSError as error:
        raise InputError(f"cannot write to {out_dir!r}: {error.strerror or error}") from None
    for kind, path in written.items():
        ui.note(f"{len(getattr(dataset, kind)):>8,} {kind:<12} {path}")
