"""Survey construct scores: mean score, top-box share and net score per construct and group."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Final, Literal, NamedTuple

import attrs

from ..metrics import Tabular, records_to_columns
from ..model import Area, SurveyInstrument, SurveyItem, SurveyResponse
from ..privacy import (
    DEFAULT_POLICY,
    Cell,
    CellStatus,
    PrivacyKey,
    SmallCellPolicy,
    cell_key,
    publish,
)
from ..stats import (
    Interval,
    StatsError,
    cronbach_alpha,
    decay_weight,
    normal_interval,
    rake,
    weighted_mean,
    weighted_proportion,
    z_value,
)
from ..time import Granularity, Period, local_date, period_of, to_granularity
from ._design import (
    DesignPlan,
    GroupEstimates,
    MadeReplicates,
    Universe,
    Variance,
    check_made_replicates,
    estimate_group,
    plan_design,
    replicate_columns,
    universe_of,
)
from ._diagnostics import (
    RakingDiagnostics,
    RakingDiagnosticsTable,
    raking_diagnostics,
    suppress_raking_diagnostics,
)
from ._errors import ScoringError, ScoringTypeError
from ._flags import Flag, flag_tuple

__all__ = [
    "MISSING_KEY",
    "WEIGHTINGS",
    "ConstructScore",
    "ScoreEstimate",
    "SurveyScoreTable",
    "Weighting",
    "suppress_construct_score",
    "survey_scores",
]

Weighting = Literal["raked", "design", "none"]
"""How respondents are weighted: raked to the area's margins, design weights, or equally."""

WEIGHTINGS: Final[tuple[Weighting, ...]] = ("raked", "design", "none")
"""The accepted values of ``weighting``."""

MISSING_KEY: Final = "(missing)"
"""Group key of respondents without the demographic attribute grouped by."""

_RESERVED: Final = frozenset({"period", "construct"})


class ScoreEstimate(NamedTuple):
    """One score with its standard error and confidence interval, on the score's own scale."""

    value: float
    """The estimate (0–100 for mean score and top-box share, −100..100 for net score)."""
    se: float
    """Standard error (``inf`` when the effective n is 1 for a mean)."""
    interval: Interval
    """Confidence interval, clipped to the score's range."""


@attrs.frozen(kw_only=True)
class ConstructScore:
    """The scores of one construct for one group of respondents.

    ``keys`` names the group (``{"area": "riverside", "period": "2026-Q1"}``) and ``period``
    is the :class:`~trustops.time.Period` when grouped by period. ``n`` counts respondents
    with a construct score (at least half of the construct's items answered); ``missing``
    counts respondents of the group without one. ``effective_n`` is Kish's effective n of the
    weights and ``design_effect`` is ``n / effective_n``; under a survey design (METHODS
    §5a), ``design_effect`` is the mean score's design variance over that of a simple random
    sample of the same size (R's ``deff``) and ``effective_n`` is ``n`` over it.
    ``variance`` says how the intervals were estimated (``independent``, ``taylor``, or the
    replicate method such as ``jkn``) and ``df`` gives their degrees of freedom (``None``:
    a normal interval). ``mean_score`` (0–100),
    ``top_box_share`` (0–100, percent of respondents in the top box) and ``net_score``
    (−100..100, top-box minus bottom-box percent) are :class:`ScoreEstimate` values, ``None``
    when there is nothing to estimate or the value is withheld; ``alpha`` is Cronbach's alpha
    for constructs of two or more items. ``flags`` are short machine-readable markers
    (``caution``, ``insufficient``, ``not_raked``, ``lonely_psu``) and ``notes`` the
    sentences explaining them; ``withheld`` gives the reason when the small-cell policy
    withheld the values. A withheld row keeps its exact ``n`` and ``missing`` in the object
    (for the caller's own checks), but :meth:`to_record`, and so the tables, their Arrow,
    pandas and polars forms and every command's output, leave them out.

    .. versionchanged:: Unreleased
       ``variance`` and ``df``.
    """

    construct: str
    keys: dict[str, str] = attrs.field(hash=False)
    period: Period | None
    n: int
    missing: int
    effective_n: float | None
    design_effect: float | None
    mean_score: ScoreEstimate | None
    top_box_share: ScoreEstimate | None
    net_score: ScoreEstimate | None
    alpha: float | None
    weighting: Weighting
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    withheld: str | None = None
    variance: Variance = "independent"
    df: float | None = None
    perturbed: bool = False
    """True when the row was published by the cell key method (METHODS §7): ``n``,
    ``missing`` and ``effective_n`` are then the perturbed respondent counts, not the true
    ones (a withheld row publishes none of them)."""
    cell_keys: tuple[int, int] | None = attrs.field(default=None, eq=False, repr=False)
    """The cell keys (METHODS §7) of the respondents with a score and of those without, when
    scored with a privacy key and not yet published (:func:`~trustops.scoring.suppress`)."""

    def to_record(self) -> dict[str, object]:
        """A flat dictionary: the keys, the construct, then every figure (intervals as
        ``*_low`` / ``*_high``), flags joined by ``;`` and notes by a space."""
        record: dict[str, object] = dict(self.keys)
        record["construct"] = self.construct
        shown = self.withheld is None  # a withheld row never publishes its exact n
        record["n"] = self.n if shown else None
        record["missing"] = self.missing if shown else None
        record["effective_n"] = self.effective_n
        record["design_effect"] = self.design_effect
        record["variance"] = self.variance
        record["df"] = self.df
        for name in ("mean_score", "top_box_share", "net_score"):
            estimate: ScoreEstimate | None = getattr(self, name)
            record[name] = None if estimate is None else estimate.value
            record[f"{name}_se"] = None if estimate is None else estimate.se
            record[f"{name}_low"] = None if estimate is None else estimate.interval.low
            record[f"{name}_high"] = None if estimate is None else estimate.interval.high
        record["alpha"] = self.alpha
        record["weighting"] = self.weighting
        record["flags"] = ";".join(self.flags)
        record["withheld"] = self.withheld
        record["notes"] = " ".join(self.notes)
        return record


@attrs.frozen(kw_only=True)
class SurveyScoreTable(Tabular):
    """The rows of :func:`survey_scores`, ordered by group keys, period and construct.

    Iterate over it for the :class:`ConstructScore` rows, look one up with :meth:`row`, or
    flatten it with :meth:`to_records`. ``notes`` holds remarks about the input as a whole
    (responses to other instruments ignored, areas without an :class:`~trustops.model.Area`).
    ``diagnostics`` holds the :class:`~trustops.scoring.RakingDiagnostics` of every raked
    weight set (each area, per period when grouped by period), empty unless
    ``weighting="raked"``.

    .. versionchanged:: Unreleased
       ``diagnostics``.
    """

    instrument_id: str
    rows: tuple[ConstructScore, ...]
    by: tuple[str, ...]
    period: Granularity | None
    weighting: Weighting
    notes: tuple[str, ...] = ()
    diagnostics: RakingDiagnosticsTable = attrs.field(factory=RakingDiagnosticsTable)

    def __iter__(self) -> Iterator[ConstructScore]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, construct: str, **keys: object) -> ConstructScore:
        """The first row of ``construct`` whose keys equal ``keys`` (values compared as text,
        so a :class:`~trustops.time.Period` may be given for ``period``); :class:`KeyError`
        if there is none."""
        wanted = {name: str(value) for name, value in keys.items()}
        for row in self.rows:
            if row.construct == construct and all(
                row.keys.get(name) == value for name, value in wanted.items()
            ):
                return row
        raise KeyError(f"no {construct!r} row with {wanted}")

    def to_records(self) -> list[dict[str, object]]:
        """Every row as :meth:`ConstructScore.to_record`."""
        return [row.to_record() for row in self.rows]

    def columns(self) -> dict[str, list[object]]:
        """The rows of :meth:`to_records` as columns, with ``status`` (``ok`` or
        ``withheld``) and ``reason``; the form of ``__arrow_c_stream__`` and
        :class:`~trustops.metrics.Tabular`'s outputs."""
        return records_to_columns(self.to_records())


class _Respondent(NamedTuple):
    response: SurveyResponse
    period: Period | None
    weight: float
    cell: tuple[str, Period | None]
    replicates: tuple[float, ...] = ()


def _response_key(response: SurveyResponse) -> tuple[object, ...]:
    return (
        response.id,
        response.area_id,
        response.collected_at.timestamp(),
        sorted((k, v is not None, v or 0) for k, v in response.answers.items()),
        sorted(response.attributes.items()),
        response.weight or 1.0,
    )


def _check_by(by: Sequence[str]) -> tuple[str, ...]:
    if isinstance(by, str):
        raise ScoringError(f"by: expected a sequence of key names such as ('area',), got {by!r}")
    keys = tuple(by)
    for key in keys:
        if not isinstance(key, str) or not key:
            raise ScoringError(f"by: expected key names as text, got {key!r}")
        if key in _RESERVED:
            hint = "; group by period with period=..." if key == "period" else ""
            raise ScoringError(f"by: {key!r} is not a grouping key{hint}")
    if len(set(keys)) != len(keys):
        raise ScoringError(f"by: expected distinct key names, got {keys!r}")
    return keys


def _constructs(instrument: SurveyInstrument, constructs: Sequence[str] | None) -> tuple[str, ...]:
    if constructs is None:
        return instrument.constructs
    chosen = tuple(constructs)
    for construct in chosen:
        if construct not in instrument.constructs:
            raise ScoringError(
                f"constructs: instrument {instrument.id!r} has no construct {construct!r}; "
                f"it has {', '.join(instrument.constructs)}"
            )
    return chosen


def _cell_weights(
    area_id: str,
    area: Area | None,
    period: Period | None,
    responses: list[SurveyResponse],
    base: list[float],
    *,
    cap: float | None,
    privacy: PrivacyKey | None,
) -> tuple[list[float], str | RakingDiagnostics]:
    """The raked weights of one area (in one period) with their diagnostics, or the design
    weights with the note that says why raking was impossible."""
    where = f"area {area_id!r}" + ("" if period is None else f" in {period}")
    if area is None:
        return base, f"{where}: no Area given, so no margins to rake to; design weights used."
    if not area.margins:
        return base, f"{where}: the area has no population margins; design weights used."
    rows = [r.attributes for r in responses]
    margins = {name: dict(shares) for name, shares in area.margins.items()}
    try:
        raked = rake(rows, margins, base_weights=base, cap=cap)
        untrimmed = None if cap is None else rake(rows, margins, base_weights=base)
    except StatsError as error:
        return base, f"{where}: raking impossible ({error}); design weights used."
    return raked, raking_diagnostics(
        area_id,
        period,
        responses,
        margins=margins,
        base=base,
        raked=raked,
        untrimmed=untrimmed,
        privacy=privacy,
    )


def _raker(
    members: list[SurveyResponse], area: Area | None, cap: float | None
) -> Callable[[list[float]], list[float]]:
    """Rakes a replicate's base weights of one cell to the same margins as the full sample."""
    assert area is not None  # the full sample was raked to its margins
    rows = [r.attributes for r in members]
    margins = {name: dict(shares) for name, shares in area.margins.items()}
    return lambda base: rake(rows, margins, base_weights=base, cap=cap)


def _clip(interval: Interval, low: float, high: float) -> Interval:
    return Interval(min(max(interval.low, low), high), max(min(interval.high, high), low))


def _boxes(answered: list[tuple[SurveyItem, int]]) -> tuple[bool, bool]:
    """Whether a respondent is in the top box and in the bottom box.

    Each oriented answer's distance from its item's threshold is measured in units of that
    item's scale range, exactly (fractions): top box when the distances to the top-box
    thresholds sum to 0 or more, bottom box when those to the bottom-box thresholds sum to 0
    or less. With one common scale this is "mean raw answer ≥ (≤) the threshold".
    """
    top = Fraction(0)
    bottom = Fraction(0)
    for item, value in answered:
        oriented = item.oriented(value)
        span = item.scale_max - item.scale_min
        top += Fraction(oriented - item.top_box_threshold, span)
        bottom += Fraction(oriented - item.bottom_box_threshold, span)
    return top >= 0, bottom <= 0


def _score_construct(
    *,
    construct: str,
    items: tuple[SurveyItem, ...],
    group: list[_Respondent],
    keys: dict[str, str],
    period: Period | None,
    weighting: Weighting,
    confidence: float,
    cell_notes: dict[tuple[str, Period | None], str],
    plan: DesignPlan,
    universe: Universe | None,
    positions: dict[int, int],
    privacy: PrivacyKey | None = None,
) -> ConstructScore:
    k = len(items)
    scored: list[_Respondent] = []
    scores: list[float] = []
    weights: list[float] = []
    top: list[bool] = []
    bottom: list[bool] = []
    answer_rows: list[list[float | None]] = []
    for respondent in group:
        answers = respondent.response.answers
        row: list[float | None] = []
        answered: list[tuple[SurveyItem, int]] = []
        for item in items:
            value = answers.get(item.id)
            row.append(None if value is None else float(item.oriented(value)))
            if value is not None:
                answered.append((item, value))
        answer_rows.append(row)
        if 2 * len(answered) < k:
            continue
        scores.append(math.fsum(item.rescale(value) for item, value in answered) / len(answered))
        scored.append(respondent)
        weights.append(respondent.weight)
        in_top, in_bottom = _boxes(answered)
        top.append(in_top)
        bottom.append(in_bottom)
    flags: set[str] = set()
    notes: list[str] = []
    cells = sorted({r.cell for r in group}, key=lambda c: (c[0], c[1] is not None, c[1]))
    for cell in cells:
        if cell in cell_notes:
            flags.add(Flag.NOT_RAKED)
            notes.append(cell_notes[cell])
    n = len(scores)
    missing = len(group) - n
    if missing:
        notes.append(
            f"{missing} respondent(s) answered fewer than half of the {k} {construct!r} item(s) "
            "and have no score."
        )
    alpha: float | None = None
    if k >= 2:
        try:
            alpha = cronbach_alpha(answer_rows)
        except StatsError as error:
            notes.append(f"Cronbach's alpha not computable: {error}.")
    mean_score: ScoreEstimate | None = None
    top_box: ScoreEstimate | None = None
    net: ScoreEstimate | None = None
    effective_n: float | None = None
    design_effect: float | None = None
    df: float | None = None
    if n:
        mean = weighted_mean(scores, weights, confidence=confidence)
        effective_n = mean.effective_n
        design_effect = n / effective_n
        mean_score = ScoreEstimate(mean.mean, mean.se, _clip(mean.interval, 0.0, 100.0))
        top_box, net = _box_scores(top, bottom, weights, effective_n, confidence)
    if n and plan.variance != "independent":  # a survey design (METHODS §5a)
        found = estimate_group(
            plan,
            scores=scores,
            tops=top,
            bottoms=bottom,
            weights=weights,
            replicates=[r.replicates for r in scored],
            universe=universe or Universe([], [], None),
            positions=[positions[id(r)] for r in scored] if universe is not None else [],
            confidence=confidence,
        )
        if isinstance(found, GroupEstimates):
            mean_score, top_box, net = _design_scores(found)
            df = found.mean.df
            if found.design_effect is not None:
                design_effect = found.design_effect
                effective_n = n / design_effect
            if found.lonely_psu:
                flags.add(Flag.LONELY_PSU)
                notes.append(
                    "Stratum "
                    + ", ".join(map(repr, found.lonely_psu))
                    + " has a single PSU; its variance is centred at the grand mean (R's "
                    "survey.lonely.psu = 'adjust')."
                )
        else:
            assert mean_score is not None  # n > 0
            assert top_box is not None
            assert net is not None
            notes.append(f"{found[0].upper()}{found[1:]}; the intervals span the whole scale.")
            mean_score = mean_score._replace(se=math.inf, interval=Interval(0.0, 100.0))
            top_box = top_box._replace(se=math.inf, interval=Interval(0.0, 100.0))
            net = net._replace(se=math.inf, interval=Interval(-100.0, 100.0))
    return ConstructScore(
        construct=construct,
        keys=dict(keys),
        period=period,
        n=n,
        missing=missing,
        effective_n=effective_n,
        design_effect=design_effect,
        mean_score=mean_score,
        top_box_share=top_box,
        net_score=net,
        alpha=alpha,
        weighting=weighting,
        flags=flag_tuple(flags),
        notes=tuple(notes),
        variance=plan.variance,
        df=df,
        cell_keys=None if privacy is None else _key_sums(privacy, group, scored),
    )


def _key_sums(
    privacy: PrivacyKey, group: list[_Respondent], scored: list[_Respondent]
) -> tuple[int, int]:
    """The cell keys of the respondents with a score and of those without (METHODS §7)."""
    with_score = {r.response.id for r in scored}
    without = {r.response.id for r in group} - with_score
    return privacy.keys_sum(with_score) % 256, privacy.keys_sum(without) % 256


def _design_scores(found: GroupEstimates) -> tuple[ScoreEstimate, ScoreEstimate, ScoreEstimate]:
    """The three scores on their own scales from design-based estimates, intervals clipped."""
    mean, top, net = found.mean, found.top, found.net
    return (
        ScoreEstimate(mean.estimate, mean.se, _clip(Interval(mean.low, mean.high), 0.0, 100.0)),
        ScoreEstimate(
            100.0 * top.estimate,
            100.0 * top.se,
            _clip(Interval(100.0 * top.low, 100.0 * top.high), 0.0, 100.0),
        ),
        ScoreEstimate(
            100.0 * net.estimate,
            100.0 * net.se,
            _clip(Interval(100.0 * net.low, 100.0 * net.high), -100.0, 100.0),
        ),
    )


def _box_scores(
    top: list[bool], bottom: list[bool], weights: list[float], ess: float, confidence: float
) -> tuple[ScoreEstimate, ScoreEstimate]:
    high = weighted_proportion(top, weights, confidence=confidence)
    low = weighted_proportion(bottom, weights, confidence=confidence).share
    p = high.share
    top_box = ScoreEstimate(
        100.0 * p,
        100.0 * math.sqrt(p * (1.0 - p) / ess),
        Interval(100.0 * high.interval.low, 100.0 * high.interval.high),
    )
    net_value = 100.0 * (p - low)
    net_se = 100.0 * math.sqrt(max(0.0, p + low - (p - low) ** 2) / ess)
    net = ScoreEstimate(
        net_value,
        net_se,
        _clip(normal_interval(net_value, net_se, confidence=confidence), -100.0, 100.0),
    )
    return top_box, net


_MISSING_COUNT: Final = re.compile(r"^\d+ respondent\(s\)")


def suppress_construct_score(row: ConstructScore, policy: SmallCellPolicy) -> ConstructScore:
    """Apply ``policy`` to ``row.n`` (through :func:`trustops.privacy.publish`): below
    ``withhold_below`` every estimate, alpha and the effective n are withheld (flag
    ``insufficient``, reason in ``withheld``, and the notes no longer count the respondents
    without a score; :meth:`ConstructScore.to_record`, and so every table and export, then
    gives no n and no missing count), and below ``caution_below`` the row is flagged
    ``caution``. The object keeps ``n`` and ``missing`` for the caller's own checks: they are
    never published for a withheld row. Applying it twice changes nothing more.

    A row scored with a privacy key (``cell_keys``, :func:`survey_scores` with ``privacy``)
    publishes its respondent counts by the cell key method (METHODS §7): ``n`` and
    ``missing`` become ``policy.ptable``'s perturbed counts (the respondents' record keys
    come from the response ids), the effective n becomes perturbed n / design effect, and
    the row is withheld too when its perturbed n would print below ``withhold_below``. The
    decision to withhold is made on the true n first, so a group is withheld alike in every
    output; the result is ``perturbed`` and is not perturbed again."""
    cell = publish(Cell(value=float(row.n), n=row.n), policy)
    shown = None
    if row.cell_keys is not None and policy.enabled and cell.status is not CellStatus.INSUFFICIENT:
        shown = (
            policy.ptable.perturb(row.n, cell_key(row.cell_keys[0])),
            policy.ptable.perturb(row.missing, cell_key(row.cell_keys[1])),
        )
        if policy.classify(shown[0]) is CellStatus.INSUFFICIENT:  # it would print below 10
            cell = publish(Cell(value=float(shown[0]), n=shown[0]), policy)
    if cell.status is CellStatus.INSUFFICIENT:
        return attrs.evolve(
            row,
            effective_n=None,
            design_effect=None,
            mean_score=None,
            top_box_share=None,
            net_score=None,
            alpha=None,
            flags=flag_tuple({*row.flags, Flag.INSUFFICIENT}),
            notes=tuple(_MISSING_COUNT.sub("Some respondents", note) for note in row.notes),
            withheld=row.withheld or cell.reason,
            perturbed=row.perturbed or (row.cell_keys is not None and policy.enabled),
            cell_keys=None,
        )
    if shown is not None:
        n, missing = shown
        row = attrs.evolve(
            row,
            n=n,
            missing=missing,
            effective_n=None if row.design_effect is None else n / row.design_effect,
            notes=tuple(  # a count perturbed to 0 still stands for some respondents
                _MISSING_COUNT.sub(
                    f"{missing} respondent(s)" if missing else "Some respondents", note
                )
                for note in row.notes
            ),
            perturbed=True,
            cell_keys=None,
        )
    if cell.status is CellStatus.CAUTION:
        return attrs.evolve(row, flags=flag_tuple({*row.flags, Flag.CAUTION}))
    return row


def survey_scores(
    instrument: SurveyInstrument,
    responses: Iterable[SurveyResponse],
    *,
    areas: Iterable[Area] = (),
    by: Sequence[str] = ("area",),
    period: Granularity | str | None = None,
    weighting: Weighting = "raked",
    constructs: Sequence[str] | None = None,
    confidence: float = 0.95,
    half_life_days: float | None = None,
    window_days: int | None = None,
    policy: SmallCellPolicy = DEFAULT_POLICY,
    cap: float | None = None,
    replicates: MadeReplicates | None = None,
    replicate_count: int = 500,
    seed: int = 0,
    privacy: PrivacyKey | None = None,
) -> SurveyScoreTable:
    """Score every construct of ``instrument`` per group of respondents (METHODS §5).

    Each answer is rescaled to 0–100, ``(x − min)/(max − min) · 100``, and reverse-coded
    items use ``100 −`` that (:meth:`~trustops.model.SurveyItem.rescale`). A respondent's
    construct score is the mean of their answered items of the construct, and missing when
    fewer than half of them are answered. Per group (``by`` names ``"area"`` and/or
    demographic attributes of the responses; ``period`` adds the local calendar period of
    each response in its area's time zone, UTC when the area is not in ``areas``):

    - ``mean_score`` (0–100): weighted mean of the respondent scores, normal interval
      ``mean ± z·se`` with ``se = √(s²/ESS)``;
    - ``top_box_share`` (0–100): weighted percent of respondents whose mean oriented raw
      answer is at least the items' :attr:`~trustops.model.SurveyItem.top_box_threshold`,
      Wilson interval on the effective n;
    - ``net_score`` (−100..100): top-box percent minus bottom-box percent (mean oriented raw
      answer at most :attr:`~trustops.model.SurveyItem.bottom_box_threshold`), with
      ``se = 100·√((t + b − (t − b)²)/ESS)``, the multinomial variance of a difference of two
      shares of one sample, and a normal interval clipped to [−100, 100];
    - ``alpha``: Cronbach's alpha (listwise) of the oriented answers, for two or more items.

    When a construct mixes scales (a 0–10 item with 1–5 items), the box rule compares each
    oriented answer with its own item's threshold in units of that item's scale range: a
    respondent is in the top box when these distances sum to 0 or more (in the bottom box
    when the distances to the bottom-box thresholds sum to 0 or less). With one common scale
    this is exactly "mean oriented raw answer ≥ (≤) the threshold".

    ``weighting="raked"`` (the default) rakes each area's respondents (per period, when
    grouped by period) from their design weights to the area's population margins; when an
    area has no :class:`~trustops.model.Area`, no margins, or raking is impossible
    (a respondent without a margin attribute, an empty category, no convergence), the
    design weights are used and the row says so with the flag ``not_raked`` and a note.
    ``cap`` (above 1) trims raked weights at ``cap ×`` their mean, re-raking after trimming
    (:func:`~trustops.stats.rake`). Every raked weight set has its
    :class:`~trustops.scoring.RakingDiagnostics` in the table's ``diagnostics``: per margin
    variable the ASMD before and after weighting (flag ``imbalanced`` above 0.1), Kish's
    design effect and effective n, the weights' distribution and the share of weight the
    cap moved (METHODS §5a); the small-cell policy withholds those of fewer than 10
    respondents. ``"design"`` uses each response's design weight (1 when unset) and ``"none"`` weights
    every respondent equally. ``half_life_days`` (needs ``period``) further multiplies each
    weight by ``0.5^(age/half-life)``, age being the days from the response's local date to
    the end of the period it is scored in.

    ``window_days`` (needs ``period``) scores each period over a *trailing window* instead of
    the period alone (METHODS §6): the trailing ``window_days`` or the whole period, whichever
    is longer, ending at the period's last local day. The period's group holds every response
    whose local date lies in it (a response in the period itself always does, so a 92-day
    quarter is covered whole by a 91-day window; a later period's window holds it while its
    age is below ``window_days``), so one response counts in every period whose window
    reaches it, and periods after the last response appear while their window still holds
    responses. With ``half_life_days`` too, a response weighs less in each later period.

    **Survey designs** (METHODS §5a). When the responses declare a ``stratum``, ``psu`` or
    ``fpc`` (:class:`~trustops.model.SurveyResponse`), each score's variance is the Taylor
    linearised variance of its weighted mean (a share for top box, top − bottom for net
    score) with those strata, clusters and finite population corrections, each group a
    *domain* of its period's respondents (weight 0 outside it, as R's ``svyby``); a stratum
    with a single PSU is centred at the grand mean and flagged ``lonely_psu``. The intervals
    use Student's t on the design's degrees of freedom (PSUs − strata holding the group,
    ``df``), and ``design_effect`` is the mean score's design effect (R's ``deff``). When
    the instrument declares a :class:`~trustops.model.ReplicateDesign`, the variance comes
    from the responses' replicate weights; ``replicates="jkn"`` or ``"bootstrap"`` makes
    them from the declared strata and PSUs (delete-one-PSU jackknife, or ``replicate_count``
    Rao–Wu bootstrap replicates drawn with ``seed``). With raking, every replicate's weights
    are raked to the same margins, so the interval includes raking's own variance. Without
    a design, every figure is as described above (``variance="independent"``).

    Responses to other instruments are ignored (counted in the table's notes); an answer
    off its item's scale or to an unknown item, and a design that does not fit together
    (:meth:`~trustops.model.SurveyInstrument.design_problems`), raise
    :class:`~trustops.scoring.ScoringError`.
    Results do not depend on the order of ``responses``. Finally ``policy`` is applied with
    :func:`~trustops.scoring.suppress` on each row's ``n``: the default withholds groups
    under 10 respondents and flags those under 30; pass
    :data:`~trustops.privacy.NO_SUPPRESSION` for the raw figures. With ``privacy`` (a
    :class:`~trustops.privacy.PrivacyKey`) and the policy on, the respondent counts each
    row publishes are perturbed by the cell key method (METHODS §7; see
    :func:`~trustops.scoring.suppress`).

    References: Elucd/Zencity sentiment scores (0–100 means); Edelman Trust Barometer (top
    box 6–9 of 9); Reichheld (2003) on net scores; Kish (1965) on effective n; Deming &
    Stephan (1940) on raking; Cronbach (1951).

    >>> import pendulum
    >>> from trustops import SurveyInstrument, SurveyItem, SurveyResponse
    >>> from trustops.privacy import NO_SUPPRESSION
    >>> from trustops.scoring import survey_scores
    >>> inst = SurveyInstrument(id="pulse", name="Pulse", items=(
    ...     SurveyItem(id="t1", construct="trust", text="I trust them.", scale_min=1, scale_max=5),
    ...     SurveyItem(id="t2", construct="trust", text="They let me down.", scale_min=1,
    ...                scale_max=5, reverse=True)))
    >>> when = pendulum.datetime(2026, 3, 1, tz="UTC")
    >>> answers = [{"t1": 5, "t2": 1}, {"t1": 4, "t2": 3}, {"t1": 2, "t2": None}]
    >>> responses = [SurveyResponse(id=f"r{i}", instrument_id="pulse", area_id="a",
    ...                             collected_at=when, answers=a) for i, a in enumerate(answers)]
    >>> row = survey_scores(inst, responses, weighting="none", policy=NO_SUPPRESSION).row(
    ...     "trust", area="a")
    >>> row.n, round(row.mean_score.value, 2), round(row.top_box_share.value, 2)
    (3, 62.5, 33.33)
    >>> round(row.net_score.value, 2), round(row.alpha, 4)
    (0.0, 0.8889)
    """
    granularity = None if period is None else to_granularity(period)
    keys_by = _check_by(by)
    if weighting not in WEIGHTINGS:
        raise ScoringError(f"weighting: expected one of {', '.join(WEIGHTINGS)}, got {weighting!r}")
    z_value(confidence)  # validates the level
    check_made_replicates(replicates, replicate_count, seed)
    if cap is not None:
        if weighting != "raked":
            raise ScoringError(f"cap: trims raked weights; weighting is {weighting!r}, not 'raked'")
        if isinstance(cap, bool) or not isinstance(cap, (int, float)) or not 1 < cap < math.inf:
            raise ScoringError(
                f"cap: expected a ratio of weight to mean weight above 1 (5 is common), got {cap!r}"
            )
    if half_life_days is not None and granularity is None:
        raise ScoringError(
            "half_life_days: recency decay needs a period grouping (ages are counted to the "
            "end of each response's period); pass period=..."
        )
    if window_days is not None:
        if granularity is None:
            raise ScoringError(
                "window_days: a trailing window ends at each period's end; pass period=..."
            )
        if isinstance(window_days, bool) or not isinstance(window_days, int) or window_days < 1:
            raise ScoringError(f"window_days: expected a whole number >= 1, got {window_days!r}")
    if not isinstance(instrument, SurveyInstrument):
        raise ScoringTypeError(
            f"instrument: expected a SurveyInstrument, got {type(instrument).__name__}"
        )
    chosen = _constructs(instrument, constructs)
    area_list: list[object] = list(areas)
    for given in area_list:
        if not isinstance(given, Area):
            raise ScoringTypeError(f"areas: expected Area objects, got {type(given).__name__}")
    area_of = {a.id: a for a in area_list if isinstance(a, Area)}
    kept: list[SurveyResponse] = []
    ignored = 0
    for response in responses:
        if not isinstance(response, SurveyResponse):
            raise ScoringTypeError(
                f"responses: expected SurveyResponse objects, got {type(response).__name__}"
            )
        if response.instrument_id != instrument.id:
            ignored += 1
            continue
        for problem in instrument.answer_problems(response):
            raise ScoringError(f"response {response.id!r}: {problem}")
        kept.append(response)
    for response, problem in instrument.design_problems(kept):
        raise ScoringError(f"response {response.id!r}: {problem}")
    kept.sort(key=_response_key)
    plan = plan_design(
        instrument, kept, replicates=replicates, replicate_count=replicate_count, seed=seed
    )
    factors_of = {id(r): f for r, f in zip(kept, plan.factors, strict=True)} if plan.factors else {}
    table_notes: list[str] = []
    if ignored:
        table_notes.append(f"{ignored} response(s) to other instruments ignored.")
    unknown = sorted({r.area_id for r in kept} - set(area_of))
    if unknown and granularity is not None:
        table_notes.append(
            "No Area given for " + ", ".join(map(repr, unknown)) + "; their periods use UTC."
        )

    cells: dict[tuple[str, Period | None], list[SurveyResponse]] = {}
    for response in kept:
        area = area_of.get(response.area_id)
        if granularity is None:
            cells.setdefault((response.area_id, None), []).append(response)
            continue
        zone = "UTC" if area is None else area.timezone
        if window_days is None:
            own = period_of(response.collected_at, zone, granularity)
            cells.setdefault((response.area_id, own), []).append(response)
            continue
        day = local_date(response.collected_at, zone)
        reached = Period.containing(day, granularity)  # its own period's window holds it
        while True:
            cells.setdefault((response.area_id, reached), []).append(response)
            reached = Period.containing(reached.end.add(days=1), granularity)
            if reached.end.toordinal() - day.toordinal() >= window_days:
                break

    respondents: list[_Respondent] = []
    cell_notes: dict[tuple[str, Period | None], str] = {}
    diagnostics: list[RakingDiagnostics] = []
    for cell, members in cells.items():
        area_id, when = cell
        area = area_of.get(area_id)
        base = [1.0 if weighting == "none" else (r.weight or 1.0) for r in members]
        if half_life_days is not None:
            assert when is not None  # a decay needs a period, checked above
            zone = "UTC" if area is None else area.timezone
            base = [
                w
                * decay_weight(
                    float(when.end.toordinal() - local_date(r.collected_at, zone).toordinal()),
                    half_life_days=half_life_days,
                )
                for w, r in zip(base, members, strict=True)
            ]
        weights = base
        raked = False
        if weighting == "raked":
            weights, found = _cell_weights(
                area_id, area, when, members, base, cap=cap, privacy=privacy
            )
            if isinstance(found, str):
                cell_notes[cell] = found
            else:
                raked = True
                diagnostics.append(suppress_raking_diagnostics(found, policy))
        columns: list[tuple[float, ...]] = [() for _ in members]
        if factors_of:
            rake_to = _raker(members, area, cap) if raked else None
            columns, problems = replicate_columns(
                [factors_of[id(r)] for r in members], base, rake_to
            )
            if problems:
                where = f"area {area_id!r}" + ("" if when is None else f" in {when}")
                cell_notes[cell] = (
                    f"{where}: {len(problems)} of {len(factors_of[id(members[0])])} replicates "
                    f"could not be raked ({problems[0]}); their design weights used."
                )
        respondents.extend(
            _Respondent(r, when, w, cell, c)
            for r, w, c in zip(members, weights, columns, strict=True)
        )

    groups: dict[tuple[tuple[str, ...], Period | None], list[_Respondent]] = {}
    for respondent in respondents:
        response = respondent.response
        values = tuple(
            response.area_id if key == "area" else response.attributes.get(key, MISSING_KEY)
            for key in keys_by
        )
        groups.setdefault((values, respondent.period), []).append(respondent)

    universes: dict[Period | None, Universe] = {}
    positions: dict[int, int] = {}
    if plan.variance == "taylor":  # each group is a domain of its period's respondents
        in_period: dict[Period | None, list[_Respondent]] = {}
        for respondent in respondents:
            in_period.setdefault(respondent.period, []).append(respondent)
        for when, held in in_period.items():
            universes[when] = universe_of([r.response for r in held], plan)
            positions.update((id(r), index) for index, r in enumerate(held))

    rows: list[ConstructScore] = []
    for values, when in sorted(groups, key=lambda g: (g[0], g[1] is not None, g[1])):
        keys = dict(zip(keys_by, values, strict=True))
        if when is not None:
            keys["period"] = when.label
        group = groups[(values, when)]
        for construct in chosen:
            row = _score_construct(
                construct=construct,
                items=instrument.items_of(construct),
                group=group,
                keys=keys,
                period=when,
                weighting=weighting,
                confidence=confidence,
                cell_notes=cell_notes,
                plan=plan,
                universe=universes.get(when),
                positions=positions,
                privacy=privacy,
            )
            rows.append(suppress_construct_score(row, policy))
    return SurveyScoreTable(
        instrument_id=instrument.id,
        rows=tuple(rows),
        by=keys_by,
        period=granularity,
        weighting=weighting,
        notes=tuple(table_notes),
        diagnostics=RakingDiagnosticsTable(
            rows=tuple(sorted(diagnostics, key=lambda d: (d.area, d.period is not None, d.period)))
        ),
    )
