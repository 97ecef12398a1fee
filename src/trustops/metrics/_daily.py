"""Engagement statistics per area and local day, merged into any window or period."""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Mapping

import attrs

from ..model import Area, Interaction
from ..privacy import PrivacyKey
from ..time import Granularity, to_granularity
from ._accumulator import Counted, EngagementAccumulator, Window, accumulate
from ._errors import MetricsError
from ._table import EngagementRow, EngagementTable, TablePlan
from ._values import MetricValue

__all__ = ["DailyStatistics", "daily_statistics"]


@attrs.frozen(eq=False)
class DailyStatistics:
    """The mergeable statistics of every area and local day: what trailing windows and
    periods are finished from, each day counted once (METHODS §6).

    ``days`` maps an area id to its local days (date ordinals, in the area's zone) and each
    day's :class:`EngagementAccumulator`; ``areas`` are the areas given (zones and
    populations; an area of the data not among them is bucketed in UTC and has no
    population); ``window`` is the earliest and latest instant counted and ``duplicates`` the
    interactions left out for an id already counted. :meth:`over` merges the days of a window
    and finishes every metric; :meth:`table` merges them per period into the
    :class:`EngagementTable` that :func:`engagement_table` gives for ``by=("area",)``.
    Build it with :func:`daily_statistics` from interactions, or with :meth:`from_counted`
    from what an engine counted per area and day. With ``privacy`` (the key the days were
    counted with), windows and tables carry cell keys (METHODS §7).
    """

    days: Mapping[str, Mapping[int, EngagementAccumulator]]
    areas: Mapping[str, Area]
    window: Window | None = None
    duplicates: int = 0
    privacy: PrivacyKey | None = None
    _order: dict[str, list[int]] = attrs.field(init=False, repr=False)
    _plan: TablePlan = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_order", {area: sorted(d) for area, d in self.days.items()})
        plan = TablePlan.make(
            by=("area",),
            period=None,
            areas=self.areas.values(),
            initiatives=(),
            privacy=self.privacy,
        )
        object.__setattr__(self, "_plan", plan)

    @classmethod
    def from_counted(cls, counted: Counted, *, areas: Iterable[Area] = ()) -> DailyStatistics:
        """The statistics of ``counted``, counted with a :class:`TablePlan` grouped by
        ``("area",)`` and ``period="day"`` (each group key an area id, each period key the
        ordinal of a local day), as any engine counts."""
        days: dict[str, dict[int, EngagementAccumulator]] = {}
        for (area, day), accumulator in counted.groups.items():
            if not isinstance(area, str) or type(day) is not int:
                raise MetricsError(
                    "expected statistics grouped by area and local day (a plan with "
                    f"by=('area',) and period='day'), got the group {(area, day)!r:.80}"
                )
            days.setdefault(area, {})[day] = accumulator
        known = TablePlan.make(by=("area",), period=None, areas=areas, initiatives=()).areas
        return cls(days, known, counted.window, counted.duplicates)

    @property
    def span(self) -> tuple[_dt.date, _dt.date] | None:
        """The first and last local day with an interaction, over every area (``None``
        without any)."""
        if not self._order:
            return None
        return (
            _dt.date.fromordinal(min(order[0] for order in self._order.values())),
            _dt.date.fromordinal(max(order[-1] for order in self._order.values())),
        )

    def local_days(self, area: str) -> tuple[int, ...]:
        """The local days (date ordinals) with an interaction in ``area``, in order."""
        return tuple(self._order.get(area, ()))

    def merged(self, area: str, first: _dt.date, last: _dt.date) -> EngagementAccumulator:
        """The statistics of ``area`` over the local days ``first`` to ``last`` (both
        included), merged from its days; empty when it has none there."""
        order = self._order.get(area, [])
        start = bisect_left(order, first.toordinal())
        stop = bisect_right(order, last.toordinal())
        merged = EngagementAccumulator()
        own = self.days.get(area, {})
        for day in order[start:stop]:
            merged.absorb(own[day])
        return merged

    def over(self, area: str, first: _dt.date, last: _dt.date) -> dict[str, MetricValue]:
        """Every metric of ``area`` over the local days ``first`` to ``last`` (both
        included), with the area's population: what an index component measured over a
        trailing window takes. Repeat engagement counts distinct local days within the
        window; ``returning_share`` is missing (it belongs to periods). The values are
        finished as :func:`~trustops.metrics.engagement_table` finishes a row grouped by area
        alone, missing ones with the same reasons.

        >>> import pendulum
        >>> from trustops import Area, Interaction
        >>> from trustops.metrics import daily_statistics
        >>> docks = Area(id="docks", name="Docks", timezone="Europe/London", population=2_000)
        >>> talks = [Interaction(id=f"i{n}", occurred_at=pendulum.datetime(2026, 3, d, 12),
        ...                      area_id="docks", kind="conversation", initiator="staff",
        ...                      channel="in_person", resident_id=r)
        ...          for n, (d, r) in enumerate([(2, "r1"), (20, "r1"), (30, "r2")])]
        >>> daily = daily_statistics(talks, areas=[docks])
        >>> march = daily.over("docks", pendulum.Date(2026, 3, 1), pendulum.Date(2026, 3, 31))
        >>> march["reach_per_1000"].value, march["repeat_engagement_rate"].value
        (1.0, 0.5)
        >>> late = daily.over("docks", pendulum.Date(2026, 3, 15), pendulum.Date(2026, 3, 31))
        >>> late["residents_reached"].value, late["repeat_engagement_rate"].value
        (2, 0.0)
        """
        return self.row_over(area, first, last).values

    def row_over(self, area: str, first: _dt.date, last: _dt.date) -> EngagementRow:
        """:meth:`over` as the row of an engagement table grouped by area: with
        :attr:`privacy`, its totals and cell keys too, which published figures are made from."""
        merged = self.merged(area, first, last)
        counted = Counted(groups={(area, None): merged}, window=None)
        return self._plan.finish(counted, self._plan.calendar()).rows[0]

    def table(self, period: Granularity | str | None) -> EngagementTable:
        """The engagement table by ``("area",)`` and ``period``, merged from the days: the
        same table as :func:`~trustops.metrics.engagement_table` on the same interactions
        and areas (``returning_share`` over the same window of the data)."""
        plan = TablePlan.make(
            by=("area",),
            period=None if period is None else to_granularity(period),
            areas=self.areas.values(),
            initiatives=(),
            privacy=self.privacy,
        )
        calendar = plan.calendar()
        groups: dict[tuple[Hashable, int | None], EngagementAccumulator] = {}
        for area, order in self._order.items():
            own = self.days[area]
            for day in order:
                key = (area, calendar.period_key(day))
                found = groups.get(key)
                if found is None:
                    found = groups[key] = EngagementAccumulator()
                found.absorb(own[day])
        counted = Counted(groups=groups, window=self.window, duplicates=self.duplicates)
        return plan.finish(counted, calendar)


def daily_statistics(
    interactions: Iterable[Interaction],
    *,
    areas: Iterable[Area] = (),
    privacy: PrivacyKey | None = None,
) -> DailyStatistics:
    """Count ``interactions`` once per area and local day (each in its area's zone; UTC for
    an area not among ``areas``), in one streaming pass, for :meth:`DailyStatistics.over`
    and :meth:`DailyStatistics.table`. Each interaction id is counted once, as by
    :func:`~trustops.metrics.engagement_table`. With ``privacy``, record keys are summed too
    (METHODS §7).

    >>> import pendulum
    >>> from trustops import Area, Interaction
    >>> from trustops.metrics import daily_statistics
    >>> tokyo = Area(id="shibuya", name="Shibuya", timezone="Asia/Tokyo", population=2_000)
    >>> late = Interaction(id="i1", occurred_at=pendulum.datetime(2026, 3, 31, 23, 30),
    ...                    area_id="shibuya", kind="conversation", initiator="staff",
    ...                    channel="phone")  # 1 April in Tokyo
    >>> daily = daily_statistics([late], areas=[tokyo])
    >>> daily.span
    (datetime.date(2026, 4, 1), datetime.date(2026, 4, 1))
    >>> [row.keys["period"] for row in daily.table("month")]
    ['2026-04']
    """
    plan = TablePlan.make(by=("area",), period=Granularity.DAY, areas=areas, initiatives=())
    counted = accumulate(interactions, plan.fields, plan.calendar(), privacy=privacy)
    made = DailyStatistics.from_counted(counted, areas=plan.areas.values())
    return made if privacy is None else attrs.evolve(made, privacy=privacy)
