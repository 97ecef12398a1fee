"""Construction benchmark: the generated checks of ``Interaction`` against one check per field.

``Interaction`` declares each field's check once and generates one pass of inline checks from
those declarations (as attrs generates ``__init__``). The alternative a user would write is an
attrs class with one validator or converter call per field; here it is built from the very same
declarations, so both run the same checks. Pydantic v2 (lax mode, so that it accepts enum values
as text as trustops does) is shown for scale. Records arrive as a reader hands them over: text
identifiers and enum values, pendulum date-times with fixed offsets, floats.

    python benchmarks/bench_construct.py            # 100k records, best of 7
    python benchmarks/bench_construct.py --smoke    # a few thousand, to check it runs
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
from pathlib import Path
from typing import Any

import attrs
import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pydantic_interaction import PydanticInteraction
from _timing import best_of, table

from trustops import Interaction
from trustops.io import parse_datetime

CHECK = "trustops.check"  # the metadata key of a field's declared check


def make_kwargs(count: int, seed: int = 1) -> list[dict[str, Any]]:
    """Varied, valid keyword arguments, as a reader passes them to ``Interaction``."""
    rng = random.Random(seed)
    start = pendulum.datetime(2025, 1, 1, tz="UTC")
    offsets = ["+00:00", "+01:00", "-05:00", "+09:00", "+05:45"]
    kinds = ["conversation", "attendance", "suspicious_activity_report", "feedback", "complaint"]
    records = []
    for index in range(count):
        kind = rng.choice(kinds)
        stamp = start.add(seconds=rng.randrange(365 * 86400)).isoformat()
        occurred = parse_datetime(stamp.replace("+00:00", rng.choice(offsets)))
        record: dict[str, Any] = {
            "id": f"i-{index:08d}",
            "occurred_at": occurred,
            "area_id": f"area-{rng.randrange(50):02d}",
            "kind": kind,
            "initiator": rng.choice(["resident", "staff"]),
            "channel": rng.choice(["in_person", "phone", "online", "app"]),
            "staff_id": f"staff-{rng.randrange(300)}",
            "resident_id": f"r-{rng.randrange(count // 3 + 1):07d}",
            "outcome": rng.choice(["positive", "neutral", "negative", None]),
        }
        if kind == "attendance":
            record["attendance"] = rng.choice(["present", "excused_absence", "unexcused_absence"])
            record["initiative_id"] = f"init-{rng.randrange(200)}"
            record["session_id"] = f"sess-{rng.randrange(2000)}"
        elif kind == "suspicious_activity_report":
            record["observed_at"] = occurred.subtract(hours=rng.randrange(1, 48))
        elif kind == "conversation":
            record["duration_minutes"] = round(rng.uniform(1, 60), 1)
        records.append(record)
    return records


def _converter(field: attrs.Attribute[Any]) -> Any:
    plain = field.metadata[CHECK].plain
    if field.default is None:
        return lambda value: None if value is None else plain(value, field.name)
    return lambda value: plain(value, field.name)


def per_field_class() -> type[Any]:
    """``Interaction`` as plain attrs: one converter call per field, from the same declarations."""
    fields = {
        field.name: attrs.field(default=field.default, converter=_converter(field))
        for field in attrs.fields(Interaction)
    }
    own = Interaction.__attrs_post_init__.__wrapped__  # type: ignore[attr-defined]
    rules = type("Rules", (), {"__attrs_post_init__": own})
    return attrs.make_class(
        "PerFieldInteraction", fields, bases=(rules,), frozen=True, kw_only=True, slots=True
    )


def _without_gc(build: Any) -> Any:
    """``build`` timed without the garbage collector, which would charge its passes over the
    growing list of records to whichever method happened to trigger them."""

    def run() -> Any:
        gc.disable()
        try:
            return build()
        finally:
            gc.enable()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--smoke", action="store_true", help="tiny run to check the script works")
    args = parser.parse_args()
    count, runs = (3_000, 1) if args.smoke else (args.records, args.runs)
    records = make_kwargs(count)
    per_field = per_field_class()
    ours = [Interaction(**record) for record in records]
    assert [attrs.astuple(r) for r in ours] == [
        attrs.astuple(per_field(**record)) for record in records
    ], "the generated and the per-field checks must store the same values"
    best = best_of(
        runs,
        {
            "trustops Interaction (generated checks)": _without_gc(
                lambda: [Interaction(**record) for record in records]
            ),
            "attrs, one converter call per field": _without_gc(
                lambda: [per_field(**record) for record in records]
            ),
            "pydantic v2 (lax) model_validate": _without_gc(
                lambda: [
                    PydanticInteraction.model_validate(record, strict=False) for record in records
                ]
            ),
        },
    )
    reference = best["trustops Interaction (generated checks)"]
    rows = [("method", "µs per record", "time vs trustops")]
    for name, seconds in best.items():
        rows.append((name, f"{seconds / count * 1e6:.2f}", f"{seconds / reference:.2f}x"))
    print(f"Building {count:,} interactions from keyword arguments, best of {runs}")
    print(table(rows))


if __name__ == "__main__":
    main()
