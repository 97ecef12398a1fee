"""Tests of what the command shows besides its output: errors, notes, progress, JSON."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from trustops.cli._ui import Ui, clean_json, dump_json


def test_notes_go_to_standard_error_unless_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    Ui().note("Wrote report.html")
    Ui(quiet=True).note("hidden")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "Wrote report.html\n")


@pytest.mark.parametrize(
    ("terminal", "quiet", "shown"),
    [(True, False, True), (True, True, False), (False, False, False)],
)
def test_progress_shows_only_on_a_terminal_when_not_quiet(
    terminal: bool, quiet: bool, shown: bool
) -> None:
    ui = Ui(quiet=quiet, console=Console(force_terminal=terminal, stderr=True))
    assert ui.progress().disable is not shown


def test_clean_json_replaces_what_json_cannot_hold() -> None:
    value = {1: [math.nan, (math.inf, 2.5)], "ok": {"n": -math.inf, "s": "x"}}
    assert clean_json(value) == {"1": [None, [None, 2.5]], "ok": {"n": None, "s": "x"}}


def test_dump_json_is_indented_utf8_text_with_a_final_newline() -> None:
    assert dump_json({"area": "Zoë", "n": math.nan}) == '{\n  "area": "Zoë",\n  "n": null\n}\n'


finite_or_not = st.floats() | st.integers() | st.text() | st.none() | st.booleans()
nested = st.recursive(
    finite_or_not,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text() | st.integers(), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(nested)
def test_dump_json_always_gives_strict_json(value: object) -> None:
    text = dump_json(value)

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in {text!r}")

    assert json.loads(text, parse_constant=refuse) == json.loads(json.dumps(clean_json(value)))


def test_progress_shows_markup_in_a_description_as_written() -> None:
    import io

    buffer = io.StringIO()
    ui = Ui(console=Console(file=buffer, force_terminal=True, width=100))
    with ui.progress() as progress:
        progress.add_task("Reading [/]pulse [bold]x", total=None)
    assert "Reading [/]pulse [bold]x" in buffer.getvalue()
