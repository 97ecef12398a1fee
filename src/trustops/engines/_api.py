"""The one entry point: an engagement table from any source, by any engine."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import Final

from ..io import ReadCounts
from ..metrics import DAILY_BY, DailyStatistics, TablePlan, Window
from ..model import Area, Initiative
from ..privacy import PrivacyKey
from ..time import Granularity
from ._areas import to_areas
from ._base import Counting, Engine, EngineError, EngineResult, EngineStatistics
from ._files import is_path
from ._processes import ProcessesEngine
from ._reference import ReferenceEngine

__all__ = [
    "ENGINE_NAMES",
    "choose_engine",
    "daily_statistics",
    "empty_input",
    "engagement_table",
    "make_engine",
]

_PARALLEL_BYTES: Final = 32 << 20  # below this a JSONL file is read faster by one process
_SMALL_BYTES: Final = 8 << 20  # below this the reference engine starts and finishes first


def _duckdb(workers: int | None) -> Engine:
    from ._duckdb import DuckDBEngine

    return DuckDBEngine(threads=workers)


def _spark(_workers: int | None) -> Engine:
    from .spark import SparkEngine

    return SparkEngine()


_MAKERS: Final[dict[str, Callable[[int | None], Engine]]] = {
    "reference": lambda _workers: ReferenceEngine(),
    "processes": ProcessesEngine,
    "duckdb": _duckdb,
    "spark": _spark,
}

ENGINE_NAMES: Final = tuple(_MAKERS)
"""The engines :func:`engagement_table` knows by name (``"auto"`` chooses among them)."""


def make_engine(name: str, *, workers: int | None = None) -> Engine:
    """The engine called ``name``, with ``workers`` processes or threads where it has them.

    >>> from trustops.engines import Engine, make_engine
    >>> engine = make_engine("processes", workers=2)
    >>> engine.name, isinstance(engine, Engine)
    ('processes', True)
    """
    maker = _MAKERS.get(name)
    if maker is None:
        choices = ", ".join(map(repr, ("auto", *ENGINE_NAMES)))
        raise EngineError(f"unknown engine {name!r}; expected {choices} or an Engine")
    return maker(workers)


def _has_duckdb() -> bool:
    try:
        import duckdb  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def choose_engine(source: object) -> str:
    """The engine ``engine="auto"`` picks for ``source``.

    Python objects and readers: ``reference``. A Spark DataFrame: ``spark``. Arrow data
    (anything with ``__arrow_c_stream__``), Parquet files, folders and globs: ``duckdb``. A
    JSON Lines or CSV file under 8 MiB: ``reference``; a larger one: ``duckdb`` when it is
    installed, else (JSON Lines) ``processes`` from 32 MiB on with more than one CPU, else
    ``reference``. JSON files and gzip-compressed files (``.jsonl.gz``, ``.csv.gz``), which
    only the row reader can read: ``reference``.

    >>> from trustops.engines import choose_engine
    >>> choose_engine([])
    'reference'
    """
    if type(source).__module__.startswith("pyspark.sql"):
        return "spark"
    if hasattr(source, "__arrow_c_stream__"):
        return "duckdb"
    if not is_path(source):
        return "reference"
    name = os.fspath(source).lower()
    duckdb = _has_duckdb()
    if name.endswith((".jsonl", ".ndjson", ".csv")):
        path = os.fspath(source)
        size = os.path.getsize(path) if os.path.isfile(path) else 0
        if size < _SMALL_BYTES:
            return "reference"
        if duckdb:
            return "duckdb"
        parallel = size >= _PARALLEL_BYTES and (os.cpu_count() or 1) > 1
        return "processes" if parallel and not name.endswith(".csv") else "reference"
    if name.endswith((".json", ".gz")):  # a compressed file is read by the row reader anyway
        return "reference"
    return "duckdb"


def engagement_table(
    source: object,
    *,
    engine: str | Engine = "auto",
    by: Sequence[str] = ("area",),
    period: Granularity | str | None = None,
    areas: Iterable[Area] | object = (),
    initiatives: Iterable[Initiative] = (),
    window: Window | None = None,
    workers: int | None = None,
    privacy: PrivacyKey | None = None,
) -> EngineResult:
    """Every engagement metric per group, counted by ``engine`` from ``source``.

    ``source`` is what the engine reads: Python :class:`~trustops.model.Interaction`
    objects or a reader (``reference``), a JSON Lines file (``processes``, ``reference``,
    ``duckdb``), Parquet, JSONL or CSV files, folders and globs, or any object with the
    Arrow stream interface such as a pyarrow table or a polars or pandas DataFrame
    (``duckdb``). ``engine`` is a name of :data:`ENGINE_NAMES`, ``"auto"``
    (:func:`choose_engine`), or any :class:`Engine`. ``workers`` sets the processes or
    threads of engines that have them. The grouping arguments and ``window`` are those of
    :func:`trustops.metrics.engagement_table`; ``areas`` may also be a table of areas, for
    any engine: Arrow data (a pyarrow table, a polars or pandas DataFrame) or a Parquet file
    with the columns ``id`` (or ``area_id``), ``timezone`` (or ``time_zone``) and optionally
    ``name``, ``population`` and ``margins``, each row checked as an
    :class:`~trustops.model.Area` is.

    With ``privacy`` (a :class:`~trustops.privacy.PrivacyKey`) the engine also sums the
    record keys of what it counts, and every row carries its totals and cell keys, which
    published outputs perturb their counts with (METHODS §7).

    Every engine gives the same table on the same data, bit for bit; the rejects and counts
    of a file are those of :class:`~trustops.io.Reader`. A source the engine cannot read (see
    :meth:`Engine.accepts`) is an :class:`EngineError` naming the engines that can.

    >>> import pendulum
    >>> from trustops import Interaction
    >>> from trustops.engines import engagement_table
    >>> visits = [Interaction(id=f"i{n}", occurred_at=pendulum.datetime(2026, 3, n, tz="UTC"),
    ...                       area_id="docks", kind="conversation", initiator="staff",
    ...                       channel="phone", resident_id=f"r{n % 3}") for n in range(1, 10)]
    >>> found = engagement_table(visits, engine="reference")
    >>> found.engine, found.table.row(area="docks").metric("residents_reached").value
    ('reference', 3)
    """
    plan = TablePlan.make(
        by=by,
        period=period,
        areas=to_areas(areas),
        initiatives=initiatives,
        privacy=privacy,
    )
    counting, name = _counting(source, engine, plan, workers)
    table = plan.finish(counting.counted, plan.calendar(), window=window)
    return EngineResult(
        table=table,
        rejects=counting.rejects,
        counts=counting.counts,
        engine=name,
        workers=counting.workers,
    )


def daily_statistics(
    source: object,
    *,
    engine: str | Engine = "auto",
    areas: Iterable[Area] | object = (),
    initiatives: Iterable[Initiative] = (),
    workers: int | None = None,
    privacy: PrivacyKey | None = None,
) -> EngineStatistics:
    """The :class:`~trustops.metrics.DailyStatistics` of ``source``, counted by ``engine``:
    every interaction once per area, initiative and local day, resident ids kept, so that
    every window, period and grouping a trust index, report or effect panel needs is merged
    from them without reading the interactions again, and without holding them as Python
    objects (METHODS §6).

    ``source``, ``engine``, ``areas``, ``workers`` and ``privacy`` are those of
    :func:`engagement_table`; ``initiatives`` give the kinds that grouping by initiative
    kind needs. The ``reference``, ``processes`` and ``duckdb`` engines give the same
    statistics on the same data; the ``spark`` engine, which hands over distinct counts only,
    refuses (:class:`EngineError`).

    >>> import pendulum
    >>> from trustops import Area, Interaction
    >>> from trustops.engines import daily_statistics
    >>> docks = Area(id="docks", name="Docks", timezone="Europe/London", population=2_000)
    >>> talks = [Interaction(id=f"i{d}", occurred_at=pendulum.datetime(2026, 3, d, 12),
    ...                      area_id="docks", kind="conversation", initiator="staff",
    ...                      channel="phone", resident_id="r1") for d in (2, 20)]
    >>> found = daily_statistics(talks, engine="reference", areas=[docks])
    >>> found.engine, found.statistics.over("docks", pendulum.Date(2026, 3, 1),
    ...                                      pendulum.Date(2026, 3, 31))["residents_reached"].value
    ('reference', 1)
    """
    plan = TablePlan.make(
        by=DAILY_BY,
        period=Granularity.DAY,
        areas=to_areas(areas),
        initiatives=initiatives,
        privacy=privacy,
        keep_ids=True,
    )
    counting, name = _counting(source, engine, plan, workers)
    statistics = DailyStatistics.from_counted(
        counting.counted,
        areas=plan.areas.values(),
        initiatives=plan.initiatives.values(),
        privacy=privacy,
    )
    return EngineStatistics(
        statistics=statistics,
        rejects=counting.rejects,
        counts=counting.counts,
        engine=name,
        workers=counting.workers,
    )


def _counting(
    source: object, engine: str | Engine, plan: TablePlan, workers: int | None
) -> tuple[Counting, str]:
    """``source`` counted by ``engine`` (a name, ``"auto"`` or an engine) as ``plan`` says,
    and the engine's name; an unreadable or empty source is an :class:`EngineError`."""
    if isinstance(engine, str):
        chosen = make_engine(choose_engine(source) if engine == "auto" else engine, workers=workers)
    elif isinstance(engine, Engine):
        chosen = engine
    else:
        raise EngineError(f"expected an engine name or an Engine, got {engine!r:.80}")
    if not chosen.accepts(source):
        raise EngineError(_refusal(chosen.name, source))
    counting = chosen.count(source, plan)
    empty = None if counting.counts is None else empty_input(_describe(source), counting.counts)
    if empty is not None:
        raise EngineError(empty)
    return counting, chosen.name


def empty_input(name: str, counts: ReadCounts) -> str | None:
    """Why an input that ``counts`` describe is an error, if it holds no records (no line, no
    data row, or blank lines only), else ``None``. ``name`` is the input as a person knows it.
    Every engine and every ``trustops`` command refuses such an input with this message.

    >>> from trustops.engines import empty_input
    >>> from trustops.io import ReadCounts
    >>> empty_input("'log.jsonl'", ReadCounts(lines=2, blank=2))
    "'log.jsonl' holds no records (only 2 blank lines): an empty input is an error"
    >>> empty_input("'log.jsonl'", ReadCounts(lines=1, rejected=1)) is None
    True
    """
    if counts.lines != counts.blank:
        return None
    blank = (
        f" (only {counts.blank:,} blank line{'s' * (counts.blank != 1)})" if counts.blank else ""
    )
    return f"{name} holds no records{blank}: an empty input is an error"


def _describe(source: object) -> str:
    return repr(os.fspath(source)) if is_path(source) else f"the {type(source).__name__} given"


def _refusal(name: str, source: object) -> str:
    """Why the engine ``name`` does not count ``source``, and which engines would."""
    able = [
        other
        for other in ENGINE_NAMES
        if other != name
        and (other != "spark" or choose_engine(source) == "spark")  # Spark takes any path
        and make_engine(other).accepts(source)
    ]
    if not able:
        return (
            f"no engine reads {_describe(source)}: expected interactions, a reader, Arrow data, "
            "or the path of JSON Lines, JSON, CSV (each optionally .gz) or Parquet files, "
            "a folder of them or a glob"
        )
    choices = " or the ".join(able)
    return f"the {name} engine cannot read {_describe(source)}; the {choices} engine can"
