"""The bundled sample programme: a rendering of :func:`generate` shipped as package data."""

from __future__ import annotations

import contextlib
import gzip
from collections.abc import Iterator
from importlib import resources
from typing import Final

from ..io import RECORD_TYPES, RecordSource, read_sources
from ..model import Dataset
from ._errors import BundledSampleError

__all__ = ["BUNDLED_SCALE", "BUNDLED_SEED", "bundled", "bundled_files"]

BUNDLED_SEED: Final = 2
"""The seed of the bundled rendering."""
BUNDLED_SCALE: Final = 1.0
"""The scale of the bundled rendering."""

_PACKAGE: Final = "trustops.sample.data"


def bundled_files() -> dict[str, str]:
    """The bundled files by record kind (``{"interactions": "interactions.jsonl.gz", ...}``).

    >>> from trustops.sample import bundled_files
    >>> bundled_files()["interactions"]
    'interactions.jsonl.gz'
    """
    folder = resources.files(_PACKAGE)
    return {
        kind: f"{kind}.jsonl.gz"
        for kind in RECORD_TYPES
        if folder.joinpath(f"{kind}.jsonl.gz").is_file()
    }


def bundled() -> Dataset:
    """Load the bundled sample programme through the same readers as any other data.

    It equals ``generate(seed=BUNDLED_SEED, scale=BUNDLED_SCALE)``: twelve areas, a year of
    initiatives and sessions, about 30,000 interactions, 2,000 survey responses and five
    indicators. It is the default data of ``trustops report``.

    >>> from trustops.sample import bundled
    >>> dataset = bundled()
    >>> len(dataset.areas), len(dataset.interactions) > 25_000, dataset.problems()
    (12, True, ())
    """
    with contextlib.ExitStack() as files:
        load = read_sources(_opened(files))
    if load.rejects:
        raise BundledSampleError(list(load.rejects))
    return load.dataset


def _opened(files: contextlib.ExitStack) -> Iterator[RecordSource]:
    """The bundled files as record sources, each opened (and closed with ``files``)."""
    folder = resources.files(_PACKAGE)
    for kind, name in bundled_files().items():
        raw = files.enter_context(folder.joinpath(name).open("rb"))
        yield kind, files.enter_context(gzip.open(raw, "rb")), name  # noqa: SIM115 - closed with files
