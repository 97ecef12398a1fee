"""Tests of trustops.model.Interaction."""

from __future__ import annotations

import pendulum
import pytest

from trustops import FieldError, Interaction

BST_0150 = pendulum.datetime(2025, 10, 26, 1, 50, tz="Europe/London", fold=0)  # 00:50 UTC
GMT_0110 = pendulum.datetime(2025, 10, 26, 1, 10, tz="Europe/London", fold=1)  # 01:10 UTC


def _report(occurred_at: pendulum.DateTime, observed_at: pendulum.DateTime) -> Interaction:
    return Interaction(
        id="i",
        occurred_at=occurred_at,
        area_id="a",
        kind="suspicious_activity_report",
        initiator="resident",
        channel="app",
        observed_at=observed_at,
    )


def test_observed_at_in_the_repeated_hour_is_compared_as_an_instant() -> None:
    report = _report(occurred_at=GMT_0110, observed_at=BST_0150)
    assert report.hours_to_report == pytest.approx(20 / 60)


def test_observed_at_after_the_report_in_the_repeated_hour_is_refused() -> None:
    with pytest.raises(FieldError) as info:
        _report(occurred_at=BST_0150, observed_at=GMT_0110)
    assert info.value.field == "observed_at"
