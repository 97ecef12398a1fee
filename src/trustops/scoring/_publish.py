"""Publishing engagement tables: each metric's measure for the disclosure rules (METHODS §7)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from ..metrics import METRIC_NAMES, METRICS, EngagementTable, Metric, MetricKind
from ..privacy import ALL, Basis, Key, Measure, PublishedTable, SmallCellPolicy, publish_table
from ._errors import ScoringError

__all__ = ["METRIC_MEASURES", "publish_engagement"]

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
    programme's row. :func:`trustops.privacy.publish_table` then applies ``policy``: primary
    suppression (:data:`METRIC_MEASURES`) and complementary suppression along those totals.

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
    rows: list[tuple[dict[str, Key], Mapping[str, object]]] = []
    for table in tables:
        for row in table:
            keys: dict[str, Key] = {dim: row.keys.get(dim, ALL) for dim in dims}
            rows.append((keys, row.values))
    return publish_table(
        rows,  # type: ignore[arg-type]
        METRIC_MEASURES.values(),
        policy,
        columns=tuple(names),
    )
