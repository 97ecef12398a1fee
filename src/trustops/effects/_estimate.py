"""Initiative effects from a panel (METHODS §8): ATT(g,t), ATT(e), the overall effect, the
pre-trend test, the honesty flags and the observational statement."""

from __future__ import annotations

import typing
from collections.abc import Iterator, Sequence
from statistics import NormalDist
from typing import Final, Literal

import attrs

from ..metrics import Tabular
from ..model import InitiativeKind
from ..stats import (
    COMPARISONS,
    MBARS,
    AggregateEffect,
    GroupTimeEffect,
    covariance,
    event_time_effects,
    group_time_effects,
    mean_effect,
    satterthwaite_df,
    simultaneous_critical_value,
    t_value,
    wald_test,
    z_value,
)
from ._errors import EffectsError
from ._panel import EVENTS, Cohorts, EffectPanel, Event

if typing.TYPE_CHECKING:  # pragma: no cover - types only
    from ._sensitivity import Sensitivity

__all__ = [
    "CONTRASTS",
    "INFERENCES",
    "MIN_AREAS",
    "OBSERVATIONAL",
    "RECORD_COLUMNS",
    "Comparison",
    "EffectEstimate",
    "EffectResult",
    "EffectTable",
    "Inference",
    "Level",
    "PreTrendTest",
    "estimate_effect",
    "estimate_effects",
]

MIN_AREAS: Final = 2
"""An estimate resting on fewer treated or fewer comparison areas is withheld."""

OBSERVATIONAL: Final = (
    "These estimates are observational: areas chose their initiatives, so they are "
    "associations under the parallel-trends assumption (without the initiative, the treated "
    "areas' outcomes would have moved like the comparison areas'), not proven effects."
)
"""The statement every result carries."""

_K = InitiativeKind
CONTRASTS: Final[tuple[tuple[str, InitiativeKind, Event], ...]] = (
    ("relational", _K.COMMUNITY_OUTREACH, "start"),
    ("relational", _K.EDUCATIONAL_WORKSHOP, "start"),
    ("relational", _K.LOCAL_PARTNERSHIP, "start"),
    ("relational", _K.COMMUNITY_MEETING, "start"),
    ("surveillance", _K.SURVEILLANCE_MEASURE, "start"),
    ("withdrawn presence", _K.VISIBLE_PATROL, "stop"),
)
"""The side-by-side contrast: (group, kind, event) in display order."""

Level = Literal["group_time", "event_time", "overall"]
Inference = Literal["small_sample", "asymptotic"]
INFERENCES: Final[tuple[Inference, ...]] = ("small_sample", "asymptotic")
"""How intervals and the pre-trend test are computed (METHODS §8):

- ``small_sample`` (default): CR2 standard errors (each residual from a group mean scaled by
  the HC2 leverage correction) with Bell–McCaffrey degrees of freedom, intervals from Student's
  t, and the pre-trend test referred to Hotelling's T² on those degrees of freedom
  (Bell & McCaffrey 2002; Pustejovsky & Tipton 2018). Holds its 95% coverage from 16 areas.
- ``asymptotic``: R ``did`` with the bootstrap off: ``se = √(Σ IF²)/n``, ``att ± 1.96·se``,
  and W/k against F(k, G − 1). Under-covers with few areas.
"""

RECORD_COLUMNS: Final = (
    "kind",
    "event",
    "outcome",
    "comparison",
    "areas",
    "level",
    "cohort",
    "period",
    "base_period",
    "event_time",
    "att",
    "se",
    "low",
    "high",
    "df",
    "band_low",
    "band_high",
    "n_treated",
    "n_comparison",
    "n_missing",
    "flags",
    "withheld",
    "pre_trend_p",
    "result_flags",
    "statement",
)
"""The columns of :meth:`EffectTable.to_records` and :meth:`EffectTable.columns`."""
Comparison = Literal["never_treated", "not_yet_treated"]

_Z: Final = z_value(0.95)


@attrs.frozen(kw_only=True)
class EffectEstimate:
    """One estimate: an ATT(g,t) (``level="group_time"``, with ``cohort``, ``period`` and
    ``base_period`` labels), an ATT(e) (``"event_time"``, with ``event_time``) or the overall
    effect (``"overall"``).

    ``att``, ``se`` and the 95% interval ``low``–``high`` are ``None`` when there is nothing to
    estimate or the estimate is withheld (``withheld`` says why; flag ``insufficient`` when it
    rests on fewer than :data:`~trustops.effects.MIN_AREAS` treated or comparison areas). ``n_treated`` and
    ``n_comparison`` count the areas used; ``n_missing`` counts the areas that would have
    taken part but were left out because the outcome is missing in a period needed.
    ``df`` is the Student t degrees of freedom of the interval (``None`` for the asymptotic
    normal interval). An event-time estimate also carries the simultaneous 95% band
    ``band_low``–``band_high`` (sup-t over every published event time, from a multiplier
    bootstrap clustered by area), which covers all the event times at once.
    """

    level: Level
    cohort: str | None = None
    period: str | None = None
    base_period: str | None = None
    event_time: int | None = None
    att: float | None
    se: float | None
    low: float | None
    high: float | None
    df: float | None = None
    band_low: float | None = None
    band_high: float | None = None
    n_treated: int
    n_comparison: int
    n_missing: int
    flags: tuple[str, ...] = ()
    withheld: str | None = None

    @property
    def significant(self) -> bool | None:
        """Whether the 95% interval excludes zero (``None`` when withheld)."""
        if self.low is None or self.high is None:
            return None
        return self.low > 0 or self.high < 0

    def to_record(self) -> dict[str, object]:
        """A flat dictionary of the fields (flags joined by ``;``)."""
        record = attrs.asdict(self)
        record["flags"] = ";".join(self.flags)
        return record


@attrs.frozen(kw_only=True)
class PreTrendTest:
    """The Wald test that ATT(e) = 0 for every published ``e`` in ``[−L, −1]`` (those not
    withheld as ``insufficient``); ``flagged`` when ``p_value < 0.05``.

    ``wald`` is W = θᵀV⁻¹θ over the ``k`` estimates; ``f_statistic`` is what is referred to
    F(``k``, ``df``): W/k with ``df = areas − 1`` for ``inference="asymptotic"``, or
    Hotelling's ``W·(ν − k + 1)/(ν·k)`` with ``df = ν − k + 1`` for ``"small_sample"`` (ν the
    smallest Bell–McCaffrey degrees of freedom of the tested estimates). ``areas`` counts the
    areas that contribute to the tested estimates as treated or comparison areas.

    .. versionchanged:: 0.1.0
       ``statistic`` became ``wald``, beside the new ``f_statistic``; ``df`` may be fractional.
    """

    wald: float
    f_statistic: float
    k: int
    df: float
    p_value: float
    areas: int
    inference: Inference = "asymptotic"

    @property
    def statistic(self) -> float:
        """The Wald statistic W (the same as :attr:`wald`; kept for older code)."""
        return self.wald

    @property
    def flagged(self) -> bool:
        """Whether the test rejects parallel pre-trends at the 5% level."""
        return self.p_value < 0.05


def _rows(results: Sequence[EffectResult], *, overall_only: bool) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for result in results:
        records = result.to_records()
        for record in records[-1:] if overall_only else records:
            rows.append({column: record.get(column) for column in RECORD_COLUMNS})
    return rows


_FLOATS: Final = ("att", "se", "low", "high", "df", "band_low", "band_high", "pre_trend_p")
_COUNTS: Final = ("areas", "event_time", "n_treated", "n_comparison", "n_missing")


class _EffectColumns(Tabular):
    """Arrow, pandas and polars output of effect rows (:data:`RECORD_COLUMNS`, in order)."""

    __slots__ = ()

    def to_records(self) -> list[dict[str, object]]:
        raise NotImplementedError  # pragma: no cover - both subclasses define it

    def columns(self) -> dict[str, list[object]]:
        """Every estimate of :meth:`to_records` as columns (:data:`RECORD_COLUMNS`, in order):
        the form of ``__arrow_c_stream__``, :meth:`~trustops.metrics.Tabular.to_arrow`,
        :meth:`~trustops.metrics.Tabular.to_pandas` and
        :meth:`~trustops.metrics.Tabular.to_polars`, so DuckDB, polars and pyarrow take the
        table directly."""
        rows = [{column: row.get(column) for column in RECORD_COLUMNS} for row in self.to_records()]
        return {column: [row[column] for row in rows] for column in RECORD_COLUMNS}

    def column_types(self) -> dict[str, str]:
        """Arrow types of the numeric columns (all of whose values may be missing)."""
        return {**dict.fromkeys(_FLOATS, "float64"), **dict.fromkeys(_COUNTS, "int64")}


@attrs.frozen(kw_only=True)
class EffectResult(_EffectColumns):
    """The effect of one initiative kind and event type on one outcome (METHODS §8).

    ``group_time`` holds every ATT(g,t), ``event_time`` every ATT(e) for ``e`` in
    ``[−window, window]`` with an estimate, ``overall`` the mean of ATT(e) over
    ``e = 0..window``. ``pre_trend`` is the pre-trend test (``None`` without pre-event
    estimates). ``areas`` is the number of areas taking part (G); ``dropped`` lists areas
    left out because their event is in the first period, ``not_applicable`` (for ``stop``)
    areas where the kind is not active in the first period; ``missing_outcome`` lists areas
    left out of at least one estimate because the outcome is missing. ``flags`` may hold
    ``insufficient`` (the overall effect is withheld) and ``pre_trend``; ``statement`` is
    the observational statement and ``notes`` the sentences a reader needs.
    ``covariance`` is the covariance matrix of the published event-time estimates (those
    with an ``att``, in event-time order), from their influence functions: the input of
    :meth:`sensitivity`.

    .. versionchanged:: 0.1.0
       ``covariance`` and :meth:`sensitivity`.
    """

    kind: str
    event: Event
    outcome: str
    comparison: Comparison
    window: int
    periods: tuple[str, ...]
    areas: int
    treated_areas: tuple[str, ...]
    comparison_areas: tuple[str, ...]
    dropped: tuple[str, ...]
    not_applicable: tuple[str, ...]
    missing_outcome: tuple[str, ...]
    group_time: tuple[EffectEstimate, ...]
    event_time: tuple[EffectEstimate, ...]
    overall: EffectEstimate
    pre_trend: PreTrendTest | None
    flags: tuple[str, ...]
    statement: str = OBSERVATIONAL
    notes: tuple[str, ...] = ()
    covariance: tuple[tuple[float, ...], ...] = attrs.field(default=(), repr=False)

    def sensitivity(
        self,
        mbars: Sequence[float] = MBARS,
        *,
        overall_only: bool = False,
        points: int = 1000,
        sims: int = 1000,
        seed: int = 0,
    ) -> Sensitivity:
        """Sensitivity to parallel trends (Rambachan & Roth 2023; METHODS §8): the robust 95%
        interval of the overall effect and of each post-event ATT(e) (only the overall one
        with ``overall_only``) when, after the event, the treated and comparison areas'
        trends may differ from one period to the next by up to M̄ times the largest such
        difference before it (relative magnitudes Δ^RM(M̄)), for each M̄ of ``mbars``, and
        the breakdown M̄: the largest at which the interval still excludes 0.

        It uses the published event-time estimates next to the event (``−1, −2, …`` and
        ``0, 1, …``) and :attr:`covariance`, and computes what R ``HonestDiD`` and the
        Python ``honestdid`` compute (method ``"C-LF"``) with
        :func:`~trustops.stats.relative_magnitude_interval` on a grid of ``points`` values
        from ``min(0, θ̂) − 20·se`` to ``max(0, θ̂) + 20·se``; ``sims`` and ``seed`` drive
        the least-favourable critical value. Needs the ``sensitivity`` extra (numpy, scipy).

        >>> from trustops.effects import build_panel, estimate_effect
        >>> from trustops.sample import bundled
        >>> panel = build_panel(bundled(), period="quarter")
        >>> result = estimate_effect(panel, kind="educational_workshop",
        ...                          outcome="trust_mean_score")
        >>> robust = result.sensitivity([0, 1], overall_only=True, points=200, sims=200)
        >>> robust.pre_event, robust.post_event
        ((-1,), (0, 1, 2))
        >>> robust.at(0).excludes_zero
        True
        >>> robust.breakdown()
        0.0
        >>> print(robust.sentence())
        Holds only if trends after the start stay exactly parallel: differences 1× the largest one before it could explain it.
        """
        from ._sensitivity import sensitivity

        return sensitivity(
            self, mbars, overall_only=overall_only, points=points, sims=sims, seed=seed
        )

    def at(self, event_time: int) -> EffectEstimate:
        """The ATT(e) at ``event_time``; :class:`KeyError` when there is none."""
        for estimate in self.event_time:
            if estimate.event_time == event_time:
                return estimate
        raise KeyError(f"no estimate at event time {event_time}")

    def _context(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "event": self.event,
            "outcome": self.outcome,
            "comparison": self.comparison,
            "areas": self.areas,
        }

    def to_records(self) -> list[dict[str, object]]:
        """Every estimate as a flat row (group-time, then event-time, then overall), with the
        kind, event, outcome, comparison and number of areas; the overall row also carries
        the pre-trend p-value, the result's flags and the observational statement."""
        rows = [
            {**self._context(), **estimate.to_record()}
            for estimate in (*self.group_time, *self.event_time)
        ]
        overall = {**self._context(), **self.overall.to_record()}
        overall["pre_trend_p"] = None if self.pre_trend is None else self.pre_trend.p_value
        overall["result_flags"] = ";".join(self.flags)
        overall["statement"] = " ".join((self.statement, *self.notes))
        rows.append(overall)
        return rows


@attrs.frozen(kw_only=True)
class EffectTable(_EffectColumns):
    """The results of :func:`estimate_effects`, in kind, event and outcome order."""

    results: tuple[EffectResult, ...]

    def __iter__(self) -> Iterator[EffectResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def result(self, kind: InitiativeKind | str, event: Event, outcome: str) -> EffectResult:
        """The result for ``kind``, ``event`` and ``outcome``; :class:`KeyError` if none."""
        for result in self.results:
            if (result.kind, result.event, result.outcome) == (str(kind), event, outcome):
                return result
        raise KeyError(f"no result for {kind!s} {event} on {outcome}")

    def contrast(self, outcome: str) -> list[tuple[str, EffectResult]]:
        """Relational kinds next to surveillance and withdrawn patrols on ``outcome``: pairs of
        (group, result) in :data:`~trustops.effects.CONTRASTS` order, for the results the table holds."""
        found = []
        for group, kind, event in CONTRASTS:
            try:
                found.append((group, self.result(kind, event, outcome)))
            except KeyError:
                continue
        return found

    def to_records(self, *, overall_only: bool = False) -> list[dict[str, object]]:
        """Every result's :meth:`EffectResult.to_records` (only the overall rows when
        ``overall_only``), each with every column of :data:`~trustops.effects.RECORD_COLUMNS`
        (``None`` where a row has no value)."""
        return _rows(self.results, overall_only=overall_only)


def _estimate(
    level: Level,
    *,
    att: float | None,
    se: float | None,
    df: float | None = None,
    treated: Sequence[str] = (),
    comparison: Sequence[str] = (),
    missing: int = 0,
    **where: object,
) -> EffectEstimate:
    flags: tuple[str, ...] = ()
    withheld = None
    if att is None or se is None:
        withheld = "no treated or no comparison area observed in the periods needed"
        att = se = None
        flags = ("insufficient",)
    elif len(treated) < MIN_AREAS or len(comparison) < MIN_AREAS:
        withheld = (
            f"rests on {len(treated)} treated and {len(comparison)} comparison areas; at least "
            f"{MIN_AREAS} of each are needed"
        )
        att = se = None
        flags = ("insufficient",)
    if att is None or se is None:
        df = None
    critical = _Z if df is None else t_value(df)
    low = None if att is None or se is None else att - critical * se
    high = None if att is None or se is None else att + critical * se
    return EffectEstimate(
        level=level,
        att=att,
        se=se,
        low=low,
        high=high,
        df=df,
        n_treated=len(treated),
        n_comparison=len(comparison),
        n_missing=missing,
        flags=flags,
        withheld=withheld,
        **where,  # type: ignore[arg-type]
    )


def _with_band(
    estimates: list[EffectEstimate],
    aggregates: Sequence[AggregateEffect],
    *,
    draws: int,
    seed: int,
) -> tuple[EffectEstimate, ...]:
    """``estimates`` with the simultaneous 95% band over those published (METHODS §8).

    The sup-t critical value ``c`` comes from the multiplier bootstrap; with small-sample
    inference (estimates with ``df``) it is read as a per-estimate two-sided level
    ``1 − 2(1 − Φ(c))`` and each half-width is that level's t quantile on the estimate's own
    degrees of freedom, so the band is never narrower than the pointwise t interval.
    """
    published = [
        (index, aggregates[index])
        for index, estimate in enumerate(estimates)
        if estimate.att is not None and estimate.se
    ]
    if not published:
        return tuple(estimates)
    critical = simultaneous_critical_value(
        [effect.influence for _, effect in published],
        [estimates[index].se or 0.0 for index, _ in published],
        draws=draws,
        seed=seed,
    )
    level = 1 - 2 * NormalDist().cdf(-critical)
    for index, _ in published:
        estimate = estimates[index]
        att, se = estimate.att or 0.0, estimate.se or 0.0
        width = critical if estimate.df is None else t_value(estimate.df, level)
        estimates[index] = attrs.evolve(
            estimate, band_low=att - width * se, band_high=att + width * se
        )
    return tuple(estimates)


def _covariate_rows(
    panel: EffectPanel, units: Sequence[str], names: Sequence[str]
) -> list[list[float]]:
    """Each unit's covariates, in ``names`` order; an unknown name or a missing value is an
    error naming it."""
    rows: list[list[float]] = [[] for _ in units]
    for name in names:
        if name not in panel.covariates:
            raise EffectsError(
                "covariates",
                f"unknown covariate {name!r}; the panel has "
                f"{', '.join(panel.covariates) or 'no covariates'}",
            )
        for row, area in zip(rows, units, strict=True):
            value = panel.covariates[name].get(area)
            if value is None:
                raise EffectsError(
                    "covariates", f"area {area!r} has no value of {name!r}; give every area one"
                )
            row.append(value)
    return rows


def _eligible(
    cohorts: Sequence[int | None], cell: GroupTimeEffect, comparison: Comparison
) -> set[int]:
    """Units that would take part in ``cell`` had their outcome not been missing."""
    latest = max(cell.time, cell.base)
    found = set()
    for unit, cohort in enumerate(cohorts):
        if (
            cohort == cell.group
            or cohort is None
            or (comparison == "not_yet_treated" and cohort > latest)
        ):
            found.add(unit)
    return found


def _check_panel(panel: object) -> EffectPanel:
    if not isinstance(panel, EffectPanel):
        hint = (
            "; EffectPanel.from_frame makes one from a long table (one row per area and period)"
            if hasattr(panel, "columns") or hasattr(panel, "__arrow_c_stream__")
            else ""
        )
        raise EffectsError("panel", f"expected an EffectPanel, got {type(panel).__name__}{hint}")
    return panel


def _names(values: object, field: str, *, optional: bool = True) -> list[str] | None:
    """``None`` (when ``optional``), or a sequence of non-empty names (a lone string is
    refused, not split)."""
    if values is None and optional:
        return None
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | set | frozenset):
        raise EffectsError(field, f"expected a sequence of names, got {type(values).__name__}")
    found = [v.value if isinstance(v, InitiativeKind) else v for v in values]
    for value in found:
        if not isinstance(value, str) or not value:
            raise EffectsError(field, f"expected names as non-empty text, got {value!r}")
    return found


def _check_window(window: int | None, periods: int) -> int:
    longest = periods - 2
    if longest < 0:
        raise EffectsError("periods", f"expected at least 2 periods to compare, got {periods}")
    if window is None:
        return longest
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise EffectsError("window", f"expected a whole number ≥ 0, got {window!r}")
    if window > longest:
        raise EffectsError(
            "window",
            f"a window of {window} periods is longer than the data: {periods} periods allow "
            f"event times from −{longest} to {longest}",
        )
    return window


def estimate_effect(
    panel: EffectPanel,
    *,
    kind: InitiativeKind | str,
    outcome: str,
    event: Event = "start",
    comparison: Comparison = "never_treated",
    window: int | None = None,
    inference: Inference = "small_sample",
    draws: int = 999,
    seed: int = 0,
    covariates: Sequence[str] = (),
) -> EffectResult:
    """The effect of ``kind``'s ``event`` on ``outcome`` in ``panel`` (METHODS §8).

    Callaway & Sant'Anna (2021) without covariates, with the varying base period:
    ``ATT(g,t) = (Ȳ_g,t − Ȳ_g,b) − (Ȳ_C,t − Ȳ_C,b)``, the comparison group ``C`` being the
    never-treated areas (default) or the not-yet-treated ones (``comparison=
    "not_yet_treated"``), each ATT(g,t) on the areas observed in both ``t`` and ``b``.
    ATT(e) for ``e`` in ``[−window, window]`` (default: the longest the periods allow)
    weights cohorts by size (R ``did``'s dynamic aggregation); the overall effect is the mean
    of ATT(e) over ``e = 0..window``. Standard errors come from the influence functions,
    clustered by area. With the default ``inference="small_sample"`` they are CR2 (HC2-scaled
    residuals), intervals are ``att ± t(df)·se`` with Bell–McCaffrey degrees of freedom, and
    the pre-trend test (a Wald test of ATT(e) = 0 for the published ``e < 0``) is referred to
    Hotelling's T² on the smallest of those estimates' degrees of freedom; these hold their
    95% level from 16 areas. ``inference="asymptotic"`` is R ``did`` with the bootstrap off:
    ``se = √(Σ IF²)/n``, ``att ± 1.96·se`` and W/k against F(k, G − 1), G the areas that
    contribute to the tested estimates. The event-time estimates also get a simultaneous
    95% band (sup-t, ``draws`` Rademacher multiplier-bootstrap draws clustered by area, from
    ``seed``). With ``covariates`` (names of the panel's time-invariant area covariates)
    each ATT(g,t) is doubly robust (Sant'Anna & Zhao 2020; R ``did``'s ``est_method = "dr"``
    with ``xformla``): a logit propensity score of cohort membership and a linear regression
    of the change in the comparison areas, with both in the influence function. Small-sample
    degrees of freedom are then those of the design without covariates (an approximation).

    An estimate on fewer than 2 treated or 2 comparison areas is withheld
    (``insufficient``); a pre-trend p-value below 0.05 flags ``pre_trend``, and the note
    states the number of areas. Every result says it is observational.

    >>> from trustops.effects import EffectPanel, estimate_effect
    >>> panel = EffectPanel(
    ...     periods=("2025-Q1", "2025-Q2", "2025-Q3"),
    ...     areas=("a", "b", "c", "d", "e"),
    ...     outcomes={"score": {"a": (50, 51, 57), "b": (60, 62, 67), "c": (55, 56, 57),
    ...                         "d": (40, 42, 43), "e": (45, 45, 47)}},
    ...     active={"educational_workshop": {"a": (False, False, True),
    ...                                      "b": (False, False, True)}})
    >>> result = estimate_effect(panel, kind="educational_workshop", outcome="score")
    >>> round(result.overall.att, 3), result.overall.n_treated, result.overall.n_comparison
    (4.167, 2, 3)
    >>> round(result.at(-1).att, 3), result.pre_trend.k, result.flags
    (0.5, 1, ())
    """
    _check_panel(panel)
    _names([kind], "kind")
    _names([outcome], "outcome")
    covariates = _names(covariates, "covariates", optional=False) or []
    if event not in EVENTS:
        raise EffectsError("event", f"expected one of {', '.join(EVENTS)}, got {event!r}")
    if comparison not in COMPARISONS:
        raise EffectsError(
            "comparison", f"expected one of {', '.join(COMPARISONS)}, got {comparison!r}"
        )
    if inference not in INFERENCES:
        raise EffectsError(
            "inference", f"expected one of {', '.join(INFERENCES)}, got {inference!r}"
        )
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise EffectsError("draws", f"expected a whole number ≥ 1, got {draws!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise EffectsError("seed", f"expected a whole number, got {seed!r}")
    small = inference == "small_sample"
    kind_name = str(kind.value if isinstance(kind, InitiativeKind) else kind)
    if kind_name not in panel.active and kind_name not in {k.value for k in InitiativeKind}:
        raise EffectsError(
            "kind",
            f"unknown initiative kind {kind_name!r}; the panel records "
            f"{', '.join(panel.active) or 'no kinds'}",
        )
    width = _check_window(window, len(panel.periods))
    panel.series(outcome, panel.areas[0])  # an unknown outcome is an error naming it
    empty = [
        label
        for index, label in enumerate(panel.periods)
        if all(panel.series(outcome, area)[index] is None for area in panel.areas)
    ]
    if empty:
        raise EffectsError(
            "outcome",
            f"outcome {outcome!r} has no area with a value in period(s) {', '.join(empty)} "
            "(a survey score is missing where there was no survey, or withheld below 10 "
            "respondents); use a coarser period or another outcome",
        )
    found = panel.cohorts(kind_name, event)
    units = list(found.units)
    notes: list[str] = []
    if found.dropped:
        notes.append(
            f"Left out because the {kind_name} event is in the first period (no period "
            f"before it to compare with): {', '.join(found.dropped)}."
        )
    if not units:
        return _empty_result(
            panel,
            kind=kind_name,
            event=event,
            outcome=outcome,
            comparison=comparison,
            window=width,
            found=found,
            notes=notes,
        )
    outcomes = [list(panel.series(outcome, area)) for area in units]
    cohorts = list(found.cohorts)
    cells = group_time_effects(
        outcomes,
        cohorts,
        comparison=comparison,
        small_sample=small,
        covariates=_covariate_rows(panel, units, covariates) if covariates else None,
    )

    def degrees(weights: dict[int, float], treated: int, compared: int) -> float | None:
        """The estimate's Bell–McCaffrey df (``None`` when asymptotic or withheld anyway)."""
        if not small or treated < MIN_AREAS or compared < MIN_AREAS:
            return None
        return satterthwaite_df(cells, cohorts, weights, comparison=comparison)

    labels = panel.periods
    missing_units: set[int] = set()
    group_time: list[EffectEstimate] = []
    missing_by_cell = []
    for cell in cells:
        used = set(cell.treated) | set(cell.comparison)
        left_out = _eligible(cohorts, cell, comparison) - used
        missing_by_cell.append(left_out)
        missing_units |= left_out
        group_time.append(
            _estimate(
                "group_time",
                att=cell.att,
                se=cell.se,
                df=None
                if cell.att is None
                else degrees({len(group_time): 1.0}, len(cell.treated), len(cell.comparison)),
                treated=[units[u] for u in cell.treated],
                comparison=[units[u] for u in cell.comparison],
                missing=len(left_out),
                cohort=labels[cell.group],
                period=labels[cell.time],
                base_period=labels[cell.base],
                event_time=cell.event_time,
            )
        )
    aggregates = event_time_effects(cells, cohorts, window=width)

    def aggregate(
        effect: AggregateEffect, level: Level, weights: dict[int, float]
    ) -> EffectEstimate:
        left_out = set().union(*(missing_by_cell[k] for k in effect.cells))
        return _estimate(
            level,
            att=effect.att,
            se=effect.se,
            df=degrees(weights, len(effect.treated), len(effect.comparison)),
            treated=[units[u] for u in effect.treated],
            comparison=[units[u] for u in effect.comparison],
            missing=len(left_out),
            event_time=effect.event_time,
        )

    cell_weights = {
        effect.event_time: dict(zip(effect.cells, effect.weights, strict=True))
        for effect in aggregates
    }
    event_time = _with_band(
        [aggregate(effect, "event_time", cell_weights[effect.event_time]) for effect in aggregates],
        aggregates,
        draws=draws,
        seed=seed,
    )
    after = [
        effect for effect in aggregates if effect.event_time is not None and effect.event_time >= 0
    ]
    if after:
        mean_weights: dict[int, float] = {}
        for effect in after:
            for index, weight in cell_weights[effect.event_time].items():
                mean_weights[index] = mean_weights.get(index, 0.0) + weight / len(after)
        overall = aggregate(mean_effect(after), "overall", mean_weights)
    else:
        overall = _estimate("overall", att=None, se=None)
    # The test uses the pre-event estimates that are published: one resting on a single
    # treated area has no treated-side variance in its influence function, so it would
    # dominate the statistic with a spuriously small variance.
    before = [
        effect
        for effect in aggregates
        if effect.event_time is not None
        and effect.event_time < 0
        and len(effect.treated) >= MIN_AREAS
        and len(effect.comparison) >= MIN_AREAS
    ]
    pre_trend = None
    contributing = len({u for effect in before for u in (*effect.treated, *effect.comparison)})
    if before and contributing >= 2:
        estimates = [effect.att for effect in before]
        influences = [effect.influence for effect in before]
        if small:
            # ν: the Bell–McCaffrey df of the tested estimates' mean, a contrast that draws
            # on every tested cell
            average: dict[int, float] = {}
            for effect in before:
                for index, weight in cell_weights[effect.event_time].items():
                    average[index] = average.get(index, 0.0) + weight / len(before)
            nu = satterthwaite_df(cells, cohorts, average, comparison=comparison)
            test = wald_test(estimates, influences, df=nu, hotelling=True)
        else:
            test = wald_test(estimates, influences, df=contributing - 1)
        if test is not None:
            pre_trend = PreTrendTest(
                wald=test.statistic,
                f_statistic=test.f_statistic,
                k=test.k,
                df=test.df,
                p_value=test.p_value,
                areas=contributing,
                inference=inference,
            )
    flags: list[str] = []
    if "insufficient" in overall.flags:
        flags.append("insufficient")
    if pre_trend is not None and pre_trend.flagged:
        flags.append("pre_trend")
        caveat = (
            "the small-sample test keeps its 5% level from 16 areas, so take it seriously: "
            "trends differed before the event"
            if small
            else "with few areas this asymptotic test over-rejects (about 13% of the time at "
            "40 areas and 31% at 16 under true parallel trends), so read it as a warning, "
            "not a verdict"
        )
        notes.append(
            f"The pre-trend test rejects parallel trends before the event (p = "
            f"{pre_trend.p_value:.3f}) with {pre_trend.areas} areas; {caveat}."
        )
    if missing_units:
        notes.append(
            f"{len(missing_units)} area(s) left out of at least one estimate because "
            f"{outcome} is missing in a period needed: "
            f"{', '.join(sorted(units[u] for u in missing_units))}."
        )
    treated = sorted({units[u] for cell in cells for u in cell.treated})
    compared = sorted({units[u] for cell in cells for u in cell.comparison})
    return EffectResult(
        kind=kind_name,
        event=event,
        outcome=outcome,
        comparison=comparison,
        window=width,
        periods=panel.periods,
        areas=len(units),
        treated_areas=tuple(treated),
        comparison_areas=tuple(compared),
        dropped=found.dropped,
        not_applicable=found.not_applicable,
        missing_outcome=tuple(sorted(units[u] for u in missing_units)),
        group_time=tuple(group_time),
        event_time=event_time,
        overall=overall,
        pre_trend=pre_trend,
        flags=tuple(flags),
        notes=tuple(notes),
        covariance=tuple(
            tuple(row)
            for row in covariance(
                [
                    effect.influence
                    for effect, estimate in zip(aggregates, event_time, strict=True)
                    if estimate.att is not None
                ]
            )
        )
        if any(estimate.att is not None for estimate in event_time)
        else (),
    )


def _empty_result(
    panel: EffectPanel,
    *,
    kind: str,
    event: Event,
    outcome: str,
    comparison: Comparison,
    window: int,
    found: Cohorts,
    notes: list[str],
) -> EffectResult:
    notes.append(f"No area takes part in a {kind} {event} estimate.")
    return EffectResult(
        kind=kind,
        event=event,
        outcome=outcome,
        comparison=comparison,
        window=window,
        periods=panel.periods,
        areas=0,
        treated_areas=(),
        comparison_areas=(),
        dropped=found.dropped,
        not_applicable=found.not_applicable,
        missing_outcome=(),
        group_time=(),
        event_time=(),
        overall=_estimate("overall", att=None, se=None),
        pre_trend=None,
        flags=("insufficient",),
        notes=tuple(notes),
    )


def estimate_effects(
    panel: EffectPanel,
    *,
    kinds: Sequence[InitiativeKind | str] | None = None,
    events: Sequence[Event] = EVENTS,
    outcomes: Sequence[str] | None = None,
    comparison: Comparison = "never_treated",
    window: int | None = None,
    inference: Inference = "small_sample",
    covariates: Sequence[str] = (),
) -> EffectTable:
    """:func:`estimate_effect` for every kind (default: those the panel records), event type
    and outcome (default: all the panel's outcomes with a value in every period), as an
    :class:`EffectTable`, with the same ``comparison``, ``window``, ``inference`` and
    ``covariates``. A ``stop`` estimate is made only for kinds active somewhere in the first
    period.

    >>> from trustops.effects import build_panel, estimate_effects
    >>> from trustops.sample import generate
    >>> panel = build_panel(generate(scale=0.2), period="quarter")
    >>> table = estimate_effects(panel, kinds=["educational_workshop"], events=["start"],
    ...                          outcomes=["trust_index"])
    >>> [(result.kind, result.event, result.outcome) for result in table]
    [('educational_workshop', 'start', 'trust_index')]
    """
    _check_panel(panel)
    kind_names = _names(kinds, "kinds")
    if kind_names is None:
        kind_names = list(panel.kinds)
    events = typing.cast(Sequence[Event], _names(events, "events"))
    outcomes = _names(outcomes, "outcomes")
    if outcomes is None:
        chosen = [
            name
            for name in panel.outcome_names
            if all(
                any(panel.series(name, area)[index] is not None for area in panel.areas)
                for index in range(len(panel.periods))
            )
        ]
    else:
        chosen = list(outcomes)
    results = []
    for kind in kind_names:
        for event in events:
            if event == "stop" and not panel.cohorts(kind, "stop").units:
                continue
            for outcome in chosen:
                results.append(
                    estimate_effect(
                        panel,
                        kind=kind,
                        outcome=outcome,
                        event=event,
                        comparison=comparison,
                        window=window,
                        inference=inference,
                        covariates=covariates,
                    )
                )
    return EffectTable(results=tuple(results))
