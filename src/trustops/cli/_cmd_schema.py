"""``trustops schema``: print the JSON Schema of the record formats."""

from __future__ import annotations

import click

from ..io import RECORD_TYPES, json_schema
from ._errors import InputError
from ._output import emit
from ._ui import dump_json

__all__ = ["schema"]

_BY_CLASS = {cls.__name__.lower(): kind for kind, cls in RECORD_TYPES.items()}


@click.command(
    epilog="""\b
Examples:
  trustops schema interactions
  trustops schema Interaction --out interaction.schema.json
  trustops schema          # every record kind, by kind
"""
)
@click.argument("record", required=False)
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Write the schema to this file instead of standard output.",
)
def schema(record: str | None, out: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a RECORD kind, or of every kind.

    RECORD is a kind (interactions, areas, ...) or its class name (Interaction).
    """
    if record is None:
        emit(dump_json({kind: json_schema(kind) for kind in RECORD_TYPES}), out)
        return
    kind = record if record in RECORD_TYPES else _BY_CLASS.get(record.lower())
    if kind is None:
        raise InputError(
            f"unknown record kind {record!r}; expected one of {', '.join(RECORD_TYPES)}"
        )
    emit(dump_json(json_schema(kind)), out)
