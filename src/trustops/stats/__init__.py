"""Domain-free statistics: intervals, weighted estimates, reliability, raking, shrinkage.

Standard library only. Every function checks its input and raises
:class:`~trustops.StatsError` (a :class:`ValueError`) naming the argument that was wrong;
raking that does not converge raises :class:`~trustops.RakingError`. The formulas are those
of the methods notes and are given in each docstring.
"""

from __future__ import annotations

from .._errors import RakingError, StatsError
from ._intervals import Interval, normal_interval, wilson_interval, z_value
from ._median import median
from ._weights import (
    MeanEstimate,
    ProportionEstimate,
    design_effect,
    effective_sample_size,
    weighted_mean,
    weighted_proportion,
)

__all__ = [
    "Interval",
    "MeanEstimate",
    "ProportionEstimate",
    "RakingError",
    "StatsError",
    "design_effect",
    "effective_sample_size",
    "median",
    "normal_interval",
    "weighted_mean",
    "weighted_proportion",
    "wilson_interval",
    "z_value",
]
