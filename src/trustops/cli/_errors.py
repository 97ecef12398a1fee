"""The command's own errors: each is a :class:`~trustops.TrustopsError` that click prints as
``Error: <message>`` and turns into the exit status the command's help promises."""

from __future__ import annotations

import click

from .._errors import TrustopsError

__all__ = ["DataError", "InputError"]


class InputError(TrustopsError, click.ClickException):
    """An input that cannot be used (unreadable file, unknown record type): exit status 2."""

    exit_code = 2


class DataError(TrustopsError, click.ClickException):
    """The data does not allow the computation asked for: exit status 1."""

    exit_code = 1
