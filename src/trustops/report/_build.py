"""The report's content, computed from a dataset: every figure, already through the policy."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final

import attrs
import pendulum

from ..io import Reject
from ..metrics import METRICS, engagement_table
from ..model import (
    Area,
    Dataset,
    Indicator,
    Interaction,
    Problem,
    Programme,
    SurveyInstrument,
)
from ..privacy import DEFAULT_POLICY, SmallCellPolicy
from ..scoring import (
    DEFAULT_MODEL,
    IndicatorProgress,
    ScoringModel,
    Source,
    SurveyScoreTable,
    TrustIndexResult,
    indicator_progress,
    suppress,
    survey_scores,
    trust_index,
)
from ..time import Granularity, local_date, to_granularity
from ._cells import Cell, publish

__all__ = [
    "ENGAGEMENT_METRICS",
    "EXAMPLES_SHOWN",
    "REPORTING_METRICS",
    "IndexSection",
    "Methods",
    "MetricRow",
    "ProgressRow",
    "RejectSummary",
    "Report",
    "Summary",
    "build_report",
    "choose_instrument",
    "reason_of",
]

ENGAGEMENT_METRICS: Final = (
    "interactions",
    "residents_reached",
    "resident_initiated_share",
    "positive_share",
    "attendance_rate",
    "repeat_engagement_rate",
)
"""The metrics of the "engagement by initiative kind" section, in column order."""

REPORTING_METRICS: Final = tuple(
    name for name, metric in METRICS.items() if metric.topic == "reporting"
)
"""The metrics of the "reporting volume and time to report" section (the registry's
``reporting`` topic), in column order."""

EXAMPLES_SHOWN: Final = 10
"""How many rejects and dataset problems the report lists one by one."""

_GOT: Final = re.compile(r",? got .*$|:? at column \d+|, line \d+")


@attrs.frozen(kw_only=True)
class Summary:
    """Programme summary: what the data covers.

    Counts are of records (not subject to the small-cell policy); ``residents_reached``
    counts distinct resident pseudonyms; ``first_day`` and ``last_day`` bound the interactions
    and survey responses in UTC.
    """

    programmes: tuple[Programme, ...]
    areas: tuple[Area, ...]
    initiatives: int
    sessions: int
    interactions: int
    residents_reached: int
    responses: int
    indicators: int
    first_day: pendulum.Date | None
    last_day: pendulum.Date | None


@attrs.frozen(kw_only=True)
class MetricRow:
    """One row of a metrics section: its group keys, a label, and one cell per metric."""

    label: str
    keys: dict[str, str | None] = attrs.field(hash=False)
    cells: dict[str, Cell] = attrs.field(hash=False)


@attrs.frozen(kw_only=True)
class IndexSection:
    """The trust index per area over time, and the latest result of each area explained.

    ``results`` are ordered by area and period and already through the report's policy;
    ``latest`` holds the last period's result of each area. ``note`` says why there is no
    index at all, when there is none.
    """

    results: tuple[TrustIndexResult, ...]
    latest: tuple[TrustIndexResult, ...]
    instrument: str | None
    note: str | None = None


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

    Build it with :func:`build_report`; render it with :meth:`to_html` (needs the
    ``report`` extra for the charts) or :func:`~trustops.report.write_html`.
    """

    title: str
    summary: Summary
    index: IndexSection
    engagement: tuple[MetricRow, ...]
    reporting: tuple[MetricRow, ...]
    surveys: tuple[SurveyScoreTable, ...]
    progress: tuple[ProgressRow, ...]
    rejects: RejectSummary
    methods: Methods

    def to_html(self) -> str:
        """The report as one self-contained HTML document (inline CSS and SVG charts)."""
        from ._html import render_html

        return render_html(self)


def _summary(dataset: Dataset) -> Summary:
    days = [local_date(i.occurred_at, "UTC") for i in dataset.interactions]
    days += [local_date(r.collected_at, "UTC") for r in dataset.responses]
    residents = {i.resident_id for i in dataset.interactions if i.resident_id is not None}
    return Summary(
        programmes=dataset.programmes,
        areas=tuple(sorted(dataset.areas, key=lambda area: area.id)),
        initiatives=len(dataset.initiatives),
        sessions=len(dataset.sessions),
        interactions=len(dataset.interactions),
        residents_reached=len(residents),
        responses=len(dataset.responses),
        indicators=len(dataset.indicators),
        first_day=min(days, default=None),
        last_day=max(days, default=None),
    )


_NONE_LABELS: Final = {
    "initiative": "no initiative",
    "initiative_kind": "no initiative",
    "staff": "no staff",
}


def _label(keys: dict[str, str | None]) -> str:
    return " · ".join(
        _NONE_LABELS.get(key, "none") if value is None else value for key, value in keys.items()
    )


def _metric_rows(
    dataset: Dataset,
    *,
    by: Sequence[str],
    period: Granularity | None,
    names: Sequence[str],
    policy: SmallCellPolicy,
) -> tuple[MetricRow, ...]:
    interactions: Iterable[Interaction] = dataset.interactions
    if "initiative_kind" in by:
        # an unknown initiative is a dataset problem (listed in the report), not a crash
        known = {initiative.id for initiative in dataset.initiatives}
        interactions = (
            i for i in interactions if i.initiative_id is None or i.initiative_id in known
        )
    table = engagement_table(
        interactions,
        by=by,
        period=period,
        areas=dataset.areas,
        initiatives=dataset.initiatives,
    )
    return tuple(
        MetricRow(
            label=_label(row.keys),
            keys=dict(row.keys),
            cells={name: publish(row.metric(name), policy) for name in names},
        )
        for row in table
    )


def choose_instrument(dataset: Dataset, model: ScoringModel) -> SurveyInstrument | None:
    """The survey instrument the index uses: the first (in dataset order) that has every
    construct the model's survey components score; ``None`` when none has."""
    needed = {c.measure for c in model.components if c.source is Source.SURVEY}
    for instrument in dataset.instruments:
        if needed <= set(instrument.constructs):
            return instrument
    return None


def _index_section(
    dataset: Dataset, model: ScoringModel, period: Granularity, policy: SmallCellPolicy
) -> IndexSection:
    if not dataset.areas:
        return IndexSection(
            results=(), latest=(), instrument=None, note="No areas in the data: no index."
        )
    instrument = choose_instrument(dataset, model)
    table = trust_index(
        dataset.interactions,
        dataset.responses,
        instrument,
        areas=dataset.areas,
        initiatives=dataset.initiatives,
        model=model,
        period=period,
    )
    results = suppress(table, policy).results
    latest: dict[str, TrustIndexResult] = {}
    for result in results:
        latest[result.area] = result  # ordered by area and period: the last one stays
    note = None if results else "No interactions or survey responses: no index."
    return IndexSection(
        results=results,
        latest=tuple(latest.values()),
        instrument=None if instrument is None else instrument.id,
        note=note,
    )


def _surveys(dataset: Dataset, policy: SmallCellPolicy) -> tuple[SurveyScoreTable, ...]:
    return tuple(
        survey_scores(instrument, dataset.responses, areas=dataset.areas, policy=policy)
        for instrument in dataset.instruments
        if any(r.instrument_id == instrument.id for r in dataset.responses)
    )


def _progress(dataset: Dataset, as_of: pendulum.Date | None) -> tuple[ProgressRow, ...]:
    rows: list[ProgressRow] = []
    for indicator in dataset.indicators:
        if not indicator.targets:
            rows.append(ProgressRow(indicator=indicator, progress=None, note="no targets"))
        elif as_of is None:
            rows.append(ProgressRow(indicator=indicator, progress=None, note="no date to measure"))
        else:
            progress = indicator_progress(indicator, as_of=as_of)
            rows.append(ProgressRow(indicator=indicator, progress=progress))
    return tuple(rows)


def reason_of(reject: Reject) -> str:
    """A reject's message without the offending value, so that alike rejects group together.

    >>> from trustops.io import Reject
    >>> reason_of(Reject(source="f", line=3, path="$.population", message="expected a whole "
    ...                  "number, got 'lots'", raw=""))
    'expected a whole number'
    """
    return _GOT.sub("", reject.message)


def _rejects(rejects: Sequence[Reject], problems: Sequence[Problem]) -> RejectSummary:
    by_source = Counter(reject.source for reject in rejects)
    by_reason = Counter((reject.path, reason_of(reject)) for reject in rejects)
    return RejectSummary(
        total=len(rejects),
        by_source=tuple(sorted(by_source.items())),
        by_reason=tuple(
            (path, reason, count)
            for (path, reason), count in sorted(by_reason.items(), key=lambda i: (-i[1], i[0]))
        ),
        examples=tuple(rejects[:EXAMPLES_SHOWN]),
        problems=len(problems),
        problem_examples=tuple(problems[:EXAMPLES_SHOWN]),
    )


def _as_date(value: _dt.date | None, last_day: pendulum.Date | None) -> pendulum.Date | None:
    if value is None:
        return last_day
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise TypeError(f"as_of: expected a calendar date, got {value!r}")
    return pendulum.Date(value.year, value.month, value.day)


def build_report(
    dataset: Dataset,
    *,
    model: ScoringModel | None = None,
    rejects: Iterable[Reject] = (),
    policy: SmallCellPolicy = DEFAULT_POLICY,
    period: Granularity | str = Granularity.QUARTER,
    title: str | None = None,
    as_of: _dt.date | None = None,
    generated: str | None = None,
) -> Report:
    """Compute every section of a trust report from ``dataset``.

    - the trust index per area and ``period`` (:func:`~trustops.scoring.trust_index` with
      ``model``, default :data:`~trustops.scoring.DEFAULT_MODEL`, and the first instrument
      that has the model's survey constructs), with the latest result of each area explained;
    - engagement by initiative kind and reporting volume and time to report per area and
      period (:func:`~trustops.metrics.engagement_table`);
    - survey construct scores per area for each instrument with responses;
    - progress of each indicator as of ``as_of`` (default: the last day with data);
    - a summary of ``rejects`` (from :mod:`trustops.io`) and of the dataset's problems.

    ``policy`` (default :data:`~trustops.privacy.DEFAULT_POLICY`) is applied to every
    published figure: figures resting on fewer than 10 people are withheld with the reason,
    fewer than 30 flagged. Pass :data:`~trustops.privacy.NO_SUPPRESSION` to publish raw
    figures; the report then says so. Nothing depends on the clock: ``generated`` (any text,
    such as a date) is printed only when given, so the same input gives the same report.

    >>> import pendulum
    >>> from trustops import Area, Dataset, Interaction
    >>> from trustops.report import build_report
    >>> when = pendulum.datetime(2026, 3, 4, 19, tz="UTC")
    >>> ds = Dataset(areas=[Area(id="a", name="Riverside", timezone="UTC", population=900)],
    ...              interactions=[Interaction(id=f"i{k}", occurred_at=when, area_id="a",
    ...                  kind="conversation", initiator="staff", channel="in_person",
    ...                  resident_id=f"r{k}", outcome="positive") for k in range(12)])
    >>> report = build_report(ds, title="Riverside")
    >>> report.summary.interactions, report.methods.as_of
    (12, Date(2026, 3, 4))
    >>> result = report.index.latest[0]
    >>> round(result.index, 2), result.coverage, result.flags
    (28.38, 0.6, ('caution', 'partial'))
    >>> [round(c.contribution or 0, 2) for c in result.components]
    [0, 3.38, 0, 25.0, 0]
    """
    granularity = to_granularity(period)
    chosen = DEFAULT_MODEL if model is None else model
    summary = _summary(dataset)
    day = _as_date(as_of, summary.last_day)
    notes: list[str] = []
    if not policy.enabled:
        notes.append("Small-cell suppression is OFF: figures resting on few people are shown.")
        if chosen.suppression.enabled:
            notes.append(
                "The scoring model's own small-cell rules still apply to the trust index "
                f"(components with n below {chosen.suppression.withhold_below} are left out): "
                "they are part of the model and its fingerprint."
            )
    return Report(
        title=title or _default_title(dataset),
        summary=summary,
        index=_index_section(dataset, chosen, granularity, policy),
        engagement=_metric_rows(
            dataset,
            by=("initiative_kind",),
            period=None,
            names=ENGAGEMENT_METRICS,
            policy=policy,
        ),
        reporting=_metric_rows(
            dataset,
            by=("area",),
            period=granularity,
            names=REPORTING_METRICS,
            policy=policy,
        ),
        surveys=_surveys(dataset, policy),
        progress=_progress(dataset, day),
        rejects=_rejects(tuple(rejects), dataset.problems()),
        methods=Methods(
            model=chosen,
            policy=policy,
            period=granularity,
            as_of=day,
            generated=generated,
            notes=tuple(notes),
        ),
    )


def _default_title(dataset: Dataset) -> str:
    names = [programme.name for programme in dataset.programmes]
    if len(names) == 1:
        return f"Trust report: {names[0]}"
    return "Trust report"
