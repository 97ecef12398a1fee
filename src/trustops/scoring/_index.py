"""The composite trust index: components combined per area and period, with an explanation."""

from __future__ import annotations

import datetime as _dt
import math
import weakref
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import Final, NamedTuple

import attrs
import pendulum

from ..metrics import (
    METRICS,
    DailyStatistics,
    EngagementRow,
    Tabular,
    daily_statistics,
    records_to_columns,
)
from ..model import Area, Interaction, SurveyInstrument, SurveyResponse
from ..privacy import NO_SUPPRESSION, Cell, CellStatus, PrivacyKey, SmallCellPolicy, publish
from ..stats import Interval, normal_interval, se_from_interval, shrink_proportions
from ..time import Granularity, LocalCalendar, Period, local_date, to_granularity
from ._defaults import DEFAULT_MODEL
from ._errors import ScoringError, ScoringTypeError
from ._flags import Flag, flag_tuple
from ._model import (
    DAYS_PER_YEAR,
    SHARE_METRICS,
    Component,
    IndexWindow,
    ScoringModel,
    Source,
)
from ._publish import published_metric
from ._survey import (
    ConstructScore,
    ScoreEstimate,
    Weighting,
    suppress_construct_score,
    survey_scores,
)

__all__ = [
    "ComponentExplanation",
    "ComponentInput",
    "TrustIndexResult",
    "TrustIndexTable",
    "combine_components",
    "index_from_days",
    "programme_index",
    "programme_indexes",
    "suppress_index_result",
    "trust_index",
]

_TOLERANCE: Final = 1e-12
_RESULT_FLAGS: Final = frozenset({Flag.CAUTION, Flag.INSUFFICIENT, Flag.SHRUNK})


class ComponentInput(NamedTuple):
    """The raw value of one component for one area and period, as
    :func:`combine_components` takes it.

    ``value`` is on the source's own scale (``None`` when there is no data; ``reason`` may say
    why), ``n`` is its denominator for the small-cell policy (``None``: not subject to it, as
    for counts), ``interval`` its 95% interval on the same scale (``None``: treated as exact),
    ``shrunk`` marks an empirical-Bayes estimate, and ``window`` is the window of local days
    the value was measured over (a rate metric's annual target is scaled to its length;
    ``None``: the model's window of the period, or a year without a period). ``people`` is
    the count of people or reports a rate per 1,000 is made from: the policy withholds the
    component by it rather than by ``n`` (METHODS §6, §7); ``withheld`` marks a value the
    small-cell policy withheld already (published from perturbed counts).
    """

    value: float | None
    n: float | None = None
    interval: Interval | None = None
    shrunk: bool = False
    reason: str | None = None
    window: IndexWindow | None = None
    people: float | None = None
    withheld: bool = False


@attrs.frozen(kw_only=True)
class ComponentExplanation:
    """How one component entered an index.

    ``raw`` and ``raw_interval`` are on the source's scale (withheld ones are ``None``),
    ``normalised``, ``interval`` and ``se`` on the 0–100 scale after normalisation and
    direction. ``contribution = weight · normalised / Σ weight of available components``,
    so the contributions add up to the index; it is ``None`` when the component is
    unavailable or the index is withheld. ``available`` is false when there was no data or
    the small-cell policy withheld it (``reason`` says which); ``flags`` may hold
    ``caution``, ``insufficient``, ``shrunk`` and ``capped`` (the raw value lies beyond the
    target, so the score is capped at 100). ``window`` is the window of local days the raw
    value was measured over (its first and last days and its length, :attr:`window_days`)
    and ``target`` the target it was held against, scaled to that window for a rate metric
    (``None`` when not applicable).
    """

    name: str
    source: Source
    measure: str
    weight: float
    available: bool
    raw: float | None = None
    raw_interval: Interval | None = None
    normalised: float | None = None
    interval: Interval | None = None
    se: float | None = None
    contribution: float | None = None
    n: float | None = None
    flags: tuple[str, ...] = ()
    reason: str | None = None
    window: IndexWindow | None = None
    target: float | None = None

    @property
    def window_days(self) -> int | None:
        """The length of :attr:`window` in days (``None`` without a window)."""
        return None if self.window is None else self.window.days

    def window_fields(self) -> dict[str, object]:
        """``window_days``, ``window_start`` and ``window_end`` (ISO dates), as records
        give them."""
        window = self.window
        return {
            "window_days": None if window is None else window.days,
            "window_start": None if window is None else window.first.isoformat(),
            "window_end": None if window is None else window.last.isoformat(),
        }


@attrs.frozen(kw_only=True)
class TrustIndexResult:
    """The trust index of one area and period, with everything needed to check it.

    ``index`` (0–100) is ``None`` when withheld, and ``withheld`` then gives the reason.
    ``se`` and ``interval`` (95%) come from the components' normalised-scale standard errors,
    combined as independent: ``se = √Σ(wᶜ/W)²·seᶜ²``. ``coverage`` is the available share of
    the model's total weight. ``flags``: ``caution`` / ``insufficient`` / ``shrunk`` /
    ``capped`` when any component has them, ``partial`` when coverage is below 1 (some
    component is missing, so compare with care), ``low_coverage`` when the index is withheld
    for coverage.
    ``components`` explains every component of ``model`` in model order.
    """

    area: str
    period: Period | None
    index: float | None
    se: float | None
    interval: Interval | None
    coverage: float
    withheld: str | None
    flags: tuple[str, ...]
    components: tuple[ComponentExplanation, ...]
    model: ScoringModel = attrs.field(repr=False)

    @property
    def model_name(self) -> str:
        """Name of the scoring model that made this result."""
        return self.model.name

    @property
    def model_version(self) -> str:
        """Version of the scoring model that made this result."""
        return self.model.version

    @property
    def model_fingerprint(self) -> str:
        """SHA-256 fingerprint of the scoring model that made this result."""
        return self.model.fingerprint

    def component(self, name: str) -> ComponentExplanation:
        """The explanation of the component called ``name``; :class:`KeyError` if none."""
        for explanation in self.components:
            if explanation.name == name:
                return explanation
        raise KeyError(name)

    def _figures(self) -> dict[str, object]:
        return {
            "area": self.area,
            "period": None if self.period is None else self.period.label,
            "index": self.index,
            "se": self.se,
            "low": None if self.interval is None else self.interval.low,
            "high": None if self.interval is None else self.interval.high,
            "coverage": self.coverage,
            "withheld": self.withheld,
        }

    def to_record(self) -> dict[str, object]:
        """A flat dictionary: area, period, index with se and interval, coverage, flags,
        the model's name/version/fingerprint, and per component ``<name>.raw``,
        ``<name>.normalised``, ``<name>.contribution`` and its window (``<name>.window_days``,
        ``<name>.window_start``, ``<name>.window_end``)."""
        record: dict[str, object] = {
            **self._figures(),
            "flags": ";".join(self.flags),
            "model": self.model_name,
            "model_version": self.model_version,
            "model_fingerprint": self.model_fingerprint,
        }
        for part in self.components:
            record[f"{part.name}.raw"] = part.raw
            record[f"{part.name}.normalised"] = part.normalised
            record[f"{part.name}.contribution"] = part.contribution
            for key, value in part.window_fields().items():
                record[f"{part.name}.{key}"] = value
        return record

    def to_dict(self) -> dict[str, object]:
        """Plain data (JSON types) with every component's explanation nested: area, period,
        index, se, low, high, coverage, withheld, flags and ``components`` (name, source,
        measure, weight, available, raw, normalised, low, high, contribution, n, flags,
        reason, window_days, window_start, window_end, target). :meth:`to_record` is the flat
        form for tables."""
        return {
            **self._figures(),
            "flags": list(self.flags),
            "components": [
                {
                    "name": part.name,
                    "source": str(part.source),
                    "measure": part.measure,
                    "weight": part.weight,
                    "available": part.available,
                    "raw": part.raw,
                    "normalised": part.normalised,
                    "low": None if part.interval is None else part.interval.low,
                    "high": None if part.interval is None else part.interval.high,
                    "contribution": part.contribution,
                    "n": part.n,
                    "flags": list(part.flags),
                    "reason": part.reason,
                    **part.window_fields(),
                    "target": part.target,
                }
                for part in self.components
            ],
        }

    def explain(self) -> str:
        """A plain-text table of the index and its components, for people to read, with the
        window they were measured over (one line when they share it, else in each
        component's notes)."""
        where = self.area if self.period is None else f"{self.area}, {self.period.label}"
        if self.index is None or self.interval is None:
            headline = f"Trust index for {where}: withheld ({self.withheld})"
        else:
            low, high = self.interval
            headline = (
                f"Trust index for {where}: {self.index:.1f} "
                f"(95% interval {low:.1f} to {high:.1f}), coverage {self.coverage:.2f}"
            )
        lines = [
            headline,
            f"Model {self.model_name} {self.model_version} "
            f"(sha256 {self.model_fingerprint[:12]}...)",
        ]
        windows = {part.window for part in self.components}
        shared = len(windows) == 1
        (window,) = windows if shared else (None,)
        if window is not None:
            lines.append(f"Measured over {_window_text(window)}")
        lines.append(
            f"{'component':<24}{'raw':>10}{'score':>8}{'weight':>8}{'contrib.':>10}{'n':>8}  notes"
        )
        for part in self.components:
            own = [] if shared or part.window is None else [_window_text(part.window)]
            notes = ", ".join((*part.flags, *([part.reason] if part.reason else []), *own))
            lines.append(
                f"{part.name:<24}{_fmt(part.raw, 10, 3)}{_fmt(part.normalised, 8, 1)}"
                f"{part.weight:>8.2f}{_fmt(part.contribution, 10, 2)}{_fmt(part.n, 8, 0)}"
                f"  {notes}".rstrip()
            )
        return "\n".join(lines)


def _window_text(window: IndexWindow) -> str:
    return f"{window.first.isoformat()} to {window.last.isoformat()} ({window.days} days)"


def _fmt(value: float | None, width: int, places: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{places}f}"


@attrs.frozen(kw_only=True)
class TrustIndexTable(Tabular):
    """The results of :func:`trust_index`, one per area and period, ordered by both."""

    model: ScoringModel = attrs.field(repr=False)
    period: Granularity | None
    results: tuple[TrustIndexResult, ...]

    def __iter__(self) -> Iterator[TrustIndexResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def result(self, area: str, period: Period | str | None = None) -> TrustIndexResult:
        """The result for ``area`` (and ``period``, a :class:`~trustops.time.Period` or its
        label; required when the table is grouped by period); :class:`KeyError` if none."""
        label = None if period is None else str(period)
        for result in self.results:
            label_of = None if result.period is None else result.period.label
            if result.area == area and label_of == label:
                return result
        raise KeyError(f"no result for area {area!r} and period {label!r}")

    def to_records(self) -> list[dict[str, object]]:
        """Every result as :meth:`TrustIndexResult.to_record`."""
        return [result.to_record() for result in self.results]

    def columns(self) -> dict[str, list[object]]:
        """The rows of :meth:`to_records` as columns, with ``status`` (``ok`` or
        ``withheld``) and ``reason``; the form of ``__arrow_c_stream__`` and
        :class:`~trustops.metrics.Tabular`'s outputs."""
        return records_to_columns(self.to_records())


def _unavailable(
    component: Component,
    n: float | None,
    reason: str,
    flags: tuple[str, ...] = (),
    window: IndexWindow | None = None,
) -> ComponentExplanation:
    return ComponentExplanation(
        name=component.name,
        source=component.source,
        measure=component.measure,
        weight=component.weight,
        available=False,
        n=n,
        flags=flag_tuple(flags),
        reason=reason,
        window=window,
        target=component.target_for(DAYS_PER_YEAR if window is None else window.days),
    )


def _explain(
    component: Component,
    given: ComponentInput | None,
    policy: SmallCellPolicy,
    default: IndexWindow | None,
) -> ComponentExplanation:
    window = default if given is None or given.window is None else given.window
    if given is not None and given.withheld:
        reason = given.reason or "withheld"
        return _unavailable(component, None, reason, (Flag.INSUFFICIENT,), window)
    if given is None or given.value is None:
        reason = "no data" if given is None or given.reason is None else given.reason
        return _unavailable(component, None if given is None else given.n, reason, window=window)
    value = given.value
    if not math.isfinite(value):
        raise ScoringError(f"component {component.name!r}: expected a finite value, got {value!r}")
    flags: set[str] = {Flag.SHRUNK} if given.shrunk else set()
    cell = publish(Cell(value=value, n=given.n), policy, people=given.people)
    if cell.status is CellStatus.INSUFFICIENT:
        return _unavailable(
            component, None, cell.reason or "withheld", (Flag.INSUFFICIENT,), window
        )
    if cell.status is CellStatus.CAUTION:
        flags.add(Flag.CAUTION)
    length = DAYS_PER_YEAR if window is None else window.days
    normalised = component.normalise(value, days=length)
    if component.is_capped(value, days=length):
        flags.add(Flag.CAPPED)
    interval: Interval | None = None
    se = 0.0
    if given.interval is not None:
        ends = sorted(component.normalise(end, days=length) for end in given.interval)
        interval = Interval(ends[0], ends[1])
        se = se_from_interval(interval)
    return ComponentExplanation(
        name=component.name,
        source=component.source,
        measure=component.measure,
        weight=component.weight,
        available=True,
        raw=value,
        raw_interval=given.interval,
        normalised=normalised,
        interval=interval,
        se=se,
        n=given.n,
        flags=flag_tuple(flags),
        window=window,
        target=component.target_for(length),
    )


def _assemble(
    model: ScoringModel,
    area: str,
    period: Period | None,
    parts: list[ComponentExplanation],
) -> TrustIndexResult:
    available = [part for part in parts if part.available]
    weight = math.fsum(part.weight for part in available)
    coverage = weight / model.total_weight
    flags = {flag for part in parts for flag in part.flags if flag in _RESULT_FLAGS}
    if coverage < 1.0 - _TOLERANCE:
        flags.add(Flag.PARTIAL)
    if not available or coverage < model.coverage_threshold - _TOLERANCE:
        missing = "; ".join(f"{p.name}: {p.reason}" for p in parts if not p.available)
        return TrustIndexResult(
            area=area,
            period=period,
            index=None,
            se=None,
            interval=None,
            coverage=coverage,
            withheld=(
                f"coverage {coverage:.2f} is below the model's threshold "
                f"{model.coverage_threshold:g} ({missing})"
            ),
            flags=flag_tuple({*flags, Flag.LOW_COVERAGE}),
            components=tuple(attrs.evolve(part, contribution=None) for part in parts),
            model=model,
        )
    explained: list[ComponentExplanation] = []
    variance: list[float] = []
    for part in parts:
        if part.available:
            assert part.normalised is not None  # set on every available component
            assert part.se is not None
            share = part.weight / weight
            explained.append(attrs.evolve(part, contribution=share * part.normalised))
            variance.append((share * part.se) ** 2)
        else:
            explained.append(part)
    index = min(max(math.fsum(p.contribution or 0.0 for p in explained), 0.0), 100.0)
    se = math.sqrt(math.fsum(variance))
    low, high = normal_interval(index, se)
    return TrustIndexResult(
        area=area,
        period=period,
        index=index,
        se=se,
        interval=Interval(max(low, 0.0), min(high, 100.0)),
        coverage=coverage,
        withheld=None,
        flags=flag_tuple(flags),
        components=tuple(explained),
        model=model,
    )


def combine_components(
    model: ScoringModel,
    inputs: Mapping[str, ComponentInput],
    *,
    area: str,
    period: Period | None = None,
    policy: SmallCellPolicy | None = None,
) -> TrustIndexResult:
    """Combine raw component values into the index of one area and period (METHODS §6).

    Each component of ``model`` takes ``inputs[component.name]`` (missing: no data). A
    component is *unavailable* without a value, or when ``policy`` (default: the model's
    ``suppression``) classifies its ``n`` as insufficient. Each available value is put on
    0–100 by :meth:`Component.normalise` (identity, share × 100 or value/target capped at
    100; ``100 −`` that for a negative direction), and with ``W`` the available weight::

        contribution_c = w_c · s_c / W          index = Σ contribution_c   (0–100)
        coverage = W / Σ all weights            se = √Σ (w_c/W)² · se_c²

    where ``se_c`` is half the width of the component's normalised 95% interval divided by
    1.96 (0 without an interval), the components being treated as independent; the index
    interval is ``index ± 1.96·se`` clipped to [0, 100]. A rate metric's annual target is
    scaled to the length of the input's ``window``, by default the model's window of
    ``period`` (:meth:`ScoringModel.window`: the trailing ``window_days`` or the whole
    period, whichever is longer; a year without a period).
    Coverage below 1 is flagged ``partial``; below the coverage threshold the index is
    withheld (``None``, flag ``low_coverage``). The same inputs and model always
    give the same result; raising a positive component never lowers the index.

    >>> from trustops.scoring import DEFAULT_MODEL, ComponentInput, combine_components
    >>> from trustops.time import Period
    >>> result = combine_components(DEFAULT_MODEL, {
    ...     "perceived_trust": ComponentInput(64.0, n=120),
    ...     "reach": ComponentInput(80.0, n=12_400),  # 80 in the 91 days to 31 March
    ...     "interaction_quality": ComponentInput(0.7, n=300),
    ... }, area="riverside", period=Period.parse("2026-03"))
    >>> round(result.index, 4), result.coverage, result.flags
    (68.7732, 0.7, ('partial',))
    >>> [round(c.contribution, 4) for c in result.components if c.available]
    [36.5714, 17.2017, 15.0]
    >>> result.component("reach").window
    IndexWindow(first=Date(2025, 12, 31), last=Date(2026, 3, 31), days=91)
    """
    _check_inputs(model, inputs, area)
    chosen = model.suppression if policy is None else policy
    window = None if period is None else model.window(period)
    parts = [_explain(c, inputs.get(c.name), chosen, window) for c in model.components]
    return _assemble(model, area, period, parts)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_inputs(model: object, inputs: object, area: object) -> None:
    """Raise :class:`ScoringTypeError` / :class:`ScoringError` naming the bad argument."""
    if not isinstance(model, ScoringModel):
        raise ScoringTypeError(f"model: expected a ScoringModel, got {type(model).__name__}")
    if not isinstance(inputs, Mapping):
        raise ScoringTypeError(
            "inputs: expected a mapping of component name to ComponentInput, "
            f"got {type(inputs).__name__}"
        )
    if not isinstance(area, str):
        raise ScoringTypeError(f"area: expected the area id as text, got {type(area).__name__}")
    for name, given in inputs.items():
        where = f"inputs[{name!r}]"
        if not isinstance(given, ComponentInput):
            raise ScoringTypeError(
                f"{where}: expected a ComponentInput, got {type(given).__name__}"
            )
        if given.value is not None and not _number(given.value):
            raise ScoringTypeError(
                f"{where}.value: expected a number or None, got {given.value!r:.40}"
            )
        if given.n is not None and (not _number(given.n) or math.isnan(given.n) or given.n < 0):
            raise ScoringError(f"{where}.n: expected a count of 0 or more, got {given.n!r:.40}")
        if given.interval is not None:
            ends = tuple(given.interval) if isinstance(given.interval, tuple) else None
            if (
                ends is None
                or len(ends) != 2
                or not all(_number(end) and math.isfinite(end) for end in ends)
            ):
                raise ScoringError(
                    f"{where}.interval: expected two finite numbers (low, high), "
                    f"got {given.interval!r:.60}"
                )


def suppress_index_result(result: TrustIndexResult, policy: SmallCellPolicy) -> TrustIndexResult:
    """Apply ``policy`` on top of a result: components whose ``n`` it finds insufficient
    become unavailable and the index is recombined; those it finds small are flagged
    ``caution``. Withheld components stay withheld, so applying it twice changes nothing."""
    parts = [_reclassify(result.model, part, policy) for part in result.components]
    return _assemble(result.model, result.area, result.period, parts)


def _reclassify(
    model: ScoringModel, part: ComponentExplanation, policy: SmallCellPolicy
) -> ComponentExplanation:
    if not part.available or part.n is None:
        return part
    cell = publish(Cell(value=part.normalised, n=part.n), policy)
    if cell.status is CellStatus.INSUFFICIENT:
        return _unavailable(
            model.component(part.name),
            None,
            cell.reason or "withheld",
            (Flag.INSUFFICIENT,),
            part.window,
        )
    if cell.status is CellStatus.CAUTION:
        return attrs.evolve(part, flags=flag_tuple({*part.flags, Flag.CAUTION}))
    return part


def _period_key(cell: tuple[str, Period | None]) -> tuple[str, bool, Period | None]:
    return (cell[0], cell[1] is not None, cell[1])


def _survey_input(
    score: ConstructScore | None,
    component: Component,
    window: IndexWindow,
    policy: SmallCellPolicy,
) -> ComponentInput:
    """A survey component's input; with a privacy key (``score.cell_keys``) and ``policy``
    on, its n is the respondent count :func:`suppress_construct_score` publishes (perturbed,
    METHODS §7), withheld by the true n and by the printed one."""
    if score is None:
        return ComponentInput(None, reason="no survey responses in the window", window=window)
    estimate: ScoreEstimate | None = getattr(score, str(component.statistic))
    if estimate is not None and policy.enabled and score.cell_keys is not None:
        shown = suppress_construct_score(score, policy)
        if shown.withheld is not None:
            return ComponentInput(None, reason=shown.withheld, window=window, withheld=True)
        return ComponentInput(estimate.value, shown.n, estimate.interval, window=window)
    if estimate is None:
        return ComponentInput(None, score.n, reason="no respondent with a score", window=window)
    return ComponentInput(estimate.value, score.n, estimate.interval, window=window)


def _metric_input(
    row: EngagementRow, component: Component, window: IndexWindow, policy: SmallCellPolicy
) -> ComponentInput:
    """A metric component's input: the figure ``trustops metrics`` publishes (from perturbed
    counts, METHODS §7) when the row was counted with a privacy key and ``policy`` is on,
    else the row's own value with the people a rate per 1,000 is made from."""
    values = row.values
    if not values["interactions"].value:
        return ComponentInput(None, reason="no interactions in the window", window=window)
    name = component.measure
    metric = values[name]
    if policy.enabled and row.cell_keys is not None and metric.value is not None:
        cell = published_metric(row, name, policy)
        if cell.withheld:
            return ComponentInput(None, reason=cell.reason, window=window, withheld=True)
        bounds = None if cell.interval is None else Interval(cell.interval.low, cell.interval.high)
        return ComponentInput(cell.value, cell.n, bounds, reason=metric.reason, window=window)
    people = None
    if metric.value is not None and metric.n and METRICS[name].scale == 1000:
        people = round(metric.value * metric.n / 1000)  # the count the rate is made from
    return ComponentInput(
        metric.value, metric.n, metric.interval, reason=metric.reason, window=window,
        people=people,
    )  # fmt: skip


def _shrink(
    model: ScoringModel,
    inputs: dict[tuple[str, Period | None], dict[str, ComponentInput]],
) -> None:
    for component in model.components:
        if component.source is not Source.METRIC or component.measure not in SHARE_METRICS:
            continue
        by_period: dict[Period | None, list[tuple[str, Period | None]]] = {}
        for cell in sorted(inputs, key=_period_key):
            given = inputs[cell][component.name]
            if given.value is not None and given.n:
                by_period.setdefault(cell[1], []).append(cell)
        for cells in by_period.values():
            trials = [float(inputs[cell][component.name].n or 0.0) for cell in cells]
            values = [inputs[cell][component.name].value or 0.0 for cell in cells]
            successes = [min(v * n, n) for v, n in zip(values, trials, strict=True)]
            for cell, shrunk in zip(cells, shrink_proportions(successes, trials), strict=True):
                if shrunk.prior is not None:
                    inputs[cell][component.name] = ComponentInput(
                        shrunk.estimate,
                        shrunk.n,
                        shrunk.interval,
                        shrunk=True,
                        window=inputs[cell][component.name].window,
                    )


def trust_index(
    interactions: Iterable[Interaction],
    responses: Iterable[SurveyResponse] = (),
    instrument: SurveyInstrument | None = None,
    *,
    areas: Iterable[Area],
    model: ScoringModel = DEFAULT_MODEL,
    period: Granularity | str | None = Granularity.QUARTER,
    weighting: Weighting = "raked",
    privacy: PrivacyKey | None = None,
) -> TrustIndexTable:
    """The composite trust index of every area and period with records (METHODS §6).

    With ``privacy`` (a :class:`~trustops.privacy.PrivacyKey`) and the model's policy on,
    the metric components are the figures ``trustops metrics`` publishes, from counts
    perturbed by the cell key method (METHODS §7); a rate component is withheld by the
    reports or residents it is made from, never by the population.

    Every component is measured over one *window* of local days ending at the period's last
    day, so that periods are comparable: the model's trailing ``window_days`` (91 by
    default) or the whole period, whichever is longer (:meth:`ScoringModel.window`):

    - metric components are the metrics of :func:`trustops.metrics.engagement_table`
      (grouped by area; ``areas`` give zones and populations) over the window's
      interactions, each interaction on its local day in its area's zone; they are merged
      from statistics counted once per area and day
      (:func:`~trustops.metrics.daily_statistics`), so a window costs a merge, not a pass.
      The annual target of a rate metric (``reach_per_1000``,
      ``reports_per_1000_residents``) is scaled to the window's length,
      ``target × days / 365.25``, the full length even where the data start inside it;
    - survey components come from :func:`survey_scores` of ``instrument`` with ``weighting``
      over the same window, each response's design weight multiplied by
      ``0.5^(age / half-life)`` with the model's ``decay_half_life_days`` (age in whole local
      days to the period's last day) before raking to the area's margins, so a month
      without a survey still carries the survey evidence of the months before.

    A period gets an index only where the area has records (interactions or responses) of
    its own in it. The model's small-cell policy applies to each component's ``n`` (the
    respondents in the window for a survey score, the denominator for a metric; the
    population for a rate). With ``model.shrinkage`` the share metrics of each period are
    shrunk across areas by empirical Bayes (:func:`trustops.stats.shrink_proportions`)
    before normalising, flagged ``shrunk``. Each area and period is then combined by
    :func:`combine_components`; coverage below 1 is flagged ``partial``. Every component's
    explanation records its window (``window_days``, first and last local days).

    With ``period=None`` there is one result per area over all the data: the window ends at
    the last local day of any record and is as long as the data (at least ``window_days``),
    and survey components use every response without decay. Without ``instrument``, survey
    components are unavailable ("no survey instrument given"). A survey component whose
    construct the instrument lacks raises :class:`~trustops.scoring.ScoringError`. Results
    are ordered by area and period and do not depend on the order of the records.

    >>> import pendulum
    >>> from trustops import Area, Interaction
    >>> from trustops.scoring import trust_index
    >>> north = Area(id="north", name="North", timezone="UTC", population=400)
    >>> talks = [  # 20 residents, each met on 1 and 2 February; 3 in 4 talks go well
    ...     Interaction(id=f"i{k}", occurred_at=pendulum.datetime(2026, 2, 1 + k // 20, tz="UTC"),
    ...                 area_id="north", kind="conversation", initiator="staff",
    ...                 channel="in_person", resident_id=f"r{k % 20}",
    ...                 outcome="positive" if k % 4 else "negative")
    ...     for k in range(40)]
    >>> result = trust_index(talks, areas=[north]).result("north", "2026-Q1")
    >>> {part.name: round(part.normalised, 2) for part in result.components if part.available}
    {'reach': 50.17, 'community_reporting': 0.0, 'interaction_quality': 75.0, 'continuity': 100.0}
    >>> reach = result.component("reach")
    >>> reach.window  # Q1 2026 has 90 days: the window is the trailing 91
    IndexWindow(first=Date(2025, 12, 31), last=Date(2026, 3, 31), days=91)
    >>> round(reach.target, 2)  # 400 a year, over those 91 days
    99.66
    >>> round(result.index, 2), result.coverage, result.flags
    (56.29, 0.6, ('caution', 'partial'))
    >>> result.component("perceived_trust").reason
    'no survey instrument given'
    """
    area_list = tuple(areas)
    return index_from_days(
        daily_statistics(interactions, areas=area_list, privacy=privacy),
        responses,
        instrument,
        model=model,
        period=None if period is None else to_granularity(period),
        weighting=weighting,
    )


_INDEXES: Final[weakref.WeakKeyDictionary[DailyStatistics, dict[Hashable, TrustIndexTable]]] = (
    weakref.WeakKeyDictionary()
)
"""The tables :func:`index_from_days` computed, per daily statistics (dropped with them)."""


def index_from_days(
    daily: DailyStatistics,
    responses: Iterable[SurveyResponse],
    instrument: SurveyInstrument | None,
    *,
    model: ScoringModel,
    period: Granularity | None,
    weighting: Weighting,
) -> TrustIndexTable:
    """:func:`trust_index` from interactions already counted per area and local day (with
    the areas they carry), so that a caller who needs other tables too counts once.

    The table is computed once per ``daily`` and what else determines it (the responses,
    equal records, the instrument, the model's fingerprint, the period and the weighting)
    while ``daily`` lives: a report and its effect panel share one index instead of scoring
    the surveys and merging the windows twice."""
    responses = tuple(responses)
    key: Hashable = (responses, instrument, model.fingerprint, period, weighting)
    memo = _INDEXES.setdefault(daily, {})
    found = memo.get(key)
    if found is None:
        found = memo[key] = _index_from_days(
            daily, responses, instrument, model=model, period=period, weighting=weighting
        )
    return found


def _index_from_days(
    daily: DailyStatistics,
    responses: tuple[SurveyResponse, ...],
    instrument: SurveyInstrument | None,
    *,
    model: ScoringModel,
    period: Granularity | None,
    weighting: Weighting,
) -> TrustIndexTable:
    granularity = period
    area_list = tuple(daily.areas.values())
    zones = {area.id: area.timezone for area in area_list}
    calendar = LocalCalendar(zones, granularity)
    days = {area: set(daily.local_days(area)) for area in daily.counted_areas}
    period_of_day = {  # each distinct local day once, not once per area
        day: None if key is None else calendar.period(key)
        for day in set().union(*days.values())
        for key in (calendar.period_key(day),)
    }
    cells_seen: set[tuple[str, Period | None]] = {
        (area, period_of_day[day]) for area, own in days.items() for day in own
    }
    span: list[_dt.date] = list(daily.span or ())
    survey_parts = [c for c in model.components if c.source is Source.SURVEY]
    scores: dict[tuple[str, Period | None, str], ConstructScore] = {}
    if survey_parts and instrument is not None:
        kept = tuple(r for r in responses if r.instrument_id == instrument.id)
        needed = sorted({c.measure for c in survey_parts})
        for construct in needed:
            if construct not in instrument.constructs:
                raise ScoringError(
                    f"model {model.name!r} scores construct {construct!r}, but instrument "
                    f"{instrument.id!r} has only {', '.join(instrument.constructs)}"
                )
        for response in kept:
            day = local_date(response.collected_at, zones.get(response.area_id, "UTC"))
            span.append(day)
            when = None if granularity is None else Period.containing(day, granularity)
            cells_seen.add((response.area_id, when))
        survey = survey_scores(
            instrument,
            kept,
            areas=area_list,
            by=("area",),
            period=granularity,
            weighting=weighting,
            constructs=needed,
            half_life_days=None if granularity is None else model.decay_half_life_days,
            window_days=None if granularity is None else model.window_days,
            policy=NO_SUPPRESSION,
            privacy=daily.privacy,
        )
        scores.update(((row.keys["area"], row.period, row.construct), row) for row in survey)
    whole = None
    if granularity is None and span:  # without a period, one window over all the data
        length = max(model.window_days, max(span).toordinal() - min(span).toordinal() + 1)
        whole = IndexWindow.ending(pendulum.Date.fromordinal(max(span).toordinal()), length)
    cells = sorted(cells_seen, key=_period_key)
    inputs: dict[tuple[str, Period | None], dict[str, ComponentInput]] = {}
    for cell in cells:
        area, when = cell
        window = whole if when is None else model.window(when)
        assert window is not None  # a cell has a record, so the data have a span
        row = daily.row_over(area, window.first, window.last)
        inputs[cell] = {}
        for component in model.components:
            if component.source is Source.METRIC:
                given = _metric_input(row, component, window, model.suppression)
            elif instrument is None:
                given = ComponentInput(None, reason="no survey instrument given", window=window)
            else:
                score = scores.get((area, when, component.measure))
                given = _survey_input(score, component, window, model.suppression)
            inputs[cell][component.name] = given
    if model.shrinkage:
        _shrink(model, inputs)
    results = tuple(
        combine_components(model, inputs[cell], area=cell[0], period=cell[1]) for cell in cells
    )
    return TrustIndexTable(model=model, period=granularity, results=results)


def programme_index(
    results: Iterable[TrustIndexResult],
    weights: Mapping[str, float],
    *,
    name: str = "all areas",
) -> TrustIndexResult:
    """The index of several areas in one period, as the ``weights``-weighted mean of theirs.

    ``results`` are the areas' results for one period under one model (as one period of a
    :class:`TrustIndexTable`); ``weights`` give each area's weight, usually its population.
    Areas whose index is withheld, or without a positive weight, are left out (say so when
    you publish it). With ``v_a`` the included areas' weights normalised to sum to 1::

        index = Σ v_a · index_a        se = √Σ v_a² · se_a²        coverage = Σ v_a · coverage_a

    and each component's contribution is ``Σ v_a · contribution_a`` (0 where unavailable), so
    the contributions still add up to the index and :func:`compare` can break a change down.
    A component counts as available only when it is available in every included area (its
    normalised score is then the weighted mean of theirs), so two programme results compare
    as ``not_comparable`` when a component came or went anywhere. Without any included area
    the result is withheld. ``name`` becomes the result's ``area``.

    >>> from trustops.scoring import DEFAULT_MODEL, ComponentInput, combine_components
    >>> from trustops.scoring import programme_index
    >>> a = combine_components(DEFAULT_MODEL, {"perceived_trust": ComponentInput(60.0),
    ...                                        "interaction_quality": ComponentInput(0.8)},
    ...                        area="a")
    >>> b = combine_components(DEFAULT_MODEL, {"perceived_trust": ComponentInput(40.0),
    ...                                        "interaction_quality": ComponentInput(0.6)},
    ...                        area="b")
    >>> both = programme_index([a, b], {"a": 3000, "b": 1000})
    >>> round(a.index, 2), round(b.index, 2), round(both.index, 2)
    (65.45, 45.45, 60.45)
    """
    every = tuple(results)
    chosen = [r for r in every if r.index is not None and weights.get(r.area, 0.0) > 0]
    models = {r.model.fingerprint for r in every}
    if len(models) > 1:
        raise ScoringError("programme_index: the results come from different scoring models")
    periods = {r.period for r in every}
    if len(periods) > 1:
        raise ScoringError("programme_index: expected the results of one period")
    if not chosen:
        if not every:
            raise ScoringError("programme_index: expected at least one result")
        first = every[0]
        return attrs.evolve(
            first,
            area=name,
            index=None,
            se=None,
            interval=None,
            coverage=0.0,
            withheld="no area has an index in this period",
            flags=flag_tuple({Flag.LOW_COVERAGE, Flag.PARTIAL}),
            components=tuple(
                _unavailable(c, None, "no area has an index") for c in first.model.components
            ),
        )
    total = math.fsum(weights[r.area] for r in chosen)
    share = {r.area: weights[r.area] / total for r in chosen}
    model = chosen[0].model
    parts: list[ComponentExplanation] = []
    for position, component in enumerate(model.components):
        own = [(share[r.area], r.components[position]) for r in chosen]
        available = all(part.available for _, part in own)
        normalised = (
            math.fsum(v * (part.normalised or 0.0) for v, part in own) if available else None
        )
        reasons = sorted({f"{part.reason}" for _, part in own if not part.available})
        parts.append(
            ComponentExplanation(
                name=component.name,
                source=component.source,
                measure=component.measure,
                weight=component.weight,
                available=available,
                normalised=normalised,
                contribution=math.fsum(v * (part.contribution or 0.0) for v, part in own),
                flags=flag_tuple(flag for _, part in own for flag in part.flags),
                reason=None if available else "missing in some areas: " + "; ".join(reasons),
                window=own[0][1].window,
            )
        )
    index = math.fsum(share[r.area] * (r.index or 0.0) for r in chosen)
    se = math.sqrt(math.fsum((share[r.area] * (r.se or 0.0)) ** 2 for r in chosen))
    coverage = math.fsum(share[r.area] * r.coverage for r in chosen)
    low, high = normal_interval(index, se)
    flags = {flag for r in chosen for flag in r.flags}
    if any(not part.available for part in parts) or coverage < 1.0 - _TOLERANCE:
        flags.add(Flag.PARTIAL)
    return TrustIndexResult(
        area=name,
        period=chosen[0].period,
        index=index,
        se=se,
        interval=Interval(max(low, 0.0), min(high, 100.0)),
        coverage=coverage,
        withheld=None,
        flags=flag_tuple(flags),
        components=tuple(parts),
        model=model,
    )


def programme_indexes(
    results: Iterable[TrustIndexResult],
    areas: Iterable[Area],
    *,
    name: str = "all areas",
) -> tuple[TrustIndexResult, ...]:
    """The programme-wide index of each period of ``results`` (one area's results per
    period, as a :class:`TrustIndexTable`), by :func:`programme_index` with the areas'
    populations as weights (equal weights when no area has a population), in period order.

    >>> from trustops import Area
    >>> from trustops.scoring import DEFAULT_MODEL, ComponentInput, combine_components
    >>> from trustops.scoring import programme_indexes
    >>> def one(area, trust):
    ...     parts = {"perceived_trust": ComponentInput(trust),
    ...              "interaction_quality": ComponentInput(0.7)}
    ...     return combine_components(DEFAULT_MODEL, parts, area=area)
    >>> areas = [Area(id="a", name="A", timezone="UTC", population=3000),
    ...          Area(id="b", name="B", timezone="UTC", population=1000)]
    >>> [round(r.index, 2) for r in programme_indexes([one("a", 60.0), one("b", 40.0)], areas)]
    [59.09]
    """
    weights = {area.id: float(area.population or 0) for area in areas}
    if not any(weights.values()):
        weights = dict.fromkeys(weights, 1.0)
    by_period: dict[Period | None, list[TrustIndexResult]] = {}
    for result in results:
        by_period.setdefault(result.period, []).append(result)
    ordered = sorted(
        by_period, key=lambda period: 0 if period is None else period.start.toordinal()
    )
    return tuple(programme_index(by_period[period], weights, name=name) for period in ordered)
