"""The attack of METHODS §7, run on the bundled sample: can the default outputs be combined to
give back the true counts of small cells?

Every default table ``trustops metrics`` can emit for the sample (each grouping of up to two
of area, initiative, initiative kind and staff, with and without the month, with and without
``--totals``; built through the API path the command uses), the index components of
``trustops score`` (by month and quarter; each measured over a 91-day window, used only when
the window is a union of months, so that every equation is true) and the report's reporting
table (area by quarter) are collected. Each published count, each share's n and numerator (value × n) and each
median's n is an observation of a sum of *atoms* (the counts of one area, initiative, staff
member and month). The attacker solves all of them together by least squares and rounds.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import pendulum
import pytest

from trustops.metrics import EngagementTable, engagement_table
from trustops.model import Dataset
from trustops.privacy import DEFAULT_POLICY, PrivacyKey
from trustops.sample import bundled
from trustops.scoring import (
    IndexWindow,
    dataset_trust_index,
    known_initiatives,
    publish_engagement,
)

np = pytest.importorskip("numpy")
sparse = pytest.importorskip("scipy.sparse")
dense = pytest.importorskip("scipy.linalg")

KEYS = ("area", "initiative", "initiative_kind", "staff")
QUANTITIES = ("interactions", "reports", "positive", "with_outcome", "delays")
"""What the attacker solves for: counts of interactions, resident reports, positive outcomes,
outcomes, and reports with an observed time (a median's n)."""

Cell = tuple[str, frozenset[int]]
"""A quantity and the atoms a cell adds up."""


def _groupings() -> list[tuple[tuple[str, ...], str | None]]:
    found = []
    for size in range(3):
        for keys in itertools.permutations(KEYS, size):
            if {"initiative", "initiative_kind"} <= set(keys):
                continue  # an initiative names its kind
            found += [(keys, None), (keys, "month")]
    return found


def _coarser(keys: tuple[str, ...], period: str | None) -> list[tuple[tuple[str, ...], None]]:
    """The groupings ``--totals`` adds, as ``trustops metrics`` does."""
    found: list[tuple[tuple[str, ...], None]] = [(keys, None)] if period is not None else []
    return found + [(keys[:end], None) for end in range(len(keys) - 1, -1, -1)]


class Attack:
    """Observations of sums of atoms, and the true value of every cell."""

    def __init__(self, dataset: Dataset) -> None:
        self.kinds = {i.id: i.kind.value for i in dataset.initiatives}
        self.atoms: dict[tuple[Any, ...], int] = {}
        self.truth: dict[str, list[int]] = {q: [] for q in QUANTITIES}
        self.rows: list[tuple[str, frozenset[int], float]] = []  # quantity, atoms, observed
        self.cells: dict[Cell, int] = {}  # every cell with its true value
        self.withheld: dict[int, set[Cell]] = {}  # output → cells it withholds
        self.by_output: dict[int, list[tuple[str, frozenset[int], float]]] = {}
        self.statuses: dict[tuple[str, frozenset[int]], set[object]] = {}
        self.projections: dict[Any, dict[tuple[Any, ...], frozenset[int]]] = {}

    def atom_of(self, values: dict[str, Any]) -> int:
        key = (values["area"], values["initiative"], values["staff"], values["month"])
        found = self.atoms.get(key)
        if found is None:
            found = self.atoms[key] = len(self.atoms)
            for quantity in QUANTITIES:
                self.truth[quantity].append(0)
        return found

    def members(self, keys: dict[str, Any], period: str | None) -> frozenset[int]:
        """The atoms of the cell with ``keys`` (``(all)``: every value) in ``period``."""
        used = tuple(sorted(k for k, v in keys.items() if v != "(all)"))
        index = self.projections.get((used, period))
        if index is None:
            found: dict[tuple[Any, ...], set[int]] = {}
            for key, atom in self.atoms.items():
                found.setdefault(self.project(key, used, period), set()).add(atom)
            index = self.projections[used, period] = {k: frozenset(v) for k, v in found.items()}
        return index.get(tuple(keys[k] for k in used), frozenset())

    def project(
        self, key: tuple[Any, ...], used: tuple[str, ...], period: str | None
    ) -> tuple[Any, ...]:
        area, initiative, staff, month = key
        quarter = f"{month[:4]}-Q{(int(month[5:]) + 2) // 3}"
        values = {
            "area": area, "initiative": initiative, "staff": staff,
            "initiative_kind": None if initiative is None else self.kinds[initiative],
            "period": month if period == "month" else quarter,
        }  # fmt: skip
        return tuple(values[k] for k in used)

    def window(self, area: str, window: IndexWindow) -> frozenset[int] | None:
        """The atoms of ``area`` in a component's window of local days, when the window is a
        union of the months the atoms are made of: a window that takes part of a month in
        which the area has records gives no equation on the atoms (``None``)."""
        first, last = window.first, window.last
        inside = set()
        for key, atom in self.atoms.items():
            if key[0] != area:
                continue
            year, month = int(key[3][:4]), int(key[3][5:])
            start = pendulum.Date(year, month, 1)
            end = start.add(months=1).subtract(days=1)
            if first <= start and end <= last:
                inside.add(atom)
            elif start <= last and first <= end:
                return None  # a month the window takes part of
        return frozenset(inside)

    def observe(self, output: int, quantity: str, atoms: frozenset[int], value: float) -> None:
        self.rows.append((quantity, atoms, value))
        self.by_output.setdefault(output, []).append((quantity, atoms, value))

    def solve(self, rows: Sequence[tuple[str, frozenset[int], float]]) -> dict[str, Any]:
        """Least squares per quantity: the (nearly) minimum-norm solution of the observations,
        from the normal equations with a tiny ridge, by one Cholesky factorisation. The
        normal matrix is held dense: the coarse cells make it nearly full, and a sparse LU
        of it took four times as long for the same solution."""
        estimates = {}
        size = len(self.atoms)
        for quantity in QUANTITIES:
            mine = [(atoms, value) for q, atoms, value in rows if q == quantity and atoms]
            if not mine:
                estimates[quantity] = np.zeros(size)
                continue
            data, cols, indptr = [], [], [0]
            for atoms, _ in mine:
                cols.extend(sorted(atoms))
                data.extend([1.0] * len(atoms))
                indptr.append(len(cols))
            matrix = sparse.csr_matrix((data, cols, indptr), shape=(len(mine), size))
            values = np.array([value for _, value in mine])
            normal = (matrix.T @ matrix).toarray()
            normal[np.diag_indices(size)] += 1e-6
            estimates[quantity] = dense.cho_solve(dense.cho_factor(normal), matrix.T @ values)
        return estimates


def _tables(dataset: Dataset, privacy: PrivacyKey | None) -> dict[Any, EngagementTable]:
    found = {}
    log = list(known_initiatives(dataset))
    wanted = {g for keys, period in _groupings() for g in [(keys, period), *_coarser(keys, period)]}
    for keys, period in sorted(wanted, key=repr):
        found[keys, period] = engagement_table(
            log, by=keys, period=period, areas=dataset.areas,
            initiatives=dataset.initiatives, privacy=privacy,
        )  # fmt: skip
    for keys in [("area",)]:
        found[keys, "quarter"] = engagement_table(
            log, by=keys, period="quarter", areas=dataset.areas,
            initiatives=dataset.initiatives, privacy=privacy,
        )  # fmt: skip
    return found


def run_attack(privacy: PrivacyKey | None) -> dict[str, float]:
    dataset = bundled()
    attack = Attack(dataset)
    months = engagement_table(
        known_initiatives(dataset), by=("area", "initiative", "staff"), period="month",
        areas=dataset.areas, initiatives=dataset.initiatives,
    )  # fmt: skip
    for row in months:
        atom = attack.atom_of({**row.keys, "month": row.keys["period"]})
        assert row.totals is None
        values = row.values
        attack.truth["interactions"][atom] = int(values["interactions"].value or 0)
        attack.truth["reports"][atom] = int(values["reports"].value or 0)
        share = values["positive_share"]
        attack.truth["with_outcome"][atom] = int(share.n or 0)
        attack.truth["positive"][atom] = round((share.value or 0) * (share.n or 0))
        attack.truth["delays"][atom] = int(values["median_hours_to_report"].n or 0)
    tables = _tables(dataset, privacy)
    outputs: list[tuple[Iterable[EngagementTable], str | None]] = []
    for keys, period in _groupings():
        outputs.append(([tables[keys, period]], period))
        outputs.append(([tables[g] for g in [(keys, period), *_coarser(keys, period)]], period))
    outputs.append(([tables[("area",), "quarter"]], "quarter"))  # the report's reporting table
    for number, (group, period) in enumerate(outputs):
        published = publish_engagement(*group, policy=DEFAULT_POLICY)
        for row in published:
            keys = {k: str(v) if v is not None else None for k, v in row.keys.items()}
            keys = {k: (None if v is None else v) for k, v in keys.items()}
            atoms = attack.members(keys, period)
            cells = row.cells
            observed = {
                "interactions": cells["interactions"].value,
                "reports": cells["reports"].value,
                "with_outcome": cells["positive_share"].n,
                "delays": cells["median_hours_to_report"].n,
            }
            share = cells["positive_share"]
            if share.value is not None and share.n is not None:
                observed["positive"] = share.value * share.n
            for quantity in QUANTITIES:
                attack.cells[quantity, atoms] = sum(attack.truth[quantity][a] for a in atoms)
            for quantity, value in observed.items():
                if value is not None:
                    attack.observe(number, quantity, atoms, float(value))
            for name in ("positive_share", "median_hours_to_report"):
                c = cells[name]
                attack.statuses.setdefault((name, atoms), set()).add(
                    (c.withheld, c.value if c.withheld else None)
                )
                if c.withheld:
                    needs = (
                        ("positive", "with_outcome") if name == "positive_share" else ("delays",)
                    )
                    attack.withheld.setdefault(number, set()).update((q, atoms) for q in needs)
    windows: list[bool] = []  # for each equation from the index: is it true to ±2?
    for period in ("month", "quarter"):  # the index's components, as score publishes them
        index = dataset_trust_index(dataset, period=period, privacy=privacy)
        number = len(outputs) + (period == "quarter")
        for result in index:
            reporting = result.component("community_reporting")
            area = next(a for a in dataset.areas if a.id == result.area)
            if reporting.available and reporting.raw is not None and area.population:
                assert reporting.window is not None
                inside = attack.window(result.area, reporting.window)
                if inside is None:
                    continue
                seen = reporting.raw * area.population / 1000
                attack.observe(number, "reports", inside, seen)
                true = sum(attack.truth["reports"][a] for a in inside)
                windows.append(abs(seen - true) <= 2 + 1e-6)  # published from 10 up: ±2
    estimate = attack.solve(attack.rows)

    def recovered(cell: Cell, found: dict[str, Any]) -> bool:
        quantity, atoms = cell
        guess = round(float(sum(found[quantity][a] for a in atoms)))
        return guess == attack.cells[cell]

    small = [cell for cell, true in attack.cells.items() if 1 <= true <= 9]
    exact = [cell for cell in small if recovered(cell, estimate)]
    worst = 0.0
    for number, cells in attack.withheld.items():
        alone = attack.solve(attack.by_output.get(number, []))
        share = sum(recovered(cell, alone) for cell in cells) / len(cells)
        worst = max(worst, share)
    inconsistent = sum(
        1 for seen in attack.statuses.values() if len({withheld for withheld, _ in seen}) > 1
    )
    return {
        "small": len(small),
        "recovered": len(exact),
        "rate": len(exact) / len(small),
        "worst_table": worst,
        "inconsistent": inconsistent,
        "index_equations": len(windows),
        "false_index_equations": windows.count(False),
    }


@pytest.fixture(scope="module")
def attacked() -> dict[str, float]:
    """The attack on the outputs published with a privacy key (about a minute, longer on a busy
    machine: 32 tables of the sample, 61 outputs, least squares over 2,804 atoms)."""
    return run_attack(PrivacyKey("attack"))


def test_no_table_gives_back_half_of_what_it_withholds_and_withholding_agrees(
    attacked: dict[str, float],
) -> None:
    # measured: 8,583 cells of 1 to 9; before the cell key method (tables published without
    # a privacy key: suppression alone) 65.8% were recovered exactly, one table gave back
    # 42% of what it withheld and 64 cells were withheld in one output and shown in another
    assert attacked["small"] > 200
    assert attacked["worst_table"] <= 0.5, attacked
    assert attacked["inconsistent"] == 0, attacked


def test_the_attackers_equations_are_true_of_what_it_sees(attacked: dict[str, float]) -> None:
    # the index's components are measured over 91-day windows: a window is a union of months
    # only sometimes, so the attacker uses those alone (measured: 51 of 130 by month, 45 of 45
    # by quarter). Mapping every window onto its period's month made 124 false equations.
    assert attacked["index_equations"] > 50, attacked
    assert attacked["false_index_equations"] == 0, attacked


def test_the_attack_recovers_at_most_a_fifth_of_small_counts(attacked: dict[str, float]) -> None:
    # measured: 19.9% with trustops-ptable 3 (MD5 record keys; 1,707 of 8,583 cells); 18.8%
    # with version 2's SHA-256 keys, with true equations alone (1,611; 1,615 with windows
    # taken for months) (21.5% with version 1, whose counts of 7 to 9
    # were spread by at most 2; 65.8% with suppression alone)
    assert attacked["rate"] <= 0.20, attacked
