"""The metric registry: each engagement metric of the methods notes (§3) declared once.

A :class:`Metric` says what a metric is called, how it is labelled, its unit and kind, its
denominator, and which totals of the sufficient statistics its value is finished from.
:func:`finish` is the one finishing step: every engine's statistics become values there.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Final, cast

import attrs

from ..stats import median_of_counts, wilson_interval
from ._values import MetricValue

__all__ = [
    "METRICS",
    "METRIC_NAMES",
    "TOTALS",
    "Metric",
    "MetricKind",
    "finish",
    "perturb_totals",
]


class MetricKind(enum.StrEnum):
    """How a metric's value is finished from the totals of its statistics."""

    COUNT = "count"
    """A whole number of things; no denominator."""
    SHARE = "share"
    """numerator / denominator in [0, 1], with its n and a 95% Wilson interval."""
    RATE = "rate"
    """numerator / denominator × scale; missing when the denominator is zero or unknown."""
    MEDIAN = "median"
    """The median of a histogram of values (midpoint of the two middle values)."""
    SUM = "sum"
    """An exact sum; no denominator."""


TOTALS: Final = (
    "interactions",
    "residents_reached",
    "repeat_residents",
    "returning_residents",
    "resident_initiated",
    "with_outcome",
    "positive",
    "net_positive",
    "complaints",
    "reports",
    "population",
    "report_delays",
    "attendance_records",
    "present",
    "volunteer_hours",
    "active_staff",
    "with_staff",
)
"""The totals a group's statistics give :func:`finish` (``report_delays`` is a histogram,
hours → count; ``returning_residents`` and ``population`` may be ``None``: not known)."""


@attrs.frozen(kw_only=True)
class Metric:
    """One engagement metric, declared once.

    ``topic`` groups related metrics (``activity``, ``reach``, ``engagement``,
    ``sentiment``, ``reporting``, ``volunteering``, ``staff``) for reports and listings.
    ``numerator`` and ``denominator`` name entries of :data:`TOTALS`; ``scale`` multiplies a
    rate. ``definition``, ``value_range``, ``n`` and ``missing_when`` are the sentences of
    the table of definitions in :doc:`/explanation/metrics`, which is generated from this
    registry.
    """

    name: str
    title: str
    topic: str
    unit: str
    kind: MetricKind
    numerator: str
    denominator: str | None = None
    scale: int = 1
    definition: str
    value_range: str
    n: str
    missing_when: str
    empty: str | None = None
    """Why the value is missing when its denominator is zero (default: ``missing_when``,
    for a metric with that one cause)."""

    def __attrs_post_init__(self) -> None:
        for total in (self.numerator, self.denominator):
            if total is not None and total not in TOTALS:
                raise ValueError(f"metric {self.name!r} names an unknown total {total!r}")
        if (self.denominator is None) != (self.kind in _WITHOUT_DENOMINATOR):
            raise ValueError(f"metric {self.name!r}: a {self.kind} metric has a denominator")

    def finish(
        self, totals: Mapping[str, object], unknown: Mapping[str, str] | None = None
    ) -> MetricValue:
        """This metric's value from a group's ``totals`` (see :data:`TOTALS`).

        A missing value gets the one reason that applies: ``unknown`` says why a total is
        ``None`` (``{"population": "not grouped by area"}``; a general sentence when it does
        not say), and a zero denominator gives :attr:`empty`.
        """
        top = totals[self.numerator]
        kind = self.kind
        name = self.name
        if kind is MetricKind.COUNT or kind is MetricKind.SUM:
            return MetricValue(name=name, value=cast("float", top), n=None, interval=None)
        if kind is MetricKind.MEDIAN:
            assert isinstance(top, Mapping)
            count = sum(top.values())
            if not count:
                empty = self.empty or self.missing_when
                return MetricValue(name=name, value=None, n=0, interval=None, reason=empty)
            shown = totals.get(f"{self.numerator}_n", count)  # a perturbed n (perturb_totals)
            return MetricValue(
                name=name, value=median_of_counts(top), n=cast("float", shown), interval=None
            )
        denominator = cast("str", self.denominator)  # checked when declared
        bottom = totals[denominator]
        if bottom is None or top is None:  # not known: no value and no n
            total = denominator if bottom is None else self.numerator
            why = (unknown or {}).get(total) or _UNKNOWN[total]
            return MetricValue(name=name, value=None, n=None, interval=None, reason=why)
        if kind is MetricKind.RATE:
            n = cast("float", bottom)
            if not n:
                empty = self.empty or self.missing_when
                return MetricValue(name=name, value=None, n=n, interval=None, reason=empty)
            return MetricValue(
                name=name, value=cast("float", top) / n * self.scale, n=n, interval=None
            )
        k, size = int(cast("float", top)), int(cast("float", bottom))
        if not size:
            empty = self.empty or self.missing_when
            return MetricValue(name=name, value=None, n=size, interval=None, reason=empty)
        return MetricValue(name=name, value=k / size, n=size, interval=wilson_interval(k, size))


_UNKNOWN: Final = {
    "population": "the population is not known",
    "returning_residents": "no previous period to compare with",
}
"""Why a total that may be ``None`` is not known, when the caller does not say."""


_WITHOUT_DENOMINATOR: Final = frozenset({MetricKind.COUNT, MetricKind.SUM, MetricKind.MEDIAN})


_AS_REACH = "not grouped by area nor one row for the programme; population unknown or 0"

METRICS: Final[Mapping[str, Metric]] = {
    metric.name: metric
    for metric in (
        Metric(
            name="interactions", topic="activity", title="Interactions", unit="interactions",
            kind=MetricKind.COUNT, numerator="interactions",
            definition="number of interactions", value_range="0, 1, 2, …", n="—",
            missing_when="never",
        ),
        Metric(
            name="residents_reached", topic="reach", title="Residents reached", unit="residents",
            kind=MetricKind.COUNT, numerator="residents_reached",
            definition="distinct non-missing resident ids", value_range="0, 1, 2, …", n="—",
            missing_when="never",
        ),
        Metric(
            name="reach_per_1000", topic="reach", title="Reach per 1,000 residents",
            unit="residents per 1,000 population", kind=MetricKind.RATE,
            numerator="residents_reached", denominator="population", scale=1000,
            definition="residents_reached / population × 1000", value_range="≥ 0",
            n="population", missing_when=_AS_REACH, empty="the population is 0",
        ),
        Metric(
            name="repeat_engagement_rate", topic="reach", title="Repeat engagement", unit="share of residents",
            kind=MetricKind.SHARE, numerator="repeat_residents",
            denominator="residents_reached",
            definition="share of reached residents with interactions on ≥ 2 distinct *local* "
            "days in the group",
            value_range="[0, 1]", n="residents_reached", missing_when="nobody reached",
        ),
        Metric(
            name="returning_share", topic="reach", title="Returning residents", unit="share of residents",
            kind=MetricKind.SHARE, numerator="returning_residents",
            denominator="residents_reached",
            definition="share of residents reached in this period also reached in the "
            "previous period",
            value_range="[0, 1]", n="residents_reached",
            missing_when="no period grouping; the previous period is not wholly inside the "
            "data's window in the zone of every area of the group; nobody reached",
            empty="nobody reached",
        ),
        Metric(
            name="resident_initiated_share", topic="engagement", title="Resident-initiated",
            unit="share of interactions", kind=MetricKind.SHARE,
            numerator="resident_initiated", denominator="interactions",
            definition="interactions initiated by a resident / interactions",
            value_range="[0, 1]", n="interactions", missing_when="no interactions",
        ),
        Metric(
            name="positive_share", topic="sentiment", title="Positive outcome", unit="share of interactions",
            kind=MetricKind.SHARE, numerator="positive", denominator="with_outcome",
            definition="outcome `positive` / interactions with an outcome",
            value_range="[0, 1]", n="with outcome", missing_when="no outcomes recorded",
        ),
        Metric(
            name="net_sentiment", topic="sentiment", title="Net sentiment", unit="points",
            kind=MetricKind.RATE, numerator="net_positive", denominator="with_outcome",
            scale=100, definition="(positive − negative) / with outcome × 100",
            value_range="[−100, 100]", n="with outcome", missing_when="no outcomes recorded",
        ),
        Metric(
            name="complaints_per_1000", topic="sentiment", title="Complaints per 1,000 interactions",
            unit="complaints per 1,000 interactions", kind=MetricKind.RATE,
            numerator="complaints", denominator="interactions", scale=1000,
            definition="complaints / interactions × 1000", value_range="[0, 1000]",
            n="interactions", missing_when="no interactions",
        ),
        Metric(
            name="reports", topic="reporting", title="Reports", unit="reports", kind=MetricKind.COUNT,
            numerator="reports",
            definition="`suspicious_activity_report` interactions initiated by residents",
            value_range="0, 1, 2, …", n="—", missing_when="never",
        ),
        Metric(
            name="reports_per_1000_residents", topic="reporting", title="Reports per 1,000 residents",
            unit="reports per 1,000 population", kind=MetricKind.RATE, numerator="reports",
            denominator="population", scale=1000,
            definition="reports / population × 1000", value_range="≥ 0", n="population",
            missing_when=_AS_REACH, empty="the population is 0",
        ),
        Metric(
            name="median_hours_to_report", topic="reporting", title="Median hours to report", unit="hours",
            kind=MetricKind.MEDIAN, numerator="report_delays",
            definition="median of `Interaction.hours_to_report` (occurred_at − observed_at, "
            "hours) over reports with `observed_at`",
            value_range="≥ 0", n="reports with observed_at", missing_when="no such report",
            empty="no report with observed_at",
        ),
        Metric(
            name="attendance_rate", topic="engagement", title="Attendance rate", unit="share of attendance records",
            kind=MetricKind.SHARE, numerator="present", denominator="attendance_records",
            definition="present / (present + excused + unexcused) over `attendance` "
            "interactions",
            value_range="[0, 1]", n="attendance records", missing_when="no attendance records",
        ),
        Metric(
            name="volunteer_hours", topic="volunteering", title="Volunteer hours", unit="hours", kind=MetricKind.SUM,
            numerator="volunteer_hours",
            definition="sum of `duration_minutes` of `volunteering` interactions / 60",
            value_range="≥ 0", n="—", missing_when="never (0.0 without volunteering)",
        ),
        Metric(
            name="active_staff", topic="staff", title="Active staff", unit="staff members",
            kind=MetricKind.COUNT, numerator="active_staff",
            definition="distinct non-missing staff ids", value_range="0, 1, 2, …", n="—",
            missing_when="never",
        ),
        Metric(
            name="interactions_per_staff", topic="staff", title="Interactions per staff member",
            unit="interactions per staff member", kind=MetricKind.RATE,
            numerator="with_staff", denominator="active_staff",
            definition="interactions with a staff id / active_staff", value_range="≥ 1",
            n="active_staff", missing_when="no staff id recorded",
        ),
    )
}  # fmt: skip
"""Every engagement metric by name, in the order of the methods notes (§3)."""

METRIC_NAMES: Final = tuple(METRICS)
"""Every engagement metric's name, in the order of the methods notes (§3)."""


def finish(
    totals: Mapping[str, object], unknown: Mapping[str, str] | None = None
) -> dict[str, MetricValue]:
    """Every metric of :data:`METRICS`, in order, finished from one group's ``totals``.

    ``totals`` maps each name of :data:`TOTALS` to its value; ``unknown`` says why a total
    is ``None`` (``population``, ``returning_residents``), which becomes the reason of each
    value missing for that cause (:meth:`Metric.finish`). This is the one place a value is
    computed: every engine's statistics end here.

    >>> from trustops.metrics import TOTALS, finish
    >>> totals = dict.fromkeys(TOTALS, 0) | {"interactions": 4, "with_outcome": 4,
    ...                                      "positive": 3, "population": None,
    ...                                      "returning_residents": None, "report_delays": {},
    ...                                      "volunteer_hours": 0.0}
    >>> values = finish(totals)
    >>> values["positive_share"].value, values["reach_per_1000"].value  # no population: None
    (0.75, None)
    >>> values["reach_per_1000"].reason, values["attendance_rate"].reason
    ('the population is not known', 'no attendance records')
    >>> finish(totals, {"population": "not grouped by area"})["reach_per_1000"].reason
    'not grouped by area'
    """
    return {name: metric.finish(totals, unknown) for name, metric in METRICS.items()}


_COUNTS: Final = (
    "interactions", "residents_reached", "repeat_residents", "returning_residents",
    "resident_initiated", "with_outcome", "positive", "complaints", "reports",
    "attendance_records", "present",
)  # fmt: skip
"""The totals that count records or people, perturbed as they are (see :func:`perturb_totals`)."""

_BOUNDED: Final = (
    ("repeat_residents", "residents_reached"),
    ("returning_residents", "residents_reached"),
    ("resident_initiated", "interactions"),
    ("complaints", "interactions"),
    ("reports", "resident_initiated"),
    ("with_outcome", "interactions"),
    ("positive", "with_outcome"),
    ("attendance_records", "interactions"),
    ("present", "attendance_records"),
)
"""(part, whole) pairs of counts: a perturbed part is cut to its perturbed whole."""


def perturb_totals(
    totals: Mapping[str, object],
    cell_keys: Mapping[str, int],
    perturb: Callable[[int, int], int],
) -> dict[str, object]:
    """A group's ``totals`` with every count of records or people perturbed (METHODS §7).

    ``cell_keys`` gives the cell key of each count of
    :data:`~trustops.metrics.CELL_KEYED` (:attr:`EngagementRow.cell_keys
    <trustops.metrics.EngagementRow.cell_keys>`) and ``perturb(count, cell_key)`` the
    published count (:meth:`trustops.privacy.PerturbationTable.perturb`). ``net_positive``
    becomes perturbed positive − perturbed negative, and a part never exceeds its whole after
    perturbation (positive ≤ with outcome, repeat residents ≤ residents reached, …), so every
    share stays in [0, 1]. :func:`finish` of the result gives every value from perturbed
    counts; the median's histogram stays, and its n is ``report_delays_n``.

    >>> from trustops.metrics import TOTALS, perturb_totals
    >>> totals = dict.fromkeys(TOTALS, 0) | {"interactions": 12, "with_outcome": 12,
    ...     "positive": 3, "net_positive": 3, "report_delays": {}, "population": None,
    ...     "returning_residents": None, "volunteer_hours": 0.0}
    >>> shown = perturb_totals(totals, {"interactions": 7, "positive": 9},
    ...                        lambda count, key: count + (1 if key else 0))
    >>> shown["interactions"], shown["with_outcome"], shown["positive"], shown["net_positive"]
    (13, 12, 4, 4)
    """
    shown = dict(totals)
    delays = totals["report_delays"]
    assert isinstance(delays, Mapping)
    true = {name: _count(totals[name]) for name in _COUNTS}
    true["negative"] = _count(totals["positive"]) - _count(totals["net_positive"])
    true["report_delays"] = sum(delays.values())
    published = {name: perturb(count, cell_keys.get(name, 0)) for name, count in true.items()}
    for part, whole in _BOUNDED:
        published[part] = min(published[part], published[whole])
    published["negative"] = min(
        published["negative"], published["with_outcome"] - published["positive"]
    )
    for name in true:
        if name in _COUNTS and not (name == "returning_residents" and totals[name] is None):
            shown[name] = published[name]
    shown["net_positive"] = published["positive"] - published["negative"]
    shown["report_delays_n"] = published["report_delays"]
    return shown


def _count(value: object) -> int:
    return int(value) if isinstance(value, int | float) else 0
