"""Small-cell rules: withhold or flag figures that rest on too few people."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from numbers import Real
from typing import Final

from ._cell_key import DEFAULT_PTABLE, PerturbationTable
from ._errors import PrivacyError

__all__ = ["DEFAULT_POLICY", "NO_SUPPRESSION", "CellStatus", "SmallCellPolicy"]


class CellStatus(StrEnum):
    """How a figure may be shown, given the size of the group behind it."""

    OK = "ok"
    """Enough people: show the figure as it is."""
    CAUTION = "caution"
    """Shown, but flagged: the group is small and the figure is unstable."""
    INSUFFICIENT = "insufficient"
    """Withheld: too few people (or an unknown number) to show it safely."""
    COMPLEMENTARY = "complementary"
    """Withheld although enough people: publishing it would let a withheld figure be worked
    out by addition or subtraction (complementary suppression, METHODS §7)."""


@dataclass(frozen=True, slots=True)
class SmallCellPolicy:
    """Thresholds on a figure's n below which it is withheld or flagged.

    ``n < withhold_below`` (or n unknown) → :attr:`CellStatus.INSUFFICIENT`;
    ``n < caution_below`` → :attr:`CellStatus.CAUTION`; otherwise :attr:`CellStatus.OK`.
    A disabled policy (``enabled=False``, see :data:`~trustops.privacy.NO_SUPPRESSION`)
    passes everything as OK: use it only where the raw figures are meant for analysts, never
    for publication.
    The defaults (10 and 30) follow the methods notes. ``n`` may be an effective n.

    Raises :class:`~trustops.privacy.PrivacyError` when a threshold is negative or not a whole
    number, or when ``caution_below < withhold_below``.

    >>> from trustops.privacy import SmallCellPolicy
    >>> policy = SmallCellPolicy()
    >>> [str(policy.classify(n)) for n in (7, 12, 30)]
    ['insufficient', 'caution', 'ok']
    >>> policy.reason(7)
    'withheld: fewer than 10'
    """

    withhold_below: int = 10
    """Figures with a smaller n are withheld."""
    caution_below: int = 30
    """Figures with a smaller n (but not withheld) are flagged."""
    enabled: bool = True
    """False turns the policy off: every figure is OK."""
    ptable: PerturbationTable = DEFAULT_PTABLE
    """The p-table that perturbs published counts (the cell key method, METHODS §7)."""

    def __post_init__(self) -> None:
        for name in ("withhold_below", "caution_below"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PrivacyError(f"{name}: expected a whole number of 0 or more, got {value!r}")
        if self.caution_below < self.withhold_below:
            raise PrivacyError(
                f"caution_below: expected at least withhold_below ({self.withhold_below}), "
                f"got {self.caution_below}"
            )
        if not isinstance(self.enabled, bool):
            raise PrivacyError(f"enabled: expected True or False, got {self.enabled!r}")
        if not isinstance(self.ptable, PerturbationTable):
            raise PrivacyError(f"ptable: expected a PerturbationTable, got {self.ptable!r}")

    def classify(self, n: float | None) -> CellStatus:
        """The status of a figure resting on ``n`` people (None: unknown, so withheld).

        Raises :class:`~trustops.privacy.PrivacyError` for a negative or NaN ``n``.
        """
        given: object = n
        if given is not None and (
            isinstance(given, bool) or not isinstance(given, Real) or math.isnan(given) or given < 0
        ):
            raise PrivacyError(f"n: expected a sample size of 0 or more, got {n!r}")
        if not self.enabled:
            return CellStatus.OK
        if n is None or n < self.withhold_below:
            return CellStatus.INSUFFICIENT
        if n < self.caution_below:
            return CellStatus.CAUTION
        return CellStatus.OK

    def reason(self, n: float | None) -> str | None:
        """A sentence saying why a figure is withheld or flagged, or None when it is OK.

        A withheld figure's reason never gives its exact n (METHODS §7): it says
        "fewer than 10"; a flagged figure, whose n is published, gives it.

        >>> from trustops.privacy import DEFAULT_POLICY
        >>> DEFAULT_POLICY.reason(7)
        'withheld: fewer than 10'
        >>> DEFAULT_POLICY.reason(12)
        'caution: n = 12 is below 30'
        >>> DEFAULT_POLICY.reason(None)
        'withheld: n is unknown'
        >>> DEFAULT_POLICY.reason(45) is None
        True
        """
        status = self.classify(n)
        if status is CellStatus.OK:
            return None
        if n is None:
            return "withheld: n is unknown"
        if status is CellStatus.INSUFFICIENT:
            return f"withheld: fewer than {self.withhold_below}"
        return f"caution: n = {n:g} is below {self.caution_below}"


DEFAULT_POLICY: Final = SmallCellPolicy()
"""Withhold below n = 10, flag below n = 30: applied to published outputs by default."""

NO_SUPPRESSION: Final = SmallCellPolicy(enabled=False)
"""No withholding or flagging, for explicit opt-out in the raw API."""
