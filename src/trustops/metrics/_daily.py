"""Engagement statistics per area, initiative and local day, merged into any window,
period or grouping."""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Final

import attrs

from ..model import Area, Initiative, Interaction
from ..privacy import PrivacyKey
from ..time import Granularity, to_granularity
from ._accumulator import Counted, EngagementAccumulator, Window, accumulate
from ._errors import MetricsError
from ._table import EngagementRow, EngagementTable, TablePlan
from ._values import MetricValue

__all__ = ["DAILY_BY", "DailyStatistics", "daily_statistics"]

DAILY_BY: Final = ("area", "initiative")
"""How :class:`DailyStatistics` are grouped (with ``period="day"``): what an engine counts
them by, with :attr:`TablePlan.keep_ids <trustops.metrics.TablePlan.keep_ids>`."""


@attrs.frozen(eq=False)
class DailyStatistics:
    """The mergeable statistics of every area, initiative and local day: what trailing
    windows, periods and groupings are finished from, each day counted once (METHODS §6).

    ``days`` maps an (area id, initiative id or ``None``) pair to its local days (date
    ordinals, in the area's zone) and each day's :class:`EngagementAccumulator` (which keeps
    the resident ids, so days merge into windows exactly); ``areas`` are the areas given
    (zones and populations; an area of the data not among them is bucketed in UTC and has
    no population) and ``initiatives`` the initiatives given (their kinds); ``window`` is the
    earliest and latest instant counted and ``duplicates`` the interactions left out for an
    id already counted. :meth:`over` merges the days of a window and finishes every metric;
    :meth:`table` merges them per period and grouping into the :class:`EngagementTable` that
    :func:`engagement_table` gives. Build it with :func:`daily_statistics` from
    interactions, or with :meth:`from_counted` from what an engine counted (see
    :data:`DAILY_BY`; :func:`trustops.engines.daily_statistics` does both from any source).
    With ``privacy`` (the key the days were counted with), windows and tables carry cell
    keys (METHODS §7).
    """

    days: Mapping[tuple[str, str | None], Mapping[int, EngagementAccumulator]]
    areas: Mapping[str, Area]
    initiatives: Mapping[str, Initiative] = attrs.field(factory=dict)
    window: Window | None = None
    duplicates: int = 0
    privacy: PrivacyKey | None = None
    _order: dict[str, list[int]] = attrs.field(init=False, repr=False)
    _parts: dict[str, tuple[list[int], list[EngagementAccumulator]]] = attrs.field(
        init=False, repr=False
    )
    _plan: TablePlan = attrs.field(init=False, repr=False)
    # each cell's days merged per period, once per granularity (read, never changed)
    _periods: dict[
        Granularity | None,
        dict[tuple[tuple[str, str | None], int | None], EngagementAccumulator],
    ] = attrs.field(init=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        by_area: dict[str, list[tuple[int, EngagementAccumulator]]] = {}
        for (area, _initiative), own in self.days.items():
            by_area.setdefault(area, []).extend(own.items())
        parts = {}
        for area, pairs in by_area.items():
            pairs.sort(key=lambda pair: pair[0])
            parts[area] = ([day for day, _ in pairs], [found for _, found in pairs])
        object.__setattr__(self, "_parts", parts)
        object.__setattr__(
            self, "_order", {area: sorted(set(days)) for area, (days, _) in parts.items()}
        )
        plan = TablePlan.make(
            by=("area",),
            period=None,
            areas=self.areas.values(),
            initiatives=(),
            privacy=self.privacy,
        )
        object.__setattr__(self, "_plan", plan)

    @classmethod
    def from_counted(
        cls,
        counted: Counted,
        *,
        areas: Iterable[Area] = (),
        initiatives: Iterable[Initiative] = (),
        privacy: PrivacyKey | None = None,
    ) -> DailyStatistics:
        """The statistics of ``counted``, counted with a :class:`TablePlan` grouped by
        :data:`DAILY_BY` and ``period="day"`` with ``keep_ids`` (each group key an (area id,
        initiative id) pair, each period key the ordinal of a local day), as any engine
        counts; ``privacy`` is the key they were counted with, if any."""
        days: dict[tuple[str, str | None], dict[int, EngagementAccumulator]] = {}
        for (key, day), accumulator in counted.groups.items():
            if (
                not isinstance(key, tuple)
                or len(key) != 2
                or not isinstance(key[0], str)
                or not isinstance(key[1], str | None)
                or type(day) is not int
            ):
                raise MetricsError(
                    "expected statistics grouped by area, initiative and local day (a plan "
                    f"with by={DAILY_BY!r} and period='day'), got the group {(key, day)!r:.80}"
                )
            days.setdefault((key[0], key[1]), {})[day] = accumulator
        plan = TablePlan.make(by=(), period=None, areas=areas, initiatives=initiatives)
        return cls(
            days,
            plan.areas,
            plan.initiatives,
            counted.window,
            counted.duplicates,
            privacy,
        )

    @property
    def counted_areas(self) -> tuple[str, ...]:
        """The ids of the areas with an interaction, in order."""
        return tuple(sorted(self._order))

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
        days, found = self._parts.get(area, ([], []))
        start = bisect_left(days, first.toordinal())
        stop = bisect_right(days, last.toordinal())
        merged = EngagementAccumulator()
        for accumulator in found[start:stop]:
            merged.absorb(accumulator)
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

    def table(
        self, period: Granularity | str | None, *, by: Sequence[str] = ("area",)
    ) -> EngagementTable:
        """The engagement table by ``by`` (any of ``"area"``, ``"initiative"`` and
        ``"initiative_kind"``, or ``()``) and ``period``, merged from the days: the same table
        as :func:`~trustops.metrics.engagement_table` on the same interactions, areas and
        initiatives (``returning_share`` over the same window of the data)."""
        plan = TablePlan.make(
            by=by,
            period=None if period is None else to_granularity(period),
            areas=self.areas.values(),
            initiatives=self.initiatives.values(),
            privacy=self.privacy,
        )
        if "staff_id" in plan.fields:
            raise MetricsError("daily statistics are not kept per staff id: cannot group by staff")
        calendar = plan.calendar()
        fields = plan.fields
        groups: dict[tuple[Hashable, int | None], EngagementAccumulator] = {}
        for ((area, initiative), period_key), accumulator in self._per_period(plan).items():
            values = {"area_id": area, "initiative_id": initiative}
            raw: Hashable = (
                values[fields[0]] if len(fields) == 1 else tuple(values[f] for f in fields)
            )
            key = (raw, period_key)
            found = groups.get(key)
            if found is None:
                found = groups[key] = EngagementAccumulator()
            found.absorb(accumulator)
        counted = Counted(groups=groups, window=self.window, duplicates=self.duplicates)
        return plan.finish(counted, calendar)

    def _per_period(
        self, plan: TablePlan
    ) -> dict[tuple[tuple[str, str | None], int | None], EngagementAccumulator]:
        """Each cell's days merged per period of ``plan``'s granularity, once: every table
        of that granularity merges these instead of the days (a whole-data table merges
        those of any granularity already merged, exact as every merge is)."""
        granularity = plan.granularity
        found = self._periods.get(granularity)
        if found is not None:
            return found
        merged: dict[tuple[tuple[str, str | None], int | None], EngagementAccumulator] = {}
        finer = next(iter(self._periods.values()), None)
        if granularity is None and finer is not None:
            for (cell, _), accumulator in finer.items():
                into = merged.get((cell, None))
                if into is None:
                    into = merged[cell, None] = EngagementAccumulator()
                into.absorb(accumulator)
        else:
            calendar = plan.calendar()
            period_keys: dict[int, int | None] = {}  # each local day's period found once
            for cell, own in self.days.items():
                for day, accumulator in own.items():
                    period_key = period_keys.get(day, -1)
                    if period_key == -1:
                        period_key = period_keys[day] = calendar.period_key(day)
                    into = merged.get((cell, period_key))
                    if into is None:
                        into = merged[cell, period_key] = EngagementAccumulator()
                    into.absorb(accumulator)
        self._periods[granularity] = merged
        return merged

    def known(self) -> DailyStatistics:
        """These statistics without the interactions naming an initiative that is not among
        :attr:`initiatives` (a dataset problem), so that grouping by initiative kind never
        fails on them. :attr:`window` stays that of all the interactions counted."""
        kept = {
            cell: own
            for cell, own in self.days.items()
            if cell[1] is None or cell[1] in self.initiatives
        }
        if len(kept) == len(self.days):
            return self
        made = attrs.evolve(self, days=kept)
        for granularity, merged in self._periods.items():
            made._periods[granularity] = {k: v for k, v in merged.items() if k[0] in kept}
        return made

    def without_privacy(self) -> DailyStatistics:
        """These statistics finishing figures without cell keys (unperturbed), sharing what
        was merged already."""
        if self.privacy is None:
            return self
        made = attrs.evolve(self, privacy=None)
        object.__setattr__(made, "_periods", self._periods)
        return made


def daily_statistics(
    interactions: Iterable[Interaction],
    *,
    areas: Iterable[Area] = (),
    initiatives: Iterable[Initiative] = (),
    privacy: PrivacyKey | None = None,
) -> DailyStatistics:
    """Count ``interactions`` once per area, initiative and local day (each in its area's
    zone; UTC for an area not among ``areas``), in one streaming pass, for
    :meth:`DailyStatistics.over` and :meth:`DailyStatistics.table` (``initiatives`` give
    the kinds that grouping by initiative kind needs). Each interaction id is counted once,
    as by :func:`~trustops.metrics.engagement_table`. With ``privacy``, record keys are
    summed too (METHODS §7).

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
    plan = TablePlan.make(
        by=DAILY_BY, period=Granularity.DAY, areas=areas, initiatives=initiatives, keep_ids=True
    )
    counted = accumulate(interactions, plan.fields, plan.calendar(), privacy=privacy)
    return DailyStatistics.from_counted(
        counted, areas=plan.areas.values(), initiatives=plan.initiatives.values(), privacy=privacy
    )
