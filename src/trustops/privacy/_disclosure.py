"""Publishing whole tables: primary and complementary suppression, and the disclosure audit."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final, TypeAlias

from ._cells import Basis, Cell, Figure, publish
from ._errors import PrivacyError
from ._small_cells import CellStatus, SmallCellPolicy

__all__ = [
    "ALL",
    "COMPLEMENTARY_REASON",
    "Finding",
    "Key",
    "Measure",
    "PublishedRow",
    "PublishedTable",
    "Total",
    "audit_table",
    "publish_table",
]

COMPLEMENTARY_REASON: Final = "withheld: would let a withheld figure be worked out"
"""The reason given for a cell withheld by complementary suppression."""


class Total(enum.Enum):
    """The key of a total row: ``ALL`` in a key means "every value of this dimension"."""

    ALL = "(all)"

    def __str__(self) -> str:
        return self.value


ALL: Final = Total.ALL
"""A row key meaning the total over that dimension (an area's all-period row has
``period=ALL``; the programme's row has ``area=ALL``)."""

Key: TypeAlias = str | Total | None
"""A row key's value: a group's value, ``None`` (the group without one), or :data:`ALL`."""


@dataclass(frozen=True, slots=True)
class Measure:
    """How one column of a published table is made, for the policy and the audit.

    ``basis`` says what it rests on (:class:`~trustops.privacy.Basis`). The other fields name
    *quantities*: additive amounts (counts of people, of records, or sums) that add up from
    a group's parts to its total (distinct counts, such as residents reached, are treated as
    if they did, which protects more than strictly needed):

    - a ``COUNT``, ``ACTIVITY`` or ``STAFF`` column shows the quantity of its own name;
    - ``rests_on``: the column is worked out from that quantity and public data (a rate per
      1,000 residents from the count of residents and the area's population), so the policy
      classifies that count and a published value reveals it;
    - ``numerator`` and ``denominator``: the column is a ratio whose value × n is the
      numerator and whose n is the denominator (a share of interactions has the denominator
      ``interactions``); a figure that is not a ratio (a median) names only its denominator.

    >>> from trustops.privacy import Basis, Measure
    >>> Measure("reach_per_1000", rests_on="residents_reached").quantities
    ('residents_reached',)
    >>> Measure("positive_share", numerator="positive", denominator="with_outcome").quantities
    ('positive', 'with_outcome')
    """

    name: str
    basis: Basis = Basis.PEOPLE
    rests_on: str | None = None
    numerator: str | None = None
    denominator: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "basis", Basis(self.basis))
        if self.basis is not Basis.PEOPLE and (self.rests_on or self.numerator or self.denominator):
            raise PrivacyError(
                f"measure {self.name!r}: a {self.basis.value} column shows its own quantity; "
                "rests_on, numerator and denominator are for people-based figures"
            )
        if self.numerator is not None and self.denominator is None:
            raise PrivacyError(f"measure {self.name!r}: a numerator needs a denominator")

    @property
    def quantities(self) -> tuple[str, ...]:
        """Every quantity a published value of this column may reveal."""
        if self.basis is not Basis.PEOPLE:
            return (self.name,)
        names = (self.rests_on, self.numerator, self.denominator)
        return tuple(name for name in names if name is not None)

    def reveals(self, cell: Cell) -> tuple[str, ...]:
        """The quantities a published ``cell`` of this column gives away exactly (none when
        it was made from perturbed counts)."""
        if cell.withheld or cell.perturbed:
            return ()
        if self.basis is not Basis.PEOPLE:
            return (self.name,) if cell.value is not None else ()
        found: list[str] = []
        if self.rests_on is not None and cell.value is not None:
            found.append(self.rests_on)
        if self.denominator is not None and cell.n is not None:
            if self.numerator is not None and (cell.value is not None or cell.n == 0):
                found.append(self.numerator)
            found.append(self.denominator)
        return tuple(found)

    def needs(self) -> tuple[str, ...]:
        """The quantities that together give a withheld value back (empty: none can)."""
        if self.basis is not Basis.PEOPLE:
            return (self.name,)
        if self.rests_on is not None:
            return (self.rests_on,)
        if self.numerator is not None and self.denominator is not None:
            return (self.numerator, self.denominator)
        return ()


@dataclass(frozen=True, slots=True)
class PublishedRow:
    """One row of a published table: its keys and one :class:`~trustops.privacy.Cell` per
    column."""

    keys: Mapping[str, Key]
    cells: Mapping[str, Cell]


@dataclass(frozen=True, slots=True)
class PublishedTable:
    """A table as it may be published: every cell through the policy, complementary
    suppression done. Iterating gives the rows."""

    columns: tuple[str, ...]
    rows: tuple[PublishedRow, ...]
    policy: SmallCellPolicy
    perturbed: bool = False
    """True when its counts were perturbed by the cell key method (METHODS §7)."""

    def __iter__(self) -> Iterator[PublishedRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem the disclosure audit found in a published table.

    ``kind`` is ``"recoverable"`` (a withheld value can be worked out from published ones),
    ``"small"`` (a figure resting on too few people is published) or ``"exact_n"`` (a
    withheld cell still shows its n, interval or value). ``row`` is the row's position.
    """

    kind: str
    row: int
    keys: Mapping[str, Key]
    column: str
    detail: str


def _relations(keys: Sequence[Mapping[str, Key]]) -> list[tuple[int, list[int]]]:
    """(total row, its parts) for every row with an :data:`ALL` key, one per such key."""
    dims = sorted({name for row in keys for name in row})
    index: dict[tuple[Key, ...], int] = {}
    for position, row in enumerate(keys):
        index[tuple(row.get(d) for d in dims)] = position
    by_rest: dict[tuple[int, tuple[Key, ...]], list[int]] = {}
    for position, row in enumerate(keys):
        values = tuple(row.get(d) for d in dims)
        for axis, value in enumerate(values):
            if value is not ALL:
                rest = (*values[:axis], ALL, *values[axis + 1 :])
                by_rest.setdefault((axis, rest), []).append(position)
    found: list[tuple[int, list[int]]] = []
    for (_, rest), parts in by_rest.items():
        total = index.get(rest)
        if total is not None:
            found.append((total, parts))
    return found


def _determined(equations: Iterable[dict[int, int]]) -> set[int]:
    """The unknowns that a set of linear equations (unknown → coefficient) fixes exactly.

    An equation with one unknown fixes it, which is substituted everywhere (cheap, and most
    of the work in hierarchical tables); what is left is solved exactly, by Gauss-Jordan
    elimination over fractions, one connected group of unknowns at a time.
    """
    rows = [dict(eq) for eq in equations if eq]
    where: dict[int, list[int]] = {}
    for number, eq in enumerate(rows):
        for unknown in eq:
            where.setdefault(unknown, []).append(number)
    fixed: set[int] = set()
    queue = [number for number, eq in enumerate(rows) if len(eq) == 1]
    while queue:
        eq = rows[queue.pop()]
        if len(eq) != 1:
            continue
        (unknown,) = eq
        fixed.add(unknown)
        for number in where[unknown]:
            if rows[number].pop(unknown, None) is not None and len(rows[number]) == 1:
                queue.append(number)
    parent: dict[int, int] = {}

    def root(unknown: int) -> int:
        parent.setdefault(unknown, unknown)
        while parent[unknown] != unknown:
            parent[unknown] = parent[parent[unknown]]
            unknown = parent[unknown]
        return unknown

    rest = [eq for eq in rows if len(eq) >= 2]
    for eq in rest:
        first, *others = eq
        for other in others:
            parent[root(other)] = root(first)
    groups: dict[int, list[dict[int, int]]] = {}
    for eq in rest:
        groups.setdefault(root(next(iter(eq))), []).append(eq)
    for group in groups.values():
        fixed |= _eliminate(group)
    return fixed


_PRIME: Final = (1 << 61) - 1


def _eliminate(equations: Iterable[dict[int, int]]) -> set[int]:
    """Gauss-Jordan elimination: x is fixed exactly when a reduced row is x alone.

    The arithmetic is modulo the prime 2⁶¹ − 1, which keeps numbers small: for sums of
    ±1 terms the ranks agree with exact rational arithmetic (a minor would have to be a
    multiple of that prime to differ; for two-way tables every minor is 0 or ±1). The rows
    stay reduced (no row holds another row's pivot), and an index from each unknown to the
    rows holding it means a new pivot is cleared from just those rows, never from all.
    """
    pivots: dict[int, dict[int, int]] = {}
    holders: dict[int, set[int]] = {}  # unknown (never a pivot) -> pivots of rows holding it
    for equation in equations:
        row: dict[int, int] = {}
        for k, v in equation.items():
            reduced = pivots.get(k)
            if reduced is None:
                row[k] = (row.get(k, 0) + v) % _PRIME
            else:  # a pivot: its reduced row holds no other pivot, so one pass suffices
                for j, w in reduced.items():
                    if j != k:
                        row[j] = (row.get(j, 0) - v * w) % _PRIME
        row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        # the pivot held by the fewest reduced rows: least to clear (none, for an unknown
        # no other row holds); any choice gives the same answer
        pivot = min(row, key=lambda k: (len(holders.get(k, ())), k))
        inverse = pow(row[pivot], -1, _PRIME)
        row = {k: v * inverse % _PRIME for k, v in row.items()}
        for other_pivot in holders.pop(pivot, ()):
            other = pivots[other_pivot]
            factor = other.pop(pivot)
            for k, v in row.items():
                if k == pivot:
                    continue
                value = (other.get(k, 0) - factor * v) % _PRIME
                if value:
                    other[k] = value
                    holders.setdefault(k, set()).add(other_pivot)
                else:
                    del other[k]
                    holders[k].discard(other_pivot)
        for k in row:
            if k != pivot:
                holders.setdefault(k, set()).add(pivot)
        pivots[pivot] = row
    return {pivot for pivot, row in pivots.items() if len(row) == 1}


_Solved: TypeAlias = dict[str, tuple[frozenset[int], set[int]]]
"""Per quantity, the rows where it was unknown and the unknowns the totals fixed then."""


class _Exposure:
    """What a table's published cells give away, kept up to date row by row: the (row,
    quantity) pairs published cells give away (``known``), those among them a staff figure
    gives away (``pinned``: never withheld), and the withheld cells a value could be worked
    out for (``withheld``)."""

    def __init__(self, rows: Sequence[PublishedRow], measures: Mapping[str, Measure]) -> None:
        self.measures = measures
        self.known: set[tuple[int, str]] = set()
        self.pinned: set[tuple[int, str]] = set()
        self.withheld: set[tuple[int, str]] = set()
        self.parts: dict[int, tuple[set[tuple[int, str]], set[tuple[int, str]]]] = {}
        self.order: dict[str, int] = {}  # the columns in the order the rows give them
        for position, row in enumerate(rows):
            self.update(position, row)

    def update(self, position: int, row: PublishedRow) -> None:
        """Take the row at ``position`` as it is now (after cells of it were withheld)."""
        known: set[tuple[int, str]] = set()
        pinned: set[tuple[int, str]] = set()
        for column, cell in row.cells.items():
            self.order.setdefault(column, len(self.order))
            measure = self.measures[column]
            shown = measure.reveals(cell)
            known.update((position, q) for q in shown)
            if measure.basis is Basis.STAFF:
                pinned.update((position, q) for q in shown)
            if cell.withheld and measure.needs():
                self.withheld.add((position, column))
        before = self.parts.get(position)
        if before is not None:
            self.known -= before[0] - known
            self.pinned -= before[1] - pinned
        self.known |= known
        self.pinned |= pinned
        self.parts[position] = (known, pinned)


def _recoverable(
    exposure: _Exposure,
    relations: Sequence[tuple[int, list[int]]],
    solved: _Solved | None = None,
) -> list[tuple[int, str, tuple[str, ...]]]:
    """Withheld cells whose value published ones give back: (row, column, the quantities
    it needs that only the total rows give away).

    ``solved`` keeps each quantity's answer between calls: a quantity whose unknowns have
    not changed is not solved again (complementary suppression withholds a few cells per
    round, which changes one or two quantities)."""
    measures, known = exposure.measures, exposure.known
    order = exposure.order
    withheld = sorted(exposure.withheld, key=lambda cell: (cell[0], order[cell[1]]))
    if not withheld:
        return []
    needed = {q for _, column in withheld for q in measures[column].needs()}
    fixed: set[tuple[int, str]] = set()
    involved = {p for total, parts in relations for p in (total, *parts)}
    for quantity in sorted(needed):
        unknown = frozenset(p for p in involved if (p, quantity) not in known)
        before = None if solved is None else solved.get(quantity)
        if before is not None and before[0] == unknown:
            determined = before[1]
        else:
            equations = []
            for total, parts in relations:
                terms = {p: -1 for p in parts if p in unknown}
                if total in unknown:
                    terms[total] = 1
                if terms:
                    equations.append(terms)
            determined = _determined(equations)
            if solved is not None:
                solved[quantity] = (unknown, determined)
        fixed.update((p, quantity) for p in determined)
    found = []
    for position, column in withheld:
        quantities = measures[column].needs()
        if all((position, q) in known or (position, q) in fixed for q in quantities):
            found.append((position, column, tuple(q for q in quantities if (position, q) in fixed)))
    return found


def _measures(measures: Iterable[Measure], columns: Iterable[str]) -> dict[str, Measure]:
    declared = {m.name: m for m in measures}
    missing = [c for c in columns if c not in declared]
    if missing:
        raise PrivacyError(f"no measure declared for column(s) {', '.join(map(repr, missing))}")
    return declared


def publish_table(
    rows: Iterable[tuple[Mapping[str, Key], Mapping[str, Figure]]],
    measures: Iterable[Measure],
    policy: SmallCellPolicy,
    *,
    columns: Sequence[str] | None = None,
) -> PublishedTable:
    """Publish a table: primary suppression of every cell, then complementary suppression.

    ``rows`` pairs each row's keys with its figures (anything with ``value``, ``n`` and
    ``interval``, such as :class:`trustops.metrics.MetricValue`); ``measures`` declare every
    column (:class:`Measure`); ``columns`` choose the columns published (default: every
    figure of the first row). Figures a published column rests on are read from the row even
    when they are not published.

    1. **Primary.** Each cell goes through :func:`~trustops.privacy.publish`: a figure
       resting on fewer than ``policy.withhold_below`` people is withheld (``insufficient``,
       no value, n or interval), fewer than ``policy.caution_below`` flagged ``caution``.
    2. **Complementary.** The table's hierarchies are its total rows: a row whose key is
       :data:`ALL` in a dimension is the total of the rows that differ from it only there (an
       area's all-period row and its periods; the programme's row and its areas). While a
       withheld value can be worked out from published ones, by addition and subtraction
       along these hierarchies or from a ratio's numerator and denominator, the smallest
       published cell that helps is withheld too (``complementary``). When that ends,
       :func:`audit_table` finds nothing recoverable.

    A disabled policy (:data:`~trustops.privacy.NO_SUPPRESSION`) publishes every figure.

    >>> from trustops.metrics import MetricValue
    >>> from trustops.privacy import ALL, DEFAULT_POLICY, Basis, Measure, publish_table
    >>> def reports(value):
    ...     return {"reports": MetricValue(name="reports", value=value, n=None, interval=None)}
    >>> rows = [({"period": ALL}, reports(60)), ({"period": "Q1"}, reports(4)),
    ...         ({"period": "Q2"}, reports(25)), ({"period": "Q3"}, reports(31))]
    >>> table = publish_table(rows, [Measure("reports", Basis.COUNT)], DEFAULT_POLICY)
    >>> [(str(r.keys["period"]), r.cells["reports"].value, str(r.cells["reports"].status))
    ...  for r in table]  # doctest: +NORMALIZE_WHITESPACE
    [('(all)', 60, 'ok'), ('Q1', None, 'insufficient'), ('Q2', None, 'complementary'),
     ('Q3', 31, 'ok')]
    """
    given = [(dict(keys), figures) for keys, figures in rows]
    chosen = tuple(columns) if columns is not None else tuple(given[0][1]) if given else ()
    declared = _measures(measures, chosen)
    published: list[PublishedRow] = []
    for keys, figures in given:
        cells: dict[str, Cell] = {}
        for column in chosen:
            measure = declared[column]
            people = None
            if measure.rests_on is not None:
                base = figures.get(measure.rests_on)
                if base is None:
                    raise PrivacyError(
                        f"column {column!r} rests on {measure.rests_on!r}, "
                        "which the row does not give"
                    )
                people = base.value
            if measure.rests_on is not None and people is None:
                cells[column] = publish(figures[column], policy, basis=Basis.STAFF)
            else:
                cells[column] = publish(figures[column], policy, basis=measure.basis, people=people)
        published.append(PublishedRow(keys=keys, cells=cells))
    if policy.enabled:
        published = _complement(published, declared, figures=[f for _, f in given])
    return PublishedTable(columns=chosen, rows=tuple(published), policy=policy)


def _size(figures: Mapping[str, Figure], measures: Mapping[str, Measure], quantity: str) -> float:
    sizes = []
    for measure in measures.values():
        figure = figures.get(measure.name)
        if figure is None:
            continue
        if measure.basis is not Basis.PEOPLE and measure.name == quantity:
            sizes.append(figure.value)
        elif quantity == measure.denominator:
            sizes.append(figure.n)
        elif quantity == measure.numerator and figure.value is not None and figure.n:
            sizes.append(figure.value * figure.n)
        elif quantity == measure.rests_on and quantity in figures:
            sizes.append(figures[quantity].value)
    return min((float(s) for s in sizes if s is not None), default=float("inf"))


def _complement(
    rows: list[PublishedRow],
    measures: Mapping[str, Measure],
    *,
    figures: Sequence[Mapping[str, Figure]],
) -> list[PublishedRow]:
    relations = _relations([row.keys for row in rows])
    member_of: dict[int, list[int]] = {}
    for number, (total, parts) in enumerate(relations):
        for position in (total, *parts):
            member_of.setdefault(position, []).append(number)
    solved: _Solved = {}
    sizes: dict[tuple[int, str], float] = {}
    exposure = _Exposure(rows, measures)
    known = exposure.known
    while True:
        exposed = _recoverable(exposure, relations, solved)
        if not exposed:
            return rows
        hideable = known - exposure.pinned
        round_links: dict[tuple[int, str], frozenset[int]] = {}
        # one round: every cell a single total gives back gets a helper withheld
        hides: set[tuple[int, str]] = set()
        touched: set[int] = set()
        for position, column, quantities in exposed:
            if not quantities:
                hides.add((position, _first_revealed(rows[position], measures, column)))
                continue
            best: tuple[bool, float, int, str] | None = None
            linked: set[int] = set()
            for quantity in quantities:
                direct, helpers = _helpers(
                    relations,
                    member_of,
                    hideable=hideable,
                    linked=round_links,
                    known=known,
                    position=position,
                    quantity=quantity,
                )
                linked.update(helpers)
                for other in helpers:
                    size = sizes.get((other, quantity))
                    if size is None:
                        size = sizes[other, quantity] = _size(figures[other], measures, quantity)
                    candidate = (not direct, size, other, quantity)
                    if best is None or candidate < best:
                        best = candidate
            if best is None:
                hides.add((position, _first_revealed(rows[position], measures, column)))
            elif not best[0] or not linked & touched:
                # a cell given back only by several totals together: one helper per group
                # of linked rows per round, since one may be enough for several cells
                hides.add((best[2], best[3]))
                touched.update(linked)
        for other, quantity in sorted(hides):
            cells = dict(rows[other].cells)
            for name in _revealing(rows[other], measures, quantity):
                cells[name] = Cell(
                    value=None, status=CellStatus.COMPLEMENTARY, reason=COMPLEMENTARY_REASON
                )
            rows[other] = replace(rows[other], cells=cells)
            exposure.update(other, rows[other])


def _helpers(
    relations: Sequence[tuple[int, list[int]]],
    member_of: Mapping[int, list[int]],
    *,
    hideable: set[tuple[int, str]],
    known: set[tuple[int, str]],
    position: int,
    quantity: str,
    linked: dict[tuple[int, str], frozenset[int]],
) -> tuple[bool, list[int]]:
    """Rows whose published ``quantity`` helps give back the one at ``position``: the other
    members of a total in which it is the only unknown (``True``), or else every published
    member of the totals linked to it through unknowns (``False``)."""
    direct = [
        number
        for number in member_of.get(position, ())
        if all(
            other == position or (other, quantity) in known
            for other in (relations[number][0], *relations[number][1])
        )
    ]
    if direct:
        found = {
            other
            for number in direct
            for other in (relations[number][0], *relations[number][1])
            if (other, quantity) in hideable
        }
        found.discard(position)
        return True, sorted(found)
    # the published members of every total linked to the cell through unknowns: the same for
    # every unknown cell so linked, so found once per round for them all
    shared = linked.get((position, quantity))
    if shared is None:
        searched: set[int] = set()
        seen, queue = {position}, [position]
        while queue:
            current = queue.pop()
            for number in member_of.get(current, ()):
                if number in searched:
                    continue
                searched.add(number)
                total, parts = relations[number]
                for other in (total, *parts):
                    if other not in seen and (other, quantity) not in known:
                        seen.add(other)
                        queue.append(other)
        shared = frozenset(
            other
            for number in searched
            for other in (relations[number][0], *relations[number][1])
            if (other, quantity) in hideable
        )
        for member in seen:
            linked[member, quantity] = shared
    return False, sorted(shared - {position})


def _first_revealed(row: PublishedRow, measures: Mapping[str, Measure], column: str) -> str:
    """A quantity ``column`` needs that another published cell of the same row gives away."""
    for quantity in measures[column].needs():
        if _revealing(row, measures, quantity):
            return quantity
    raise PrivacyError(
        f"column {column!r}: cannot protect a withheld figure by withholding more cells"
    )


def _revealing(row: PublishedRow, measures: Mapping[str, Measure], quantity: str) -> list[str]:
    """The published columns of ``row`` that give ``quantity`` away; empty when one of them
    may not be withheld (a staff figure)."""
    found = []
    for column, cell in row.cells.items():
        measure = measures[column]
        if quantity in measure.reveals(cell):
            if measure.basis is Basis.STAFF:
                return []
            found.append(column)
    return found


def audit_table(
    rows: Iterable[PublishedRow],
    measures: Iterable[Measure],
    policy: SmallCellPolicy,
) -> tuple[Finding, ...]:
    """Check a published table for disclosure: an empty result means it passes.

    Finds (as :class:`Finding`):

    - ``"small"``: a published figure resting on 1 to ``policy.withhold_below`` − 1
      people (a count of people or reports, a figure's n, or the count it rests on when that
      column is in the table; a zero points at nobody), or a count perturbed by the cell key
      method (``Cell.perturbed``) that shows a value the p-table never publishes (1 to 4);
    - ``"exact_n"``: a withheld cell that still shows a value, an n or an interval;
    - ``"recoverable"``: a withheld value that published ones give back by addition and
      subtraction along the table's total rows (keys :data:`ALL`) or from a ratio's
      numerator and denominator, solved exactly (any combination of equations, not only one
      at a time).

    Run it on anything published: :func:`publish_table`'s output, or rows rebuilt from a
    CSV or JSON export. A disabled policy finds nothing small (it publishes raw figures on
    purpose), but recoverable withheld cells are still found.

    >>> from trustops.privacy import (ALL, DEFAULT_POLICY, Basis, Cell, CellStatus, Measure,
    ...                               PublishedRow, audit_table)
    >>> rows = [PublishedRow({"period": ALL}, {"reports": Cell(value=40)}),
    ...         PublishedRow({"period": "Q1"}, {"reports": Cell(value=None,
    ...                      status=CellStatus.INSUFFICIENT, reason="withheld: fewer than 10")}),
    ...         PublishedRow({"period": "Q2"}, {"reports": Cell(value=35)})]
    >>> [(f.kind, f.row, f.column) for f in audit_table(rows, [Measure("reports", Basis.COUNT)],
    ...                                                  DEFAULT_POLICY)]
    [('recoverable', 1, 'reports')]
    """
    listed = list(rows)
    declared = _measures(measures, {c for row in listed for c in row.cells})
    findings: list[Finding] = []
    for position, row in enumerate(listed):
        for column, cell in row.cells.items():
            measure = declared[column]
            if cell.withheld:
                if cell.value is not None or cell.n is not None or cell.interval is not None:
                    findings.append(
                        Finding("exact_n", position, row.keys, column, "withheld cell shows data")
                    )
                continue
            if not policy.enabled or cell.value is None:
                continue
            people: object = None
            if measure.basis is Basis.COUNT and cell.perturbed:
                least = policy.ptable.least_published
                if isinstance(cell.value, int | float) and 0 < cell.value < least:
                    findings.append(
                        Finding(
                            "small", position, row.keys, column,
                            f"a perturbed count below {least} is published",
                        )
                    )  # fmt: skip
                continue
            if measure.basis is Basis.COUNT:
                people = cell.value
            elif measure.basis is Basis.PEOPLE:
                people = cell.n
                if measure.rests_on is not None:
                    base = row.cells.get(measure.rests_on)
                    people = None if base is None or base.withheld else base.value
            if isinstance(people, int | float) and 0 < people < policy.withhold_below:
                findings.append(
                    Finding(
                        "small",
                        position,
                        row.keys,
                        column,
                        f"published although it rests on fewer than {policy.withhold_below}",
                    )
                )
    relations = _relations([row.keys for row in listed])
    for position, column, _ in _recoverable(_Exposure(listed, declared), relations):
        findings.append(
            Finding(
                "recoverable",
                position,
                listed[position].keys,
                column,
                "the withheld value can be worked out from published cells",
            )
        )
    return tuple(sorted(findings, key=lambda f: (f.row, f.column, f.kind)))
