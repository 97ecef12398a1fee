"""The HTML trust report: one self-contained file that answers how trust is doing, why it
moved and where to look next.

Three layers, no circle: content records (:class:`Report` and its sections) hold computed
figures; :func:`build_report` computes them from a :class:`~trustops.model.Dataset`, each
table once and every figure through the small-cell policy; :func:`render_html` and
:func:`write_html` turn them into a page. Rendering needs the optional ``report`` extra
(matplotlib); without it they raise :class:`~trustops.MissingExtraError`.
"""

from __future__ import annotations

from ._build import (
    ENGAGEMENT_METRICS,
    EXAMPLES_SHOWN,
    MOVERS_SHOWN,
    REPORTING_METRICS,
    build_report,
)
from ._cells import format_value
from ._content import (
    LOW_ALPHA,
    AreaChange,
    Balance,
    Headline,
    IndexSection,
    MarginBalanceRow,
    Methods,
    MetricRow,
    Pivot,
    PivotRow,
    ProgressRow,
    RejectSummary,
    Report,
    Summary,
    SurveySection,
)
from ._data import DATA_COLUMNS, report_data
from ._decision import Decision, Evidence, Finding, KindEvidence
from ._effects_build import EFFECT_OUTCOMES
from ._effects_content import AreaInitiatives, EffectDirection, EffectsSection
from ._errors import ReportError
from ._html import SECTIONS, render_area_html, render_html, write_html
from ._labels import component_title, group_title, metric_title, metric_unit, missing_reason

__all__ = [
    "DATA_COLUMNS",
    "EFFECT_OUTCOMES",
    "ENGAGEMENT_METRICS",
    "EXAMPLES_SHOWN",
    "LOW_ALPHA",
    "MOVERS_SHOWN",
    "REPORTING_METRICS",
    "SECTIONS",
    "AreaChange",
    "AreaInitiatives",
    "Balance",
    "Decision",
    "EffectDirection",
    "EffectsSection",
    "Evidence",
    "Finding",
    "Headline",
    "IndexSection",
    "KindEvidence",
    "MarginBalanceRow",
    "Methods",
    "MetricRow",
    "Pivot",
    "PivotRow",
    "ProgressRow",
    "RejectSummary",
    "Report",
    "ReportError",
    "Summary",
    "SurveySection",
    "build_report",
    "component_title",
    "format_value",
    "group_title",
    "metric_title",
    "metric_unit",
    "missing_reason",
    "render_area_html",
    "render_html",
    "report_data",
    "write_html",
]
