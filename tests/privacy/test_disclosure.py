"""Publishing whole tables: primary and complementary suppression, and the audit."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustops import PrivacyError
from trustops.metrics import MetricValue
from trustops.privacy import (
    ALL,
    COMPLEMENTARY_REASON,
    DEFAULT_POLICY,
    NO_SUPPRESSION,
    Basis,
    Cell,
    CellStatus,
    Key,
    Measure,
    PublishedRow,
    PublishedTable,
    audit_table,
    publish_table,
)

REPORTS = Measure("reports", Basis.COUNT)
SHARE = Measure("positive_share", numerator="positive", denominator="interactions")
INTERACTIONS = Measure("interactions", Basis.ACTIVITY)
STAFF = Measure("active_staff", Basis.STAFF)
RATE = Measure("reports_per_1000", rests_on="reports")
MEASURES = (REPORTS, SHARE, INTERACTIONS, STAFF, RATE)


def value(name: str, v: float | None, n: float | None = None) -> MetricValue:
    return MetricValue(name=name, value=v, n=n, interval=None)


def counts(**figures: float) -> dict[str, MetricValue]:
    return {name: value(name, v) for name, v in figures.items()}


def statuses(table: PublishedTable, column: str) -> list[str]:
    return [str(row.cells[column].status) for row in table]


def test_an_areas_total_minus_its_published_periods_no_longer_gives_a_withheld_month() -> None:
    months = [40, 35, 3, 28, 51, 33, 47]  # the third is withheld; the total would give it back
    rows = [({"area": "a", "period": ALL}, counts(reports=sum(months)))]
    rows += [({"area": "a", "period": f"m{k}"}, counts(reports=v)) for k, v in enumerate(months)]
    unprotected = [
        PublishedRow(keys, {"reports": Cell(value=None, status=CellStatus.INSUFFICIENT)})
        if figures["reports"].value == 3
        else PublishedRow(keys, {"reports": Cell(value=figures["reports"].value)})
        for keys, figures in rows
    ]
    found = audit_table(unprotected, [REPORTS], DEFAULT_POLICY)
    assert [(f.kind, f.row) for f in found] == [("recoverable", 3)]

    table = publish_table(rows, [REPORTS], DEFAULT_POLICY)
    assert statuses(table, "reports") == [
        "ok", "ok", "ok", "insufficient", "complementary", "ok", "ok", "ok"
    ]  # fmt: skip
    assert table.rows[4].cells["reports"] == Cell(
        value=None, status=CellStatus.COMPLEMENTARY, reason=COMPLEMENTARY_REASON
    )
    assert audit_table(table, MEASURES, DEFAULT_POLICY) == ()


def test_two_dimensional_totals_are_solved_together() -> None:
    # area x period with every total: withholding the two smallest of one row is not enough
    # when each is alone in its column
    grid = {("a", "p"): 5, ("a", "q"): 40, ("b", "p"): 50, ("b", "q"): 60}
    rows: list[tuple[dict[str, Key], dict[str, MetricValue]]] = []
    for area, period in itertools.product(["a", "b", ALL], ["p", "q", ALL]):
        total = sum(
            v
            for (x, y), v in grid.items()
            if (area is ALL or x == area) and (period is ALL or y == period)
        )
        rows.append(({"area": area, "period": period}, counts(reports=total)))
    table = publish_table(rows, [REPORTS], DEFAULT_POLICY)
    withheld = [row.keys for row in table if row.cells["reports"].withheld]
    assert {"area": "a", "period": "p"} in withheld
    assert len(withheld) >= 4  # a rectangle at least: one cell alone is always recoverable
    assert audit_table(table, [REPORTS], DEFAULT_POLICY) == ()


def test_a_bridge_between_two_unknown_cycles_is_found() -> None:
    # no single equation has one unknown, yet a signed sum of the equations fixes one cell
    rows = [
        PublishedRow({"x": "1", "y": "1"}, {"reports": Cell(value=None, status="insufficient")})
    ]  # type: ignore[arg-type]
    found = audit_table(rows, [REPORTS], DEFAULT_POLICY)
    assert found == ()  # no totals, nothing to subtract from

    def withheld() -> dict[str, Cell]:
        return {"reports": Cell(value=None, status=CellStatus.INSUFFICIENT)}

    def shown(v: int) -> dict[str, Cell]:
        return {"reports": Cell(value=v)}

    # rows r1, r2 and columns c1, c2 form a cycle of withheld cells (a rectangle), and so do
    # r3, r4 with c3, c4; the cell (r2, c3) joins them. Totals of every row and column shown.
    unknown = {(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 3), (3, 4), (4, 3), (4, 4)}
    rows = []
    for r, c in itertools.product([1, 2, 3, 4, ALL], [1, 2, 3, 4, ALL]):
        keys: dict[str, Key] = {"r": str(r) if r is not ALL else ALL}
        keys["c"] = str(c) if c is not ALL else ALL
        is_unknown = (r, c) in unknown
        rows.append(PublishedRow(keys, withheld() if is_unknown else shown(20)))
    found = {(f.keys["r"], f.keys["c"]) for f in audit_table(rows, [REPORTS], DEFAULT_POLICY)}
    assert found == {("2", "3")}


def test_a_share_is_recoverable_from_its_numerator_and_denominator_along_totals() -> None:
    def row(period: Key, share: float | None, n: int, status: str = "ok") -> PublishedRow:
        if status != "ok":
            return PublishedRow(
                {"period": period},
                {
                    "positive_share": Cell(value=None, status=CellStatus(status)),
                    "interactions": Cell(value=n),
                },
            )
        return PublishedRow(
            {"period": period},
            {"positive_share": Cell(value=share, n=n), "interactions": Cell(value=n)},
        )

    rows = [row(ALL, 0.5, 60), row("p", None, 6, "insufficient"), row("q", 0.5, 54)]
    found = audit_table(rows, [SHARE, INTERACTIONS], DEFAULT_POLICY)
    assert [(f.kind, f.row, f.column) for f in found] == [("recoverable", 1, "positive_share")]


def test_publishing_a_share_withholds_the_smallest_other_numerator() -> None:
    def figures(positive: int, n: int) -> dict[str, MetricValue]:
        return {
            "positive_share": value("positive_share", positive / n, n),
            "interactions": value("interactions", n),
        }

    rows = [
        ({"period": ALL}, figures(60, 100)),
        ({"period": "p"}, figures(3, 6)),
        ({"period": "q"}, figures(30, 50)),
        ({"period": "r"}, figures(27, 44)),
    ]
    table = publish_table(rows, [SHARE, INTERACTIONS], DEFAULT_POLICY)
    assert statuses(table, "positive_share") == ["ok", "insufficient", "ok", "complementary"]
    assert statuses(table, "interactions") == ["ok", "ok", "ok", "ok"]
    assert audit_table(table, MEASURES, DEFAULT_POLICY) == ()


def test_a_rate_is_withheld_with_the_count_it_rests_on() -> None:
    rows = [({"area": "a"}, counts(reports=4, reports_per_1000=2.0))]
    table = publish_table(rows, [REPORTS, RATE], DEFAULT_POLICY)
    assert statuses(table, "reports_per_1000") == ["insufficient"]
    only_rate = publish_table(rows, [REPORTS, RATE], DEFAULT_POLICY, columns=["reports_per_1000"])
    assert statuses(only_rate, "reports_per_1000") == ["insufficient"]


def test_a_rate_without_its_count_is_a_privacy_error() -> None:
    with pytest.raises(PrivacyError, match="rests on 'reports'"):
        publish_table([({}, counts(reports_per_1000=2.0))], [RATE], DEFAULT_POLICY)


def test_staff_figures_are_never_withheld_even_to_protect_others() -> None:
    rows = [
        ({"period": ALL}, counts(reports=50, active_staff=3)),
        ({"period": "p"}, counts(reports=4, active_staff=1)),
        ({"period": "q"}, counts(reports=46, active_staff=2)),
    ]
    table = publish_table(rows, [REPORTS, STAFF], DEFAULT_POLICY)
    assert statuses(table, "active_staff") == ["ok", "ok", "ok"]
    assert [row.cells["active_staff"].value for row in table] == [3, 1, 2]


def test_no_suppression_publishes_everything() -> None:
    rows = [({"period": ALL}, counts(reports=7)), ({"period": "p"}, counts(reports=7))]
    table = publish_table(rows, [REPORTS], NO_SUPPRESSION)
    assert [row.cells["reports"].value for row in table] == [7, 7]
    assert audit_table(table, [REPORTS], NO_SUPPRESSION) == ()


def test_the_audit_finds_small_published_figures_and_withheld_cells_showing_n() -> None:
    rows = [
        PublishedRow({"a": "x"}, {"reports": Cell(value=3), "reports_per_1000": Cell(value=1.0)}),
        PublishedRow(
            {"a": "y"},
            {
                "reports": Cell(value=None, n=3, status=CellStatus.INSUFFICIENT),
                "reports_per_1000": Cell(value=40.0, n=1000),
            },
        ),
        PublishedRow(
            {"a": "z"}, {"reports": Cell(value=80), "positive_share": Cell(value=0.5, n=4)}
        ),
    ]
    found = [(f.kind, f.row, f.column) for f in audit_table(rows, MEASURES, DEFAULT_POLICY)]
    assert found == [
        ("small", 0, "reports"),
        ("small", 0, "reports_per_1000"),
        ("exact_n", 1, "reports"),
        ("recoverable", 1, "reports"),  # from the published rate and the public population
        ("small", 2, "positive_share"),
    ]


def test_undeclared_columns_are_an_error() -> None:
    with pytest.raises(PrivacyError, match="no measure declared for column"):
        audit_table([PublishedRow({}, {"mystery": Cell(value=1)})], MEASURES, DEFAULT_POLICY)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"basis": Basis.COUNT, "rests_on": "x"}, "shows its own quantity"),
        ({"numerator": "x"}, "a numerator needs a denominator"),
    ],
)
def test_measure_declarations_are_checked(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(PrivacyError, match=message):
        Measure("m", **kwargs)  # type: ignore[arg-type]


def _rank_recoverable(grid: dict[tuple[int, int], int | None], shape: tuple[int, int]) -> bool:
    """Independent check: is any withheld cell fixed by the totals? (Exact Gauss-Jordan.)"""
    rows_n, cols_n = shape
    cells = [(r, c) for r in range(rows_n + 1) for c in range(cols_n + 1)]
    unknown = [cell for cell in cells if grid[cell] is None]
    equations = []
    for r in range(rows_n + 1):
        total = (r, cols_n)
        parts = [(r, c) for c in range(cols_n)]
        equations.append({total: 1, **dict.fromkeys(parts, -1)})
    for c in range(cols_n + 1):
        total = (rows_n, c)
        parts = [(r, c) for r in range(rows_n)]
        equations.append({total: 1, **dict.fromkeys(parts, -1)})
    matrix = [[Fraction(eq.get(u, 0)) for u in unknown] for eq in equations]

    # rank test: e_j in row space iff rank(M) == rank(M with column j removed) + 1
    def rank(m: list[list[Fraction]]) -> int:
        m = [row[:] for row in m]
        r = 0
        for c in range(len(m[0]) if m else 0):
            pivot = next((i for i in range(r, len(m)) if m[i][c]), None)
            if pivot is None:
                continue
            m[r], m[pivot] = m[pivot], m[r]
            for i in range(len(m)):
                if i != r and m[i][c]:
                    f = m[i][c] / m[r][c]
                    m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
            r += 1
        return r

    full = rank(matrix)
    for j in range(len(unknown)):
        reduced = [row[:j] + row[j + 1 :] for row in matrix]
        if rank(reduced) < full:
            return True
    return False


@settings(max_examples=60, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    data=st.data(),
)
def test_publish_table_leaves_nothing_recoverable_by_an_independent_solver(
    shape: tuple[int, int], data: st.DataObject
) -> None:
    rows_n, cols_n = shape
    inner = {
        (r, c): data.draw(st.sampled_from([0, 2, 5, 9, 12, 25, 40, 80]))
        for r in range(rows_n)
        for c in range(cols_n)
    }

    def total(r: int | None, c: int | None) -> int:
        return sum(v for (x, y), v in inner.items() if r in (None, x) and c in (None, y))

    figures = []
    for r in range(rows_n + 1):
        for c in range(cols_n + 1):
            keys: dict[str, Key] = {
                "r": ALL if r == rows_n else str(r),
                "c": ALL if c == cols_n else str(c),
            }
            v = total(None if r == rows_n else r, None if c == cols_n else c)
            figures.append(((r, c), keys, counts(reports=v)))
    table = publish_table([(k, f) for _, k, f in figures], [REPORTS], DEFAULT_POLICY)
    grid = {
        position: row.cells["reports"].value
        for (position, _, _), row in zip(figures, table, strict=True)
    }
    for (_, _, f), row in zip(figures, table, strict=True):
        cell = row.cells["reports"]
        if f["reports"].value is not None and 0 < f["reports"].value < 10:
            assert cell.status is CellStatus.INSUFFICIENT
        if cell.withheld:
            assert (cell.value, cell.n, cell.interval) == (None, None, None)
        else:
            assert cell.value == f["reports"].value
    assert audit_table(table, [REPORTS], DEFAULT_POLICY) == ()
    assert not _rank_recoverable(grid, shape)  # type: ignore[arg-type]
