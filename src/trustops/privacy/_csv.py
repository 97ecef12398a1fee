"""Neutralising spreadsheet formulas in exported CSV cells."""

from __future__ import annotations

from typing import Final

__all__ = ["FORMULA_TRIGGERS", "neutralise_csv_cell"]

FORMULA_TRIGGERS: Final = frozenset({"=", "+", "-", "@", "\t", "\r"})
"""First characters that make a spreadsheet read a cell as a formula."""


def neutralise_csv_cell(text: str) -> str:
    """Make a text cell safe to open in a spreadsheet (formula injection, CWE-1236).

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe, so spreadsheets show it as text instead of running it as a formula. So does a
    cell that already starts with an apostrophe, which keeps the escape lossless: ``=x`` and
    ``'=x`` export as ``'=x`` and ``''=x``, never as the same text, and removing one leading
    apostrophe gives the original back (the same rule as :func:`trustops.io.escape_cell`).
    Any other cell is returned unchanged. Apply it to free text, not to numbers written as numbers
    (``-3`` in a numeric column is data, not a formula).

    >>> from trustops.privacy import neutralise_csv_cell
    >>> neutralise_csv_cell("=HYPERLINK(\\"http://example.com\\")")
    '\\'=HYPERLINK("http://example.com")'
    >>> neutralise_csv_cell("Riverside"), neutralise_csv_cell("'=x")
    ('Riverside', "''=x")
    """
    if text[:1] in FORMULA_TRIGGERS or text[:1] == "'":
        return "'" + text
    return text
