"""One published figure: the small-cell policy applied in one place."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from numbers import Real
from typing import Protocol

from ._errors import PrivacyError
from ._small_cells import CellStatus, SmallCellPolicy

__all__ = ["Basis", "Bounds", "Cell", "Figure", "publish"]


class Basis(StrEnum):
    """What a figure rests on, which decides how the small-cell policy treats it (METHODS §7).

    The people protected are residents and survey respondents.
    """

    PEOPLE = "people"
    """A share, rate, median or score over a group of residents, respondents or their
    records: the policy looks at its n (or at the count it rests on)."""
    COUNT = "count"
    """A count of residents or of their reports: the count itself is its n, so a count of
    fewer than 10 people (or reports) is withheld."""
    STAFF = "staff"
    """A figure about the organisation's staff (``active_staff``, ``interactions_per_staff``):
    staff are not the protected population, so it is never withheld."""
    ACTIVITY = "activity"
    """A plain total of activity (``interactions``, ``volunteer_hours``): shown as it is, but it
    may be withheld to protect another figure (complementary suppression)."""


class Bounds(Protocol):
    """An interval with ``low`` and ``high`` ends, such as :class:`trustops.stats.Interval`."""

    @property
    def low(self) -> float: ...
    @property
    def high(self) -> float: ...
    def __iter__(self) -> Iterator[float]: ...


class Figure(Protocol):
    """What :func:`publish` needs of a figure: a value, its n and its interval (such as a
    :class:`trustops.metrics.MetricValue`)."""

    @property
    def value(self) -> float | None: ...
    @property
    def n(self) -> float | None: ...
    @property
    def interval(self) -> Bounds | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """One figure as it may be published.

    ``value`` is ``None`` when there is no data (``reason`` is then why, when the figure
    says, as a :class:`trustops.metrics.MetricValue` does) or when the policy withheld it: ``status`` is then ``insufficient`` (too few people) or
    ``complementary`` (withheld to protect another figure), ``reason`` says which, and
    ``n`` and ``interval`` are withheld too, so a withheld cell never shows its exact n.
    ``n`` is the figure's denominator (``None`` for counts) and ``interval`` its 95% interval.
    ``perturbed`` is true when the value and n were published from counts perturbed by the
    cell key method (METHODS §7): they are noisy, never exact.

    >>> from trustops.privacy import Cell
    >>> Cell(value=0.5, n=40).to_dict()["status"]
    'ok'
    """

    value: float | None
    n: float | None = None
    interval: Bounds | None = None
    status: CellStatus = CellStatus.OK
    reason: str | None = None
    perturbed: bool = False

    @property
    def withheld(self) -> bool:
        """Whether the policy withheld the value (too few people, or complementary)."""
        return self.status in (CellStatus.INSUFFICIENT, CellStatus.COMPLEMENTARY)

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON: value, n, low, high, status and reason."""
        return {
            "value": self.value,
            "n": self.n,
            "low": None if self.interval is None else self.interval.low,
            "high": None if self.interval is None else self.interval.high,
            "status": str(self.status),
            "reason": self.reason,
            "perturbed": self.perturbed,
        }


def _check_count(value: object, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(value) or value < 0:
        raise PrivacyError(f"{what}: expected a count of 0 or more, got {value!r}")
    return float(value)


def publish(
    figure: Figure,
    policy: SmallCellPolicy,
    *,
    basis: Basis = Basis.PEOPLE,
    people: float | None = None,
    shown: Figure | None = None,
    shown_people: float | None = None,
) -> Cell:
    """Apply ``policy`` to one figure: the one place where the small-cell rule is applied.

    ``basis`` says what the figure rests on (:class:`Basis`):

    - ``PEOPLE`` (the default): the policy classifies ``people`` when given (a rate per 1,000
      residents rests on the count of residents it was made from), else the figure's ``n``;
      a figure without an ``n`` and without ``people`` is not subject to the policy.
    - ``COUNT``: the figure's value counts people or their reports, so it is its own n
      (a count of 1 to 9 is withheld; a zero, which points at nobody, is shown).
    - ``STAFF`` and ``ACTIVITY``: shown as they are.

    Below ``withhold_below`` the cell is withheld (``insufficient``): its value, n and
    interval are all left out and the reason says "fewer than 10", never the exact n. Below
    ``caution_below`` it is shown and flagged ``caution``. A figure without a value stays empty,
    with the figure's ``reason`` (why it has no value) when it has one.

    ``shown`` is the same figure made from counts perturbed by the cell key method (METHODS
    §7), and ``shown_people`` the perturbed ``people``: the decision to withhold is made on
    the true figure (so a cell is withheld alike in every output), and also when the
    perturbed n or people would print a number below ``withhold_below``; what is published
    is ``shown`` (``perturbed``), flagged ``caution`` by its perturbed n. A perturbed count
    (``COUNT`` or ``ACTIVITY``) is published as it is: the p-table never publishes 1 to 4.

    >>> from trustops.privacy import DEFAULT_POLICY, Basis, publish
    >>> from trustops.stats import Interval
    >>> class Share:
    ...     value, n, interval = 0.5, 7, Interval(0.2, 0.8)
    >>> cell = publish(Share(), DEFAULT_POLICY)
    >>> cell.value, cell.n, cell.interval, str(cell.status), cell.reason
    (None, None, None, 'insufficient', 'withheld: fewer than 10')
    >>> class Reached:
    ...     value, n, interval = 4, None, None
    >>> publish(Reached(), DEFAULT_POLICY, basis=Basis.COUNT).reason
    'withheld: fewer than 10'
    >>> publish(Reached(), DEFAULT_POLICY, basis=Basis.STAFF).value
    4
    """
    if shown is not None:
        return _publish_perturbed(figure, shown, policy, Basis(basis), people, shown_people)
    value, n, interval = figure.value, figure.n, figure.interval
    if value is None:  # nothing to withhold: the figure's own reason, if it gives one
        return Cell(value=None, n=n, reason=getattr(figure, "reason", None))
    basis = Basis(basis)
    if basis is Basis.COUNT:
        resting = _check_count(value, "value")
    elif basis is Basis.PEOPLE:
        resting = _check_count(people if people is not None else n, "n")
    else:
        resting = None
    counted = basis is Basis.COUNT or people is not None
    if resting is None or (counted and resting == 0):  # not subject, or a count of nobody
        return Cell(value=value, n=n, interval=interval)
    status = policy.classify(resting)
    if status is CellStatus.INSUFFICIENT:
        return Cell(value=None, status=status, reason=policy.reason(resting))
    reason = None if status is CellStatus.OK else policy.reason(resting)
    return Cell(value=value, n=n, interval=interval, status=status, reason=reason)


def _publish_perturbed(  # noqa: PLR0917 - the arguments of publish
    figure: Figure,
    shown: Figure,
    policy: SmallCellPolicy,
    basis: Basis,
    people: float | None,
    shown_people: float | None,
) -> Cell:
    """:func:`publish` of a figure whose published form ``shown`` comes from perturbed counts."""
    if figure.value is None:  # no data (a zero denominator points at nobody)
        return Cell(value=None, n=figure.n, reason=getattr(figure, "reason", None))
    if shown.value is None:  # perturbed to nothing: too few to show
        return Cell(value=None, status=CellStatus.INSUFFICIENT, reason=policy.reason(0))
    if basis is Basis.STAFF:
        return Cell(value=figure.value, n=figure.n, interval=figure.interval)
    if basis is not Basis.PEOPLE:
        return Cell(value=shown.value, n=shown.n, interval=shown.interval, perturbed=True)
    pairs = [(_check_count(figure.n, "n"), _check_count(shown.n, "n"))]  # no n below 10 shown
    if people is not None:  # a figure made from a count of people rests on that count too
        pairs.append((_check_count(people, "people"), _check_count(shown_people, "people")))
    least: float | None = None  # the smallest number the published figure would print
    for true, printed in pairs:
        if true is None or (people is not None and true == 0 and printed == 0):
            continue  # not subject, or a count of nobody
        shown_as = true if printed is None else printed
        if policy.classify(min(true, shown_as)) is CellStatus.INSUFFICIENT:
            return Cell(value=None, status=CellStatus.INSUFFICIENT, reason=policy.reason(0))
        least = shown_as if least is None else min(least, shown_as)
    status = CellStatus.OK if least is None else policy.classify(least)
    reason = None if status is CellStatus.OK else policy.reason(least)
    return Cell(
        value=shown.value,
        n=shown.n,
        interval=shown.interval,
        status=status,
        reason=reason,
        perturbed=True,
    )
