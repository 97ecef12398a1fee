"""The report's content: plain records of computed figures, with no computation and no markup.

:func:`~trustops.report.build_report` fills them (``_build``), and
:func:`~trustops.report.render_html` turns them into a page (``_html``); neither imports the
other, and these records import neither.
"""

from __future__ import annotations

from typing import Final

import attrs
import pendulum

from ..io import Reject
from ..model import Area, Indicator, Problem, Programme
from ..privacy import Cell, SmallCellPolicy
from ..scoring import Comparison, IndicatorProgress, ScoringModel, TrustIndexResult
from ..time import Granularity
from ._decision import Decision
from ._effects_content import EffectsSection

__all__ = [
    "LOW_ALPHA",
    "AreaChange",
    "Balance",
    "Headline",
    "IndexSection",
    "MarginBalanceRow",
    "Methods",
    "MetricRow",
    "Pivot",
    "PivotRow",
    "ProgressRow",
    "RejectSummary",
    "Report",
    "Summary",
    "SurveySection",
]

LOW_ALPHA: Final = 0.7
"""Cronbach's alpha below which a construct's items are flagged as not hanging together."""


@attrs.frozen(kw_only=True)
class Summary:
    """What the data covers.

    Counts of records (not subject to the small-cell policy): ``interactions`` counts each
    interaction id once, and ``duplicates`` the interactions left out for repeating an id.
    Counts of people go through the policy as published cells (a count of 1 to 9 is
    withheld): ``residents_reached`` (distinct resident pseudonyms) and ``responses``
    (survey respondents). ``first_day`` and ``last_day`` bound the interactions and survey
    responses as *local* dates in each record's area.
    """

    programmes: tuple[Programme, ...]
    areas: tuple[Area, ...]
    initiatives: int
    sessions: int
    interactions: int
    residents_reached: Cell
    responses: Cell
    duplicates: int = 0
    indicators: int
    first_day: pendulum.Date | None
    last_day: pendulum.Date | None


@attrs.frozen(kw_only=True)
class AreaChange:
    """How one area's index (or the programme's) moved from one period to the next.

    ``comparison`` is :func:`~trustops.scoring.compare` of the two results (with its
    component breakdown), ``None`` when one of them is withheld; ``note`` then says why.
    """

    area: str
    name: str
    first: TrustIndexResult
    second: TrustIndexResult
    comparison: Comparison | None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Headline:
    """The answer to "how is trust doing?", first on the page.

    ``programme`` is the programme-wide index of the latest period (areas weighted by
    population; :func:`~trustops.scoring.programme_index`) and ``change`` its change from
    the previous period. ``movers`` are the areas whose index moved most, largest change
    first. ``flags`` are the sentences a reader must not miss.
    """

    period: str | None
    previous: str | None
    programme: TrustIndexResult | None
    change: AreaChange | None
    movers: tuple[AreaChange, ...]
    flags: tuple[str, ...]
    left_out: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PivotRow:
    """One row of a pivoted table: a label and one cell per column (``None``: no record)."""

    label: str
    cells: tuple[Cell | None, ...]
    key: str | None = None


@attrs.frozen(kw_only=True)
class Pivot:
    """A table of one figure, rows (areas, kinds, constructs) by columns (periods).

    ``metric`` names the figure (a metric of the registry, or ``"index"`` /
    ``"mean_score"``) for its label, unit and format; ``missing`` says what an empty cell
    means.
    """

    metric: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[PivotRow, ...]
    missing: str = "no records"


@attrs.frozen(kw_only=True)
class MetricRow:
    """One row of a metrics table: its group keys, a label, and one cell per metric."""

    label: str
    keys: dict[str, str | None] = attrs.field(hash=False)
    cells: dict[str, Cell] = attrs.field(hash=False)


@attrs.frozen(kw_only=True)
class IndexSection:
    """The trust index per area over time, the programme-wide index, and the latest result
    of each area explained.

    ``results`` are ordered by area and period and already through the report's policy;
    ``programme`` holds the programme-wide result of each period; ``latest`` the last
    period's result of each area; ``changes`` each area's change into its latest period.
    ``note`` says why there is no index at all, when there is none.
    """

    results: tuple[TrustIndexResult, ...]
    programme: tuple[TrustIndexResult, ...]
    latest: tuple[TrustIndexResult, ...]
    changes: tuple[AreaChange, ...]
    instrument: str | None
    note: str | None = None


@attrs.frozen(kw_only=True)
class MarginBalanceRow:
    """One margin variable's balance over an instrument's published raked weight sets
    (METHODS §5a): ``sets`` counts the weight sets (area and quarter) it is a margin of,
    ``asmd_before`` is their mean ASMD with the design weights, ``asmd_after`` the largest
    with the raked weights, and ``imbalanced`` how many sets leave it above 0.1."""

    variable: str
    sets: int
    asmd_before: float
    asmd_after: float
    imbalanced: int


@attrs.frozen(kw_only=True)
class Balance:
    """Did the weighting work? An instrument's raked weight sets summed up, one row per margin
    variable (``margins``), with the range of their design effects (``design_effect``:
    smallest, median, largest) and the largest weight relative to its set's mean.
    ``sets`` counts the published weight sets, ``withheld`` those of fewer than 10
    respondents, left out of every figure."""

    margins: tuple[MarginBalanceRow, ...]
    sets: int
    withheld: int
    design_effect: tuple[float, float, float]
    largest_weight: float


@attrs.frozen(kw_only=True)
class SurveySection:
    """One instrument's construct scores: each construct per quarter, programme-wide.

    ``trends`` pivots the mean score of each construct by quarter; ``alpha`` gives each
    construct's Cronbach's alpha per quarter (``None``: single item or not computable).
    ``weighting`` and ``notes`` say how respondents were weighted. ``respondents`` counts
    each quarter's respondents, published (a count of 1 to 9 is withheld). ``balance`` sums
    up the weighting diagnostics of the raked weight sets (``None`` when none was published).
    """

    instrument: str
    trends: Pivot
    alpha: dict[str, tuple[float | None, ...]] = attrs.field(hash=False)
    respondents: tuple[Cell, ...]
    weighting: str
    notes: tuple[str, ...] = ()
    balance: Balance | None = None


@attrs.frozen(kw_only=True)
class ProgressRow:
    """An indicator and its progress (``None`` with a ``note`` when it has no targets)."""

    indicator: Indicator
    progress: IndicatorProgress | None
    note: str | None = None


@attrs.frozen(kw_only=True)
class RejectSummary:
    """What could not be accepted: rejects by file and by reason, and cross-record problems.

    ``by_reason`` pairs a field path and a reason (the message without the offending value)
    with its count, most frequent first. ``examples`` and ``problem_examples`` list the first
    ``EXAMPLES_SHOWN`` (10) of each.
    """

    total: int
    by_source: tuple[tuple[str, int], ...]
    by_reason: tuple[tuple[str, str, int], ...]
    examples: tuple[Reject, ...]
    problems: int
    problem_examples: tuple[Problem, ...]


@attrs.frozen(kw_only=True)
class Methods:
    """How the figures were made: the scoring model, the policy, the periods and the date."""

    model: ScoringModel
    policy: SmallCellPolicy
    period: Granularity
    as_of: pendulum.Date | None
    generated: str | None
    notes: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Report:
    """Everything one trust report shows, computed and ready to render.

    Build it with :func:`~trustops.report.build_report`; render it with
    :func:`~trustops.report.render_html` or write it with :func:`~trustops.report.write_html`
    (both need the ``report`` extra for the charts).
    """

    title: str
    summary: Summary
    headline: Headline
    index: IndexSection
    engagement: tuple[MetricRow, ...]
    engagement_trend: Pivot
    reporting: tuple[Pivot, ...]
    surveys: tuple[SurveySection, ...]
    progress: tuple[ProgressRow, ...]
    rejects: RejectSummary
    methods: Methods
    effects: EffectsSection = attrs.field(factory=EffectsSection)
    decision: Decision = attrs.field(factory=lambda: Decision(trust=""))
