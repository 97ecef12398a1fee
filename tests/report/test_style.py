"""Tests of the report's style sheet: colours people can read, a phone layout and print."""

from __future__ import annotations

import re

import pytest

from trustops.report._charts import contrast_ratio
from trustops.report._style import STYLE


def _colours() -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", STYLE))


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("ink", "bg"),
        ("ink", "soft"),
        ("muted", "bg"),
        ("muted", "soft"),
        ("accent", "bg"),
        ("warn", "warn-bg"),
        ("held", "warn-bg"),
    ],
)
def test_text_colours_meet_wcag_aa_on_their_backgrounds(text: str, background: str) -> None:
    colours = _colours()
    assert contrast_ratio(colours[text], colours[background]) >= 4.5


def test_the_sheet_has_a_phone_layout_and_a_print_layout() -> None:
    assert "@media (max-width: 40rem)" in STYLE
    assert "@media print" in STYLE
    assert "overflow-x: auto" in STYLE  # wide tables scroll inside their box, not the page
    assert STYLE.count("{") == STYLE.count("}")
