"""Publishing engagement tables: each metric's measure for the disclosure rules (METHODS §7)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from ..metrics import (
    METRIC_NAMES,
    METRICS,
    EngagementRow,
    EngagementTable,
    Metric,
    MetricKind,
    finish,
    perturb_totals,
)
from ..privacy import (
    ALL,
    Basis,
    Cell,
    Key,
    Measure,
    PublishedRow,
    PublishedTable,
    SmallCellPolicy,
    publish,
    publish_table,
)
from ._errors import ScoringError

__all__ = ["METRIC_MEASURES", "PERTURBED_NOTE", "publish_engagement"]

PERTURBED_NOTE: Final = (
    "Counts are perturbed by the cell key method to protect residents (the same cell gets the "
    "same small noise in every output; 1 to 4 is never shown), so totals need not add up; "
    "shares and rates come from the perturbed counts."
)
"""What every output with perturbed counts says (METHODS §7)."""

_PEOPLE_TOTALS: Final = frozenset({"residents_reached", "reports"})
"""The totals that count residents or their reports: counts of people (METHODS §7)."""


def _measure(metric: Metric) -> Measure:
    if metric.topic == "staff":
        return Measure(metric.name, Basis.STAFF)
    if metric.kind in (MetricKind.COUNT, MetricKind.SUM):
        people = metric.numerator in _PEOPLE_TOTALS
        return Measure(metric.name, Basis.COUNT if people else Basis.ACTIVITY)
    if metric.denominator == "population":
        return Measure(metric.name, rests_on=metric.numerator)
    if metric.kind is MetricKind.MEDIAN:
        return Measure(metric.name, denominator=metric.numerator)
    return Measure(metric.name, numerator=metric.numerator, denominator=metric.denominator)


METRIC_MEASURES: Final[Mapping[str, Measure]] = {
    name: _measure(metric) for name, metric in METRICS.items()
}
"""How the disclosure rules (METHODS §7) treat each metric, read from the registry: counts
of residents and of their reports are their own n; shares, rates and medians rest on their
n (a rate per 1,000 residents on the count it is made from, since the population is public);
staff figures are never withheld; other counts and sums (``interactions``,
``volunteer_hours``) are activity totals, withheld only to protect another figure."""


def publish_engagement(
    *tables: EngagementTable,
    policy: SmallCellPolicy,
    names: Sequence[str] = METRIC_NAMES,
) -> PublishedTable:
    """The metrics ``names`` of one or more engagement tables, published as one table.

    The first table gives the groups; each further table is a total of it over the keys it
    lacks (grouped by fewer keys, or without the period), and its rows get the key
    :data:`~trustops.privacy.ALL` there: ``publish_engagement(by_area_month, by_area,
    overall, ...)`` publishes every area's months, every area's all-period row and the
    programme's row.

    Tables counted with a privacy key (every row has
    :attr:`~trustops.metrics.EngagementRow.cell_keys`) are published by the cell key method (METHODS §7): every count of people or
    records is perturbed by ``policy.ptable`` (:func:`trustops.metrics.perturb_totals`),
    shares, rates, intervals and a median's n come from the perturbed counts, and
    :func:`trustops.privacy.publish` withholds each share, rate and median by its true n (a
    rate per 1,000 by its true numerator), or when its perturbed n would be below 10; counts
    are never withheld and totals need not add up (:data:`PERTURBED_NOTE`). Other tables go
    through :func:`trustops.privacy.publish_table`: primary suppression
    (:data:`METRIC_MEASURES`) and complementary suppression along those totals.

    >>> import pendulum
    >>> from trustops import Interaction
    >>> from trustops.metrics import engagement_table
    >>> from trustops.scoring import publish_engagement
    >>> from trustops.privacy import DEFAULT_POLICY
    >>> when = pendulum.datetime(2026, 3, 4, 19, tz="UTC")
    >>> log = [Interaction(id=f"i{k}", occurred_at=when, area_id="a", kind="conversation",
    ...                    initiator="staff", channel="in_person", resident_id=f"r{k}")
    ...        for k in range(4)]
    >>> published = publish_engagement(engagement_table(log), policy=DEFAULT_POLICY,
    ...                                names=["interactions", "residents_reached"])
    >>> [(name, cell.value, cell.reason) for name, cell in published.rows[0].cells.items()]
    [('interactions', 4, None), ('residents_reached', None, 'withheld: fewer than 10')]
    """
    unknown = [name for name in names if name not in METRIC_MEASURES]
    if unknown:
        raise ScoringError(
            f"no metric {', '.join(map(repr, unknown))}; expected some of {', '.join(METRIC_NAMES)}"
        )
    dims: list[str] = []
    for table in tables:
        for name in (*table.by, *(("period",) if table.period is not None else ())):
            if name not in dims:
                dims.append(name)
    rows: list[tuple[dict[str, Key], EngagementRow]] = []
    for table in tables:
        for row in table:
            keys: dict[str, Key] = {dim: row.keys.get(dim, ALL) for dim in dims}
            rows.append((keys, row))
    if policy.enabled and rows and all(row.cell_keys is not None for _, row in rows):
        published = tuple(
            PublishedRow(keys=keys, cells=_perturbed_cells(row, policy, names))
            for keys, row in rows
        )
        return PublishedTable(columns=tuple(names), rows=published, policy=policy, perturbed=True)
    return publish_table(
        [(keys, row.values) for keys, row in rows],
        METRIC_MEASURES.values(),
        policy,
        columns=tuple(names),
    )


def published_metric(row: EngagementRow, name: str, policy: SmallCellPolicy) -> Cell:
    """The metric ``name`` of a row counted with a privacy key, as :func:`publish_engagement`
    publishes it (the figures an index component shows are those of ``metrics``)."""
    return _perturbed_cells(row, policy, (name,))[name]


def _perturbed_cells(
    row: EngagementRow, policy: SmallCellPolicy, names: Sequence[str]
) -> dict[str, Cell]:
    """One row's cells by the cell key method (see :func:`publish_engagement`)."""
    assert row.totals is not None
    assert row.cell_keys is not None
    shown_totals = perturb_totals(row.totals, row.cell_keys, policy.ptable.perturb)
    shown = finish(shown_totals)
    cells: dict[str, Cell] = {}
    for name in names:
        metric, measure = METRICS[name], METRIC_MEASURES[name]
        people = shown_people = None
        if metric.kind is MetricKind.RATE and metric.scale == 1000:  # rests on its numerator
            people = _amount(row.totals[metric.numerator])
            shown_people = _amount(shown_totals[metric.numerator])
        cells[name] = publish(
            row.values[name],
            policy,
            basis=measure.basis,
            people=people,
            shown=shown[name],
            shown_people=shown_people,
        )
    return cells


def _amount(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
