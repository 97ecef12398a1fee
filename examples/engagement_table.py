"""Compute every engagement metric per area and local month on the sample programme.

Run it from anywhere: it writes nothing, it prints a table.

    python examples/engagement_table.py
"""

from __future__ import annotations

from trustops.metrics import engagement_table
from trustops.sample import generate

SHOWN = ("interactions", "residents_reached", "reach_per_1000", "repeat_engagement_rate",
         "returning_share", "positive_share", "attendance_rate")  # fmt: skip


def cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def main() -> None:
    dataset = generate(seed=7, scale=0.5)
    table = engagement_table(
        dataset.interactions,
        by=["area"],
        period="month",
        areas=dataset.areas,
        initiatives=dataset.initiatives,
    )
    header = ("area", "month", *SHOWN)
    lines: list[tuple[str, ...]] = [header]
    for record in table.to_records():
        lines.append((cell(record["area"]), cell(record["period"]),
                      *(cell(record[name]) for name in SHOWN)))  # fmt: skip
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    for line in lines:
        print("  ".join(text.rjust(width) for text, width in zip(line, widths, strict=True)))
    print(f"\n{len(table)} rows from {len(dataset.interactions):,} interactions")


if __name__ == "__main__":
    main()
