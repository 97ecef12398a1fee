"""Weighting diagnostics of every raked weight set (METHODS §5a): did the raking do its job?"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

import attrs

from ..metrics import Tabular, records_to_columns
from ..model import SurveyResponse
from ..privacy import Cell, CellStatus, PrivacyKey, SmallCellPolicy, cell_key, publish
from ..stats import WeightDiagnostics, weight_diagnostics
from ..time import Period
from ._flags import Flag, flag_tuple

__all__ = [
    "DIAGNOSTIC_COLUMNS",
    "RakingDiagnostics",
    "RakingDiagnosticsTable",
    "raking_diagnostics",
    "suppress_raking_diagnostics",
]

DIAGNOSTIC_COLUMNS: Final = (
    "area",
    "period",
    "variable",
    "asmd_before",
    "asmd_after",
    "imbalanced",
    "n",
    "effective_n",
    "design_effect",
    "weight_min",
    "weight_q1",
    "weight_median",
    "weight_q3",
    "weight_max",
    "weight_cv",
    "trimmed_share",
    "flags",
    "withheld",
    "perturbed",
)
"""The columns of :meth:`RakingDiagnostics.to_records`, one record per margin variable."""


@attrs.frozen(kw_only=True)
class RakingDiagnostics:
    """Whether the raking of one area's respondents (in one period) did its job.

    ``variables`` are the area's margin variables, in the order of its margins; ``weights``
    is :class:`~trustops.stats.WeightDiagnostics` of the raked weights against the design
    weights they started from: for each margin variable the ASMD before and after weighting
    (``imbalanced`` above 0.1), Kish's effective n and design effect, the weights'
    minimum, quartiles, maximum and coefficient of variation (raked weights have mean 1), and
    the share of the total weight a cap moved. ``n`` counts the respondents raked.

    ``flags``: ``imbalanced`` when a margin is still off its target after weighting,
    ``caution`` and ``insufficient`` from the small-cell policy. A withheld set
    (``insufficient``: fewer than 10 respondents by default) keeps its exact ``n`` in the
    object for the caller's checks, but ``weights`` is ``None`` and :meth:`to_records`
    publishes neither n nor any figure.

    Made with a privacy key (:func:`~trustops.scoring.survey_scores` with ``privacy``), the
    published set gives its respondent count by the cell key method (METHODS §7), as the
    scores do: ``n`` is the perturbed count, ``effective_n`` in :meth:`to_records` is that n
    over the design effect, and ``perturbed`` is true.
    """

    area: str
    period: Period | None
    variables: tuple[str, ...]
    n: int
    weights: WeightDiagnostics | None
    flags: tuple[str, ...] = ()
    withheld: str | None = None
    perturbed: bool = False
    cell_key: int | None = attrs.field(default=None, eq=False, repr=False)
    """The cell key of the respondents raked, when made with a privacy key and not yet
    published (:func:`~trustops.scoring.suppress`)."""

    @property
    def effective_n(self) -> float | None:
        """Kish's effective n as published: of the perturbed n when ``perturbed`` (n over the
        design effect), ``None`` when withheld."""
        found = self.weights
        if found is None:
            return None
        return self.n / found.design_effect if self.perturbed else found.effective_n

    @property
    def imbalanced(self) -> tuple[str, ...]:
        """The margin variables whose ASMD after weighting is above 0.1."""
        if self.weights is None:
            return ()
        return tuple(m.variable for m in self.weights.margins if m.imbalanced)

    def to_records(self) -> list[dict[str, object]]:
        """One flat record per margin variable, with the columns of
        :data:`~trustops.scoring.DIAGNOSTIC_COLUMNS` (the weight set's figures repeated on each)."""
        found = self.weights
        common: dict[str, object] = {
            "n": None if found is None else self.n,
            "effective_n": self.effective_n,
            "design_effect": None if found is None else found.design_effect,
            "weight_min": None if found is None else found.minimum,
            "weight_q1": None if found is None else found.quartiles[0],
            "weight_median": None if found is None else found.quartiles[1],
            "weight_q3": None if found is None else found.quartiles[2],
            "weight_max": None if found is None else found.maximum,
            "weight_cv": None if found is None else found.cv,
            "trimmed_share": None if found is None else found.trimmed_share,
            "flags": ";".join(self.flags),
            "withheld": self.withheld,
            "perturbed": self.perturbed,
        }
        balance = {} if found is None else {m.variable: m for m in found.margins}
        records = []
        for variable in self.variables:
            margin = balance.get(variable)
            records.append(
                {
                    "area": self.area,
                    "period": None if self.period is None else self.period.label,
                    "variable": variable,
                    "asmd_before": None if margin is None else margin.asmd_before,
                    "asmd_after": None if margin is None else margin.asmd_after,
                    "imbalanced": None if margin is None else margin.imbalanced,
                    **common,
                }
            )
        return records


@attrs.frozen(kw_only=True)
class RakingDiagnosticsTable(Tabular):
    """The :class:`RakingDiagnostics` of every raked weight set of a
    :class:`~trustops.scoring.SurveyScoreTable`, ordered by area and period; flatten it
    with :meth:`to_records` (one record per weight set and margin variable) or take it as
    Arrow, pandas or polars like every table."""

    rows: tuple[RakingDiagnostics, ...] = ()

    def __iter__(self) -> Iterator[RakingDiagnostics]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_records(self) -> list[dict[str, object]]:
        """Every weight set's :meth:`RakingDiagnostics.to_records`, in order."""
        return [record for row in self.rows for record in row.to_records()]

    def columns(self) -> dict[str, list[object]]:
        """The records as columns, with ``status`` and ``reason`` (as every table has)."""
        records = self.to_records()
        if not records:
            return {name: [] for name in (*DIAGNOSTIC_COLUMNS, "status", "reason")}
        return records_to_columns(records)

    def column_types(self) -> dict[str, str]:
        """Figures are floats and ``n`` an integer even when every value is missing."""
        floats = dict.fromkeys(DIAGNOSTIC_COLUMNS[3:16], "float64")
        return {**floats, "imbalanced": "bool_", "n": "int64"}


def raking_diagnostics(
    area: str,
    period: Period | None,
    responses: Sequence[SurveyResponse],
    *,
    margins: dict[str, dict[str, float]],
    base: Sequence[float],
    raked: Sequence[float],
    untrimmed: Sequence[float] | None = None,
    privacy: PrivacyKey | None = None,
) -> RakingDiagnostics:
    """The diagnostics of ``raked`` (the weights raking gave ``responses``, every one of which
    has a category for each margin) against the design weights ``base``; ``untrimmed`` are
    the raked weights before a cap trimmed them (``None`` without a cap)."""
    attributes = {name: [r.attributes[name] for r in responses] for name in margins}
    found = weight_diagnostics(attributes, margins, base, raked, untrimmed=untrimmed)
    return RakingDiagnostics(
        area=area,
        period=period,
        variables=tuple(margins),
        n=len(responses),
        weights=found,
        flags=flag_tuple({Flag.IMBALANCED} if any(m.imbalanced for m in found.margins) else ()),
        cell_key=None if privacy is None else privacy.keys_sum({r.id for r in responses}) % 256,
    )


def suppress_raking_diagnostics(
    row: RakingDiagnostics, policy: SmallCellPolicy
) -> RakingDiagnostics:
    """Apply ``policy`` to the number of respondents raked (METHODS §7), as for a construct
    score: below ``withhold_below`` every figure is withheld (``weights`` is ``None``, flag
    ``insufficient``, reason in ``withheld``), below ``caution_below`` the row is flagged
    ``caution``. Applying it twice changes nothing more.

    Made with a privacy key (``cell_key``), the set publishes its respondent count perturbed
    by ``policy.ptable`` (METHODS §7) and is withheld too when that count would print below
    ``withhold_below``; the decision is made on the true count first, so a set is withheld
    alike in every output, and the result is ``perturbed``."""
    cell = publish(Cell(value=float(row.n), n=row.n), policy)
    shown = None
    if row.cell_key is not None and policy.enabled and cell.status is not CellStatus.INSUFFICIENT:
        shown = policy.ptable.perturb(row.n, cell_key(row.cell_key))
        if policy.classify(shown) is CellStatus.INSUFFICIENT:  # it would print below 10
            cell = publish(Cell(value=float(shown), n=shown), policy)
    keyed = row.perturbed or (row.cell_key is not None and policy.enabled)
    if cell.status is CellStatus.INSUFFICIENT:
        return attrs.evolve(
            row,
            weights=None,
            flags=flag_tuple({Flag.INSUFFICIENT}),
            withheld=row.withheld or cell.reason,
            perturbed=keyed,
            cell_key=None,
        )
    if shown is not None:
        row = attrs.evolve(row, n=shown, perturbed=True, cell_key=None)
    if cell.status is CellStatus.CAUTION:
        return attrs.evolve(row, flags=flag_tuple({*row.flags, Flag.CAUTION}))
    return row
