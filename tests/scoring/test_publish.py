"""Tests of publishing engagement tables: measures from the registry, totals along the keys a
table lacks, and no withheld cell recoverable from what is published."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustops import Area, Interaction
from trustops.metrics import METRICS, engagement_table
from trustops.privacy import (
    ALL,
    DEFAULT_POLICY,
    NO_SUPPRESSION,
    Basis,
    CellStatus,
    PrivacyKey,
    audit_table,
)
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


KEY = PrivacyKey("publish tests")


def _keyed(log: list[Interaction], **grouping: object) -> object:
    return engagement_table(log, areas=_AREAS, privacy=KEY, **grouping)  # type: ignore[arg-type]


def test_a_keyed_table_is_published_perturbed_by_the_cell_key_method() -> None:
    log = _log([[3, 12, 40], [7, 0, 25], [1, 2, 3]])
    by_month = _keyed(log, by=["area"], period="month")
    by_area = _keyed(log, by=["area"])
    published = publish_engagement(by_month, by_area, policy=DEFAULT_POLICY)
    assert published.perturbed
    for row, (_, source) in zip(published, _sources(by_month, by_area), strict=True):
        reached = row.cells["residents_reached"]
        true = source.values["residents_reached"].value
        assert reached.perturbed
        assert reached.value == DEFAULT_POLICY.ptable.perturb(
            int(true), source.cell_keys["residents_reached"]
        )
        assert reached.value not in {1, 2, 3, 4}
        share = row.cells["repeat_engagement_rate"]
        if 0 < source.values["repeat_engagement_rate"].n < 10:
            assert share.withheld
        if not share.withheld and share.value is not None:
            assert share.n >= 10
            assert share.n == reached.value  # a share's n is the published count
    assert audit_table(published.rows, METRIC_MEASURES.values(), DEFAULT_POLICY) == ()


def _sources(*tables: object) -> list[tuple[object, object]]:
    return [(None, row) for table in tables for row in table]  # type: ignore[attr-defined]


def test_the_same_cell_gets_the_same_published_value_in_every_table() -> None:
    log = _log([[3, 12, 40], [7, 0, 25], [1, 2, 3]])
    alone = publish_engagement(_keyed(log, by=["area"]), policy=DEFAULT_POLICY)
    with_months = publish_engagement(
        _keyed(log, by=["area"], period="month"), _keyed(log, by=["area"]),
        policy=DEFAULT_POLICY,
    )  # fmt: skip
    totals = [row for row in with_months if row.keys["period"] is ALL]
    assert [row.cells for row in totals] == [row.cells for row in alone]


def test_without_cell_keys_or_with_no_suppression_nothing_is_perturbed() -> None:
    log = _log([[3, 12, 40]])
    raw = publish_engagement(engagement_table(log, areas=_AREAS), policy=DEFAULT_POLICY)
    assert not raw.perturbed
    opted_out = publish_engagement(_keyed(log), policy=NO_SUPPRESSION)
    assert not opted_out.perturbed
    assert opted_out.rows[0].cells["residents_reached"].value == 40
