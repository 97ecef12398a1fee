"""Tests for indicator progress against baselines and targets."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import Actual, Baseline, Indicator, Target
from trustops.scoring import ProgressStatus, ScoringError, indicator_progress

_YEAR = Target(start=pendulum.date(2026, 1, 1), end=pendulum.date(2026, 12, 31), value=60)


def _indicator(
    *,
    ascending: bool = True,
    baseline: float = 40,
    targets: tuple[Target, ...] = (_YEAR,),
    actuals: tuple[tuple[dt.date, float], ...] = (),
    maintain: bool = False,
) -> Indicator:
    return Indicator(
        maintain=maintain,
        id="ind",
        name="Indicator",
        unit="reports",
        ascending=ascending,
        baseline=Baseline(value=baseline, date=pendulum.date(2025, 12, 31)),
        targets=targets,
        actuals=tuple(Actual(date=day, value=value) for day, value in actuals),
    )


def test_on_track_hand_computed() -> None:
    ind = _indicator(actuals=((pendulum.date(2026, 3, 31), 50),))
    got = indicator_progress(ind, as_of=pendulum.date(2026, 4, 10))
    assert got.progress == pytest.approx(0.5)  # (50 − 40) / (60 − 40)
    assert got.elapsed == pytest.approx(100 / 365)  # 1 Jan .. 10 Apr inclusive
    assert got.status is ProgressStatus.ON_TRACK
    assert (got.indicator_id, got.baseline, got.target) == ("ind", 40.0, _YEAR)
    assert got.actual == Actual(date=pendulum.date(2026, 3, 31), value=50)
    assert got.as_of == pendulum.date(2026, 4, 10)


def test_off_track_and_achieved() -> None:
    ind = _indicator(actuals=((pendulum.date(2026, 9, 1), 45), (pendulum.date(2026, 12, 1), 61)))
    late = indicator_progress(ind, as_of=pendulum.date(2026, 10, 1))
    assert late.progress == pytest.approx(0.25)
    assert late.status is ProgressStatus.OFF_TRACK
    done = indicator_progress(ind, as_of=pendulum.date(2026, 12, 2))
    assert done.progress == pytest.approx(1.05)
    assert done.status is ProgressStatus.ACHIEVED


def test_descending_indicator() -> None:
    ind = _indicator(
        ascending=False,
        baseline=30,
        targets=(
            Target(start=pendulum.date(2026, 1, 1), end=pendulum.date(2026, 12, 31), value=20),
        ),
        actuals=((pendulum.date(2026, 6, 1), 24),),
    )
    got = indicator_progress(ind, as_of=pendulum.date(2026, 6, 1))
    assert got.progress == pytest.approx(0.6)  # (24 − 30) / (20 − 30)
    assert got.status is ProgressStatus.ON_TRACK
    worse = indicator_progress(
        _indicator(
            ascending=False,
            baseline=30,
            targets=ind.targets,
            actuals=((pendulum.date(2026, 6, 1), 33),),
        ),
        as_of=pendulum.date(2026, 6, 1),
    )
    assert worse.progress == pytest.approx(-0.3)
    assert worse.status is ProgressStatus.OFF_TRACK


@pytest.mark.parametrize(
    ("ascending", "actual", "progress", "status"),
    [
        (True, 40, 1.0, ProgressStatus.ACHIEVED),
        (True, 41, 1.0, ProgressStatus.ACHIEVED),
        (True, 39, 0.0, ProgressStatus.OFF_TRACK),
        (False, 39, 1.0, ProgressStatus.ACHIEVED),
        (False, 41, 0.0, ProgressStatus.OFF_TRACK),
    ],
)
def test_target_equal_to_baseline(
    ascending: bool, actual: float, progress: float, status: ProgressStatus
) -> None:
    ind = _indicator(
        ascending=ascending,
        targets=(
            Target(start=pendulum.date(2026, 1, 1), end=pendulum.date(2026, 12, 31), value=40),
        ),
        actuals=((pendulum.date(2026, 5, 1), actual),),
    )
    got = indicator_progress(ind, as_of=pendulum.date(2026, 6, 1))
    assert (got.progress, got.status) == (progress, status)


def test_no_actual_yet_is_no_data() -> None:
    ind = _indicator(actuals=((pendulum.date(2026, 7, 1), 50),))
    got = indicator_progress(ind, as_of=pendulum.date(2026, 6, 30))
    assert got.actual is None
    assert got.progress is None
    assert got.status is ProgressStatus.NO_DATA


def test_latest_actual_wins_and_later_listed_breaks_ties() -> None:
    day = pendulum.date(2026, 2, 1)
    ind = _indicator(actuals=((pendulum.date(2026, 3, 1), 55), (day, 42), (day, 44)))
    assert indicator_progress(ind, as_of=pendulum.date(2026, 2, 15)).actual == Actual(
        date=day, value=44
    )


def test_target_in_force_current_next_and_last() -> None:
    first = Target(start=pendulum.date(2026, 1, 1), end=pendulum.date(2026, 6, 30), value=50)
    second = Target(start=pendulum.date(2026, 9, 1), end=pendulum.date(2026, 12, 31), value=60)
    ind = _indicator(targets=(first, second), actuals=((pendulum.date(2026, 1, 15), 41),))
    assert indicator_progress(ind, as_of=pendulum.date(2026, 3, 1)).target == first
    between = indicator_progress(ind, as_of=pendulum.date(2026, 7, 15))
    assert (between.target, between.elapsed) == (second, 0.0)
    assert between.status is ProgressStatus.ON_TRACK  # progress 0.05 ≥ elapsed 0
    after = indicator_progress(ind, as_of=pendulum.date(2027, 3, 1))
    assert (after.target, after.elapsed) == (second, 1.0)


def test_elapsed_counts_days_inclusively() -> None:
    ind = _indicator()
    assert indicator_progress(ind, as_of=pendulum.date(2026, 1, 1)).elapsed == pytest.approx(
        1 / 365
    )
    assert indicator_progress(ind, as_of=pendulum.date(2026, 12, 31)).elapsed == 1.0
    assert indicator_progress(ind, as_of=pendulum.date(2025, 12, 31)).elapsed == 0.0


def test_accepts_a_standard_library_date() -> None:
    got = indicator_progress(_indicator(), as_of=dt.date(2026, 2, 1))
    assert got.as_of == pendulum.date(2026, 2, 1)


@pytest.mark.parametrize("bad", [pendulum.datetime(2026, 1, 1), "2026-01-01", None])
def test_as_of_must_be_a_date(bad: object) -> None:
    with pytest.raises(ScoringError, match="as_of: expected a calendar date"):
        indicator_progress(_indicator(), as_of=bad)  # type: ignore[arg-type]


def test_indicator_without_targets_is_an_error() -> None:
    with pytest.raises(ScoringError, match="no targets"):
        indicator_progress(_indicator(targets=()), as_of=pendulum.date(2026, 1, 1))


@given(
    st.floats(-1e6, 1e6),
    st.floats(-1e6, 1e6),
    st.floats(-1e6, 1e6),
    st.booleans(),
    st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
)
def test_status_matches_definition(
    baseline: float, target: float, actual: float, ascending: bool, day: dt.date
) -> None:
    ind = _indicator(
        ascending=ascending,
        baseline=baseline,
        targets=(
            Target(start=pendulum.date(2026, 1, 1), end=pendulum.date(2026, 12, 31), value=target),
        ),
        actuals=((pendulum.date(2026, 1, 1), actual),),
    )
    got = indicator_progress(ind, as_of=day)
    achieved = actual >= target if ascending else actual <= target
    assert (got.status is ProgressStatus.ACHIEVED) == achieved
    assert 0.0 < got.elapsed <= 1.0
    assert got.progress is not None
    if not achieved and day == dt.date(2026, 12, 31):
        # the target's last day: its period has ended, so a target not achieved is missed
        assert got.status is ProgressStatus.MISSED
    elif not achieved:
        on_track = got.progress >= got.elapsed
        assert got.status is (ProgressStatus.ON_TRACK if on_track else ProgressStatus.OFF_TRACK)


def test_a_target_period_that_has_ended_is_missed_or_achieved() -> None:
    ind = _indicator(actuals=((pendulum.date(2026, 12, 1), 55),))
    last_day = indicator_progress(ind, as_of=pendulum.date(2026, 12, 31))
    # on its last day no time is left: a shortfall is missed, never "off track" at 100%
    assert (last_day.elapsed, last_day.status) == (1.0, ProgressStatus.MISSED)
    day_before = indicator_progress(ind, as_of=pendulum.date(2026, 12, 30))
    assert day_before.status is ProgressStatus.OFF_TRACK
    after = indicator_progress(ind, as_of=pendulum.date(2027, 1, 15))
    assert (after.elapsed, after.status) == (1.0, ProgressStatus.MISSED)
    reached = _indicator(actuals=((pendulum.date(2026, 12, 1), 60),))
    assert indicator_progress(reached, as_of=pendulum.date(2027, 1, 15)).status is (
        ProgressStatus.ACHIEVED
    )


def test_a_level_to_maintain_is_judged_by_its_side_of_the_target() -> None:
    held = _indicator(maintain=True, actuals=((pendulum.date(2026, 3, 1), 61),))
    assert indicator_progress(held, as_of=pendulum.date(2026, 3, 2)).status is (
        ProgressStatus.ON_TRACK
    )
    assert indicator_progress(held, as_of=pendulum.date(2027, 1, 2)).status is (
        ProgressStatus.ACHIEVED
    )
    slipped = _indicator(maintain=True, actuals=((pendulum.date(2026, 11, 1), 59),))
    early = indicator_progress(slipped, as_of=pendulum.date(2026, 11, 2))
    assert early.elapsed > 0.8
    assert early.status is ProgressStatus.OFF_TRACK  # below the level to hold, whatever the time
    assert indicator_progress(slipped, as_of=pendulum.date(2027, 1, 2)).status is (
        ProgressStatus.MISSED
    )
    below = _indicator(maintain=True, ascending=False, actuals=((pendulum.date(2026, 3, 1), 59),))
    assert indicator_progress(below, as_of=pendulum.date(2026, 3, 2)).status is (
        ProgressStatus.ON_TRACK
    )
