"""Tests of publishing engagement tables: measures from the registry, totals along the keys a
table lacks, and no withheld cell recoverable from what is published."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustops import Area, Interaction
from trustops.metrics import METRICS, engagement_table
from trustops.privacy import ALL, DEFAULT_POLICY, Basis, CellStatus, audit_table
from trustops.scoring import METRIC_MEASURES, ScoringError, publish_engagement

_AREAS = [Area(id=name, name=name.title(), timezone="UTC", population=5_000) for name in "abc"]


def _log(sizes: list[list[int]]) -> list[Interaction]:
    """``sizes[area][month]`` residents, each with one conversation in that month."""
    log: list[Interaction] = []
    for area, months in zip("abc", sizes, strict=False):
        for month, residents in enumerate(months):
            when = pendulum.datetime(2026, month + 1, 10, 12, tz="UTC")
            log += [
                Interaction(id=f"{area}{month}-{k}", occurred_at=when, area_id=area,
                            kind="conversation", initiator="staff", channel="in_person",
                            resident_id=f"{area}-{k}")
                for k in range(residents)
            ]  # fmt: skip
    return log


def test_every_metric_has_a_measure_read_from_the_registry() -> None:
    assert set(METRIC_MEASURES) == set(METRICS)
    assert METRIC_MEASURES["residents_reached"].basis is Basis.COUNT
    assert METRIC_MEASURES["reports"].basis is Basis.COUNT
    assert METRIC_MEASURES["interactions"].basis is Basis.ACTIVITY
    staff = [name for name, metric in METRICS.items() if metric.topic == "staff"]
    assert staff
    assert all(METRIC_MEASURES[name].basis is Basis.STAFF for name in staff)


def test_totals_get_the_all_key_and_a_small_month_is_not_recoverable() -> None:
    log = _log([[30, 4, 25], [12, 15, 11]])
    monthly = engagement_table(log, by=["area"], period="month", areas=_AREAS)
    overall = engagement_table(log, by=["area"], areas=_AREAS)
    names = ["interactions", "residents_reached"]
    published = publish_engagement(monthly, overall, policy=DEFAULT_POLICY, names=names)
    totals = [row for row in published.rows if row.keys["period"] is ALL]
    assert len(totals) == 2
    cell = {
        (r.keys["area"], r.keys["period"]): r.cells["residents_reached"] for r in published.rows
    }
    assert cell["a", "2026-02"].status is CellStatus.INSUFFICIENT
    assert cell["a", "2026-02"].n is None
    assert audit_table(published.rows, METRIC_MEASURES.values(), DEFAULT_POLICY) == ()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(0, 25), min_size=3, max_size=3), min_size=2, max_size=3))
def test_published_engagement_always_passes_the_audit(sizes: list[list[int]]) -> None:
    log = _log(sizes)
    if not log:
        return
    monthly = engagement_table(log, by=["area"], period="month", areas=_AREAS)
    by_area = engagement_table(log, by=["area"], areas=_AREAS)
    published = publish_engagement(monthly, by_area, policy=DEFAULT_POLICY)
    assert audit_table(published.rows, METRIC_MEASURES.values(), DEFAULT_POLICY) == ()


def test_an_unknown_metric_is_named() -> None:
    table = engagement_table(_log([[12]]), areas=_AREAS)
    with pytest.raises(ScoringError, match="no metric 'trustworthiness'"):
        publish_engagement(table, policy=DEFAULT_POLICY, names=["trustworthiness"])
