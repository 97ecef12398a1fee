"""Privacy: keyed pseudonymisation and disclosure control.

Standard library only. Resident and staff identifiers should reach trustops already
pseudonymous; :func:`pseudonymise` makes such pseudonyms. :class:`SmallCellPolicy` holds the
thresholds; :func:`publish` applies them to one figure and :func:`publish_table` to a whole
table (primary and complementary suppression, METHODS §7); :func:`audit_table` checks a
published table for figures that are too small or can be worked out. Every published output
of trustops (CLI, report, exports) goes through them and is audited in the tests.
Exported text is guarded against spreadsheet formula injection by
:func:`trustops.io.escape_cell`, the one rule every CSV writer applies.
"""

from __future__ import annotations

from ._cell_key import (
    DEFAULT_PRIVACY_KEY,
    DEFAULT_PTABLE,
    KEY_RANGE,
    PerturbationTable,
    PrivacyKey,
    cell_key,
    privacy_key,
)
from ._cells import Basis, Bounds, Cell, Figure, publish
from ._disclosure import (
    ALL,
    COMPLEMENTARY_REASON,
    Finding,
    Key,
    Measure,
    PublishedRow,
    PublishedTable,
    Total,
    audit_table,
    publish_table,
)
from ._errors import PrivacyError, PrivacyKeyWarning
from ._pseudonym import pseudonymise
from ._small_cells import DEFAULT_POLICY, NO_SUPPRESSION, CellStatus, SmallCellPolicy

__all__ = [
    "ALL",
    "COMPLEMENTARY_REASON",
    "DEFAULT_POLICY",
    "DEFAULT_PRIVACY_KEY",
    "DEFAULT_PTABLE",
    "KEY_RANGE",
    "NO_SUPPRESSION",
    "Basis",
    "Bounds",
    "Cell",
    "CellStatus",
    "Figure",
    "Finding",
    "Key",
    "Measure",
    "PerturbationTable",
    "PrivacyError",
    "PrivacyKey",
    "PrivacyKeyWarning",
    "PublishedRow",
    "PublishedTable",
    "SmallCellPolicy",
    "Total",
    "audit_table",
    "cell_key",
    "privacy_key",
    "pseudonymise",
    "publish",
    "publish_table",
]
