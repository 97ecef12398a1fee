"""Ingest benchmark: JSONL interactions → validated model objects.

trustops (``read_jsonl``) against the pydantic v2 model a user would write with the same fields
and checks, read the two ways a pydantic user would (``model_validate_json`` per line, and
``TypeAdapter(list[Model]).validate_json`` on the lines joined as one array; the faster of the
two is the reference), with raw ``json.loads`` / ``orjson.loads`` (no validation at all) as the
floor; and ``pendulum.parse`` against trustops' timestamp parsing. All run in one process on
the same file, in turn, best of several runs, in wall and CPU time (CPU time first: on a
shared machine it counts only this process's work), with the machine's load beside them.

Two data sets: *sample-like* records (ASCII ids, a few offsets, the optional fields a
programme fills) and *varied* ones drawn from ``trustops.testing``'s own strategies (every
optional field filled, non-ASCII ids, offsets like +05:45 and −09:30).

    python benchmarks/bench_ingest.py            # 100k and 300k records, best of 3
    python benchmarks/bench_ingest.py --smoke    # a few thousand records, to check it runs
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs
import hypothesis
import orjson
import pendulum
from hypothesis import strategies as st
from pydantic import TypeAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pydantic_interaction import PydanticInteraction
from _timing import best_of, best_of_both, machine, table

from trustops import Interaction, InteractionKind, Outcome
from trustops.io import make_converter, parse_datetime, read_jsonl, write_jsonl
from trustops.testing import identifiers, interactions

TARGET = 1.5  # read_jsonl's throughput over pydantic's, on each data set
DURATION_KINDS = (InteractionKind.CONVERSATION, InteractionKind.VOLUNTEERING)


def make_records(count: int, seed: int = 1) -> list[Interaction]:
    """Sample-like interactions: ASCII ids, 50 areas, a few offsets, optional fields as in use."""
    rng = random.Random(seed)
    start = pendulum.datetime(2025, 1, 1, tz="UTC")
    offsets = ["+00:00", "+01:00", "-05:00", "+09:00", "+05:45"]
    kinds = ["conversation", "attendance", "suspicious_activity_report", "feedback", "complaint"]
    records = []
    for index in range(count):
        kind = rng.choice(kinds)
        when = start.add(seconds=rng.randrange(365 * 86400))
        stamp = when.isoformat().replace("+00:00", rng.choice(offsets))
        occurred = pendulum.parse(stamp)
        extra: dict[str, object] = {}
        if kind == "attendance":
            extra["attendance"] = rng.choice(["present", "excused_absence", "unexcused_absence"])
            extra["initiative_id"] = f"init-{rng.randrange(200)}"
            extra["session_id"] = f"sess-{rng.randrange(2000)}"
        elif kind == "suspicious_activity_report":
            extra["observed_at"] = occurred.subtract(hours=rng.randrange(1, 48))
        elif kind == "conversation":
            extra["duration_minutes"] = round(rng.uniform(1, 60), 1)
        records.append(
            Interaction(
                id=f"i-{index:08d}",
                occurred_at=occurred,
                area_id=f"area-{rng.randrange(50):02d}",
                kind=kind,
                initiator=rng.choice(["resident", "staff"]),
                channel=rng.choice(["in_person", "phone", "online", "app"]),
                staff_id=f"staff-{rng.randrange(300)}",
                resident_id=f"r-{rng.randrange(count // 3 + 1):07d}",
                outcome=rng.choice(["positive", "neutral", "negative", None]),
                **extra,  # type: ignore[arg-type]
            )
        )
    return records


VARIED_POOL = 2_000
"""Distinct records drawn from the strategies; larger data sets repeat them with new ids."""


def varied_records(count: int) -> list[Interaction]:
    """Varied but valid interactions drawn from :func:`trustops.testing.interactions`.

    Every optional field the kind allows is filled (staff, resident, initiative and session
    ids, outcome, ``observed_at`` on reports, a duration on conversations), ids are often
    non-ASCII (``"Ω 3"``), and instants carry awkward offsets such as +05:45 or −09:30 and
    zones across daylight-saving changes. Drawn deterministically (derandomised), once.
    """
    pool = _varied_pool()
    return [
        attrs.evolve(record, id=f"{record.id}~{index}")
        for index, record in zip(range(count), itertools.cycle(pool), strict=False)
    ]


@functools.cache
def _varied_pool() -> tuple[Interaction, ...]:
    drawn: list[Interaction] = []
    ids = identifiers()

    @st.composite
    def filled(draw: st.DrawFn) -> Interaction:
        record = draw(interactions())
        fill: dict[str, object] = {
            name: draw(ids)
            for name in ("staff_id", "resident_id", "initiative_id")
            if getattr(record, name) is None
        }
        if record.session_id is None:
            fill["session_id"] = draw(ids)
        if record.outcome is None:
            fill["outcome"] = draw(st.sampled_from(Outcome))
        if record.kind is InteractionKind.SUSPICIOUS_ACTIVITY_REPORT and record.observed_at is None:
            fill["observed_at"] = record.occurred_at.subtract(minutes=draw(st.integers(0, 4320)))
        if record.kind in DURATION_KINDS and record.duration_minutes is None:
            fill["duration_minutes"] = draw(st.floats(0, 24 * 60))
        return attrs.evolve(record, **fill)  # type: ignore[arg-type]

    @hypothesis.settings(
        max_examples=VARIED_POOL,
        database=None,
        derandomize=True,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
        deadline=None,
    )
    @hypothesis.given(filled())
    def draw(record: Interaction) -> None:
        drawn.append(record)

    draw()
    return tuple(drawn)


DATA_SETS = {"sample-like": make_records, "varied": varied_records}


AWKWARD_IDS = ("a b", " a", "a ", "a\u200bb", "a\u2028b", "a\xa0b", "Zoë's café", "a\tb", "x" * 129)


def check_same_identifier_rules(record: Interaction) -> None:
    """trustops and the pydantic model accept and refuse the same identifiers."""
    converter = make_converter()
    for value in AWKWARD_IDS:
        data = {**converter.unstructure(record), "area_id": value}
        try:
            converter.structure(data, Interaction)
            ours = True
        except Exception:
            ours = False
        try:
            PydanticInteraction.model_validate_json(json.dumps(data))
            theirs = True
        except ValueError:
            theirs = False
        assert ours == theirs, f"the two models disagree on the identifier {value!r}"


PYDANTIC = ("pydantic v2 model_validate_json per line", "pydantic v2 TypeAdapter(list) one array")
"""The two ways a pydantic user validates a JSON Lines file; the faster is the reference."""


def measure(
    count: int, runs: int, make: Callable[[int], list[Interaction]] = make_records
) -> dict[str, tuple[float, float]]:
    """Best (wall, CPU) seconds of each method on ``count`` records from ``make``, after
    checking that every method reads every record."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "interactions.jsonl"
        write_jsonl(make(count), path)
        lines = path.read_bytes().count(b"\n")
        validate_line = PydanticInteraction.model_validate_json
        validate_array = TypeAdapter(list[PydanticInteraction]).validate_json

        def trustops_read() -> list[Interaction]:
            reader = read_jsonl(path, Interaction)
            records = reader.read_all()
            assert reader.counts.accepted == count, reader.rejects[:3]
            return records

        def pydantic_lines() -> list[PydanticInteraction]:
            with path.open("rb") as handle:
                return [validate_line(line) for line in handle]

        def pydantic_array() -> list[PydanticInteraction]:
            # One call into pydantic-core for the whole file: the lines joined as one array
            # (a JSON string holds no raw line break, so each line end becomes a comma).
            body = path.read_bytes().rstrip(b"\n").replace(b"\n", b",")
            return validate_array(b"[" + body + b"]")

        def json_only() -> list[object]:
            with path.open("rb") as handle:
                return [json.loads(line) for line in handle]

        def orjson_only() -> list[object]:
            with path.open("rb") as handle:
                return [orjson.loads(line) for line in handle]

        # Every validator must read every record, and agree on awkward identifiers, first.
        ours = trustops_read()
        assert len(pydantic_lines()) == len(pydantic_array()) == len(ours) == lines
        assert [record.id for record in pydantic_array()] == [record.id for record in ours]
        check_same_identifier_rules(make_records(1)[0])
        del ours
        return best_of_both(
            runs,
            {
                "trustops read_jsonl": trustops_read,
                PYDANTIC[0]: pydantic_lines,
                PYDANTIC[1]: pydantic_array,
                "json.loads (no validation)": json_only,
                "orjson.loads (no validation)": orjson_only,
            },
        )


def timestamps(count: int, runs: int) -> str:
    """``pendulum.parse`` against trustops' ``parse_datetime`` (``datetime.fromisoformat``,
    then a pendulum ``DateTime`` with a fixed offset), on the records' ``occurred_at`` texts."""
    texts = [record.occurred_at.isoformat() for record in make_records(count)]
    assert all(parse_datetime(text) == pendulum.parse(text) for text in texts)
    best = best_of(
        runs,
        {
            "pendulum.parse": lambda: [pendulum.parse(text) for text in texts],
            "trustops parse_datetime": lambda: [parse_datetime(text) for text in texts],
        },
    )
    reference = best["pendulum.parse"]
    rows = [("method", "µs per timestamp", "speed vs pendulum.parse")]
    for name, seconds in best.items():
        rows.append((name, f"{seconds / count * 1e6:.2f}", f"{reference / seconds:.1f}x"))
    return table(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records",
        default="100000,300000",
        help="comma-separated sizes; the ratio depends on size, so several are shown",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="tiny run to check the script works")
    args = parser.parse_args()
    sizes = [3_000] if args.smoke else [int(size) for size in args.records.split(",")]
    runs = 1 if args.smoke else args.runs
    print(f"Machine: {machine()}", end="\n\n")

    summary = [
        (
            "data set",
            "records",
            "trustops rec/CPU s",
            "pydantic rec/CPU s (best way)",
            "CPU ratio",
            "wall ratio",
        )
    ]
    for count in sizes:
        for data_set, make in DATA_SETS.items():
            best = measure(count, runs, make)
            reference = min(PYDANTIC, key=lambda name: best[name][1])
            wall_ref, cpu_ref = best[reference]
            rows = [("method", "wall s", "CPU s", "records/CPU s", "vs best pydantic: CPU", "wall")]
            for name, (wall, cpu) in best.items():
                rows.append(
                    (
                        name,
                        f"{wall:.3f}",
                        f"{cpu:.3f}",
                        f"{count / cpu:,.0f}",
                        f"{cpu_ref / cpu:.2f}x",
                        f"{wall_ref / wall:.2f}x",
                    )
                )
            print(f"Ingest of {count:,} {data_set} JSONL interactions, best of {runs} in turn")
            print(f"({machine()})")
            print(table(rows), end="\n\n")
            wall, cpu = best["trustops read_jsonl"]
            summary.append(
                (
                    data_set,
                    f"{count:,}",
                    f"{count / cpu:,.0f}",
                    f"{count / cpu_ref:,.0f} ({reference.split(' ', 2)[2]})",
                    f"{cpu_ref / cpu:.2f}x",
                    f"{wall_ref / wall:.2f}x",
                )
            )
    print("Summary: trustops against the faster of the two pydantic ways, CPU time first")
    print(table(summary), end="\n\n")
    print(f"Parsing {sizes[0]:,} ISO-8601 timestamps with offsets, best of {runs}")
    print(timestamps(sizes[0], runs), end="\n\n")
    verdicts = [
        f"{ratio} CPU ({wall} wall) on {size} {data_set} records (target >= {TARGET}x: "
        f"{'met' if float(ratio[:-1]) >= TARGET else 'MISSED'})"
        for data_set, size, _, _, ratio, wall in summary[1:]
    ]
    print(f"({machine()})")
    print("verdict: read_jsonl against pydantic v2 with the same checks at " + "; ".join(verdicts))


if __name__ == "__main__":
    main()
