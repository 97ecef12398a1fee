"""Options and arguments shared by the commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from ..io import RECORD_TYPES
from ..time import Granularity
from ._ui import Ui

__all__ = [
    "engine_option",
    "files_argument",
    "format_option",
    "model_option",
    "out_option",
    "pass_ui",
    "period_option",
    "suppression_option",
    "type_option",
]

F = TypeVar("F", bound=Callable[..., Any])


pass_ui = click.make_pass_decorator(Ui, ensure=True)
"""Pass the command's :class:`Ui` as the first argument."""


def files_argument(*, required: bool = True) -> Callable[[F], F]:
    """The FILES argument: existing files or folders, or ``-``."""
    return click.argument(
        "files",
        nargs=-1,
        required=required,
        type=click.Path(exists=True, allow_dash=True),
    )


def type_option() -> Callable[[F], F]:
    """``--type KIND``: the record kind of the files given, or of standard input when ``-`` is
    among them (the files are then known by their names)."""
    return click.option(
        "--type",
        "kind",
        type=click.Choice(list(RECORD_TYPES)),
        default=None,
        metavar="KIND",
        help=(
            "Record kind of the FILES (default: from each file's name): "
            + ", ".join(RECORD_TYPES)
            + ". Needed for -; with -, it names what standard input holds and files keep "
            "their names' kinds."
        ),
    )


def format_option(*more: str) -> Callable[[F], F]:
    """``--format table|csv|json`` (and the formats ``more`` names)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json", *more]),
        default="table",
        show_default=True,
        help="Output format.",
    )


def out_option() -> Callable[[F], F]:
    """``--out PATH`` (default: standard output)."""
    return click.option(
        "--out",
        "-o",
        type=click.Path(dir_okay=False, allow_dash=True),
        default="-",
        help="Write the output to this file instead of standard output.",
    )


def suppression_option() -> Callable[[F], F]:
    """``--no-suppression``: publish figures the small-cell policy would withhold."""
    return click.option(
        "--no-suppression",
        is_flag=True,
        help="Show figures resting on fewer than 10 people (withheld by default). "
        "The output says so.",
    )


def engine_option(names: Sequence[str], help_text: str) -> Callable[[F], F]:
    """``--engine auto|NAME``: which engine counts the interactions (``names``; default
    ``auto``, chosen by the input's format and size)."""
    return click.option(
        "--engine",
        type=click.Choice(["auto", *names]),
        default="auto",
        show_default=True,
        help=help_text,
    )


def model_option() -> Callable[[F], F]:
    """``--model PATH``: a scoring model as TOML or JSON."""
    return click.option(
        "--model",
        "model_path",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Scoring model as TOML or JSON (default: the built-in trustops-default).",
    )


def period_option(help_text: str) -> Callable[[F], F]:
    """``--period day|week|month|quarter|year`` (default quarter)."""
    return click.option(
        "--period",
        type=click.Choice([g.value for g in Granularity]),
        default="quarter",
        show_default=True,
        help=help_text,
    )
