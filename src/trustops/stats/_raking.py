"""Raking (iterative proportional fitting) of respondent weights to population margins."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ._checks import check_finite, check_weights
from ._errors import RakingError, StatsError

__all__ = ["rake"]

_MARGIN_TOLERANCE = 1e-6  # how far a dimension's target shares may stray from summing to 1


def _targets(margins: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    clean: dict[str, dict[str, float]] = {}
    for dimension, shares in margins.items():
        if not shares:
            raise StatsError(f"margins[{dimension!r}]: expected at least one category, got none")
        checked: dict[str, float] = {}
        for category, share in shares.items():
            value = check_finite(f"margins[{dimension!r}][{category!r}]", share)
            if not 0 <= value <= 1:
                raise StatsError(
                    f"margins[{dimension!r}][{category!r}]: expected a share between 0 and 1, "
                    f"got {share!r}"
                )
            checked[category] = value
        total = math.fsum(checked.values())
        if abs(total - 1) > _MARGIN_TOLERANCE:
            raise StatsError(
                f"margins[{dimension!r}]: expected target shares summing to 1, they sum to "
                f"{total:.9g}"
            )
        # Renormalise so that rescaling preserves the total weight exactly.
        clean[dimension] = {category: value / total for category, value in checked.items()}
    return clean


def _memberships(
    rows: Sequence[Mapping[str, str]], targets: dict[str, dict[str, float]]
) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {}
    for dimension, shares in targets.items():
        column: list[str] = []
        for index, row in enumerate(rows):
            if dimension not in row:
                raise StatsError(
                    f"rows[{index}]: has no value for the margin dimension {dimension!r}"
                )
            category = row[dimension]
            if category not in shares:
                raise StatsError(
                    f"rows[{index}]: {dimension} = {category!r} has no target in the margins "
                    f"(expected one of {sorted(shares)})"
                )
            column.append(category)
        members[dimension] = column
    return members


def _eligible(
    weights: list[float], members: dict[str, list[str]], targets: dict[str, dict[str, float]]
) -> list[bool]:
    """Which rows can carry weight: a positive base weight and a positive target everywhere.

    Every other row ends the first pass with weight 0. Each category with a positive target
    needs at least one eligible row, or no weighting can reach its target.
    """
    eligible = [weight > 0 for weight in weights]
    for dimension, column in members.items():
        for index, category in enumerate(column):
            eligible[index] = eligible[index] and targets[dimension][category] > 0
    for dimension, column in members.items():
        carried = {category for category, ok in zip(column, eligible, strict=True) if ok}
        for category, share in targets[dimension].items():
            if share > 0 and category not in carried:
                raise StatsError(
                    f"margins[{dimension!r}][{category!r}]: has a target share of {share:.3g} "
                    "but no respondents to carry it (none in that category with a positive "
                    "weight and positive targets in the other dimensions)"
                )
    return eligible


def _gap(
    weights: list[float], members: dict[str, list[str]], targets: dict[str, dict[str, float]]
) -> float:
    total = math.fsum(weights)
    largest = 0.0
    for dimension, column in members.items():
        sums = dict.fromkeys(targets[dimension], 0.0)
        for weight, category in zip(weights, column, strict=True):
            sums[category] += weight
        for category, share in targets[dimension].items():
            largest = max(largest, abs(sums[category] / total - share))
    return largest


def _rake_dimension(weights: list[float], column: list[str], shares: dict[str, float]) -> None:
    total = math.fsum(weights)
    groups: dict[str, list[int]] = {category: [] for category in shares}
    for index, category in enumerate(column):
        groups[category].append(index)
    for category, indices in groups.items():
        current = math.fsum(weights[index] for index in indices)
        if current > 0:
            factor = shares[category] * total / current
            for index in indices:
                weights[index] *= factor


def _trim(weights: list[float], cap: float) -> None:
    """Cap every weight at ``cap × mean weight``, the mean taken after trimming.

    The threshold ``t`` solves ``t = cap · Σ min(wᵢ, t) / n``; with the ``j`` largest weights
    clipped, ``t = cap · (sum of the others) / (n − cap·j)``.
    """
    count = len(weights)
    ordered = sorted(weights, reverse=True)
    if ordered[0] <= cap * math.fsum(ordered) / count:
        return
    # Clip the j largest weights for j = 1, 2, ... until the next one is under the threshold.
    # The caller guarantees more than count / cap positive weights, so that happens while
    # count − cap·j is still positive (and count > cap, or nothing would need clipping).
    clipped = 1
    rest = math.fsum(ordered[1:])
    threshold = cap * rest / (count - cap)
    while ordered[clipped] > threshold:
        rest -= ordered[clipped]
        clipped += 1
        threshold = cap * rest / (count - cap * clipped)
    for index, weight in enumerate(weights):
        weights[index] = min(weight, threshold)


def rake(
    rows: Sequence[Mapping[str, str]],
    margins: Mapping[str, Mapping[str, float]],
    *,
    max_iter: int = 100,
    tol: float = 1e-6,
    cap: float | None = None,
    base_weights: Sequence[float] | None = None,
) -> list[float]:
    """Rake respondent weights so that weighted shares match population margins.

    ``rows`` gives each respondent's category per dimension (``{"age": "16-34", "sex": "f"}``);
    ``margins`` gives the target share of each category per dimension
    (``{"age": {"16-34": 0.31, "35-64": 0.49, "65+": 0.20}}``). Starting from
    ``base_weights`` (all 1 when None), each pass of iterative proportional fitting visits the
    dimensions in order and multiplies the weights of every category ``c`` by
    ``target_c · Σw / Σ_{i in c} wᵢ``, so that dimension's weighted shares hit their targets.

    With a ``cap``, each pass ends by trimming: every weight above ``cap × mean weight`` is
    set to that ceiling (the mean taken after trimming, so the cap holds exactly). The next
    pass re-rakes the trimmed weights. Passes stop as soon as the largest absolute gap
    between a weighted share and its target (measured after trimming) is below ``tol``;
    after ``max_iter`` passes without that, :class:`~trustops.stats.RakingError` is raised with
    ``.gap`` and ``.iterations``. A cap that is too tight for the margins shows up that way.

    Returns one weight per row, scaled so that the mean weight is 1. With empty ``margins``
    that is just the scaled base weights.

    Raises :class:`~trustops.stats.StatsError` when a dimension's targets do not sum to 1 (within
    1e-6) or a target is outside ``[0, 1]``; when a category has a positive target but no
    respondent who can carry it (the message names the dimension and category); when
    a row lacks a dimension or has a category without a target (the message names the row
    index); for negative or non-finite base weights; and for ``max_iter < 1``,
    ``tol <= 0`` or ``cap <= 1`` (or a cap no weighting can meet because too few respondents
    have a positive weight).

    Reference: Deming, W. E. & Stephan, F. F. (1940), *On a least squares adjustment of a
    sampled frequency table when the expected marginal totals are known*, Annals of
    Mathematical Statistics 11:427–444.

    >>> from trustops.stats import rake
    >>> rows = [{"age": "young"}, {"age": "old"}, {"age": "old"}, {"age": "old"}]
    >>> rake(rows, {"age": {"young": 0.5, "old": 0.5}})
    [2.0, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666]
    """
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 1:
        raise StatsError(
            f"max_iter: expected a whole number of passes, 1 or more, got {max_iter!r}"
        )
    tolerance = check_finite("tol", tol)
    if tolerance <= 0:
        raise StatsError(f"tol: expected a tolerance above 0, got {tol!r}")
    ceiling = None if cap is None else check_finite("cap", cap)
    if ceiling is not None and ceiling <= 1:
        raise StatsError(f"cap: expected a ratio of weight to mean weight above 1, got {cap!r}")
    if not rows:
        raise StatsError("rows: expected at least one respondent, got none")
    if base_weights is None:
        weights = [1.0] * len(rows)
    elif len(base_weights) != len(rows):
        raise StatsError(
            f"base_weights: expected one weight per row ({len(rows)}), got {len(base_weights)}"
        )
    else:
        weights = check_weights(base_weights, "base_weights")
    targets = _targets(margins)
    members = _memberships(rows, targets)
    carriers = sum(_eligible(weights, members, targets))
    if ceiling is not None and ceiling * carriers <= len(rows):
        raise StatsError(
            f"cap: {cap!r} × mean weight cannot hold when only {carriers} of {len(rows)} "
            f"respondents can carry weight; expected a cap above {len(rows) / carriers:.3g}"
        )
    if targets:
        gap = math.inf
        passes = 0
        while gap >= tolerance:
            if passes == max_iter:
                raise RakingError(gap, passes, tolerance)
            for dimension, column in members.items():
                _rake_dimension(weights, column, targets[dimension])
            if ceiling is not None:
                _trim(weights, ceiling)
            passes += 1
            gap = _gap(weights, members, targets)
    scale = len(weights) / math.fsum(weights)
    return [weight * scale for weight in weights]
