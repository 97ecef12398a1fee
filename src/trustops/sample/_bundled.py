"""The bundled sample programme: a rendering of :func:`generate` shipped as package data."""

from __future__ import annotations

import gzip
from importlib import resources
from typing import Any, Final

from ..io import RECORD_TYPES, Reject, read_jsonl
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
    folder = resources.files(_PACKAGE)
    records: dict[str, Any] = {}
    rejects: list[Reject] = []
    for kind, name in bundled_files().items():
        with folder.joinpath(name).open("rb") as raw, gzip.open(raw, "rb") as stream:
            reader = read_jsonl(stream, RECORD_TYPES[kind])
            records[kind] = reader.read_all()
            rejects.extend(reader.rejects)
    if rejects:
        raise BundledSampleError(rejects)
    return Dataset(**records)
