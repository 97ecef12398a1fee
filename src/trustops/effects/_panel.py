"""The area × period panel of METHODS §8: outcomes, initiative activity and exposure."""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import math
import numbers
import typing
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal, NamedTuple

import attrs

from .._errors import MissingExtraError
from ..metrics import DailyStatistics, daily_statistics
from ..model import (
    Dataset,
    Initiative,
    InitiativeKind,
    ProgrammeStatus,
    SessionStatus,
    SurveyInstrument,
)
from ..privacy import DEFAULT_POLICY, SmallCellPolicy
from ..scoring import DEFAULT_MODEL, ScoringModel, dataset_trust_index, survey_scores
from ..time import Granularity, Period, TimeError, local_date, period_of, to_granularity
from ._errors import EffectsError

__all__ = [
    "EVENTS",
    "METRIC_OUTCOMES",
    "PERIODS",
    "TRUST_INDEX",
    "Cohorts",
    "EffectPanel",
    "Event",
    "Exposure",
    "build_panel",
    "construct_outcome",
]

Event = Literal["start", "stop"]
EVENTS: Final[tuple[Event, ...]] = ("start", "stop")
"""Event types: the first period an initiative kind is active in an area (``start``), or the
first period after the last one ends (``stop``, e.g. withdrawn patrols)."""

PERIODS: Final = ("month", "quarter")
"""The period granularities a panel can be built on."""

TRUST_INDEX: Final = "trust_index"
"""The outcome name of the composite trust index (METHODS §6)."""

METRIC_OUTCOMES: Final = (
    "reports_per_1000_residents",
    "median_hours_to_report",
    "positive_share",
    "complaints_per_1000",
)
"""The engagement metrics a panel carries as outcomes (METHODS §3)."""


def construct_outcome(construct: str) -> str:
    """The outcome name of a survey construct's published ``mean_score``.

    >>> from trustops.effects import construct_outcome
    >>> construct_outcome("trust")
    'trust_mean_score'
    """
    return f"{construct}_mean_score"


@attrs.frozen(kw_only=True)
class Exposure:
    """Descriptive exposure of one area to one initiative kind in one period: sessions held,
    interactions linked to the kind's initiatives, and those per 1,000 residents (``None``
    without a population)."""

    area: str
    period: str
    kind: str
    active: bool
    sessions_held: int
    interactions: int
    interactions_per_1000: float | None

    def to_record(self) -> dict[str, object]:
        """A flat dictionary of the fields."""
        return attrs.asdict(self)


class Cohorts(NamedTuple):
    """The units of one kind and event type, as :meth:`EffectPanel.cohorts` finds them."""

    units: tuple[str, ...]
    """The areas taking part, in panel order."""
    cohorts: tuple[int | None, ...]
    """Each unit's event period (an index into the panel's periods), ``None`` if never."""
    dropped: tuple[str, ...]
    """Areas left out because their event is in the first period (no base period)."""
    not_applicable: tuple[str, ...]
    """For ``stop``: areas where the kind is not active in the first period (they take no part)."""


def _is_missing(value: object) -> bool:
    """None, NaN (float or numpy), pandas' ``NA`` and ``NaT``: a missing value in a frame."""
    if value is None:
        return True
    if isinstance(value, float | numbers.Real):
        return math.isnan(value)
    return type(value).__name__ in {"NAType", "NaTType"}


def _as_bool(value: object) -> bool | None:
    """A Python or numpy boolean as ``bool``; ``None`` for anything else."""
    if isinstance(value, bool):
        return value
    if getattr(getattr(value, "dtype", None), "kind", None) == "b":
        return bool(value)
    return None


def _values(values: object, where: str, periods: int) -> list[object]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise EffectsError(where, f"expected {periods} values, one per period, got {values!r}")
    found: list[object] = list(values)  # type: ignore[call-overload]
    if len(found) != periods:
        raise EffectsError(
            where, f"expected {periods} values, one per period, got {len(found)}: {values!r}"
        )
    return found


_LARGEST: Final = 1e12
"""The largest magnitude of a panel's value: squared and summed over every area and period,
as the influence functions and the sandwich variances do, it stays finite."""


def _tuple_of_floats(values: object, where: str, periods: int) -> tuple[float | None, ...]:
    """One value per period: a number (Python or numpy, any numeric dtype) from −10¹² to
    10¹², or missing (None, NaN, ``pd.NA``)."""
    found: list[float | None] = []
    for index, value in enumerate(_values(values, where, periods)):
        if _is_missing(value):
            found.append(None)
        elif (
            isinstance(value, bool)
            or _as_bool(value) is not None
            or not isinstance(value, numbers.Real)
            or not math.isfinite(value)
        ):
            raise EffectsError(
                f"{where}[{index}]", f"expected a finite number or a missing value, got {value!r}"
            )
        elif abs(float(value)) > _LARGEST:
            raise EffectsError(
                f"{where}[{index}]",
                f"expected a number from -10^12 to 10^12, got {value!r}: the estimates square "
                "and add such values, which would overflow; rescale it (in thousands, say)",
            )
        else:
            found.append(float(value))
    return tuple(found)


def _tuple_of_bools(values: object, where: str, periods: int) -> tuple[bool, ...]:
    found = []
    for index, value in enumerate(_values(values, where, periods)):
        flag = _as_bool(value)
        if flag is None:
            raise EffectsError(f"{where}[{index}]", f"expected True or False, got {value!r}")
        found.append(flag)
    return tuple(found)


def _check_order(periods: Sequence[str]) -> None:
    """Period labels that all name periods of one granularity must be consecutive, in order."""
    try:
        parsed = [Period.parse(label) for label in periods]
    except TimeError:
        return  # labels of the user's own (such as "P1", "P2"): taken in the order given
    if len({p.granularity for p in parsed}) > 1:
        raise EffectsError(
            "periods",
            f"expected periods of one length (all months, or all quarters, ...), got "
            f"{', '.join(periods)}",
        )
    for before, after in itertools.pairwise(parsed):
        if after != before.next():
            problem = "out of order" if after.start <= before.start else "not consecutive"
            raise EffectsError(
                "periods",
                f"expected consecutive periods in time order, but {after.label} follows "
                f"{before.label} ({problem}; the first gap or step back)",
            )


def _kind_of(value: object) -> str:
    """What ``value`` is, for messages: its type's name (``DataFrame``, ``NoneType``)."""
    return type(value).__name__


def _sequence(values: object, field: str, what: str) -> tuple[object, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise EffectsError(field, f"expected a sequence of {what}, got {_kind_of(values)}")
    return tuple(values)


def _labels(values: object, field: str) -> tuple[str, ...]:
    found = _sequence(values, field, "labels (text)")
    for value in found:
        if not isinstance(value, str) or not value:
            raise EffectsError(field, f"expected non-empty strings, got {found!r}")
    return typing.cast(tuple[str, ...], found)


def _periods(values: object) -> tuple[str, ...]:
    return _labels(values, "periods")


def _areas(values: object) -> tuple[str, ...]:
    return _labels(values, "areas")


def _notes(values: object) -> tuple[str, ...]:
    return _labels(values, "notes")


def _exposures(values: object) -> tuple[Exposure, ...]:
    found = _sequence(values, "exposure", "Exposure rows")
    for index, value in enumerate(found):
        if not isinstance(value, Exposure):
            raise EffectsError(f"exposure[{index}]", f"expected an Exposure, got {_kind_of(value)}")
    return typing.cast(tuple[Exposure, ...], found)


def _mapping(value: object, field: str, what: str) -> Mapping[object, object]:
    """``value`` when it is a mapping; else :class:`EffectsError` naming ``field``."""
    if not isinstance(value, Mapping):
        raise EffectsError(field, f"expected a mapping of {what}, got {_kind_of(value)}")
    return value


def _by_name(value: object, field: str, what: str) -> dict[str, Mapping[object, object]]:
    """A mapping of names (non-empty text) to mappings by area, checked."""
    found: dict[str, Mapping[object, object]] = {}
    for name, by_area in _mapping(value, field, f"names to {what}").items():
        if not isinstance(name, str) or not name:
            raise EffectsError(field, f"expected names as non-empty text, got {name!r}")
        found[name] = _mapping(by_area, f"{field}[{name!r}]", f"areas to {what}")
    return found


def _frame_columns(frame: object) -> dict[str, list[object]]:
    """A frame's columns as lists: a mapping of sequences as it is, Arrow data via pyarrow."""
    if isinstance(frame, Mapping):
        columns = {str(name): list(values) for name, values in frame.items()}
    elif hasattr(frame, "__arrow_c_stream__") or hasattr(frame, "to_dict"):
        try:
            import pyarrow
        except ImportError as error:
            raise MissingExtraError("a panel from a DataFrame", "arrow", "pyarrow") from error
        table = (
            pyarrow.table(frame)
            if hasattr(frame, "__arrow_c_stream__")
            else pyarrow.Table.from_pandas(frame, preserve_index=False)
        )
        columns = {name: table.column(name).to_pylist() for name in table.column_names}
    else:
        raise EffectsError(
            "frame",
            "expected a pandas or polars DataFrame, a pyarrow table or a mapping of columns, "
            f"got {type(frame).__name__}",
        )
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise EffectsError(
            "frame", f"expected columns of one length, got lengths {sorted(lengths)}"
        )
    if not columns or lengths == {0}:
        raise EffectsError("frame", "expected at least one row, got none")
    return columns


def _label(value: object, where: str) -> str:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, bool):
        raise EffectsError(where, f"expected a label (text), got {value!r}")
    if isinstance(value, numbers.Integral):
        return str(value)
    raise EffectsError(where, f"expected a label (text), got {value!r}")


def _ordered_periods(labels: Sequence[str]) -> list[str]:
    """The distinct labels: in time order when they name periods (no gap allowed), else as
    first seen."""
    distinct = list(dict.fromkeys(labels))
    try:
        parsed = sorted((Period.parse(label) for label in distinct), key=lambda p: p.start)
    except TimeError:
        return distinct
    ordered = [p.label for p in parsed]
    if set(ordered) != set(distinct):  # e.g. "2025-1-01"-like labels that reparse differently
        return distinct
    return ordered


@attrs.frozen(kw_only=True)
class EffectPanel:
    """Areas × periods with outcomes and initiative activity (METHODS §8).

    ``periods`` are labels in time order (consecutive periods, such as ``"2025-Q1"``,
    ``"2025-Q2"``); ``areas`` are area ids. ``outcomes[name][area]`` holds one value per
    period (``None`` when missing; an area absent from an outcome is missing throughout);
    ``active[kind][area]`` says in which periods an initiative of ``kind`` is active in the
    area (an area absent from a kind never has it). ``covariates[name][area]`` holds an area's
    time-invariant covariate (population, a baseline outcome, a deprivation score) for
    doubly robust estimates (``estimate_effect(covariates=...)``). ``exposure`` and ``notes``
    describe how the panel was built; :func:`build_panel` fills them, a panel built by hand may leave
    them empty. Values and covariates are numbers from −10¹² to 10¹² (larger ones would
    overflow the estimates' sums of squares; rescale them). Every argument is checked as the
    panel is made: a wrong type or shape is an :class:`EffectsError` naming it
    (``outcomes['calls']['north'][2]``). Build one by hand to estimate effects on your own
    outcome series:

    >>> from trustops.effects import EffectPanel
    >>> panel = EffectPanel(
    ...     periods=("2025-Q1", "2025-Q2", "2025-Q3"),
    ...     areas=("north", "south", "east", "west"),
    ...     outcomes={"calls": {"north": (10, 11, 15), "south": (8, 9, 14),
    ...                         "east": (12, 13, 14), "west": (7, 8, 9)}},
    ...     active={"educational_workshop": {"north": (False, False, True),
    ...                                      "south": (False, False, True)}})
    >>> panel.cohorts("educational_workshop", "start").cohorts
    (2, 2, None, None)
    """

    periods: tuple[str, ...] = attrs.field(converter=_periods)
    areas: tuple[str, ...] = attrs.field(converter=_areas)
    outcomes: Mapping[str, Mapping[str, tuple[float | None, ...]]] = attrs.field(hash=False)
    active: Mapping[str, Mapping[str, tuple[bool, ...]]] = attrs.field(factory=dict, hash=False)
    exposure: tuple[Exposure, ...] = attrs.field(default=(), converter=_exposures)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)
    covariates: Mapping[str, Mapping[str, float]] = attrs.field(factory=dict, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self.periods:
            raise EffectsError("periods", "expected at least one period, got none")
        for field, labels in (("periods", self.periods), ("areas", self.areas)):
            repeated = sorted(v for v, n in Counter(labels).items() if n > 1)
            if repeated:
                raise EffectsError(field, f"expected each once, got {', '.join(repeated)} twice")
        if not self.areas:
            raise EffectsError("areas", "expected at least one area, got none")
        _check_order(self.periods)
        known = set(self.areas)
        width = len(self.periods)
        outcomes: dict[str, dict[str, tuple[float | None, ...]]] = {}
        for name, series in _by_name(self.outcomes, "outcomes", "values per period").items():
            outcomes[name] = {}
            for area, values in series.items():
                if area not in known:
                    raise EffectsError(f"outcomes[{name!r}]", f"area {area!r} is not in areas")
                where = f"outcomes[{name!r}][{area!r}]"
                outcomes[name][area] = _tuple_of_floats(values, where, width)
        active: dict[str, dict[str, tuple[bool, ...]]] = {}
        for kind, by_area in _by_name(self.active, "active", "flags per period").items():
            active[str(kind)] = {}
            for area, flags in by_area.items():
                if area not in known:
                    raise EffectsError(f"active[{kind!r}]", f"area {area!r} is not in areas")
                active[str(kind)][area] = _tuple_of_bools(
                    flags, f"active[{kind!r}][{area!r}]", width
                )
        covariates: dict[str, dict[str, float]] = {}
        for name, given in _by_name(self.covariates, "covariates", "numbers").items():
            covariates[str(name)] = {}
            for area, value in given.items():
                where = f"covariates[{name!r}][{area!r}]"
                if area not in known:
                    raise EffectsError(f"covariates[{name!r}]", f"area {area!r} is not in areas")
                (number,) = _tuple_of_floats((value,), where, 1)
                if number is not None:
                    covariates[str(name)][area] = number
        object.__setattr__(self, "outcomes", outcomes)
        object.__setattr__(self, "active", active)
        object.__setattr__(self, "covariates", covariates)

    @classmethod
    def from_frame(
        cls,
        frame: object,
        *,
        area: str = "area",
        period: str = "period",
        outcomes: Sequence[str] | None = None,
        active: Mapping[str, str] | None = None,
        events: Mapping[str, str] | None = None,
        periods: Sequence[str] | None = None,
        covariates: Sequence[str] = (),
    ) -> EffectPanel:
        """A panel from a long table: one row per area and period.

        ``frame`` is a pandas or polars DataFrame, a pyarrow table (anything with
        ``__arrow_c_stream__``; needs the ``arrow`` extra), or a mapping of column names to
        equal-length sequences. ``area`` and ``period`` name the columns of area ids and period
        labels. ``outcomes`` names the outcome columns (default: every other column that is
        not an activity or event column); their values are numbers of any numeric type, with
        None, NaN, ``pd.NA`` and null as missing. The initiatives come either as ``active``,
        ``{kind: column}`` of booleans (is the kind active in the area in that period; a
        missing row or value is not active), or as ``events``, ``{kind: column}`` holding the
        label of the period the kind starts in the area (the same on each of the area's rows;
        missing for an area that never starts it), from which the activity follows.
        ``covariates`` names columns of time-invariant area covariates (the same on each of an
        area's rows).

        The periods are ``periods`` if given, else the labels found: labels such as
        ``2025-Q1`` or ``2025-03`` are put in time order and must leave no gap (the error names
        the first); labels of your own are taken in the order first seen. An area and period
        absent from the table is missing.

        >>> from trustops.effects import EffectPanel
        >>> panel = EffectPanel.from_frame(
        ...     {"area": ["n", "n", "s", "s", "e", "e"],
        ...      "period": ["2025-Q2", "2025-Q1"] * 3,
        ...      "calls": [11.0, 10.0, 9.0, 8.0, float("nan"), 12.0],
        ...      "workshop_from": ["2025-Q2", "2025-Q2", None, None, None, None]},
        ...     events={"educational_workshop": "workshop_from"})
        >>> panel.periods, panel.series("calls", "e")
        (('2025-Q1', '2025-Q2'), (12.0, None))
        >>> panel.active["educational_workshop"]["n"]
        (False, True)

        .. versionadded:: 0.1.0
        """
        columns = _frame_columns(frame)
        for role, name in (("area", area), ("period", period)):
            if name not in columns:
                raise EffectsError(
                    role, f"no column {name!r} in the frame; it has {', '.join(columns)}"
                )
        if active is not None and events is not None:
            raise EffectsError("events", "give the initiatives as active= or as events=, not both")
        kinds = dict(active or events or {})
        for kind, name in kinds.items():
            if name not in columns:
                raise EffectsError(
                    "events" if events is not None else "active",
                    f"no column {name!r} for {kind!r} in the frame",
                )
        labels = [_label(value, f"{period}[{row}]") for row, value in enumerate(columns[period])]
        names = [_label(value, f"{area}[{row}]") for row, value in enumerate(columns[area])]
        for name in covariates:
            if name not in columns:
                raise EffectsError("covariates", f"no column {name!r} in the frame")
        if outcomes is None:
            taken = {area, period, *kinds.values(), *covariates}
            outcomes = [name for name in columns if name not in taken]
        for name in outcomes:
            if name not in columns:
                raise EffectsError("outcomes", f"no column {name!r} in the frame")
        order = list(periods) if periods is not None else _ordered_periods(labels)
        position = {label: index for index, label in enumerate(order)}
        areas = list(dict.fromkeys(names))
        seen: dict[tuple[str, str], int] = {}
        for row, key in enumerate(zip(names, labels, strict=True)):
            if key[1] not in position:
                raise EffectsError(f"{period}[{row}]", f"period {key[1]!r} is not in periods")
            if key in seen:
                raise EffectsError(
                    "frame", f"rows {seen[key]} and {row} both hold area {key[0]!r}, {key[1]}"
                )
            seen[key] = row
        width = len(order)
        series: dict[str, dict[str, list[object]]] = {
            name: {a: [None] * width for a in areas} for name in outcomes
        }
        flags: dict[str, dict[str, list[object]]] = {
            kind: {a: [False] * width for a in areas} for kind in kinds
        }
        starts: dict[str, dict[str, str | None]] = {kind: {} for kind in kinds}
        fixed: dict[str, dict[str, object]] = {name: {} for name in covariates}
        for (name, label), row in seen.items():
            for covariate in covariates:
                value = columns[covariate][row]
                first = fixed[covariate].setdefault(name, value)
                if not (first == value or (_is_missing(first) and _is_missing(value))):
                    raise EffectsError(
                        f"{covariate}[{row}]",
                        f"a covariate is fixed per area, but {name!r} has {first!r} on one row "
                        f"and {value!r} on another",
                    )
            for outcome in outcomes:
                series[outcome][name][position[label]] = columns[outcome][row]
            for kind, column in kinds.items():
                value = columns[column][row]
                if events is None:
                    flags[kind][name][position[label]] = False if _is_missing(value) else value
                    continue
                start = None if _is_missing(value) else _label(value, f"{column}[{row}]")
                if starts[kind].setdefault(name, start) != start:
                    raise EffectsError(
                        f"{column}[{row}]",
                        f"area {name!r} starts {kind} in {starts[kind][name]} on one row and "
                        f"{start} on another",
                    )
        for kind, by_area in starts.items():
            for name, start in by_area.items():
                if start is None:
                    continue
                if start not in position:
                    raise EffectsError(
                        kinds[kind], f"{name!r} starts {kind} in {start!r}, not one of the periods"
                    )
                flags[kind][name] = [index >= position[start] for index in range(width)]
        return cls(
            periods=tuple(order),
            areas=tuple(areas),
            outcomes={
                name: {a: _tuple_of_floats(v, f"{name}[{a!r}]", width) for a, v in by.items()}
                for name, by in series.items()
            },
            active={
                kind: {a: _tuple_of_bools(v, f"{kinds[kind]}[{a!r}]", width) for a, v in by.items()}
                for kind, by in flags.items()
            },
            covariates=fixed,  # type: ignore[arg-type]  # checked as the panel is made
        )

    @property
    def outcome_names(self) -> tuple[str, ...]:
        """The outcomes the panel carries, in the order given."""
        return tuple(self.outcomes)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The initiative kinds the panel records activity for, in the order given."""
        return tuple(self.active)

    def series(self, outcome: str, area: str) -> tuple[float | None, ...]:
        """The values of ``outcome`` in ``area`` per period (all ``None`` when absent)."""
        if outcome not in self.outcomes:
            raise EffectsError(
                "outcome",
                f"unknown outcome {outcome!r}; the panel has "
                f"{', '.join(self.outcomes) or 'no outcomes'}",
            )
        return self.outcomes[outcome].get(area, (None,) * len(self.periods))

    def cohorts(self, kind: InitiativeKind | str, event: Event) -> Cohorts:
        """The units and their event periods for ``kind`` and ``event`` (METHODS §8).

        ``start``: an area's event is the first period its kind is active; areas active in the
        first period are dropped; areas never active are never treated. ``stop``: the units are
        the areas where the kind is active in the first period; the event is the period after
        the last active one; areas active in the last period never stop. An event after the
        last period counts as never treated.
        """
        if event not in EVENTS:
            raise EffectsError("event", f"expected one of {', '.join(EVENTS)}, got {event!r}")
        flags_of = self.active.get(str(kind), {})
        width = len(self.periods)
        units: list[str] = []
        cohorts: list[int | None] = []
        dropped: list[str] = []
        not_applicable: list[str] = []
        for area in self.areas:
            flags = flags_of.get(area, (False,) * width)
            on = [index for index, flag in enumerate(flags) if flag]
            if event == "start":
                if on and on[0] == 0:
                    dropped.append(area)
                    continue
                units.append(area)
                cohorts.append(on[0] if on else None)
            else:
                if not flags[0]:
                    not_applicable.append(area)
                    continue
                units.append(area)
                cohorts.append(on[-1] + 1 if on[-1] + 1 < width else None)
        return Cohorts(tuple(units), tuple(cohorts), tuple(dropped), tuple(not_applicable))

    def to_records(self) -> list[dict[str, object]]:
        """One row per area and period: the outcomes, then ``active_<kind>`` flags."""
        rows: list[dict[str, object]] = []
        for area in self.areas:
            for index, period in enumerate(self.periods):
                row: dict[str, object] = {"area": area, "period": period}
                for name in self.outcomes:
                    row[name] = self.series(name, area)[index]
                for kind, by_area in self.active.items():
                    row[f"active_{kind}"] = by_area.get(area, (False,) * len(self.periods))[index]
                rows.append(row)
        return rows


def _periods_between(first: Period, last: Period) -> list[Period]:
    found = [first]
    while found[-1] < last:
        found.append(found[-1].next())
    return found


_PERIODS_PER_YEAR: Final = {"month": 12, "quarter": 4}


def _span(
    counts: Mapping[Period, int], granularity: Granularity
) -> tuple[list[Period], str | None]:
    """The panel's periods: the stretch of the periods holding records (``counts``: how many
    each holds) with the most records, where more than a year without any record splits the
    data, and a note on the records left out (``None`` when none is)."""
    ordered = sorted(counts, key=lambda period: period.start)
    most_apart = _PERIODS_PER_YEAR[granularity.value] + 1
    stretches: list[list[Period]] = [[ordered[0]]]
    for before, after in itertools.pairwise(ordered):
        if len(_periods_between(before, after)) - 1 > most_apart:
            stretches.append([])
        stretches[-1].append(after)
    chosen = max(stretches, key=lambda stretch: sum(counts[p] for p in stretch))
    periods = _periods_between(chosen[0], chosen[-1])
    left_out = [p for stretch in stretches if stretch is not chosen for p in stretch]
    if not left_out:
        return periods, None
    records = sum(counts[p] for p in left_out)
    shown = ", ".join(p.label for p in left_out[:5]) + (", ..." if len(left_out) > 5 else "")
    return periods, (
        f"{records:,} record(s) in {shown} lie more than a year from the rest of the data, so "
        f"they are left out of the panel ({periods[0].label} to {periods[-1].label})"
    )


def _window(
    initiative: Initiative, held: Sequence[object]
) -> tuple[object | None, object | None] | None:
    """The local dates an initiative runs (``None`` for an open end), or ``None`` when it never
    runs: a cancelled initiative without an end, or one without a start and no held session."""
    if initiative.status is ProgrammeStatus.CANCELLED and initiative.end is None:
        return None
    start: object | None = initiative.start
    if start is None:
        if not held:
            return None
        start = min(held)  # type: ignore[type-var]
    return start, initiative.end


def _activity(
    dataset: Dataset, periods: Sequence[Period]
) -> tuple[dict[str, dict[str, list[bool]]], list[str]]:
    zones = {area.id: area.timezone for area in dataset.areas}
    initiatives = {i.id: i for i in dataset.initiatives}
    held: dict[str, list[object]] = {}
    for session in dataset.sessions:
        initiative = initiatives.get(session.initiative_id)
        if session.status is SessionStatus.HELD and initiative is not None:
            held.setdefault(session.initiative_id, []).append(
                local_date(session.start, zones.get(initiative.area_id, "UTC"))
            )
    active: dict[str, dict[str, list[bool]]] = {}
    notes: list[str] = []
    for initiative in sorted(dataset.initiatives, key=lambda i: i.id):
        if initiative.area_id not in zones:
            continue
        window = _window(initiative, held.get(initiative.id, ()))
        if window is None:
            notes.append(
                f"initiative {initiative.id!r} never runs (cancelled, or no start and no "
                "session held), so it makes no event"
            )
            continue
        start, end = window
        flags = active.setdefault(initiative.kind.value, {}).setdefault(
            initiative.area_id, [False] * len(periods)
        )
        for index, period in enumerate(periods):
            if start <= period.end and (end is None or end >= period.start):  # type: ignore[operator]
                flags[index] = True
    return active, notes


@functools.cache
def _period_of_day(day: int, granularity: Granularity) -> Period:
    """The period holding the local day ``day`` (a date ordinal), found once per day."""
    return Period.containing(_dt.date.fromordinal(day), granularity)


def _exposure(
    dataset: Dataset,
    daily: DailyStatistics,
    granularity: Granularity,
    labels: Sequence[str],
    active: Mapping[str, Mapping[str, tuple[bool, ...]]],
) -> tuple[Exposure, ...]:
    zones = {area.id: area.timezone for area in dataset.areas}
    populations = {area.id: area.population for area in dataset.areas}
    initiatives = {i.id: i for i in dataset.initiatives}
    sessions: Counter[tuple[str, str, str]] = Counter()
    for session in dataset.sessions:
        initiative = initiatives.get(session.initiative_id)
        if session.status is SessionStatus.HELD and initiative and initiative.area_id in zones:
            label = period_of(session.start, zones[initiative.area_id], granularity).label
            sessions[initiative.area_id, label, initiative.kind.value] += 1
    linked: Counter[tuple[str, str, str]] = Counter()
    for (area, initiative_id), days in daily.days.items():
        initiative = initiatives.get(initiative_id or "")
        if initiative is not None and area in zones:
            for day, counted in days.items():
                label = _period_of_day(day, granularity).label
                linked[area, label, initiative.kind.value] += counted.interactions
    rows = []
    for kind, by_area in active.items():
        for area, flags in by_area.items():
            for index, label in enumerate(labels):
                count = linked[area, label, kind]
                population = populations.get(area)
                rows.append(
                    Exposure(
                        area=area,
                        period=label,
                        kind=kind,
                        active=bool(flags[index]),
                        sessions_held=sessions[area, label, kind],
                        interactions=count,
                        interactions_per_1000=(count / population * 1000 if population else None),
                    )
                )
    rows.sort(key=lambda row: (row.area, labels.index(row.period), row.kind))
    return tuple(rows)


def _instrument(dataset: Dataset, instrument: str | None) -> SurveyInstrument | None:
    if instrument is not None:
        for candidate in dataset.instruments:
            if candidate.id == instrument:
                return candidate
        known = ", ".join(i.id for i in dataset.instruments) or "none"
        raise EffectsError("instrument", f"no instrument {instrument!r} in the dataset ({known})")
    if len(dataset.instruments) > 1:
        raise EffectsError(
            "instrument",
            f"the dataset has {len(dataset.instruments)} survey instruments; name one of "
            f"{', '.join(i.id for i in dataset.instruments)}",
        )
    return dataset.instruments[0] if dataset.instruments else None


def build_panel(
    dataset: Dataset,
    *,
    period: Granularity | str = "quarter",
    instrument: str | None = None,
    model: ScoringModel = DEFAULT_MODEL,
    policy: SmallCellPolicy = DEFAULT_POLICY,
    daily: DailyStatistics | None = None,
) -> EffectPanel:
    """The area × period panel of ``dataset`` (METHODS §8), in each area's local calendar.

    Periods run from the earliest to the latest period holding an interaction or a survey
    response (``period`` is ``"month"`` or ``"quarter"``), except that more than a year
    without any record splits the data into stretches: the panel covers the stretch holding
    the most records, and a note says which records were left out (a stray survey response
    from 1970 does not stretch the panel back decades of empty periods, in which no effect
    could be estimated). Outcomes per area and period:

    - ``trust_index``: the composite index of ``model`` (METHODS §6; ``None`` when withheld);
    - ``<construct>_mean_score`` for each construct of the survey instrument: the published
      ``mean_score`` (default raked weighting; ``policy``, by default the small-cell policy,
      makes it ``None`` below 10 respondents);
    - the engagement metrics of :data:`~trustops.effects.METRIC_OUTCOMES` (``None`` for a zero denominator).

    ``active`` marks the periods in which each initiative kind runs in each area: an
    initiative runs from its start (or its first held session) to its end (open when it has
    none); a cancelled initiative without an end never runs. ``exposure`` counts, per area,
    period and kind, sessions held and interactions linked to the kind's initiatives, with
    interactions per 1,000 residents. ``instrument`` names the survey instrument when the
    dataset has several.

    Every engagement figure (the periods holding interactions, the metric outcomes, the
    index's metric components, exposure) is merged from ``daily``, the interactions counted
    once per area, initiative and local day (:func:`~trustops.metrics.daily_statistics` of
    the dataset's interactions by default). To build the panel of interactions held in
    Parquet files or Arrow data without reading them as objects, pass the statistics an
    engine counted (:func:`trustops.engines.daily_statistics`) with a dataset holding the
    areas, initiatives, sessions and survey records; each interaction id counts once.

    >>> from trustops.effects import build_panel
    >>> from trustops.sample import generate
    >>> panel = build_panel(generate(scale=0.2), period="quarter")
    >>> panel.periods, "trust_index" in panel.outcomes
    (('2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'), True)
    """
    try:
        granularity = to_granularity(period)
    except ValueError as error:
        raise EffectsError("period", f"expected month or quarter, got {period!r}") from error
    if granularity.value not in PERIODS:
        raise EffectsError("period", f"expected month or quarter, got {granularity.value!r}")
    if not dataset.areas:
        raise EffectsError("dataset", "expected areas to build a panel on, got none")
    zones = {area.id: area.timezone for area in dataset.areas}
    if daily is None:
        daily = daily_statistics(
            dataset.interactions, areas=dataset.areas, initiatives=dataset.initiatives
        )
    elif not isinstance(daily, DailyStatistics):
        raise EffectsError(
            "daily", f"expected trustops.metrics.DailyStatistics, got {type(daily).__name__}"
        )
    else:  # the panel's outcomes are unperturbed
        daily = daily.without_privacy()
    seen: Counter[Period] = Counter()
    for (area_id, _), days in daily.days.items():
        if area_id in zones:
            for day, counted in days.items():
                seen[_period_of_day(day, granularity)] += counted.interactions
    seen.update(
        period_of(record.collected_at, zones[record.area_id], granularity)
        for record in dataset.responses
        if record.area_id in zones
    )
    if not seen:
        raise EffectsError(
            "dataset", "expected interactions or survey responses in its areas, got none"
        )
    periods, left_out = _span(seen, granularity)
    labels = [p.label for p in periods]
    position = {label: index for index, label in enumerate(labels)}
    area_ids = [area.id for area in dataset.areas]

    def empty() -> dict[str, list[float | None]]:
        return {area: [None] * len(labels) for area in area_ids}

    outcomes: dict[str, dict[str, list[float | None]]] = {}
    chosen = _instrument(dataset, instrument)
    notes: list[str] = [] if left_out is None else [left_out]
    index_table = dataset_trust_index(
        dataset, model=model, period=granularity, instrument=chosen, daily=daily
    )
    outcomes[TRUST_INDEX] = empty()
    for result in index_table:
        if result.period is not None and result.period.label in position and result.area in zones:
            outcomes[TRUST_INDEX][result.area][position[result.period.label]] = result.index
    if chosen is None:
        notes.append("no survey instrument, so no survey outcomes")
    else:
        scores = survey_scores(
            chosen,
            dataset.responses,
            areas=dataset.areas,
            by=("area",),
            period=granularity,
            policy=policy,
        )
        for construct in chosen.constructs:
            outcomes[construct_outcome(construct)] = empty()
        for row in scores:
            area = row.keys.get("area")
            if row.period is None or area not in zones or row.period.label not in position:
                continue
            value = None if row.mean_score is None else row.mean_score.value
            outcomes[construct_outcome(row.construct)][area][position[row.period.label]] = value
    table = daily.table(granularity)
    for name in METRIC_OUTCOMES:
        outcomes[name] = empty()
    for metric_row in table:
        area = metric_row.keys.get("area")
        label = None if metric_row.period is None else metric_row.period.label
        if area in zones and label in position:
            for name in METRIC_OUTCOMES:
                outcomes[name][area][position[label]] = metric_row.metric(name).value
    active, activity_notes = _activity(dataset, periods)
    ordered_active: dict[str, Mapping[str, tuple[bool, ...]]] = {
        kind.value: {area: tuple(flags) for area, flags in active[kind.value].items()}
        for kind in InitiativeKind
        if kind.value in active
    }
    return EffectPanel(
        periods=labels,
        areas=area_ids,
        outcomes={
            name: {a: tuple(v) for a, v in series.items()} for name, series in outcomes.items()
        },
        active=ordered_active,
        exposure=_exposure(dataset, daily, granularity, labels, ordered_active),
        notes=(*notes, *activity_notes),
    )
