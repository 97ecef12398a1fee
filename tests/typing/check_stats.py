"""Typing examples for trustops.stats: checked by mypy --strict, never run."""

from __future__ import annotations

from typing import assert_type

from trustops.stats import (
    Difference,
    Interval,
    MeanEstimate,
    ProportionEstimate,
    ShrunkProportion,
    cronbach_alpha,
    difference_of_estimates,
    rake,
    se_from_interval,
    shrink_proportions,
    weighted_mean,
    weighted_proportion,
    wilson_interval,
)

interval = wilson_interval(12, 40)
assert_type(interval, Interval)
assert_type(interval.low, float)
assert_type(se_from_interval(interval), float)

mean = weighted_mean([3.0, 4.0, 5.0], [1.0, 2.0, 1.0])
assert_type(mean, MeanEstimate)
assert_type(mean.n, int)
assert_type(mean.effective_n, float)
assert_type(weighted_proportion([True, False, True]), ProportionEstimate)

change = difference_of_estimates(61.0, 2.1, 57.5, 2.4)
assert_type(change, Difference)
assert_type(change.significant, bool)

assert_type(cronbach_alpha([[4, 5, None], [2, 3, 3]], missing="pairwise"), float)
cronbach_alpha([[4, 5]], missing="both")  # type: ignore[arg-type]  # listwise or pairwise only
assert_type(rake([{"age": "young"}], {"age": {"young": 1.0}}), list[float])
assert_type(shrink_proportions([3, 8], [10, 20]), list[ShrunkProportion])
