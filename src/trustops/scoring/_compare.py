"""Change between two periods or areas: a score, a metric or the index, with a test."""

from __future__ import annotations

from typing import Literal, overload

import attrs

from ..metrics import MetricValue
from ..stats import (
    Difference,
    Interval,
    difference_of_estimates,
    se_from_interval,
    two_proportion_z_test,
    z_value,
)
from ._errors import ScoringError
from ._flags import Flag
from ._index import TrustIndexResult
from ._model import SHARE_METRICS
from ._survey import ConstructScore, ScoreEstimate

__all__ = ["Comparison", "ComponentChange", "SurveyStatistic", "compare"]

SurveyStatistic = Literal["mean_score", "top_box_share", "net_score"]
"""The construct scores :func:`compare` can compare."""

Method = Literal["difference_of_estimates", "two_proportion_z_test", "none"]


@attrs.frozen(kw_only=True)
class ComponentChange:
    """How one component of an index moved between two results (``second − first``).

    ``contribution`` is the change of its contribution to the index (points of 0–100; an
    unavailable component contributes 0), so the changes of all components add up to the
    change of the index. ``normalised`` is the change of its 0–100 score, ``None`` unless it
    was available in both.
    """

    name: str
    first: float | None
    """Its contribution to the first index (``None``: unavailable)."""
    second: float | None
    """Its contribution to the second index (``None``: unavailable)."""
    contribution: float
    normalised: float | None


@attrs.frozen(kw_only=True)
class Comparison:
    """The change from ``first`` to ``second`` (``difference = second − first``), and its test.

    ``test`` is the :class:`~trustops.stats.Difference` (standard error, interval, z,
    p-value, significance at α = 1 − confidence) on the compared measure's scale; ``method``
    names how it was made: ``difference_of_estimates`` (independent estimates,
    ``se = √(se₁² + se₂²)``) or ``two_proportion_z_test`` (pooled, on effective n). Two index
    results that rest on different components are *not comparable*: ``flags`` holds
    ``not_comparable``, ``test`` is ``None`` (``method`` ``"none"``) and nothing is
    significant. ``components`` breaks an index change down by component (empty for other
    measures).
    """

    measure: str
    first: float
    second: float
    difference: float
    test: Difference | None
    method: Method
    flags: tuple[str, ...] = ()
    components: tuple[ComponentChange, ...] = ()

    @property
    def comparable(self) -> bool:
        """Whether the two figures measure the same thing, so the change can be tested."""
        return self.test is not None

    @property
    def significant(self) -> bool:
        """Whether the change is significant (never, when not comparable)."""
        return self.test is not None and self.test.significant

    @property
    def se(self) -> float | None:
        """Standard error of the difference (``None`` when not comparable)."""
        return None if self.test is None else self.test.se

    @property
    def interval(self) -> Interval | None:
        """Interval of the difference (``None`` when not comparable)."""
        return None if self.test is None else self.test.interval

    @property
    def p_value(self) -> float | None:
        """Two-sided p-value of no change (``None`` when not comparable)."""
        return None if self.test is None else self.test.p_value

    @property
    def z(self) -> float | None:
        """The test statistic (``None`` when not comparable)."""
        return None if self.test is None else self.test.z


def _from(
    *,
    measure: str,
    first: float,
    second: float,
    result: Difference,
    method: Method,
    scale: float = 1.0,
) -> Comparison:
    test = result
    if scale != 1.0:
        low, high = result.interval
        test = result._replace(
            difference=result.difference * scale,
            se=result.se * scale,
            interval=Interval(low * scale, high * scale),
        )
    return Comparison(
        measure=measure,
        first=first,
        second=second,
        difference=second - first,
        test=test,
        method=method,
    )


def _scores(
    first: ConstructScore, second: ConstructScore, statistic: SurveyStatistic, confidence: float
) -> Comparison:
    if first.construct != second.construct:
        raise ScoringError(
            f"cannot compare construct {first.construct!r} with {second.construct!r}"
        )
    if statistic not in ("mean_score", "top_box_share", "net_score"):
        raise ScoringError(
            f"statistic: expected mean_score, top_box_share or net_score, got {statistic!r}"
        )
    estimates: list[ScoreEstimate] = []
    for which, score in (("first", first), ("second", second)):
        estimate: ScoreEstimate | None = getattr(score, statistic)
        if estimate is None:
            why = score.withheld or "not estimated"
            raise ScoringError(f"{which}: the {statistic} of {score.keys} is not available ({why})")
        estimates.append(estimate)
    one, two = estimates
    measure = f"{first.construct}.{statistic}"
    if statistic == "top_box_share":
        ess1, ess2 = first.effective_n or 0.0, second.effective_n or 0.0
        test = two_proportion_z_test(
            one.value / 100 * ess1, ess1, two.value / 100 * ess2, ess2, alpha=1 - confidence
        )
        return _from(
            measure=measure,
            first=one.value,
            second=two.value,
            result=test,
            method="two_proportion_z_test",
            scale=100.0,
        )
    test = difference_of_estimates(one.value, one.se, two.value, two.se, confidence=confidence)
    return _from(
        measure=measure,
        first=one.value,
        second=two.value,
        result=test,
        method="difference_of_estimates",
    )


def _metrics(first: MetricValue, second: MetricValue, confidence: float) -> Comparison:
    if first.name != second.name:
        raise ScoringError(f"cannot compare metric {first.name!r} with {second.name!r}")
    for which, metric in (("first", first), ("second", second)):
        if metric.value is None:
            why = metric.reason or "no value"
            raise ScoringError(f"{which}: {metric.name} has no value ({why})")
    one, two = float(first.value or 0.0), float(second.value or 0.0)
    if first.name in SHARE_METRICS:
        n1, n2 = float(first.n or 0.0), float(second.n or 0.0)
        test = two_proportion_z_test(one * n1, n1, two * n2, n2, alpha=1 - confidence)
        return _from(
            measure=first.name, first=one, second=two, result=test, method="two_proportion_z_test"
        )
    if first.interval is None or second.interval is None:
        raise ScoringError(
            f"{first.name} has no interval, so a change cannot be tested; compare the values "
            "directly"
        )
    se1 = se_from_interval(first.interval, confidence=confidence)
    se2 = se_from_interval(second.interval, confidence=confidence)
    test = difference_of_estimates(one, se1, two, se2, confidence=confidence)
    return _from(
        measure=first.name, first=one, second=two, result=test, method="difference_of_estimates"
    )


def _indexes(first: TrustIndexResult, second: TrustIndexResult, confidence: float) -> Comparison:
    if first.model.fingerprint != second.model.fingerprint:
        raise ScoringError(
            "cannot compare indexes of different scoring models "
            f"({first.model_name} {first.model_version} and "
            f"{second.model_name} {second.model_version})"
        )
    for which, result in (("first", first), ("second", second)):
        if result.index is None or result.se is None:
            raise ScoringError(
                f"{which}: the index of {result.area!r} is withheld ({result.withheld})"
            )
    one, two = first.index or 0.0, second.index or 0.0
    changes = tuple(
        ComponentChange(
            name=a.name,
            first=a.contribution,
            second=b.contribution,
            contribution=(b.contribution or 0.0) - (a.contribution or 0.0),
            normalised=None
            if a.normalised is None or b.normalised is None
            else b.normalised - a.normalised,
        )
        for a, b in zip(first.components, second.components, strict=True)
    )
    present = [
        (a.available, b.available)
        for a, b in zip(first.components, second.components, strict=False)
    ]
    if any(a != b for a, b in present):
        return Comparison(
            measure="trust_index",
            first=one,
            second=two,
            difference=two - one,
            test=None,
            method="none",
            flags=(Flag.NOT_COMPARABLE.value,),
            components=changes,
        )
    test = difference_of_estimates(
        one, first.se or 0.0, two, second.se or 0.0, confidence=confidence
    )
    return attrs.evolve(
        _from(
            measure="trust_index",
            first=one,
            second=two,
            result=test,
            method="difference_of_estimates",
        ),
        components=changes,
    )


@overload
def compare(
    first: ConstructScore,
    second: ConstructScore,
    *,
    statistic: SurveyStatistic = "mean_score",
    confidence: float = 0.95,
) -> Comparison: ...
@overload
def compare(first: MetricValue, second: MetricValue, *, confidence: float = 0.95) -> Comparison: ...
@overload
def compare(
    first: TrustIndexResult, second: TrustIndexResult, *, confidence: float = 0.95
) -> Comparison: ...
def compare(
    first: ConstructScore | MetricValue | TrustIndexResult,
    second: ConstructScore | MetricValue | TrustIndexResult,
    *,
    statistic: SurveyStatistic = "mean_score",
    confidence: float = 0.95,
) -> Comparison:
    """Compare a score, a metric or an index between two periods or two areas (METHODS §4).

    - two :class:`ConstructScore` rows of one construct: ``statistic`` ``mean_score`` or
      ``net_score`` by :func:`~trustops.stats.difference_of_estimates`; ``top_box_share``
      by the pooled :func:`~trustops.stats.two_proportion_z_test` on the effective n
      (difference and interval in percentage points);
    - two :class:`~trustops.metrics.MetricValue` of one metric: shares by the two-proportion
      test on their n, other metrics by the difference of estimates with standard errors
      taken from their 95% intervals (a metric without an interval raises);
    - two :class:`TrustIndexResult` of one model: the difference of the indexes with their
      standard errors, broken down by component (:class:`ComponentChange`, the changes of the
      contributions add up to the change of the index). When a component is available in
      one result and missing in the other, the two indexes do not measure the same thing
      (METHODS §6): the comparison is flagged ``not_comparable``, with no test and no
      significance, rather than reporting a spurious change.

    ``difference = second − first``. Withheld values raise :class:`ScoringError`.

    >>> from trustops.metrics import MetricValue
    >>> from trustops.scoring import compare
    >>> before = MetricValue(name="positive_share", value=0.40, n=100, interval=None)
    >>> after = MetricValue(name="positive_share", value=0.55, n=100, interval=None)
    >>> change = compare(before, after)
    >>> round(change.difference, 2), round(change.p_value, 4), change.significant
    (0.15, 0.0337, True)
    """
    if type(first) is not type(second):
        raise ScoringError(
            f"cannot compare a {type(first).__name__} with a {type(second).__name__}"
        )
    z_value(confidence)  # validates the level
    if isinstance(first, ConstructScore):
        return _scores(first, second, statistic, confidence)  # type: ignore[arg-type]
    if isinstance(first, TrustIndexResult):
        return _indexes(first, second, confidence)  # type: ignore[arg-type]
    if isinstance(first, MetricValue):
        return _metrics(first, second, confidence)  # type: ignore[arg-type]
    raise ScoringError(
        f"expected two ConstructScore, MetricValue or TrustIndexResult values, got "
        f"{type(first).__name__}"
    )
