"""Tests of the report's style sheet: colours people can read, a phone layout and print."""

from __future__ import annotations

import re

import pytest

from trustops.report._style import STYLE


def _colours() -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", STYLE))


def _luminance(colour: str) -> float:
    channels = [int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


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
    assert _contrast(colours[text], colours[background]) >= 4.5


def test_the_sheet_has_a_phone_layout_and_a_print_layout() -> None:
    assert "@media (max-width: 40rem)" in STYLE
    assert "@media print" in STYLE
    assert "overflow-x: auto" in STYLE  # wide tables scroll inside their box, not the page
    assert STYLE.count("{") == STYLE.count("}")
