"""Typing examples for trustops.privacy: checked by mypy --strict, never run."""

from __future__ import annotations

from typing import assert_type

from trustops.metrics import MetricValue
from trustops.privacy import (
    ALL,
    DEFAULT_POLICY,
    Basis,
    Cell,
    CellStatus,
    Finding,
    Measure,
    PublishedTable,
    SmallCellPolicy,
    audit_table,
    pseudonymise,
    publish,
    publish_table,
)

figure = MetricValue(name="positive_share", value=0.4, n=25, interval=None)
cell = publish(figure, DEFAULT_POLICY)
assert_type(cell, Cell)
assert_type(cell.value, float | None)  # None: no data, or withheld
assert_type(cell.status, CellStatus)
assert_type(cell.withheld, bool)
count = publish(figure, SmallCellPolicy(withhold_below=5), basis=Basis.COUNT)
table = publish_table(
    [({"area": "a"}, {"reports": figure}), ({"area": ALL}, {"reports": figure})],
    [Measure("reports", Basis.COUNT)],
    DEFAULT_POLICY,
)
assert_type(table, PublishedTable)
findings = audit_table(table.rows, [Measure("reports", Basis.COUNT)], DEFAULT_POLICY)
assert_type(findings, tuple[Finding, ...])
assert_type(pseudonymise("resident-1", key=b"secret"), str)
publish(0.4, DEFAULT_POLICY)  # type: ignore[arg-type]  # a figure has a value and an n
