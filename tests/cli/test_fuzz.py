"""Fuzz harness: whatever ``validate`` accepts, ``metrics``, ``score`` and ``report`` handle.

A small, valid programme is written as files; hypothesis mutates one field of one record (or
a whole line) into hostile values: extreme numbers and dates, lone surrogates, deep nesting,
markup, formula text, wrong types. Then the property of the design notes is checked: if
``trustops validate`` exits 0, every command that computes exits 0 too, and no command ever
ends in a traceback. Bounded: a few dozen examples.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustops.cli import get_command

AREAS = [
    {"id": "north", "name": "North", "timezone": "Europe/London", "population": 4000},
    {"id": "south", "name": "South", "timezone": "Asia/Kathmandu", "population": 900},
]


def _interaction(k: int) -> dict[str, Any]:
    return {
        "id": f"i{k}",
        "occurred_at": f"2026-0{1 + k % 6}-{1 + k % 27:02d}T1{k % 10}:00:00+00:00",
        "area_id": AREAS[k % 2]["id"],
        "kind": ["conversation", "suspicious_activity_report", "complaint"][k % 3],
        "initiator": "resident" if k % 3 else "staff",
        "channel": "in_person",
        "resident_id": f"r{k % 17}",
        "staff_id": f"s{k % 3}",
        "outcome": "positive" if k % 2 else "negative",
    }


RECORDS = {"areas": AREAS, "interactions": [_interaction(k) for k in range(40)]}

HOSTILE = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from(
        [
            10**400,
            -1,
            0,
            1e308,
            float("inf"),
            "",
            " ",
            "\ud800",
            "[/]x",
            "[bold]x",
            "=cmd()",
            "'=cmd()",
            "$5 to $10",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "2026-03-29T01:30:00",
            "2026-02-30T10:00:00Z",
            "Europe/Nowhere",
            "١٢٣",
            "+123",
            None,
            True,
            [],
            {},
        ]
    ),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
)


def _dump(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=True, allow_nan=True)
    except (ValueError, OverflowError):
        return json.dumps(str(value))


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, list[str]]:
    files = {kind: [_dump(r) for r in records] for kind, records in RECORDS.items()}
    kind = draw(st.sampled_from(sorted(files)))
    index = draw(st.integers(0, len(files[kind]) - 1))
    record = dict(RECORDS[kind][index])
    how = draw(st.sampled_from(["field", "new_field", "line", "duplicate"]))
    if how == "field":
        record[draw(st.sampled_from(sorted(record)))] = draw(HOSTILE)
        files[kind][index] = _dump(record)
    elif how == "new_field":
        record[draw(st.sampled_from(["extra", "\ud800", "id"]))] = draw(HOSTILE)
        files[kind][index] = _dump(record)
    elif how == "line":
        files[kind][index] = draw(
            st.sampled_from(["[" * 1200 + "]" * 1200, "{", "null", "[]", '"x"', "\x00"])
        )
    else:
        files[kind].append(files[kind][index])
    return files


@pytest.mark.filterwarnings("ignore")
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=mutated())
def test_whatever_validate_accepts_every_command_handles(
    files: dict[str, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for kind, lines in files.items():
        (folder / f"{kind}.jsonl").write_text(
            "".join(line + "\n" for line in lines), encoding="utf-8", errors="surrogatepass"
        )
    runner = CliRunner()
    validated = runner.invoke(get_command(), ["validate", str(folder)])
    assert validated.exit_code in (0, 1), validated.output
    assert not isinstance(validated.exception, Exception) or isinstance(
        validated.exception, SystemExit
    ), validated.exception
    commands = [
        ["metrics", str(folder), "--format", "csv"],
        ["metrics", str(folder), "--by", "area,staff,month", "--format", "json"],
        ["score", str(folder), "--format", "json"],
        ["report", str(folder), "--out", str(folder / "report.html")],
    ]
    for args in commands:
        result = runner.invoke(get_command(), args)
        if not isinstance(result.exception, SystemExit | None):
            raise AssertionError(f"{args[0]} crashed") from result.exception
        if validated.exit_code == 0:
            assert result.exit_code == 0, (args, result.output)


def test_the_unmutated_programme_passes_every_command(tmp_path: Path) -> None:
    for kind, records in RECORDS.items():
        (tmp_path / f"{kind}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
        )
    runner = CliRunner()
    for args in (["validate"], ["metrics"], ["score"], ["report", "--out", "r.html"]):
        out = [*args[:1], str(tmp_path), *args[1:]]
        if args[0] == "report":
            out[-1] = str(tmp_path / "r.html")
        result = runner.invoke(get_command(), out)
        assert result.exit_code == 0, (args, result.output)
