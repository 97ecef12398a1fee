"""The pieces of markup every section uses: escaped text, tables, folded detail, figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Final

__all__ = ["SCROLL_CUE_COLUMNS", "details", "e", "figure", "table"]

SCROLL_CUE_COLUMNS: Final = 4
"""Tables with this many columns or more say on a phone that they scroll sideways."""


def e(text: object) -> str:
    """``text`` escaped for HTML, quotes included."""
    return escape(str(text), quote=True)


def table(head: Sequence[str], rows: Iterable[str], *, caption: str = "") -> str:
    """A table in a frame that scrolls sideways when it is wider than the screen, its row
    headers staying in view; ``head`` and ``caption`` are markup. A table of
    :data:`SCROLL_CUE_COLUMNS` columns or more carries a cue, shown on narrow screens only,
    that it scrolls."""
    cap = f"<caption>{caption}</caption>" if caption else ""
    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    cue = (
        '<p class="scroll-cue">Wide table: scroll it sideways for more columns →</p>'
        if len(head) >= SCROLL_CUE_COLUMNS
        else ""
    )
    return (
        f'{cue}<div class="table-wrap"><table>{cap}<thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def details(summary: str, body: str, *, anchor: str | None = None) -> str:
    """Detail on demand: ``body`` folded under ``summary`` (both markup); a link to
    ``#anchor`` opens it."""
    where = f' id="{e(anchor)}"' if anchor else ""
    return f'<details class="more"{where}><summary>{summary}</summary>{body}</details>'


def figure(svg: str, caption: str) -> str:
    """A chart with its caption (markup)."""
    return f'<figure class="chart">{svg}<figcaption>{caption}</figcaption></figure>'
