"""The columnar form of the sufficient statistics: one Arrow table any engine can produce.

See :func:`counted_from_arrow` for its columns.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Hashable
from typing import Any, Final

from ..metrics import Counted, EngagementAccumulator, TablePlan, widen
from ._base import EngineError

__all__ = ["PARTS", "counted_from_arrow"]

PARTS: Final = ("profile", "residents", "resident", "staff", "delay", "volunteer", "window")
"""The kinds of row of the columnar statistics."""

_UTC: Final = _dt.UTC


class _Group:
    __slots__ = (
        "areas",
        "delays",
        "profiles",
        "repeat",
        "residents",
        "staff",
        "totals",
        "volunteer",
    )

    def __init__(self) -> None:
        self.profiles: dict[tuple[str, str, str | None, str | None], int] = {}
        self.areas: set[str] = set()
        self.residents: dict[str, int] = {}
        self.repeat: set[str] = set()
        self.staff: dict[str, int] = {}
        self.delays: dict[float, int] = {}
        self.volunteer: dict[float, int] = {}
        self.totals: tuple[int, int, int] | None = None


def counted_from_arrow(table: Any, plan: TablePlan) -> Counted:
    """The statistics of every group from their columnar form.

    A columnar engine (DuckDB, Spark) aggregates its rows into one long table with a row per
    statistic and hands it here; this builds the
    :class:`~trustops.metrics.EngagementAccumulator` of every group through its public
    constructor, and :meth:`~trustops.metrics.TablePlan.finish` then makes the table. Rows
    for the same group and statistic are added up (a ``resident`` seen on different first
    days is a repeat resident), so partial aggregates (per partition, per file) may be
    concatenated; ``residents`` totals must be complete for their group. ``table`` is anything with ``__arrow_c_stream__`` (a
    pyarrow table, a polars frame, a Spark ``toArrow()``); pyarrow must be installed. Its
    columns (any order; extra columns are ignored):

    ``part`` (string)
        what the row holds: ``profile``, ``residents``, ``resident``, ``staff``, ``delay``,
        ``volunteer`` or ``window``.
    ``key_area_id``, ``key_initiative_id``, ``key_staff_id`` (string, nullable)
        the group key: one column per field of :attr:`TablePlan.fields
        <trustops.metrics.TablePlan.fields>` (only those), NULL for a missing id.
    ``period`` (int64, nullable)
        the key of the local period: the date ordinal (``datetime.date.toordinal``) of the
        period's first day in the area's zone; NULL without a period grouping.
    ``area_id``, ``kind``, ``initiator``, ``outcome``, ``attendance`` (string)
        ``profile`` rows: the area of the interactions and their profile (enum values, NULL
        where absent); ``count`` is how many interactions have it.
    ``reached``, ``repeat``, ``returning`` (int64)
        ``residents`` rows (one per group and period): distinct residents reached, those
        reached on two or more local days, and those also reached in the group's previous
        period (0 when it had none).
    ``id`` (string), ``first_day`` (int64), ``repeated`` (bool)
        ``resident`` rows, instead of ``residents`` when groups must still be merged (grouping
        by initiative kind): one per resident and group, with the ordinal of the earliest local
        day and whether the resident was reached on two or more local days; ``staff`` rows: the
        staff id, with ``count``.
    ``value`` (float64)
        ``delay`` rows: a :func:`~trustops.model.hours_to_report` value of resident reports with
        ``observed_at``; ``volunteer`` rows: a ``duration_minutes`` of volunteering; with
        ``count``.
    ``first``, ``last`` (timestamp with time zone)
        the one ``window`` row: the earliest and latest ``occurred_at`` counted.
    ``count`` (int64)
        as above.

    Every engine that produces this table from the same rows gets the same engagement table,
    bit for bit, because the values are finished in one place.

    >>> import pyarrow as pa
    >>> from trustops.engines import counted_from_arrow
    >>> from trustops.metrics import TablePlan
    >>> plan = TablePlan.make(by=("area",), period=None, areas=(), initiatives=())
    >>> rows = pa.table({"part": ["profile"], "key_area_id": ["riverside"],
    ...                  "period": pa.array([None], pa.int64()), "area_id": ["riverside"],
    ...                  "kind": ["conversation"], "initiator": ["staff"],
    ...                  "outcome": ["positive"], "attendance": pa.array([None], pa.string()),
    ...                  "count": [3]})
    >>> counted_from_arrow(rows, plan).groups
    {('riverside', None): EngagementAccumulator(interactions=3, residents=0, staff=0)}
    """
    import pyarrow as pa

    data = pa.table(table)
    names = set(data.column_names)
    keys = [f"key_{field}" for field in plan.fields]
    missing = [name for name in ("part", "period", "count", *keys) if name not in names]
    if missing:
        raise EngineError(f"the columnar statistics lack the columns {', '.join(missing)}")

    def column(name: str) -> list[Any]:
        if name not in names:
            return [None] * data.num_rows
        return data.column(name).to_pylist()  # type: ignore[no-any-return]

    key_columns = [column(name) for name in keys]
    parts, periods, counts = column("part"), column("period"), column("count")
    groups: dict[tuple[Hashable, int | None], _Group] = {}
    window: tuple[_dt.datetime, _dt.datetime] | None = None
    single = len(keys) == 1
    lazy: dict[str, list[Any]] = {}

    def at(name: str, index: int) -> Any:
        found = lazy.get(name)
        if found is None:
            found = lazy[name] = column(name)
        return found[index]

    for index, part in enumerate(parts):
        if part == "window":
            first, last = at("first", index), at("last", index)
            if first is not None:
                window = widen(window, (first.astimezone(_UTC), last.astimezone(_UTC)))
            continue
        if single:
            raw: Hashable = key_columns[0][index]
        else:
            raw = tuple(values[index] for values in key_columns)
        group_key = (raw, periods[index])
        group = groups.get(group_key)
        if group is None:
            group = groups[group_key] = _Group()
        count = counts[index]
        if part == "profile":
            area = at("area_id", index)
            group.areas.add(area)
            profile = (at("kind", index), at("initiator", index), at("outcome", index),
                       at("attendance", index))  # fmt: skip
            group.profiles[profile] = group.profiles.get(profile, 0) + count
        elif part == "residents":
            group.totals = (at("reached", index), at("repeat", index), at("returning", index))
        elif part == "resident":
            resident, day = at("id", index), at("first_day", index)
            seen = group.residents.setdefault(resident, day)
            if at("repeated", index) or seen != day:
                group.repeat.add(resident)
                group.residents[resident] = min(seen, day)
        elif part == "staff":
            staff = at("id", index)
            group.staff[staff] = group.staff.get(staff, 0) + count
        elif part == "delay":
            value = at("value", index)
            group.delays[value] = group.delays.get(value, 0) + count
        elif part == "volunteer":
            value = at("value", index)
            group.volunteer[value] = group.volunteer.get(value, 0) + count
        else:
            raise EngineError(f"unknown part {part!r} in the columnar statistics")
    made = {
        key: EngagementAccumulator.from_counts(
            profiles=group.profiles,
            residents=group.residents,
            repeat=group.repeat,
            staff=group.staff,
            report_delays=group.delays,
            volunteer_minutes=group.volunteer,
            areas=group.areas,
            resident_totals=group.totals,
        )
        for key, group in groups.items()
        if group.profiles
    }
    return Counted(groups=made, window=window)
