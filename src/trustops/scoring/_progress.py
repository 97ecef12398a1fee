"""Progress of a results-framework indicator toward its target (as in IATI)."""

from __future__ import annotations

import datetime as _dt
import enum

import attrs
import pendulum

from ..model import Actual, Indicator, Target
from ._errors import ScoringError

__all__ = ["IndicatorProgress", "ProgressStatus", "indicator_progress"]


class ProgressStatus(enum.StrEnum):
    """Where an indicator stands against its target on a date."""

    ACHIEVED = "achieved"
    """The latest actual is at or past the target in the good direction."""
    ON_TRACK = "on_track"
    """Not there yet, but progress is at least the elapsed share of the target period."""
    OFF_TRACK = "off_track"
    """Progress is behind the elapsed share of the target period."""
    MISSED = "missed"
    """The target period has ended (the date is its last day or later) and the latest actual
    did not reach the target."""
    NO_DATA = "no_data"
    """No actual observed on or before the date."""


@attrs.frozen(kw_only=True)
class IndicatorProgress:
    """The progress of one indicator as of a date.

    ``target`` is the target period in force (see :func:`indicator_progress`), ``actual``
    the latest observation on or before ``as_of`` (``None``: no data), ``progress`` the share
    of the way from baseline to target (may be below 0 or above 1), ``elapsed`` the share of
    the target period's days gone by ``as_of`` (0–1), and ``status`` the verdict.
    """

    indicator_id: str
    as_of: pendulum.Date
    baseline: float
    target: Target
    actual: Actual | None
    progress: float | None
    elapsed: float
    status: ProgressStatus


def _date(value: object) -> pendulum.Date:
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise ScoringError(f"as_of: expected a calendar date, got {value!r}")
    return pendulum.Date(value.year, value.month, value.day)


def indicator_progress(indicator: Indicator, *, as_of: _dt.date) -> IndicatorProgress:
    """Progress of ``indicator`` toward the target in force on ``as_of`` (never the clock).

    The target in force is the first whose period ends on or after ``as_of`` (the current
    or next one), or the last target once all have ended. The actual is the latest one dated
    on or before ``as_of`` (the last listed among equal dates). Then::

        progress = (actual − baseline) / (target − baseline)
        elapsed  = days of the target period up to and including as_of / days in it  (0–1)

    ``achieved`` when the actual is at or past the target in the good direction
    (``actual ≥ target`` when ``ascending``, ``actual ≤ target`` otherwise); else, once the
    target period has ended (``as_of`` on or after its last day: no time is left), ``missed``; else ``on_track``
    when ``progress ≥ elapsed`` and ``off_track`` when not; ``no_data`` without an actual
    (``progress`` is then ``None``). A target to *hold* (``indicator.maintain``) is judged on
    the side of the target alone: while its period runs, ``on_track`` on the good side and
    ``off_track`` on the other; once it has ended, ``achieved`` or ``missed``. When the target equals the baseline the ratio
    is undefined: progress is 1.0 if achieved and 0.0 if not. An indicator without targets
    raises :class:`~trustops.scoring.ScoringError`.

    Reference: IATI activity standard (results, indicators, baselines, targets, actuals).

    >>> import pendulum
    >>> from trustops import Actual, Baseline, Indicator, Target
    >>> from trustops.scoring import indicator_progress
    >>> ind = Indicator(id="reports", name="Resident reports", unit="reports", ascending=True,
    ...     baseline=Baseline(value=40, date=pendulum.date(2025, 12, 31)),
    ...     targets=(Target(start=pendulum.date(2026, 1, 1), end=pendulum.date(2026, 12, 31),
    ...                     value=60),),
    ...     actuals=(Actual(date=pendulum.date(2026, 6, 30), value=48),))
    >>> p = indicator_progress(ind, as_of=pendulum.date(2026, 7, 1))
    >>> round(p.progress, 2), round(p.elapsed, 2), p.status.value
    (0.4, 0.5, 'off_track')
    """
    day = _date(as_of)
    if not indicator.targets:
        raise ScoringError(f"indicator {indicator.id!r} has no targets to measure progress against")
    target = next((t for t in indicator.targets if t.end >= day), indicator.targets[-1])
    actual: Actual | None = None
    for candidate in indicator.actuals:
        if candidate.date <= day and (actual is None or candidate.date >= actual.date):
            actual = candidate
    total = (target.end - target.start).days + 1
    elapsed = min(max((day - target.start).days + 1, 0), total) / total
    baseline = indicator.baseline.value
    progress: float | None = None
    status = ProgressStatus.NO_DATA
    if actual is not None:
        progress, status = _verdict(
            ascending=indicator.ascending,
            baseline=baseline,
            target=target.value,
            actual=actual.value,
            elapsed=elapsed,
            ended=day >= target.end,
            maintain=indicator.maintain,
        )
    return IndicatorProgress(
        indicator_id=indicator.id,
        as_of=day,
        baseline=baseline,
        target=target,
        actual=actual,
        progress=progress,
        elapsed=elapsed,
        status=status,
    )


def _verdict(
    *,
    ascending: bool,
    baseline: float,
    target: float,
    actual: float,
    elapsed: float,
    ended: bool,
    maintain: bool,
) -> tuple[float, ProgressStatus]:
    achieved = actual >= target if ascending else actual <= target
    if target == baseline:
        progress = 1.0 if achieved else 0.0
    else:
        progress = (actual - baseline) / (target - baseline)
    if maintain and not ended:
        return progress, ProgressStatus.ON_TRACK if achieved else ProgressStatus.OFF_TRACK
    if achieved:
        return progress, ProgressStatus.ACHIEVED
    if ended:
        return progress, ProgressStatus.MISSED
    if progress >= elapsed:
        return progress, ProgressStatus.ON_TRACK
    return progress, ProgressStatus.OFF_TRACK
