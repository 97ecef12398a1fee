"""Tests of the sample indicators: baselines, quarterly targets and actuals from the data."""

from __future__ import annotations

from collections import Counter

import pendulum

from trustops import Initiator, InteractionKind
from trustops.sample import generate
from trustops.sample._indicators import generate_indicators


def test_indicators_have_baselines_targets_and_actuals() -> None:
    dataset = generate(scale=0.2)
    assert len(dataset.indicators) == 5
    for indicator in dataset.indicators:
        assert indicator.baseline.date == pendulum.date(2024, 12, 31)
        assert len(indicator.targets) == 4
        assert [t.start.month for t in indicator.targets] == [1, 4, 7, 10]
        assert len(indicator.actuals) == 4
    assert {i.ascending for i in dataset.indicators} == {True, False}
    assert any(i.area_id is not None for i in dataset.indicators)


def test_report_actuals_count_resident_reports_per_local_quarter() -> None:
    dataset = generate(scale=0.2)
    counts = Counter(
        (i.occurred_at.month - 1) // 3
        for i in dataset.interactions
        if i.kind is InteractionKind.SUSPICIOUS_ACTIVITY_REPORT
        and i.initiator is Initiator.RESIDENT
    )
    reports = next(i for i in dataset.indicators if i.id == "resident-reports")
    assert [a.value for a in reports.actuals] == [float(counts[q]) for q in range(4)]


def test_empty_data_gives_fallback_baselines_and_no_actuals() -> None:
    indicators = {i.id: i for i in generate_indicators([], [])}
    assert indicators["trust-score"].baseline.value == 47.0
    assert indicators["trust-score"].actuals == ()
    assert indicators["resident-reports"].actuals[0].value == 0.0
    assert indicators["attendance-rate"].actuals == ()
