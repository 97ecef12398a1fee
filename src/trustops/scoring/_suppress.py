"""The small-cell policy applied to published scores and index results (METHODS §7)."""

from __future__ import annotations

from typing import overload

import attrs

from ..privacy import DEFAULT_POLICY, SmallCellPolicy
from ._diagnostics import suppress_raking_diagnostics
from ._errors import ScoringError
from ._index import TrustIndexResult, TrustIndexTable, suppress_index_result
from ._survey import ConstructScore, SurveyScoreTable, suppress_construct_score

__all__ = ["suppress"]


@overload
def suppress(item: ConstructScore, policy: SmallCellPolicy = ...) -> ConstructScore: ...
@overload
def suppress(item: SurveyScoreTable, policy: SmallCellPolicy = ...) -> SurveyScoreTable: ...
@overload
def suppress(item: TrustIndexResult, policy: SmallCellPolicy = ...) -> TrustIndexResult: ...
@overload
def suppress(item: TrustIndexTable, policy: SmallCellPolicy = ...) -> TrustIndexTable: ...
def suppress(
    item: ConstructScore | SurveyScoreTable | TrustIndexResult | TrustIndexTable,
    policy: SmallCellPolicy = DEFAULT_POLICY,
) -> ConstructScore | SurveyScoreTable | TrustIndexResult | TrustIndexTable:
    """Apply a small-cell policy to scores or index results before they are published.

    With the default policy (:data:`~trustops.privacy.DEFAULT_POLICY`): n < 10 → withheld,
    flag ``insufficient`` and the reason in ``withheld``; 10 ≤ n < 30 → shown, flag
    ``caution``. For a construct score n is its number of scored respondents and every
    estimate (and alpha) is withheld; a table's raking diagnostics are withheld by their
    number of respondents raked. For an index result the policy is applied to each
    available component's n; newly withheld components are dropped and the index is
    recombined (coverage may then fall below the threshold). Suppression only ever
    withholds more: it is idempotent, and :data:`~trustops.privacy.NO_SUPPRESSION` returns
    the input unchanged. A construct score scored with a privacy key
    (:func:`~trustops.scoring.survey_scores` with ``privacy``) is published by the cell key
    method (METHODS §7): its respondent counts are perturbed once, and it is withheld when
    its perturbed n would print below ``withhold_below``.

    >>> from trustops.privacy import DEFAULT_POLICY
    >>> from trustops.scoring import DEFAULT_MODEL, ComponentInput, combine_components, suppress
    >>> from trustops.privacy import NO_SUPPRESSION
    >>> raw = combine_components(DEFAULT_MODEL, {
    ...     "perceived_trust": ComponentInput(70.0, n=8),
    ...     "interaction_quality": ComponentInput(0.6, n=25),
    ...     "continuity": ComponentInput(0.3, n=25)}, area="a", policy=NO_SUPPRESSION)
    >>> round(raw.index, 2), raw.coverage
    (59.29, 0.7)
    >>> published = suppress(raw)
    >>> published.index, published.flags
    (None, ('caution', 'insufficient', 'low_coverage', 'partial'))
    """
    if isinstance(item, ConstructScore):
        return suppress_construct_score(item, policy)
    if isinstance(item, SurveyScoreTable):
        diagnostics = attrs.evolve(
            item.diagnostics,
            rows=tuple(suppress_raking_diagnostics(d, policy) for d in item.diagnostics),
        )
        return attrs.evolve(
            item,
            rows=tuple(suppress_construct_score(r, policy) for r in item),
            diagnostics=diagnostics,
        )
    if isinstance(item, TrustIndexResult):
        return suppress_index_result(item, policy)
    if isinstance(item, TrustIndexTable):
        return attrs.evolve(
            item, results=tuple(suppress_index_result(r, policy) for r in item.results)
        )
    raise ScoringError(
        "expected a ConstructScore, SurveyScoreTable, TrustIndexResult or TrustIndexTable, "
        f"got {type(item).__name__}"
    )
