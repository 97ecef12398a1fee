"""Disclosure benchmark: publishing a fine engagement table with its totals (METHODS §7).

An area × staff × week table of the sample programme, with the totals a reader adds them up
along: ``chain`` is what ``trustops metrics --totals`` publishes (all weeks, then fewer keys
down to the programme), ``lattice`` every coarser grouping (each subset of area, staff and
week), where the totals cross and withheld cells hide in two-way and three-way structures.
:func:`~trustops.scoring.publish_engagement` applies primary suppression and exact
complementary suppression; :func:`~trustops.privacy.audit_table` then checks the result.
Primary suppression alone (each cell through :func:`~trustops.privacy.publish`, what a
user without table-level checks would do) is the floor, shown for scale: it leaves withheld
cells that the totals give back.

    python benchmarks/bench_disclosure.py            # 0.2-scale sample, best of 3
    python benchmarks/bench_disclosure.py --smoke    # a small sample, to check it runs
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_of, table

from trustops.metrics import EngagementTable, engagement_table
from trustops.privacy import DEFAULT_POLICY, PublishedRow, audit_table, publish
from trustops.sample import generate
from trustops.scoring import METRIC_MEASURES, publish_engagement

DIMS = ("area", "staff", "period")


def groupings(shape: str) -> list[tuple[str, ...]]:
    """The groupings published together: the finest first."""
    if shape == "chain":
        return [DIMS, ("area", "staff"), ("area",), ()]
    return [s for size in range(len(DIMS), -1, -1) for s in itertools.combinations(DIMS, size)]


def primary_only(tables: list[EngagementTable]) -> list[PublishedRow]:
    rows = []
    for found in tables:
        for row in found:
            cells = {
                name: publish(row.values[name], DEFAULT_POLICY, basis=measure.basis)
                for name, measure in METRIC_MEASURES.items()
            }
            rows.append(PublishedRow(dict(row.keys), cells))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a small run to check it works")
    parser.add_argument("--scale", type=float, default=None)
    args = parser.parse_args()
    scale = args.scale or (0.02 if args.smoke else 0.2)
    runs = 1 if args.smoke else 3
    dataset = generate(scale=scale)
    print(f"sample at scale {scale}: {len(dataset.interactions):,} interactions")
    rows = [("shape", "rows", "withheld", "publish (s)", "audit (s)", "primary only (s)",
             "publish / primary")]  # fmt: skip
    for shape in ("chain", "lattice"):
        tables = [
            engagement_table(
                dataset.interactions,
                by=tuple(d for d in grouping if d != "period"),
                period="week" if "period" in grouping else None,
                areas=dataset.areas,
                initiatives=dataset.initiatives,
            )
            for grouping in groupings(shape)
        ]
        published = publish_engagement(*tables, policy=DEFAULT_POLICY)
        found = audit_table(published.rows, METRIC_MEASURES.values(), DEFAULT_POLICY)
        assert found == (), found[:3]
        seconds = best_of(
            runs,
            {
                "publish": lambda tables=tables: publish_engagement(*tables, policy=DEFAULT_POLICY),
                "audit": lambda published=published: audit_table(
                    published.rows, METRIC_MEASURES.values(), DEFAULT_POLICY
                ),
                "primary": lambda tables=tables: primary_only(tables),
            },
        )
        withheld = sum(cell.withheld for row in published for cell in row.cells.values())
        rows.append(
            (
                shape,
                f"{len(published):,}",
                f"{withheld:,}",
                f"{seconds['publish']:.3f}",
                f"{seconds['audit']:.3f}",
                f"{seconds['primary']:.3f}",
                f"{seconds['publish'] / seconds['primary']:.1f}x",
            )
        )
    print(table(rows))


if __name__ == "__main__":
    main()
