"""The report's computation: every figure from a dataset, each table computed once."""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final

import attrs
import pendulum

from .. import engines
from ..engines import Engine
from ..io import Reject, reason_of
from ..metrics import DailyStatistics, EngagementTable, daily_statistics
from ..model import Dataset, Problem
from ..privacy import (
    DEFAULT_POLICY,
    Basis,
    Cell,
    CellStatus,
    PrivacyKey,
    SmallCellPolicy,
    publish,
)
from ..scoring import (
    DEFAULT_MODEL,
    PERTURBED_NOTE,
    Flag,
    RakingDiagnosticsTable,
    ScoringModel,
    SurveyScoreTable,
    TrustIndexResult,
    choose_instrument,
    compare,
    dataset_trust_index,
    indicator_progress,
    programme_indexes,
    publish_engagement,
    suppress,
    survey_scores,
)
from ..stats import MarginBalance, median
from ..time import Granularity, local_date, to_granularity
from ._cells import format_alpha
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
from ._decision_build import decide
from ._effects_build import effects_section
from ._errors import ReportError
from ._labels import component_title, group_title

__all__ = [
    "ENGAGEMENT_METRICS",
    "EXAMPLES_SHOWN",
    "MOVERS_SHOWN",
    "REPORTING_METRICS",
    "build_report",
]

ENGAGEMENT_METRICS: Final = (
    "interactions",
    "residents_reached",
    "resident_initiated_share",
    "positive_share",
    "attendance_rate",
    "repeat_engagement_rate",
)
"""The metrics of the "engagement by initiative kind" table, in column order."""

REPORTING_METRICS: Final = ("reports_per_1000_residents", "median_hours_to_report")
"""The metrics of the community-reporting section, one area × period table each."""

EXAMPLES_SHOWN: Final = 10
"""How many rejects and dataset problems the report lists one by one."""

MOVERS_SHOWN: Final = 3
"""How many areas the summary names as those whose index moved most."""

PROGRAMME: Final = "All areas"


def _summary(
    dataset: Dataset,
    daily: DailyStatistics,
    policy: SmallCellPolicy,
    privacy: PrivacyKey | None = None,
) -> Summary:
    """The data in numbers: ``daily`` are every interaction's statistics (those naming an
    unknown initiative too), counted with ``privacy`` when the policy is on."""
    zones = {area.id: area.timezone for area in dataset.areas}
    first: dict[str, pendulum.DateTime] = {}
    last: dict[str, pendulum.DateTime] = {}
    for response in dataset.responses:
        area_id, when = response.area_id, response.collected_at
        if area_id not in first or when < first[area_id]:
            first[area_id] = when
        if area_id not in last or when > last[area_id]:
            last[area_id] = when
    # only the earliest and latest instant of each area is converted to its local calendar
    firsts: list[_dt.date] = [local_date(when, zones.get(a, "UTC")) for a, when in first.items()]
    lasts: list[_dt.date] = [local_date(when, zones.get(a, "UTC")) for a, when in last.items()]
    span = daily.span
    if span is not None:
        firsts.append(span[0])
        lasts.append(span[1])
    everything = daily.table(None, by=())
    row = everything.rows[0] if everything.rows else None
    interactions = 0 if row is None else int(row.metric("interactions").value or 0)
    residents = 0 if row is None else int(row.metric("residents_reached").value or 0)
    keys = None if row is None else row.cell_keys
    return Summary(
        programmes=dataset.programmes,
        areas=tuple(sorted(dataset.areas, key=lambda area: area.id)),
        initiatives=len(dataset.initiatives),
        sessions=len(dataset.sessions),
        interactions=interactions,
        duplicates=daily.duplicates,
        residents_reached=_count_cell(
            residents, policy, privacy, None if keys is None else keys["residents_reached"]
        ),
        responses=publish(Cell(value=len(dataset.responses)), policy, basis=Basis.COUNT),
        indicators=len(dataset.indicators),
        first_day=None if not firsts else pendulum.Date.fromordinal(min(firsts).toordinal()),
        last_day=None if not lasts else pendulum.Date.fromordinal(max(lasts).toordinal()),
    )


def _count_cell(
    count: int, policy: SmallCellPolicy, privacy: PrivacyKey | None, key: int | None
) -> Cell:
    """A count of distinct people, published: perturbed by its cell ``key`` with a privacy
    key (METHODS §7), else through the small-cell policy."""
    found = Cell(value=count)
    if privacy is None or not policy.enabled or key is None:
        return publish(found, policy, basis=Basis.COUNT)
    shown = policy.ptable.perturb(count, key)
    return publish(found, policy, basis=Basis.COUNT, shown=Cell(value=shown))


def _group_order(key: str, totals: dict[str | None, float]) -> list[str | None]:
    """Groups by their total, largest first; the group without a key (no initiative) last."""
    named = sorted((k for k in totals if k is not None), key=lambda k: (-totals[k], k))
    return [*named, *([None] if None in totals else [])]


def _engagement(table: EngagementTable, policy: SmallCellPolicy) -> tuple[MetricRow, ...]:
    key = table.by[0]
    rows = {row.keys[key]: row for row in table}
    order = _group_order(
        key, {k: float(r.metric("interactions").value or 0) for k, r in rows.items()}
    )
    published = publish_engagement(table, policy=policy, names=ENGAGEMENT_METRICS)
    cells = {row.keys[key]: dict(out.cells) for row, out in zip(table, published, strict=True)}
    return tuple(
        MetricRow(
            label=group_title(key, value),
            keys=dict(rows[value].keys),
            cells=cells[value],
        )
        for value in order
    )


def _pivot(
    table: EngagementTable,
    metric: str,
    policy: SmallCellPolicy,
    *,
    names: dict[str, str],
    order: Sequence[str | None] | None = None,
    missing: str,
) -> Pivot:
    key = table.by[0]
    columns = tuple(sorted({row.period.label for row in table if row.period is not None}))
    cells: dict[str | None, dict[str, Cell]] = {}
    published = publish_engagement(table, policy=policy, names=(metric,))
    for row, out in zip(table, published, strict=True):
        if row.period is not None:
            cells.setdefault(row.keys[key], {})[row.period.label] = out.cells[metric]
    keys = list(cells) if order is None else [k for k in order if k in cells]
    return Pivot(
        metric=metric,
        row_header={"area": "Area", "initiative_kind": "Initiative kind"}.get(key, key),
        columns=columns,
        rows=tuple(
            PivotRow(
                label=names.get(k or "", "") or group_title(key, k),
                key=k,
                cells=tuple(cells[k].get(column) for column in columns),
            )
            for k in keys
        ),
        missing=missing,
    )


def _change(area: str, name: str, first: TrustIndexResult, second: TrustIndexResult) -> AreaChange:
    for which, result in (("previous", first), ("latest", second)):
        if result.index is None:
            return AreaChange(
                area=area,
                name=name,
                first=first,
                second=second,
                comparison=None,
                note=f"the {which} index is withheld ({result.withheld})",
            )
    return AreaChange(
        area=area, name=name, first=first, second=second, comparison=compare(first, second)
    )


def _index_section(
    dataset: Dataset,
    model: ScoringModel,
    period: Granularity,
    policy: SmallCellPolicy,
    daily: DailyStatistics,
) -> IndexSection:
    if not dataset.areas:
        return IndexSection(
            results=(),
            programme=(),
            latest=(),
            changes=(),
            instrument=None,
            note="No areas in the data: no index.",
        )
    instrument = choose_instrument(dataset, model)
    table = dataset_trust_index(
        dataset, model=model, period=period, instrument=instrument, daily=daily
    )
    results = suppress(table, policy).results
    names = {area.id: area.name for area in dataset.areas}
    by_area: dict[str, list[TrustIndexResult]] = {}
    for result in results:
        by_area.setdefault(result.area, []).append(result)
    programme = programme_indexes(results, dataset.areas, name=PROGRAMME)
    changes = tuple(
        _change(area, names.get(area, area), mine[-2], mine[-1])
        for area, mine in by_area.items()
        if len(mine) >= 2
    )
    return IndexSection(
        results=results,
        programme=programme,
        latest=tuple(mine[-1] for mine in by_area.values()),
        changes=changes,
        instrument=None if instrument is None else instrument.id,
        note=None if results else "No interactions or survey responses: no index.",
    )


def _programme_change(section: IndexSection) -> AreaChange | None:
    if len(section.programme) < 2:
        return None
    first, second = section.programme[-2], section.programme[-1]
    change = _change("", PROGRAMME, first, second)
    if change.comparison is None:
        return change
    label = {r.period.label if r.period else "" for r in (first, second)}
    areas = [
        {
            r.area
            for r in section.results
            if r.index is not None and r.period and r.period.label == p
        }
        for p in sorted(label)
    ]
    if len(areas) == 2 and areas[0] != areas[1]:
        return attrs.evolve(
            change,
            comparison=attrs.evolve(
                change.comparison, test=None, method="none", flags=(Flag.NOT_COMPARABLE.value,)
            ),
            note="the areas with an index differ between the two periods",
        )
    return change


def _movers(section: IndexSection, latest: str | None) -> tuple[AreaChange, ...]:
    moved = [
        change
        for change in section.changes
        if change.comparison is not None
        and change.second.period is not None
        and change.second.period.label == latest
    ]
    moved.sort(
        key=lambda c: (
            not (c.comparison is not None and c.comparison.comparable),
            -abs(c.comparison.difference if c.comparison else 0.0),
            c.name,
        )
    )
    return tuple(moved[:MOVERS_SHOWN])


def _missing_parts(result: TrustIndexResult) -> str:
    return ", ".join(
        component_title(part.name).lower() for part in result.components if not part.available
    )


def _flags(
    *,
    section: IndexSection,
    change: AreaChange | None,
    surveys: Sequence[SurveySection],
    progress: Sequence[ProgressRow],
    rejects: RejectSummary,
    names: dict[str, str],
) -> tuple[str, ...]:
    flags: list[str] = []
    withheld = [r for r in section.latest if r.index is None]
    if withheld:
        flags.append(
            "No index for "
            + ", ".join(names.get(r.area, r.area) for r in withheld)
            + " in its latest period: too few components had enough data."
        )
    partial = [r for r in section.latest if r.index is not None and Flag.PARTIAL in r.flags]
    for result in partial:
        flags.append(
            f"{names.get(result.area, result.area)}'s latest index rests on part of the model "
            f"(coverage {result.coverage:.0%}; missing: {_missing_parts(result)})."
        )
    if change is not None and change.comparison is not None and not change.comparison.comparable:
        flags.append(
            "The programme-wide change is not comparable: "
            + (change.note or "the components differ between the two periods")
            + "."
        )
    caution = [r for r in section.latest if Flag.CAUTION in r.flags]
    if caution:
        flags.append(
            "Small groups (fewer than 30 people) behind the latest index of "
            + ", ".join(names.get(r.area, r.area) for r in caution)
            + ": read with caution."
        )
    for survey in surveys:
        for construct, alphas in survey.alpha.items():
            last = next((a for a in reversed(alphas) if a is not None), None)
            if last is not None and last < LOW_ALPHA:
                flags.append(
                    f"The {construct} items of {survey.instrument} do not hang together well "
                    f"(Cronbach's alpha {format_alpha(last, LOW_ALPHA)}, below {LOW_ALPHA})."
                )
    for status, words in (("missed", "Indicators missed"), ("off_track", "Indicators off track")):
        behind = [
            row.indicator.name
            for row in progress
            if row.progress is not None and row.progress.status.value == status
        ]
        if behind:
            flags.append(f"{words}: " + ", ".join(behind) + ".")
    if rejects.total or rejects.problems:
        flags.append(
            f"{rejects.total:,} record(s) could not be read and {rejects.problems:,} problem(s) "
            "were found between records; see Rejected records."
        )
    return tuple(flags)


def _survey(table: SurveyScoreTable, policy: SmallCellPolicy) -> SurveySection:
    constructs = list(dict.fromkeys(row.construct for row in table))
    columns = tuple(sorted({row.period.label for row in table if row.period is not None}))
    cells: dict[tuple[str, str], Cell] = {}
    alpha: dict[str, list[float | None]] = {c: [None] * len(columns) for c in constructs}
    respondents = [0] * len(columns)
    for row in table:
        if row.period is None:
            continue
        position = columns.index(row.period.label)
        estimate = row.mean_score
        if row.withheld is not None:  # no exact n for a withheld score
            cell = Cell(value=None, status=CellStatus.INSUFFICIENT, reason=row.withheld)
        elif estimate is None:
            cell = Cell(value=None, n=row.n, reason="no respondent with a score")
        else:
            cell = Cell(
                value=estimate.value,
                n=row.n,
                interval=estimate.interval,
                status=CellStatus.CAUTION if Flag.CAUTION in row.flags else CellStatus.OK,
                reason=f"caution: n = {row.n} is below 30" if Flag.CAUTION in row.flags else None,
            )
        cells[(row.construct, row.period.label)] = cell
        alpha[row.construct][position] = row.alpha
        if row.withheld is None or not row.perturbed:  # withheld with a key: no count shown
            respondents[position] = max(respondents[position], row.n + row.missing)
    trends = Pivot(
        metric="mean_score",
        row_header="Construct",
        columns=columns,
        rows=tuple(
            PivotRow(
                label=construct.replace("_", " ").capitalize(),
                key=construct,
                cells=tuple(cells.get((construct, column)) for column in columns),
            )
            for construct in constructs
        ),
        missing="no responses",
    )
    return SurveySection(
        instrument=table.instrument_id,
        trends=trends,
        alpha={construct: tuple(values) for construct, values in alpha.items()},
        respondents=tuple(
            publish(Cell(value=count), policy, basis=Basis.COUNT) for count in respondents
        ),
        weighting=table.weighting,
        notes=table.notes,
        balance=_balance(table.diagnostics),
    )


def _balance(table: RakingDiagnosticsTable) -> Balance | None:
    """The published raked weight sets of a survey table summed up per margin variable."""
    shown = [d.weights for d in table if d.weights is not None]
    if not shown:
        return None
    margins: dict[str, list[MarginBalance]] = {}
    for weights in shown:
        for margin in weights.margins:
            margins.setdefault(margin.variable, []).append(margin)
    effects = sorted(weights.design_effect for weights in shown)
    return Balance(
        margins=tuple(
            MarginBalanceRow(
                variable=variable,
                sets=len(found),
                asmd_before=math.fsum(m.asmd_before for m in found) / len(found),
                asmd_after=max(m.asmd_after for m in found),
                imbalanced=sum(m.imbalanced for m in found),
            )
            for variable, found in margins.items()
        ),
        sets=len(shown),
        withheld=len(table) - len(shown),
        design_effect=(effects[0], median(effects), effects[-1]),
        largest_weight=max(weights.maximum for weights in shown),
    )


def _surveys(
    dataset: Dataset, policy: SmallCellPolicy, privacy: PrivacyKey | None
) -> tuple[SurveySection, ...]:
    answered = {response.instrument_id for response in dataset.responses}
    return tuple(
        _survey(
            survey_scores(
                instrument,
                dataset.responses,
                areas=dataset.areas,
                by=(),
                period=Granularity.QUARTER,
                policy=policy,
                privacy=privacy,
            ),
            policy,
        )
        for instrument in dataset.instruments
        if instrument.id in answered
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
    privacy: PrivacyKey | None = None,
    interactions: object = None,
    engine: str | Engine = "auto",
    workers: int | None = None,
) -> Report:
    """Compute every section of a trust report from ``dataset``, each table once.

    - a headline: the programme-wide index of the latest ``period`` (areas weighted by
      population, :func:`~trustops.scoring.programme_index`), its change from the period
      before with an interval and a test (:func:`~trustops.scoring.compare`), the areas that
      moved most, and the flags a reader must not miss;
    - the trust index per area and ``period`` (:func:`~trustops.scoring.dataset_trust_index`
      with ``model``, default :data:`~trustops.scoring.DEFAULT_MODEL`), each area's change
      broken down by component, and the latest result of each area explained;
    - engagement by initiative kind, overall and per period, and community reporting per
      area and period (:func:`~trustops.metrics.engagement_table`; the area × period table is
      the one the index uses);
    - survey construct scores per quarter for each instrument with responses;
    - progress of each indicator as of ``as_of`` (default: the last local day with data);
    - a summary of ``rejects`` (from :mod:`trustops.io`) and of the dataset's problems.

    ``policy`` (default :data:`~trustops.privacy.DEFAULT_POLICY`) is applied to every
    published figure: figures resting on fewer than 10 people are withheld with the reason,
    fewer than 30 flagged. Pass :data:`~trustops.privacy.NO_SUPPRESSION` to publish raw
    figures; the report then says so. With ``privacy`` (a :class:`~trustops.privacy.PrivacyKey`)
    and the policy on, every engagement count, share, rate and index component is published
    from counts perturbed by the cell key method, the same figures ``trustops metrics`` gives
    (METHODS §7), and the methods notes say so. Nothing depends on the clock: ``generated`` (any text,
    such as a date) is printed only when given, so the same input gives the same report.

    Every engagement figure is merged from the interactions' statistics per area,
    initiative and local day, counted once (:class:`~trustops.metrics.DailyStatistics`).
    ``interactions`` may give the interactions as a *source* instead of in ``dataset``
    (which then holds the areas, initiatives, sessions, survey records and indicators):
    Parquet files, a folder or glob of them, Arrow data (a pyarrow table, a polars or pandas
    DataFrame), JSON Lines or CSV files, or objects, counted by ``engine`` (a name of
    :data:`~trustops.engines.ENGINE_NAMES`, ``"auto"`` or an
    :class:`~trustops.engines.Engine`; ``workers`` its threads or processes) through
    :func:`trustops.engines.daily_statistics`, never read as Python objects. The report is
    the same as from the same interactions in ``dataset``; their rejects join ``rejects``.
    Interactions in both ``dataset`` and ``interactions`` are a :class:`ReportError`.

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
    (28.34, 0.6, ('caution', 'partial'))
    >>> [round(c.contribution or 0, 2) for c in result.components]
    [0, 3.34, 0, 25.0, 0]
    """
    granularity = to_granularity(period)
    chosen = DEFAULT_MODEL if model is None else model
    keyed = privacy if policy.enabled else None
    rejects = tuple(rejects)
    if interactions is None:
        daily = daily_statistics(
            dataset.interactions,
            areas=dataset.areas,
            initiatives=dataset.initiatives,
            privacy=keyed,
        )
    elif dataset.interactions:
        raise ReportError(
            "interactions: give the interactions in the dataset or as a source, not both "
            f"(the dataset holds {len(dataset.interactions):,})"
        )
    else:
        counted = engines.daily_statistics(
            interactions,
            engine=engine,
            areas=dataset.areas,
            initiatives=dataset.initiatives,
            workers=workers,
            privacy=keyed,
        )
        daily = counted.statistics
        rejects += counted.rejects
    known = daily.known()
    by_area = known.table(granularity)  # first: the tables after it merge its periods
    summary = _summary(dataset, daily, policy, keyed)
    day = _as_date(as_of, summary.last_day)
    names = {area.id: area.name for area in dataset.areas}
    notes: list[str] = []
    if summary.duplicates:
        notes.append(
            f"{summary.duplicates:,} interaction(s) repeat an id already counted and were left "
            "out of every figure (the first of each id is counted)."
        )
    if not policy.enabled:
        notes.append("Small-cell suppression is OFF: figures resting on few people are shown.")
        if chosen.suppression.enabled:
            notes.append(
                "The scoring model's own small-cell rules still apply to the trust index "
                f"(components with n below {chosen.suppression.withhold_below} are left out): "
                "they are part of the model and its fingerprint."
            )
    if keyed is not None:
        notes.append(PERTURBED_NOTE)
    if interactions is not None:  # no records to cross-check: say what the counts found
        notes.extend(_strangers(daily, names))
    by_kind = known.table(None, by=("initiative_kind",))
    kind_trend = known.table(granularity, by=("initiative_kind",))
    index = _index_section(dataset, chosen, granularity, policy, known)
    engagement = _engagement(by_kind, policy)
    area_order = sorted(names, key=lambda area: names[area])
    reporting = tuple(
        _pivot(
            by_area,
            metric,
            policy,
            names=names,
            order=area_order,
            missing="no reports" if metric == "median_hours_to_report" else "no interactions",
        )
        for metric in REPORTING_METRICS
    )
    surveys = _surveys(dataset, policy, keyed)
    progress = _progress(dataset, day)
    reject_summary = _rejects(rejects, dataset.problems())
    change = _programme_change(index)
    latest = index.programme[-1] if index.programme else None
    latest_label = latest.period.label if latest is not None and latest.period else None
    headline = Headline(
        period=latest_label,
        previous=(
            index.programme[-2].period.label
            if len(index.programme) >= 2 and index.programme[-2].period
            else None
        ),
        programme=latest,
        change=change,
        movers=_movers(index, latest_label),
        flags=_flags(
            section=index,
            change=change,
            surveys=surveys,
            progress=progress,
            rejects=reject_summary,
            names=names,
        ),
        left_out=tuple(
            names.get(r.area, r.area)
            for r in index.results
            if r.index is None and r.period is not None and r.period.label == latest_label
        ),
    )
    effects = effects_section(dataset, period=granularity, policy=policy, daily=daily, model=chosen)
    return Report(
        title=title or _default_title(dataset),
        summary=summary,
        headline=headline,
        index=index,
        engagement=engagement,
        engagement_trend=_pivot(
            kind_trend,
            "interactions",
            policy,
            names={},
            order=[row.keys.get("initiative_kind") for row in engagement],
            missing="no interactions",
        ),
        reporting=reporting,
        surveys=surveys,
        progress=progress,
        rejects=reject_summary,
        effects=effects,
        decision=decide(
            headline=headline, effects=effects, summary=summary, periods=len(index.programme)
        ),
        methods=Methods(
            model=chosen,
            policy=policy,
            period=granularity,
            as_of=day,
            generated=generated,
            notes=tuple(notes),
        ),
    )


def _strangers(daily: DailyStatistics, names: dict[str, str]) -> list[str]:
    """What the dataset's problems would list of interactions counted from a source: those
    naming an initiative the dataset lacks (left out of the tables and the index) or an
    area it lacks (counted in UTC, without a population)."""
    initiatives = areas = 0
    for (area, initiative), days in daily.days.items():
        count = sum(accumulator.interactions for accumulator in days.values())
        if initiative is not None and initiative not in daily.initiatives:
            initiatives += count
        if area not in names:
            areas += count
    found = []
    if initiatives:
        found.append(
            f"{initiatives:,} interaction(s) name an initiative the data do not hold and are "
            "left out of the engagement tables and the index; run trustops validate on every "
            "file to see them."
        )
    if areas:
        found.append(
            f"{areas:,} interaction(s) name an area the data do not hold: they are counted in "
            "UTC and without a population; run trustops validate on every file to see them."
        )
    return found


def _default_title(dataset: Dataset) -> str:
    names = [programme.name for programme in dataset.programmes]
    if len(names) == 1:
        return f"Trust report: {names[0]}"
    return "Trust report"
