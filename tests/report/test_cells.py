"""How published figures read."""

from __future__ import annotations

import math

from trustops.report import format_value


def test_format_value() -> None:
    assert format_value("positive_share", 0.6234) == "62.3%"
    assert format_value("reports", 12345.0) == "12,345"
    assert format_value("median_hours_to_report", 3.25) == "3.2"
    assert format_value("reach_per_1000", None) == "—"
    assert format_value("reach_per_1000", math.inf) == "—"
