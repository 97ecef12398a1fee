"""Engagement tables: every metric per group of area, initiative, staff and local period."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, TypeVar, cast

import attrs

from ..model import Area, Initiative, Interaction
from ..privacy import PrivacyKey
from ..time import Granularity, LocalCalendar, Period, day_start, to_granularity
from ._accumulator import Counted, EngagementAccumulator, Window, accumulate
from ._errors import MetricsError
from ._frames import Tabular
from ._registry import METRIC_NAMES, finish
from ._values import MetricValue

__all__ = ["GROUP_KEYS", "EngagementRow", "EngagementTable", "TablePlan", "engagement_table"]

GROUP_KEYS: Final = ("area", "initiative", "initiative_kind", "staff")
"""What :func:`engagement_table` can group by (besides the period)."""

_FIELDS: Final = {
    "area": "area_id",
    "initiative": "initiative_id",
    "initiative_kind": "initiative_id",
    "staff": "staff_id",
}
_T = TypeVar("_T", Area, Initiative)


@attrs.frozen(kw_only=True)
class EngagementRow:
    """The metrics of one group.

    ``keys`` maps each grouping used (``"area"``, ``"initiative"``, ``"initiative_kind"``,
    ``"staff"``, and ``"period"`` as its label) to the group's value; an interaction without an
    initiative or staff id is in the group whose key is ``None``. ``period`` is the
    :class:`~trustops.time.Period` when the table is grouped by period. ``values`` holds every
    metric of :data:`~trustops.metrics.METRIC_NAMES`, in that order.

    ``totals`` are the totals the values were finished from (:data:`~trustops.metrics.TOTALS`)
    and ``cell_keys`` the cell key of each count of :data:`~trustops.metrics.CELL_KEYED`,
    when the table was counted with a privacy key (``None`` otherwise): what publishing
    perturbs the counts with (METHODS §7).
    """

    keys: dict[str, str | None]
    period: Period | None
    values: dict[str, MetricValue]
    totals: dict[str, object] | None = attrs.field(default=None, eq=False, repr=False)
    cell_keys: dict[str, int] | None = attrs.field(default=None, eq=False, repr=False)

    def metric(self, name: str) -> MetricValue:
        """The :class:`MetricValue` of the metric ``name``; an unknown name is an error."""
        found = self.values.get(name)
        if found is None:
            raise MetricsError(f"no metric {name!r}; expected one of {', '.join(METRIC_NAMES)}")
        return found


@attrs.frozen(kw_only=True)
class EngagementTable(Tabular):
    """The rows of :func:`engagement_table`, sorted by group keys then period.

    Iterating gives the rows; ``by`` and ``period`` record the grouping used. ``duplicates``
    is the number of interactions left out because their id was counted already (the first
    one met is kept; a published table built from this one says how many were left out).
    :meth:`columns` gives the table in long form with its evidence, one row per group and
    metric; it is what ``__arrow_c_stream__`` (so ``polars.DataFrame(table)`` and DuckDB take
    the table directly), :meth:`~trustops.metrics.Tabular.to_arrow`,
    :meth:`~trustops.metrics.Tabular.to_pandas` and :meth:`~trustops.metrics.Tabular.to_polars`
    return.
    """

    rows: tuple[EngagementRow, ...]
    by: tuple[str, ...]
    period: Granularity | None
    duplicates: int = 0

    def __iter__(self) -> Iterator[EngagementRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, **keys: str | Period | None) -> EngagementRow:
        """The one row whose group keys equal ``keys`` (a period may be given as its label).

        Raises :class:`KeyError` when no row matches and
        :class:`~trustops.metrics.MetricsError` for a key the table is not grouped by or
        keys that match more than one row.
        """
        used = (*self.by, "period") if self.period is not None else self.by
        unknown = sorted(set(keys) - set(used))
        if unknown:
            raise MetricsError(
                f"the table is not grouped by {', '.join(map(repr, unknown))}; "
                f"its keys are {', '.join(map(repr, used)) or 'none'}"
            )
        wanted = {name: None if value is None else str(value) for name, value in keys.items()}
        found = [row for row in self.rows if all(row.keys[k] == v for k, v in wanted.items())]
        if not found:
            raise KeyError(f"no row with {wanted}")
        if len(found) > 1:
            raise MetricsError(
                f"{len(found)} rows match {wanted}; give every key of {', '.join(used)}"
            )
        return found[0]

    def columns(self) -> dict[str, list[object]]:
        """The table in long form, one row per group and metric, with the evidence.

        Columns: the group keys (``by``, then ``period`` as its label when grouped by
        period), ``metric``, ``value``, ``n`` (the denominator), ``low`` and ``high`` (the
        95% interval of a share), ``status`` (``ok`` or ``missing``) and ``reason`` (why
        this value is missing, :attr:`MetricValue.reason`: the one cause that applies to the
        group, such as ``no outcomes recorded`` or ``not grouped by area``).

        >>> import pendulum
        >>> from trustops import Interaction
        >>> from trustops.metrics import engagement_table
        >>> table = engagement_table([Interaction(
        ...     id="i1", occurred_at=pendulum.datetime(2026, 3, 2, tz="UTC"), area_id="docks",
        ...     kind="conversation", initiator="resident", channel="phone", outcome="positive")])
        >>> columns = table.columns()
        >>> list(columns)
        ['area', 'metric', 'value', 'n', 'low', 'high', 'status', 'reason']
        >>> at = columns["metric"].index("positive_share")
        >>> columns["value"][at], columns["n"][at], round(columns["low"][at], 3)
        (1.0, 1.0, 0.207)
        >>> at = columns["metric"].index("median_hours_to_report")
        >>> columns["status"][at], columns["reason"][at]
        ('missing', 'no report with observed_at')
        """
        keys = (*self.by, "period") if self.period is not None else self.by
        out: dict[str, list[object]] = {name: [] for name in keys}
        for name in ("metric", "value", "n", "low", "high", "status", "reason"):
            out[name] = []
        for row in self.rows:
            for metric, value in row.values.items():
                for key in keys:
                    out[key].append(row.keys[key])
                interval = value.interval
                out["metric"].append(metric)
                out["value"].append(None if value.value is None else float(value.value))
                out["n"].append(None if value.n is None else float(value.n))
                out["low"].append(None if interval is None else interval.low)
                out["high"].append(None if interval is None else interval.high)
                out["status"].append(value.status)
                out["reason"].append(value.reason)
        return out

    def column_types(self) -> dict[str, str]:
        """The Arrow types of the columns (keys and texts as strings, figures as doubles)."""
        keys = (*self.by, "period") if self.period is not None else self.by
        types = dict.fromkeys((*keys, "metric", "status", "reason"), "string")
        types.update(dict.fromkeys(("value", "n", "low", "high"), "float64"))
        return types

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per row: the group keys, then every metric name with its value.

        Ready for :func:`trustops.io.write_csv`, ``pandas.DataFrame`` or JSON.
        """
        return [
            {**row.keys, **{name: metric.value for name, metric in row.values.items()}}
            for row in self.rows
        ]


def _check_by(by: Sequence[str]) -> tuple[str, ...]:
    if isinstance(by, str):
        by = (by,)
    names = tuple(by)
    for name in names:
        if name not in _FIELDS:
            raise MetricsError(f"cannot group by {name!r}; " + _by_hint(name))
    if len(set(names)) != len(names):
        raise MetricsError(f"expected each grouping once, got {list(names)}")
    return names


def _by_hint(name: object) -> str:
    """What to write instead of the grouping ``name``: a period goes in ``period=`` (on the
    command line ``--period``), several keys are listed one by one."""
    periods = [g.value for g in Granularity]
    if name in (*periods, "period"):
        shown = name if name in periods else "month"
        return (
            f"a period is given as period={shown!r} (on the command line: --period {shown}), "
            "not in by="
        )
    if isinstance(name, str) and "," in name:
        listed = tuple(part.strip() for part in name.split(",") if part.strip())
        return f"list the keys one by one, by={listed!r} (on the command line: --by {name})"
    return f"expected some of {', '.join(map(repr, GROUP_KEYS))}"


def _index(records: Iterable[_T], cls: type[_T], what: str) -> dict[str, _T]:
    found: dict[str, _T] = {}
    for record in records:
        if not isinstance(record, cls):
            raise MetricsError(f"expected {cls.__name__} objects in {what}, got {record!r:.80}")
        if record.id in found:
            raise MetricsError(f"{cls.__name__} {record.id!r} is given twice in {what}")
        found[record.id] = record
    return found


def engagement_table(
    interactions: Iterable[Interaction],
    *,
    by: Sequence[str] = ("area",),
    period: Granularity | str | None = None,
    areas: Iterable[Area] = (),
    initiatives: Iterable[Initiative] = (),
    window: Window | None = None,
    privacy: PrivacyKey | None = None,
) -> EngagementTable:
    """Every engagement metric per group, in one streaming pass over ``interactions``.

    ``by`` is any combination of ``"area"``, ``"initiative"``, ``"initiative_kind"`` and
    ``"staff"`` (``()`` gives one row for everything); ``period`` adds a local period
    (``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``). Each instant is bucketed
    in its area's own time zone, exactly across daylight-saving changes; an interaction whose
    area is not among ``areas`` is bucketed in UTC (and has no population). ``areas`` also give
    the populations for ``reach_per_1000`` and ``reports_per_1000_residents``: an area's when
    grouped by area, and the sum over every area given for the programme as a whole (no group
    key; every area counted must be given, each with a population). ``initiatives`` give each
    initiative's kind, needed to group by
    ``initiative_kind``; an interaction naming an initiative that is not given is then an
    error. Interactions without an initiative (or staff id) form the group whose key is
    ``None``.

    With ``privacy`` (a :class:`~trustops.privacy.PrivacyKey`), every row also carries the
    totals and cell keys that published outputs perturb their counts with (METHODS §7).

    ``returning_share`` compares each period with the one before it in the same group. It
    is missing unless that previous period lies wholly inside the data's window (from the
    earliest to the latest interaction, or ``window``, a pair of aware instants the caller
    passes) in the zone of every area of the row; a group without activity in a previous
    period that the window covers has no returning residents (share 0).

    Each interaction id is counted once: a repeated id (a record given twice, or in two
    files) is left out, the first one met is kept, and :attr:`EngagementTable.duplicates`
    says how many were left out.

    ``interactions`` may be any iterable, such as a streaming reader: memory grows with the
    number of groups and of distinct residents, and with the interaction ids (kept to find
    repeats), not with the records themselves. The
    interactions are counted a chunk at a time, group by group, which keeps each group's
    counters in the processor's caches. The definitions of every metric are in
    :doc:`/explanation/metrics`.

    >>> import pendulum
    >>> from trustops import Area, Interaction
    >>> from trustops.metrics import engagement_table
    >>> tokyo = Area(id="shibuya", name="Shibuya", timezone="Asia/Tokyo", population=2_000)
    >>> def visit(n, when, resident):
    ...     return Interaction(id=f"i{n}", occurred_at=when, area_id="shibuya",
    ...                        kind="conversation", initiator="staff", channel="in_person",
    ...                        resident_id=resident, outcome="positive")
    >>> log = [visit(1, pendulum.datetime(2026, 3, 31, 23, 30, tz="UTC"), "r1"),  # April in Tokyo
    ...        visit(2, pendulum.datetime(2026, 4, 2, 9, tz="UTC"), "r1"),
    ...        visit(3, pendulum.datetime(2026, 3, 30, 9, tz="UTC"), "r2")]
    >>> table = engagement_table(log, by=["area"], period="month", areas=[tokyo])
    >>> [(row.keys["period"], row.metric("residents_reached").value) for row in table]
    [('2026-03', 1), ('2026-04', 1)]
    >>> april = table.row(area="shibuya", period="2026-04")
    >>> april.metric("repeat_engagement_rate").value, april.metric("reach_per_1000").value
    (1.0, 0.5)
    >>> april.metric("returning_share").value  # the data do not cover all of March
    >>> window = (pendulum.datetime(2026, 2, 1, tz="UTC"), pendulum.datetime(2026, 5, 1, tz="UTC"))
    >>> table = engagement_table(log, by=["area"], period="month", areas=[tokyo], window=window)
    >>> share = table.row(period="2026-04").metric("returning_share")
    >>> share.value, share.n  # March is covered now; only r2 was reached then
    (0.0, 1)
    >>> twice = engagement_table([*log, log[0]])  # i1 given twice: counted once
    >>> twice.rows[0].metric("interactions").value, twice.duplicates
    (3, 1)
    """
    plan = TablePlan.make(
        by=by, period=period, areas=areas, initiatives=initiatives, privacy=privacy
    )
    calendar = plan.calendar()
    counted = accumulate(interactions, plan.fields, calendar, privacy=privacy)
    return plan.finish(counted, calendar, window=window)


@attrs.frozen
class TablePlan:
    """How a table is grouped, checked once; picklable, so worker processes can share it.

    :func:`engagement_table` and the parallel file reader both accumulate by
    :attr:`fields` with :meth:`calendar`, then turn the accumulators into rows with
    :meth:`finish`. With ``privacy``, engines also sum record keys (METHODS §7) and the
    rows carry their totals and cell keys. With ``keep_ids``, the statistics keep the
    resident and staff ids of every group, so that groups can still be merged (days into
    windows, :class:`~trustops.metrics.DailyStatistics`); an engine that can only hand over
    per-group totals of distinct people refuses such a plan.
    """

    names: tuple[str, ...]
    fields: tuple[str, ...]
    granularity: Granularity | None
    areas: dict[str, Area]
    initiatives: dict[str, Initiative]
    privacy: PrivacyKey | None = None
    keep_ids: bool = False

    @classmethod
    def make(
        cls,
        *,
        by: Sequence[str],
        period: Granularity | str | None,
        areas: Iterable[Area],
        initiatives: Iterable[Initiative],
        privacy: PrivacyKey | None = None,
        keep_ids: bool = False,
    ) -> TablePlan:
        """Check the grouping and index the areas and initiatives."""
        names = _check_by(by)
        return cls(
            names=names,
            fields=tuple(dict.fromkeys(_FIELDS[name] for name in names)),
            granularity=None if period is None else to_granularity(period),
            areas=_index(areas, Area, "areas"),
            initiatives=_index(initiatives, Initiative, "initiatives"),
            privacy=privacy,
            keep_ids=keep_ids,
        )

    def calendar(self) -> LocalCalendar:
        """The local calendar of the areas' zones and the period granularity."""
        return LocalCalendar({a.id: a.timezone for a in self.areas.values()}, self.granularity)

    def finish(
        self, counted: Counted, calendar: LocalCalendar, *, window: Window | None = None
    ) -> EngagementTable:
        """Resolve group keys, merge groups that resolve alike and compute every row.

        This is the one finishing step of every engine: the registry computes each value,
        and the rule of ``returning_share`` is applied here, with ``window`` (or else the
        window of the data counted).
        """
        names, fields = self.names, self.fields
        groups = counted.groups
        observed = _check_window(window) if window is not None else counted.window
        zones = {area.id: area.timezone for area in self.areas.values()}

        def resolve(name: str, values: dict[str, str | None]) -> str | None:
            value = values[_FIELDS[name]]
            if name != "initiative_kind" or value is None:
                return value
            initiative = self.initiatives.get(value)
            if initiative is None:
                raise MetricsError(
                    f"interactions name initiative {value!r}, which is not among the "
                    "initiatives given; pass every initiative to group by initiative_kind"
                )
            return initiative.kind.value

        merged: dict[tuple[tuple[str | None, ...], int | None], EngagementAccumulator] = {}
        for (raw, period_key), accumulator in groups.items():
            parts = cast("tuple[str | None, ...]", (raw,) if len(fields) == 1 else raw)
            values = dict(zip(fields, parts, strict=True))
            group = (tuple(resolve(name, values) for name in names), period_key)
            existing = merged.get(group)
            if existing is None:
                merged[group] = accumulator
            else:
                existing.absorb(accumulator)

        covered = _Coverage(observed)
        empty = EngagementAccumulator()
        rows = []
        for keys, period_key in sorted(merged, key=_order):
            accumulator = merged[keys, period_key]
            row_keys = dict(zip(names, keys, strict=True))
            period_ = previous = None
            unknown = {"returning_residents": "no period grouping"}
            if period_key is not None:
                period_ = calendar.period(period_key)
                row_keys["period"] = period_.label
                before = period_.previous()
                if covered(before, period_.start, (zones.get(a, "UTC") for a in accumulator.areas)):
                    previous = merged.get((keys, before.start.toordinal()), empty)
                else:
                    unknown["returning_residents"] = (
                        f"the data do not cover all of the previous period ({before.label})"
                    )
            population, unknown["population"] = self._population(row_keys, accumulator.areas)
            totals = accumulator.totals(population=population, previous=previous)
            rows.append(
                EngagementRow(
                    keys=row_keys,
                    period=period_,
                    values=finish(totals, unknown),
                    totals=totals if self.privacy is not None else None,
                    cell_keys=(
                        accumulator.cell_keys(self.privacy, previous=previous)
                        if self.privacy is not None
                        else None
                    ),
                )
            )
        return EngagementTable(
            rows=tuple(rows), by=names, period=self.granularity, duplicates=counted.duplicates
        )

    def _population(
        self, keys: dict[str, str | None], counted: Iterable[str]
    ) -> tuple[int | None, str]:
        """The population of a row's residents, or ``None`` and why it is not known.

        A row of one area has the area's population; a row of the whole programme (no
        group key) has the sum over every area given, when each area counted is given and
        every area has a population; other rows have none.
        """
        if "area" in self.names:
            return self._known([keys["area"] or ""])
        if self.names:
            return None, "not grouped by area"
        if not self.areas:
            return None, "no areas given"
        strangers = sorted(set(counted) - set(self.areas))
        if strangers:
            return None, f"area {strangers[0]!r} is not among the areas given"
        return self._known(sorted(self.areas))

    def _known(self, ids: Sequence[str]) -> tuple[int | None, str]:
        """The summed population of the areas ``ids`` (all given), or why it is not known."""
        total = 0
        for id_ in ids:
            area = self.areas.get(id_)
            if area is None:
                return None, f"area {id_!r} is not among the areas given"
            if area.population is None:
                return None, f"area {id_!r} has no population"
            total += area.population
        return total, ""


class _Coverage:
    """Whether a period lies wholly inside a window, in the local time of some zones."""

    def __init__(self, window: Window | None) -> None:
        self._window = window
        self._starts: dict[tuple[str, _dt.date], _dt.datetime] = {}

    def _start(self, zone: str, day: _dt.date) -> _dt.datetime:
        found = self._starts.get((zone, day))
        if found is None:
            found = self._starts[zone, day] = day_start(day, zone)
        return found

    def __call__(self, period: Period, following: _dt.date, zones: Iterable[str]) -> bool:
        """Whether ``period`` (which ends the day before ``following``) is inside the window
        in every zone of ``zones``."""
        if self._window is None:
            return False
        first, last = self._window
        for zone in zones:
            if self._start(zone, period.start) < first:
                return False
            if self._start(zone, following) - _MICROSECOND > last:
                return False
        return True


_MICROSECOND: Final = _dt.timedelta(microseconds=1)


def _check_window(window: object) -> Window:
    """``window`` as a pair of aware instants, start not after end, or a clear error."""
    if not isinstance(window, tuple | list) or len(window) != 2:
        raise MetricsError(f"expected window=(start, end), two aware instants, got {window!r}")
    start, end = window
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
            raise MetricsError(
                f"expected the window's {name} to be an aware instant, got {value!r}"
            )
    if start > end:
        raise MetricsError(f"the window's start {start} is after its end {end}")
    return (start, end)


def _order(group: tuple[tuple[str | None, ...], int | None]) -> tuple[object, ...]:
    keys, period_key = group
    return (*((value is not None, value or "") for value in keys), period_key or 0)
