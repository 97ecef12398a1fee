"""Tests of the command's errors: exit statuses, messages, and the one root."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from trustops import TrustopsError
from trustops.cli._errors import DataError, InputError


@pytest.mark.parametrize(("error", "status"), [(InputError, 2), (DataError, 1)])
def test_errors_end_the_command_with_their_status_and_message(
    runner: CliRunner, error: type[click.ClickException], status: int
) -> None:
    @click.command()
    def fail() -> None:
        raise error("the file 'x.jsonl' cannot be read")

    result = runner.invoke(fail)
    assert result.exit_code == status
    assert "Error: the file 'x.jsonl' cannot be read" in result.output


@pytest.mark.parametrize("error", [InputError, DataError])
def test_errors_are_trustops_errors_that_click_prints(error: type[click.ClickException]) -> None:
    raised = error("nothing to compute")
    assert isinstance(raised, TrustopsError)
    assert isinstance(raised, click.ClickException)
    assert raised.format_message() == "nothing to compute"
