"""The console-script entry point, importing click and rich only when the command runs."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from .._errors import MissingExtraError

if TYPE_CHECKING:
    import click

__all__ = ["get_command", "main"]

_INTERRUPTED: Final = 130
"""The exit status after Ctrl-C: 128 + SIGINT, the shells' convention."""


def get_command() -> click.Group:
    """The ``trustops`` click group (for :class:`click.testing.CliRunner` or embedding).

    Raises :class:`~trustops.MissingExtraError` naming the ``cli`` extra when click or rich
    is not installed.

    >>> from click.testing import CliRunner
    >>> from trustops.cli import get_command
    >>> "validate" in get_command().commands
    True
    >>> CliRunner().invoke(get_command(), ["schema", "--help"]).exit_code
    0
    """
    for package in ("click", "rich"):
        try:
            importlib.import_module(package)
        except ImportError as error:
            raise MissingExtraError("the trustops command", "cli", package) from error
    from ._app import cli

    return cli


def main(args: Sequence[str] | None = None) -> None:
    """Run the ``trustops`` command with ``args`` (default: the process's arguments).

    Exits with the command's status: 0 on success, 1 when the data has problems (rejected
    records, a computation that cannot be made), 2 on usage errors (a missing file, an unknown
    option), 130 when interrupted (Ctrl-C), as shells expect. Without the ``cli`` extra it prints what to install and exits with status 1.

    >>> from trustops.cli import main
    >>> try:
    ...     main(["validate", "no-such-file.jsonl"])
    ... except SystemExit as done:
    ...     print("status", done.code)
    status 2
    """
    try:
        status = _run(args)
    except KeyboardInterrupt:  # Ctrl-C before or after click took over
        sys.stderr.write("\nInterrupted.\n")
        raise SystemExit(_INTERRUPTED) from None
    raise SystemExit(status)


def _run(args: Sequence[str] | None) -> int:
    try:
        command = get_command()
    except MissingExtraError as error:
        raise SystemExit(f"trustops: {error}") from None
    import click

    try:
        status = command.main(
            args=None if args is None else list(args),
            prog_name="trustops",
            standalone_mode=False,
        )
    except click.exceptions.Abort:  # Ctrl-C (or end of input at a prompt)
        click.echo("\nInterrupted.", err=True)
        raise SystemExit(_INTERRUPTED) from None
    except click.ClickException as error:
        error.show()
        raise SystemExit(error.exit_code) from None
    return status if isinstance(status, int) else 0
