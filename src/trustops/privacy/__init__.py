"""Privacy: keyed pseudonymisation, small-cell rules and safe CSV cells.

Standard library only. Resident and staff identifiers should reach trustops already
pseudonymous; :func:`pseudonymise` makes such pseudonyms. :class:`SmallCellPolicy` decides
which figures are too thin to publish, and :func:`neutralise_csv_cell` guards exported text
against spreadsheet formula injection.
"""

from __future__ import annotations

from ._csv import FORMULA_TRIGGERS, neutralise_csv_cell
from ._errors import PrivacyError
from ._pseudonym import pseudonymise
from ._small_cells import DEFAULT_POLICY, NO_SUPPRESSION, CellStatus, SmallCellPolicy

__all__ = [
    "DEFAULT_POLICY",
    "FORMULA_TRIGGERS",
    "NO_SUPPRESSION",
    "CellStatus",
    "PrivacyError",
    "SmallCellPolicy",
    "neutralise_csv_cell",
    "pseudonymise",
]
