"""Domain-free statistics: intervals, weighted estimates, reliability, raking, shrinkage,
and difference in differences with staggered timing (group-time effects, influence functions,
clustered standard errors, dynamic aggregation, the Wald pre-trend test and the F tail), and
Rambachan & Roth's sensitivity of an event study to parallel trends.

Standard library only, but for :func:`relative_magnitude_interval` (numpy and scipy, the
``sensitivity`` extra, imported when it runs). Every function checks its input and raises
:class:`~trustops.stats.StatsError` (a :class:`ValueError`) naming the argument that was wrong;
raking that does not converge raises :class:`~trustops.stats.RakingError`. The formulas are those
of the methods notes and are given in each docstring.
"""

from __future__ import annotations

from ._beta import beta_cdf, beta_ppf
from ._change import Difference, difference_of_estimates, two_proportion_z_test
from ._decay import decay_weight
from ._design import (
    REPLICATE_TYPES,
    DesignMean,
    MarginBalance,
    ReplicateType,
    ReplicateWeights,
    WeightDiagnostics,
    bootstrap_replicates,
    design_mean,
    jackknife_replicates,
    replicate_mean,
    weight_diagnostics,
)
from ._did import (
    COMPARISONS,
    AggregateEffect,
    GroupTimeEffect,
    WaldTest,
    clustered_se,
    covariance,
    event_time_effects,
    f_sf,
    group_time_effects,
    mean_effect,
    satterthwaite_df,
    simultaneous_critical_value,
    wald_test,
)
from ._dr import doubly_robust_att
from ._errors import RakingError, StatsError
from ._intervals import (
    Interval,
    normal_interval,
    se_from_interval,
    t_value,
    wilson_interval,
    z_value,
)
from ._median import median, median_of_counts
from ._raking import rake
from ._reliability import cronbach_alpha
from ._sensitivity import MBARS, RobustInterval, relative_magnitude_interval
from ._shrinkage import BetaPrior, ShrunkProportion, fit_beta_prior, shrink_proportions
from ._weights import (
    MeanEstimate,
    ProportionEstimate,
    design_effect,
    effective_sample_size,
    weighted_mean,
    weighted_proportion,
)

__all__ = [
    "COMPARISONS",
    "MBARS",
    "REPLICATE_TYPES",
    "AggregateEffect",
    "BetaPrior",
    "DesignMean",
    "Difference",
    "GroupTimeEffect",
    "Interval",
    "MarginBalance",
    "MeanEstimate",
    "ProportionEstimate",
    "RakingError",
    "ReplicateType",
    "ReplicateWeights",
    "RobustInterval",
    "ShrunkProportion",
    "StatsError",
    "WaldTest",
    "WeightDiagnostics",
    "beta_cdf",
    "beta_ppf",
    "bootstrap_replicates",
    "clustered_se",
    "covariance",
    "cronbach_alpha",
    "decay_weight",
    "design_effect",
    "design_mean",
    "difference_of_estimates",
    "doubly_robust_att",
    "effective_sample_size",
    "event_time_effects",
    "f_sf",
    "fit_beta_prior",
    "group_time_effects",
    "jackknife_replicates",
    "mean_effect",
    "median",
    "median_of_counts",
    "normal_interval",
    "rake",
    "relative_magnitude_interval",
    "replicate_mean",
    "satterthwaite_df",
    "se_from_interval",
    "shrink_proportions",
    "simultaneous_critical_value",
    "t_value",
    "two_proportion_z_test",
    "wald_test",
    "weight_diagnostics",
    "weighted_mean",
    "weighted_proportion",
    "wilson_interval",
    "z_value",
]
