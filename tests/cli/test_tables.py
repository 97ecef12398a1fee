"""Terminal tables: the terminal's width, never a cut header or key, missing values say why."""

from __future__ import annotations

import pytest

from trustops.cli._tables import (
    cell_record,
    cell_text,
    metric_grid,
    render,
    terminal_width,
)
from trustops.privacy import Cell, CellStatus
from trustops.stats import Interval

ROWS = [
    (
        {"area": f"a-rather-long-area-name-{k}", "period": "2026-Q1"},
        {
            "interactions": Cell(value=1234.0 + k),
            "positive_share": Cell(
                value=0.5, n=20, interval=Interval(0.3, 0.7), status=CellStatus.CAUTION
            ),
            "reach_per_1000": Cell(value=None, n=None, reason="not grouped by area"),
        },
    )
    for k in range(3)
]
NAMES = ("interactions", "positive_share", "reach_per_1000")


def test_cell_text_and_record() -> None:
    share = ROWS[0][1]["positive_share"]
    assert cell_text("positive_share", share) == "50.0% *"
    assert cell_text("positive_share", share, show_n=True, intervals=True) == (
        "50.0% * (30.0%–70.0%) n=20"
    )
    held = Cell(value=None, status=CellStatus.INSUFFICIENT, reason="withheld: fewer than 10")
    assert cell_text("positive_share", held) == "withheld"
    assert cell_record(held)["status"] == "insufficient"
    missing = cell_record(ROWS[0][1]["reach_per_1000"])
    assert (missing["status"], missing["reason"]) == ("missing", "not grouped by area")
    assert cell_record(ROWS[0][1]["interactions"])["status"] == "ok"


@pytest.mark.parametrize("width", [40, 60, 90, 160])
def test_every_layout_fits_and_keeps_keys_and_headers_whole(width: int) -> None:
    grid = metric_grid(title="T", keys=("area", "period"), rows=ROWS, names=NAMES, width=width)
    text = render([grid], ["[bold]kept as written[/bold]"], width)
    assert max(len(line) for line in text.splitlines()) <= width
    for row_keys, _ in ROWS:
        assert row_keys["area"] in text
    for word in ("Interactions", "Positive", "outcome", "Reach", "residents"):
        assert word in text
    assert "…" not in text
    assert text.rstrip().endswith("[bold]kept as written[/bold]")


def test_wide_layout_when_it_fits_long_when_not() -> None:
    wide = metric_grid(title="T", keys=("area",), rows=ROWS, names=NAMES, width=160)
    assert len(wide.columns) == 1 + len(NAMES)
    long = metric_grid(title="T", keys=("area",), rows=ROWS, names=NAMES, width=72)
    assert [c.header for c in long.columns] == ["area", "metric", "value"]
    for width in (60, 160):
        both = metric_grid(
            title="T",
            keys=("area",),
            rows=ROWS,
            names=NAMES,
            width=width,
            show_n=True,
            intervals=True,
        )
        text = render([both], [], width)
        assert "30.0%–70.0%" in text
        assert "n=20" in text or " 20 " in text
    narrow = metric_grid(title="T", keys=("area",), rows=ROWS, names=NAMES, width=40)
    assert narrow.show_header is False


def test_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width() == 132
    monkeypatch.setenv("COLUMNS", "10")
    assert terminal_width() == 40
    monkeypatch.delenv("COLUMNS")
    assert terminal_width() >= 40


def test_markup_in_titles_headers_values_and_notes_is_printed_as_written() -> None:
    from rich.table import Table

    table = Table(title="[/]title [bold]x", caption="[/]caption")
    table.add_column("[/]header")
    table.add_row("[/]value [red]y")
    text = render([table], ["[/]note [link=x]z"], 100)
    for written in ("[/]title [bold]x", "[/]caption", "[/]header", "[/]value [red]y"):
        assert written in text
    assert "[/]note [link=x]z" in text
