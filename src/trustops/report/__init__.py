"""The HTML trust report: one self-contained file with tables and inline SVG charts.

Computation and rendering are separate: :func:`build_report` computes every figure of a
:class:`Report` from a :class:`~trustops.model.Dataset` (the small-cell policy already
applied), and :meth:`Report.to_html` / :func:`write_html` render it. Rendering needs the
optional ``report`` extra (matplotlib); without it they raise
:class:`~trustops.MissingExtraError`.
"""

from __future__ import annotations

from ._build import (
    ENGAGEMENT_METRICS,
    EXAMPLES_SHOWN,
    REPORTING_METRICS,
    IndexSection,
    Methods,
    MetricRow,
    ProgressRow,
    RejectSummary,
    Report,
    Summary,
    build_report,
    choose_instrument,
    reason_of,
)
from ._cells import Cell, format_value, publish
from ._html import SECTIONS, render_html, write_html

__all__ = [
    "ENGAGEMENT_METRICS",
    "EXAMPLES_SHOWN",
    "REPORTING_METRICS",
    "SECTIONS",
    "Cell",
    "IndexSection",
    "Methods",
    "MetricRow",
    "ProgressRow",
    "RejectSummary",
    "Report",
    "Summary",
    "build_report",
    "choose_instrument",
    "format_value",
    "publish",
    "reason_of",
    "render_html",
    "write_html",
]
