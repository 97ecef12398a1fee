"""Internal-consistency reliability of a multi-item scale: Cronbach's alpha."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from ._checks import check_finite, check_weights
from ._errors import StatsError

__all__ = ["cronbach_alpha"]


def _cells(rows: Sequence[Sequence[float | None]]) -> list[list[float | None]]:
    if not rows:
        raise StatsError("rows: expected answers from at least two respondents, got none")
    width = len(rows[0])
    table: list[list[float | None]] = []
    for index, row in enumerate(rows):
        if len(row) != width:
            raise StatsError(
                f"rows[{index}]: expected {width} items like the first row, got {len(row)}"
            )
        cells: list[float | None] = []
        for item, value in enumerate(row):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                cells.append(None)
            else:
                cells.append(check_finite(f"rows[{index}][{item}]", value))
        table.append(cells)
    if width < 2:
        raise StatsError(f"rows: expected at least 2 items per respondent, got {width}")
    return table


def _covariance(pairs: list[tuple[float, float, float]]) -> float:
    """The weighted covariance of (x, y, weight) triples, weights normalised to sum to their
    count: ``Σw(x − x̄)(y − ȳ)/(n − 1)`` with weighted means (the sample covariance when all
    weights are equal)."""
    # Two-pass, exactly rounded sums: the result does not depend on the order of the rows.
    count = len(pairs)
    total = math.fsum(w for _, _, w in pairs)
    if total <= 0:
        raise StatsError("weights: expected a positive total weight among the respondents")
    mean_x = math.fsum(w * x for x, _, w in pairs) / total
    mean_y = math.fsum(w * y for _, y, w in pairs) / total
    spread = math.fsum(w * (x - mean_x) * (y - mean_y) for x, y, w in pairs)
    return spread * count / total / (count - 1)


def cronbach_alpha(
    rows: Sequence[Sequence[float | None]],
    *,
    missing: Literal["listwise", "pairwise"] = "listwise",
    weights: Sequence[float] | None = None,
) -> float:
    """Cronbach's alpha of ``k`` items answered by several respondents.

    ``rows`` holds one sequence per respondent with one answer per item; ``None`` (or NaN)
    is a missing answer. With ``C`` the ``k × k`` item covariance matrix (sample
    covariances, ddof 1)::

        α = k/(k−1) · (1 − Σσᵢ² / σ²_total) = k/(k−1) · (1 − tr(C) / ΣC)

    ``missing="listwise"`` (the default) drops every respondent with a missing answer and
    computes ``C`` on the complete rows. ``missing="pairwise"`` computes each entry of ``C``
    from the respondents who answered both items of the pair, as pandas' ``DataFrame.cov``
    and pingouin's ``cronbach_alpha`` does by default (``nan_policy="pairwise"``).

    With ``weights`` (one per respondent), ``C`` is the weighted item covariance matrix, the
    weights normalised to sum to the number of respondents used (METHODS §5a): equal weights
    give the unweighted alpha.

    At most 1; 0.7 or more is usually read as acceptable consistency, and it is negative
    when items covary negatively (often a reverse-coded item not reversed).

    Raises :class:`~trustops.stats.StatsError` for fewer than 2 items, rows of unequal length,
    an infinite answer, fewer than 2 complete rows (listwise) or fewer than 2 respondents
    for some pair of items (pairwise), and zero total variance.

    Reference: Cronbach, L. J. (1951), *Coefficient alpha and the internal structure of
    tests*, Psychometrika 16:297–334.

    >>> from trustops.stats import cronbach_alpha
    >>> rows = [[4, 5, 4], [2, 3, 3], [5, 5, 4], [3, 2, 2], [4, 4, 5]]
    >>> round(cronbach_alpha(rows), 4)
    0.8857
    >>> round(cronbach_alpha([*rows, [None, 3, 4]], missing="pairwise"), 4)
    0.8926
    >>> round(cronbach_alpha(rows, weights=[2, 1, 1, 1, 1]), 4)
    0.8824
    """
    if missing not in ("listwise", "pairwise"):
        raise StatsError(f"missing: expected 'listwise' or 'pairwise', got {missing!r}")
    table = _cells(rows)
    k = len(table[0])
    if weights is None:
        given = [1.0] * len(table)
    else:
        if len(weights) != len(table):
            raise StatsError(
                f"weights: expected {len(table)} weights (one per respondent), got {len(weights)}"
            )
        given = check_weights(weights)
    if missing == "listwise":
        kept = [(row, w) for row, w in zip(table, given, strict=True) if None not in row]
        table = [row for row, _ in kept]
        given = [w for _, w in kept]
        if len(table) < 2:
            raise StatsError(
                f"rows: expected at least 2 respondents who answered every item, "
                f"got {len(table)}; try missing='pairwise'"
            )
    diagonal: list[float] = []
    entries: list[float] = []
    for i in range(k):
        for j in range(i, k):
            pairs = [
                (x, y, w)
                for row, w in zip(table, given, strict=True)
                if (x := row[i]) is not None and (y := row[j]) is not None
            ]
            if len(pairs) < 2:
                raise StatsError(
                    f"rows: expected at least 2 respondents who answered both item {i} and "
                    f"item {j}, got {len(pairs)}"
                )
            value = _covariance(pairs)
            if i == j:
                diagonal.append(value)
                entries.append(value)
            else:
                entries.extend((value, value))
    trace = math.fsum(diagonal)
    matrix_sum = math.fsum(entries)
    if matrix_sum <= 0:
        raise StatsError(
            "rows: the total score has no positive variance (e.g. every respondent has the "
            "same total), so alpha is undefined"
        )
    return k / (k - 1) * (1 - trace / matrix_sum)
