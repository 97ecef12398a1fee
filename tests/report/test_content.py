"""Tests of the report's content records: immutable, complete, and shaped as rendered."""

from __future__ import annotations

import attrs
import pytest

from trustops.report import Pivot, Report


def test_the_records_are_frozen(sample_report: Report) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        sample_report.title = "changed"  # type: ignore[misc]


def test_every_pivot_row_has_one_cell_per_column(sample_report: Report) -> None:
    pivots: list[Pivot] = [
        sample_report.engagement_trend,
        *sample_report.reporting,
        *(section.trends for section in sample_report.surveys),
    ]
    assert len(pivots) >= 3
    for pivot in pivots:
        assert pivot.columns
        for row in pivot.rows:
            assert len(row.cells) == len(pivot.columns), (pivot.metric, row.label)


def test_survey_sections_give_alpha_per_quarter_and_construct(sample_report: Report) -> None:
    for section in sample_report.surveys:
        assert list(section.alpha) == [row.key for row in section.trends.rows]
        for values in section.alpha.values():
            assert len(values) == len(section.trends.columns)
        assert len(section.respondents) == len(section.trends.columns)
