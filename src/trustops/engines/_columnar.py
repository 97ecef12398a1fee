"""The columnar form of the sufficient statistics: one Arrow table any engine can produce.

See :func:`counted_from_arrow` for its columns.
"""

from __future__ import annotations

import datetime as _dt
import gc
from collections.abc import Hashable, Iterator, Sequence
from itertools import compress
from operator import itemgetter
from typing import Any, Final

from ..metrics import Counted, EngagementAccumulator, TablePlan, widen
from ._base import EngineError

__all__ = ["PARTS", "counted_from_arrow"]

PARTS: Final = (
    "profile", "residents", "resident", "staff_totals", "staff", "delay", "volunteer", "window",
)  # fmt: skip
"""The kinds of row of the columnar statistics."""

_UTC: Final = _dt.UTC


class _Group:
    __slots__ = (
        "areas",
        "delay_keys",
        "delays",
        "keys",
        "profiles",
        "repeat",
        "resident_keys",
        "residents",
        "staff",
        "staff_totals",
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
        self.staff_totals: tuple[int, int] | None = None
        self.keys: dict[tuple[str, str, str | None, str | None], int] = {}
        self.delay_keys = 0
        self.resident_keys: tuple[int, int, int] | None = None


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
        what the row holds: ``profile``, ``residents``, ``resident``, ``staff_totals``,
        ``staff``, ``delay``, ``volunteer`` or ``window``.
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
    ``key_sum`` (int64, nullable)
        with a privacy key (:attr:`TablePlan.privacy <trustops.metrics.TablePlan.privacy>`):
        on ``profile`` and ``delay`` rows, the sum of the record keys
        (:func:`~trustops.engines.record_key_sql` of ``id``) of the interactions counted.
    ``reached_key``, ``repeat_key``, ``returning_key`` (int64, nullable)
        with a privacy key, on ``residents`` rows: the sums of the record keys (of
        ``resident_id``) of the residents counted in ``reached``, ``repeat`` and ``returning``.

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
    enabled = gc.isenabled()
    gc.disable()  # many small objects, none in a cycle: collecting them would find nothing
    try:
        return _counted(table, plan)
    finally:
        if enabled:
            gc.enable()


def _resident_lists(
    data: Any, keys: list[str], groups: dict[tuple[Hashable, int | None], _Group]
) -> Iterator[tuple[_Group, Sequence[str], list[int], list[bool]]]:
    """The ``resident`` rows of ``data`` per group: its ids, first days and repeat flags.

    Grouped in Arrow, and each distinct id made once as a Python string that every group
    holding it shares (a resident is met on many days): the memory of daily statistics
    grows with the residents' days, not with copies of their ids."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if "id" not in data.column_names:
        return
    resident = pc.equal(data.column("part"), "resident")
    if not pc.any(resident).as_py():
        return
    missing = [name for name in ("first_day", "repeated") if name not in data.column_names]
    if missing:
        raise EngineError(f"the columnar statistics lack the columns {', '.join(missing)}")
    names = list(dict.fromkeys([*keys, "period"]))
    wanted = [*names, "id", "first_day", "repeated"]  # only these columns are copied
    chosen = data.select(wanted).filter(resident)
    encoded = pc.dictionary_encode(chosen.column("id").combine_chunks())
    lists = (
        pa.table(
            {
                **{name: chosen.column(name) for name in names},
                "__id": encoded.indices,
                "__day": chosen.column("first_day"),
                "__repeated": chosen.column("repeated"),
            }
        )
        .group_by(names, use_threads=False)
        .aggregate([("__id", "list"), ("__day", "list"), ("__repeated", "list")])
    )
    strings = encoded.dictionary.to_pylist()
    del chosen, encoded  # the rows are in the lists now
    for batch in lists.to_batches(max_chunksize=256):  # a few groups' lists at a time
        key_values = [batch.column(name).to_pylist() for name in keys]
        raws: list[Hashable] = (
            key_values[0]
            if len(keys) == 1
            else list(zip(*key_values, strict=True)) or [()] * batch.num_rows
        )
        for raw, period, indices, days, repeated in zip(
            raws,
            batch.column("period").to_pylist(),
            batch.column("__id_list").to_pylist(),
            batch.column("__day_list").to_pylist(),
            batch.column("__repeated_list").to_pylist(),
            strict=True,
        ):
            group = groups.get((raw, period))
            if group is None:
                group = groups[raw, period] = _Group()
            ids = [strings[indices[0]]] if len(indices) == 1 else itemgetter(*indices)(strings)
            yield group, ids, days, repeated


def _counted(table: Any, plan: TablePlan) -> Counted:
    import pyarrow as pa
    import pyarrow.compute as pc

    data = pa.table(table)
    names = set(data.column_names)
    keys = [f"key_{field}" for field in plan.fields]
    missing = [name for name in ("part", "period", "count", *keys) if name not in names]
    if missing:
        raise EngineError(f"the columnar statistics lack the columns {', '.join(missing)}")
    unknown = set(pc.unique(data.column("part")).to_pylist()) - set(PARTS)
    if unknown:
        raise EngineError(
            f"unknown part {sorted(map(str, unknown))[0]!r} in the columnar statistics"
        )
    groups: dict[tuple[Hashable, int | None], _Group] = {}
    window: tuple[_dt.datetime, _dt.datetime] | None = None

    def rows(part: str, *columns: str) -> tuple[list[Any], ...]:
        """The group of every row of ``part``, and the values of ``columns``, as lists."""
        wanted = [c for c in dict.fromkeys([*keys, "period", *columns]) if c in names]
        chosen = data.select(wanted).filter(pc.equal(data.column("part"), part))
        size = chosen.num_rows
        listed = [chosen.column(c).to_pylist() if c in names else [None] * size for c in columns]
        if not size:
            return ([], *listed)
        if len(keys) == 1:
            raws: list[Hashable] = chosen.column(keys[0]).to_pylist()
        else:
            raws = list(zip(*(chosen.column(k).to_pylist() for k in keys), strict=True))
            raws = raws or [()] * size
        found = []
        get = groups.get
        for group_key in zip(raws, chosen.column("period").to_pylist(), strict=True):
            group = get(group_key)
            if group is None:
                group = groups[group_key] = _Group()
            found.append(group)
        return (found, *listed)

    found, areas, kinds, initiators, outcomes, statuses, counts, key_sums = rows(
        "profile", "area_id", "kind", "initiator", "outcome", "attendance", "count", "key_sum"
    )
    for group, area, *profile, count, key_sum in zip(
        found, areas, kinds, initiators, outcomes, statuses, counts, key_sums, strict=True
    ):
        group.areas.add(area)
        key = tuple(profile)
        group.profiles[key] = group.profiles.get(key, 0) + count
        if key_sum is not None:
            group.keys[key] = group.keys.get(key, 0) + key_sum
    for group, *totals in zip(*rows("residents", "reached", "repeat", "returning"), strict=True):
        group.totals = tuple(totals)
    for group, *sums in zip(
        *rows("residents", "reached_key", "repeat_key", "returning_key"), strict=True
    ):
        if None not in sums:
            group.resident_keys = tuple(sums)
    for group, ids, days, repeated in _resident_lists(data, keys, groups):
        residents = group.residents
        if not residents and len(set(ids)) == len(ids):  # each resident once: in C
            first = days[0]
            if days.count(first) == len(days):  # one local day (daily statistics)
                residents.update(dict.fromkeys(ids, first))
            else:
                residents.update(zip(ids, days, strict=True))
            group.repeat.update(compress(ids, repeated))
            continue
        for resident, day, again in zip(ids, days, repeated, strict=True):
            seen = residents.setdefault(resident, day)
            if again or seen != day:
                group.repeat.add(resident)
                residents[resident] = min(seen, day)
    for group, active, count in zip(*rows("staff_totals", "reached", "count"), strict=True):
        group.staff_totals = (active, count)
    for group, staff, count in zip(*rows("staff", "id", "count"), strict=True):
        group.staff[staff] = group.staff.get(staff, 0) + count
    for group, value, count, key_sum in zip(
        *rows("delay", "value", "count", "key_sum"), strict=True
    ):
        delays = group.delays
        delays[value] = delays.get(value, 0) + count
        group.delay_keys += key_sum or 0
    for group, value, count in zip(*rows("volunteer", "value", "count"), strict=True):
        volunteer = group.volunteer
        volunteer[value] = volunteer.get(value, 0) + count
    windows = data.filter(pc.equal(data.column("part"), "window"))
    for first, last in zip(
        windows.column("first").to_pylist() if "first" in names else [],
        windows.column("last").to_pylist() if "last" in names else [],
        strict=True,
    ):
        if first is not None:
            window = widen(window, (first.astimezone(_UTC), last.astimezone(_UTC)))
    made = {}
    for key in list(groups):  # each group dropped once built: its ids are not held twice
        group = groups.pop(key)
        if group.profiles:
            made[key] = EngagementAccumulator.from_counts(
                profiles=group.profiles,
                residents=group.residents,
                repeat=group.repeat,
                staff=group.staff,
                report_delays=group.delays,
                volunteer_minutes=group.volunteer,
                areas=group.areas,
                resident_totals=group.totals,
                staff_totals=group.staff_totals,
                profile_keys=group.keys,
                delay_keys=group.delay_keys,
                resident_keys=group.resident_keys,
            )
    return Counted(groups=made, window=window)
