"""Tests of trustops.scoring.suppress: the small-cell policy on published scores and indexes."""

from __future__ import annotations

import pytest

from trustops.model import Dataset
from trustops.privacy import DEFAULT_POLICY, NO_SUPPRESSION, SmallCellPolicy
from trustops.sample import generate
from trustops.scoring import (
    ScoringError,
    SurveyScoreTable,
    TrustIndexTable,
    suppress,
    survey_scores,
    trust_index,
)

STRICT = SmallCellPolicy(withhold_below=15, caution_below=20)  # the sample's cells hold 12-21


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return generate(scale=0.1)


@pytest.fixture(scope="module")
def scores(dataset: Dataset) -> SurveyScoreTable:
    instrument = dataset.instruments[0]
    return survey_scores(instrument, dataset.responses, areas=dataset.areas, policy=NO_SUPPRESSION)


@pytest.fixture(scope="module")
def index(dataset: Dataset) -> TrustIndexTable:
    return trust_index(
        dataset.interactions,
        dataset.responses,
        dataset.instruments[0],
        areas=dataset.areas,
    )


def test_construct_scores_below_the_threshold_are_withheld(scores: SurveyScoreTable) -> None:
    published = suppress(scores, STRICT)
    assert len(published.rows) == len(scores.rows)
    kinds = set()
    for raw, row in zip(scores.rows, published.rows, strict=True):
        if raw.n < STRICT.withhold_below:
            kinds.add("withheld")
            assert (row.mean_score, row.top_box_share, row.net_score, row.alpha) == (
                None,
                None,
                None,
                None,
            )
            assert "insufficient" in row.flags
            assert row.withheld
        else:
            kinds.add("caution" if raw.n < STRICT.caution_below else "shown")
            assert row.mean_score == raw.mean_score
            assert ("caution" in row.flags) == (raw.n < STRICT.caution_below)
        assert row.n == raw.n  # n itself is always published
    assert kinds == {"withheld", "caution", "shown"}


def test_a_table_is_suppressed_row_by_row(scores: SurveyScoreTable, index: TrustIndexTable) -> None:
    assert suppress(scores, STRICT).rows == tuple(suppress(row, STRICT) for row in scores.rows)
    assert suppress(index, STRICT).results == tuple(
        suppress(result, STRICT) for result in index.results
    )


@pytest.mark.parametrize("policy", [DEFAULT_POLICY, STRICT])
def test_suppression_is_idempotent(
    scores: SurveyScoreTable, index: TrustIndexTable, policy: SmallCellPolicy
) -> None:
    for item in (scores, scores.rows[0], index, index.results[0]):
        once = suppress(item, policy)  # type: ignore[call-overload]
        assert suppress(once, policy) == once


def test_suppression_only_ever_withholds_more(index: TrustIndexTable) -> None:
    for raw, published in zip(index.results, suppress(index, STRICT).results, strict=True):
        if raw.index is None:
            assert published.index is None
        assert set(raw.flags) <= set(published.flags) | {"caution"}
        assert {c.name for c in published.components if c.available} <= {
            c.name for c in raw.components if c.available
        }


def test_no_suppression_returns_the_input_unchanged(
    scores: SurveyScoreTable, index: TrustIndexTable
) -> None:
    for item in (scores, scores.rows[0], index, index.results[0]):
        assert suppress(item, NO_SUPPRESSION) == item  # type: ignore[call-overload]


def test_other_things_are_refused_by_name() -> None:
    with pytest.raises(ScoringError, match=r"expected a ConstructScore, .* got dict"):
        suppress({"index": 50.0})  # type: ignore[call-overload]
