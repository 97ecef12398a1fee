"""One published figure: the small-cell policy applied to one cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import PrivacyError
from trustops.metrics import MetricValue
from trustops.privacy import (
    DEFAULT_POLICY,
    NO_SUPPRESSION,
    Basis,
    Cell,
    CellStatus,
    SmallCellPolicy,
    publish,
)
from trustops.stats import Interval


def share(value: float | None, n: float | None) -> MetricValue:
    interval = None if value is None else Interval(max(value - 0.1, 0.0), min(value + 0.1, 1.0))
    return MetricValue(name="positive_share", value=value, n=n, interval=interval)


def count(value: int) -> MetricValue:
    return MetricValue(name="residents_reached", value=value, n=None, interval=None)


def test_small_n_is_withheld_with_reason() -> None:
    cell = publish(share(0.5, 7), DEFAULT_POLICY)
    assert cell == Cell(
        value=None,
        n=None,
        interval=None,
        status=CellStatus.INSUFFICIENT,
        reason="withheld: fewer than 10",
    )
    assert cell.withheld


def test_caution_keeps_value_and_says_why() -> None:
    cell = publish(share(0.5, 12), DEFAULT_POLICY)
    assert (cell.value, cell.status, cell.reason) == (
        0.5,
        CellStatus.CAUTION,
        "caution: n = 12 is below 30",
    )
    assert cell.interval == Interval(0.4, 0.6)
    assert not cell.withheld


def test_large_n_is_ok() -> None:
    cell = publish(share(0.5, 30), DEFAULT_POLICY)
    assert (cell.value, cell.status, cell.reason) == (0.5, CellStatus.OK, None)


def test_no_suppression_shows_everything() -> None:
    cell = publish(share(0.5, 3), NO_SUPPRESSION)
    assert (cell.value, cell.status) == (0.5, CellStatus.OK)


def test_figures_without_n_are_not_subject_to_the_policy() -> None:
    cell = publish(
        MetricValue(name="interactions", value=3.0, n=None, interval=None), DEFAULT_POLICY
    )
    assert (cell.value, cell.status, cell.reason) == (3.0, CellStatus.OK, None)


def test_missing_value_stays_empty_without_a_reason() -> None:
    cell = publish(share(None, 0), DEFAULT_POLICY)
    assert (cell.value, cell.n, cell.status, cell.reason) == (None, 0, CellStatus.OK, None)


def test_a_missing_value_keeps_the_figures_own_reason() -> None:
    figure = MetricValue(
        name="returning_share", value=None, n=None, interval=None, reason="no period grouping"
    )
    cell = publish(figure, DEFAULT_POLICY)
    assert (cell.value, cell.status, cell.reason) == (None, CellStatus.OK, "no period grouping")


def test_to_dict() -> None:
    assert publish(share(0.5, 40), DEFAULT_POLICY).to_dict() == {
        "value": 0.5,
        "n": 40,
        "low": 0.4,
        "high": 0.6,
        "status": "ok",
        "reason": None,
        "perturbed": False,
    }
    assert Cell(value=None).to_dict()["low"] is None


def reports(value: float | None) -> MetricValue:
    return MetricValue(name="reports", value=value, n=None, interval=None)


def test_a_perturbed_count_is_published_as_perturbed_never_withheld() -> None:
    cell = publish(reports(3), DEFAULT_POLICY, basis=Basis.COUNT, shown=reports(5))
    assert (cell.value, cell.status, cell.perturbed) == (5, CellStatus.OK, True)
    assert publish(reports(3), DEFAULT_POLICY, basis=Basis.COUNT, shown=reports(0)).value == 0
    staff = publish(reports(3), DEFAULT_POLICY, basis=Basis.STAFF, shown=reports(5))
    assert (staff.value, staff.perturbed) == (3, False)
    empty = publish(reports(None), DEFAULT_POLICY, basis=Basis.COUNT, shown=reports(None))
    assert (empty.value, empty.status) == (None, CellStatus.OK)
    gone = publish(share(0.5, 12), DEFAULT_POLICY, shown=share(None, 0))
    assert (gone.value, gone.n, gone.status) == (None, None, CellStatus.INSUFFICIENT)


@pytest.mark.parametrize(
    ("true_n", "shown_n", "status"),
    [(9, 11, CellStatus.INSUFFICIENT), (11, 9, CellStatus.INSUFFICIENT),
     (12, 13, CellStatus.CAUTION), (31, 29, CellStatus.CAUTION), (29, 31, CellStatus.OK)],
)  # fmt: skip
def test_a_perturbed_share_is_withheld_by_its_true_and_its_printed_n(
    true_n: int, shown_n: int, status: CellStatus
) -> None:
    cell = publish(share(0.5, true_n), DEFAULT_POLICY, shown=share(0.4, shown_n))
    assert cell.status is status
    if status is CellStatus.INSUFFICIENT:
        assert (cell.value, cell.n, cell.reason) == (None, None, "withheld: fewer than 10")
    else:
        assert (cell.value, cell.n, cell.perturbed) == (0.4, shown_n, True)


def test_a_perturbed_rate_rests_on_its_numerator_and_zero_is_shown() -> None:
    rate = MetricValue(name="reports_per_1000_residents", value=0.3, n=9000, interval=None)
    withheld = publish(rate, DEFAULT_POLICY, people=3, shown=rate, shown_people=5)
    assert withheld.status is CellStatus.INSUFFICIENT
    zero = MetricValue(name="reports_per_1000_residents", value=0.0, n=9000, interval=None)
    shown = publish(zero, DEFAULT_POLICY, people=0, shown=zero, shown_people=0)
    assert (shown.value, shown.status) == (0.0, CellStatus.OK)
    plain = MetricValue(name="x", value=1.0, n=None, interval=None)
    assert publish(plain, DEFAULT_POLICY, shown=plain).value == 1.0


@given(
    value=st.floats(0, 1),
    n=st.floats(0, 1000, allow_nan=False),
    withhold=st.integers(0, 50),
    extra=st.integers(0, 50),
)
def test_a_value_is_shown_only_at_or_above_the_threshold(
    value: float, n: float, withhold: int, extra: int
) -> None:
    policy = SmallCellPolicy(withhold_below=withhold, caution_below=withhold + extra)
    cell = publish(share(value, n), policy)
    assert (cell.value is None) == (n < withhold)
    assert (cell.value is None) == (cell.interval is None)
    assert (cell.reason is None) == (cell.status is CellStatus.OK)


@pytest.mark.parametrize("value", [1, 9])
def test_a_count_of_people_below_ten_is_withheld_without_its_value(value: int) -> None:
    cell = publish(count(value), DEFAULT_POLICY, basis=Basis.COUNT)
    assert (cell.value, cell.n, cell.status) == (None, None, CellStatus.INSUFFICIENT)
    assert cell.reason == "withheld: fewer than 10"
    assert str(value) not in (cell.reason or "").replace("10", "")


def test_a_count_between_ten_and_thirty_is_flagged() -> None:
    cell = publish(count(12), DEFAULT_POLICY, basis=Basis.COUNT)
    assert (cell.value, cell.status) == (12, CellStatus.CAUTION)


@pytest.mark.parametrize("basis", [Basis.STAFF, Basis.ACTIVITY])
def test_staff_and_activity_figures_are_never_withheld(basis: Basis) -> None:
    assert publish(count(1), DEFAULT_POLICY, basis=basis).value == 1
    assert publish(share(0.5, 2), DEFAULT_POLICY, basis=basis).value == 0.5


def test_a_rate_rests_on_the_people_it_counts_not_its_population() -> None:
    rate = MetricValue(name="reach_per_1000", value=4.0, n=1000, interval=None)
    assert publish(rate, DEFAULT_POLICY, people=4).withheld
    assert not publish(rate, DEFAULT_POLICY, people=40).withheld


@pytest.mark.parametrize("bad", [-1, float("nan"), "7", True])
def test_a_bad_count_is_a_privacy_error(bad: object) -> None:
    with pytest.raises(PrivacyError, match="expected a count of 0 or more"):
        publish(count(bad), DEFAULT_POLICY, basis=Basis.COUNT)  # type: ignore[arg-type]


def test_withheld_counts_as_withheld_for_both_statuses() -> None:
    assert Cell(value=None, status=CellStatus.COMPLEMENTARY).withheld
    assert Cell(value=None, status=CellStatus.INSUFFICIENT).withheld
    assert not Cell(value=1.0, status=CellStatus.CAUTION).withheld


def test_a_zero_count_points_at_nobody_and_is_shown() -> None:
    cell = publish(count(0), DEFAULT_POLICY, basis=Basis.COUNT)
    assert (cell.value, cell.status) == (0, CellStatus.OK)
