"""JSON Lines: each line a record or a located reject; counts add up; nothing good is lost."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import Interaction
from trustops.io import (
    RAW_LIMIT,
    Reject,
    read,
    read_jsonl,
    read_jsonl_lines,
)

from ._records import line, read_checked


def load(text: str | bytes, **options: Any) -> tuple[list[Interaction], list[Reject], Any]:
    return read_checked("jsonl", text, Interaction, **options)


_LINES = st.one_of(
    st.builds(lambda i: line(id=f"ok{i}"), st.integers(0, 10**6)),
    st.sampled_from(
        ["", "   ", "{", "[]", "null", line(kind="gossip"), line(colour=1), '{"id": NaN}']
    ),
)


def test_good_lines_are_accepted_in_order() -> None:
    records, rejects, counts = load(line(id="a") + "\n" + line(id="b") + "\n")
    assert [r.id for r in records] == ["a", "b"]
    assert rejects == []
    assert (counts.lines, counts.accepted) == (2, 2)


def test_bom_crlf_and_blank_lines() -> None:
    text = "\ufeff" + line(id="a") + "\r\n\r\n   \r\n" + line(id="b") + "\r\n"
    records, rejects, counts = load(text)
    assert [r.id for r in records] == ["a", "b"]
    assert not rejects
    assert counts.blank == 2


def test_a_bad_record_is_located_and_the_rest_survive() -> None:
    text = "\n".join([line(id="a"), line(id="b", kind="gossip"), line(id="c")]) + "\n"
    records, rejects, _ = load(text)
    assert [r.id for r in records] == ["a", "c"]
    (reject,) = rejects
    assert (reject.line, reject.path) == (2, "$.kind")
    assert "gossip" in reject.message
    assert json.loads(reject.raw)["id"] == "b"


def test_invalid_utf8_is_a_reject_naming_the_problem() -> None:
    bad = line(id="x").encode().replace(b'"x"', b'"\xff\xfe"')
    records, rejects, _ = load(line(id="a").encode() + b"\n" + bad + b"\n")
    assert [r.id for r in records] == ["a"]
    assert rejects[0].line == 2
    assert "UTF-8" in rejects[0].message


def test_a_truncated_last_line_is_rejected_and_says_so() -> None:
    text = line(id="a") + "\n" + line(id="b")[:40]
    records, rejects, _ = load(text)
    assert [r.id for r in records] == ["a"]
    assert "truncated" in rejects[0].message
    assert rejects[0].line == 2


def test_a_complete_last_line_without_newline_is_accepted() -> None:
    records, rejects, _ = load(line(id="a") + "\n" + line(id="b"))
    assert [r.id for r in records] == ["a", "b"]
    assert not rejects


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("[1, 2]", "an array"),
        ('"text"', "a string"),
        ("42", "a number"),
        ("null", "null"),
        ("true", "a boolean"),
    ],
)
def test_non_object_json_is_rejected(text: str, kind: str) -> None:
    _, rejects, _ = load(text + "\n")
    assert rejects[0].message == f"expected a JSON object {{...}}, got {kind}"


def test_unknown_fields_are_rejected_with_the_field_named() -> None:
    _, rejects, _ = load(line(colour="blue") + "\n")
    assert rejects[0].path == "$.colour"
    assert "unknown field" in rejects[0].message


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals_are_rejected_at_their_field(literal: str) -> None:
    text = line(id="a")[:-1] + f', "duration_minutes": {literal}}}\n'
    _, rejects, _ = load(text)
    assert rejects[0].path == "$.duration_minutes"
    assert "finite number" in rejects[0].message


def test_invalid_json_names_the_column() -> None:
    _, rejects, _ = load('{"id": "a",, }\n')
    assert rejects[0].path == "$"
    assert rejects[0].message.startswith("invalid JSON at column")


def test_an_oversized_line_is_skipped_without_losing_the_next() -> None:
    big = line(id="big", staff_id="s" * 100)
    text = line(id="a") + "\n" + big + "\n" + line(id="b") + "\n"
    records, rejects, counts = load(text, max_line_bytes=200)
    assert [r.id for r in records] == ["a", "b"]
    assert rejects[0].line == 2
    assert "longer than 200 bytes" in rejects[0].message
    assert counts.lines == 3


def test_an_oversized_line_spanning_chunks_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("trustops.io._input._READ_SIZE", 64)
    big = line(id="big", staff_id="s" * 300)
    text = line(id="a") + "\n" + big + "\n" + line(id="b") + "\n" + "x" * 500
    records, rejects, _ = load(text, max_line_bytes=200)
    assert [r.id for r in records] == ["a", "b"]
    assert [r.line for r in rejects] == [2, 4]


def test_an_oversized_first_line_after_a_bom_is_too_long(monkeypatch: pytest.MonkeyPatch) -> None:
    # cut where it is found too long, it is still too long once its BOM is taken off
    monkeypatch.setattr("trustops.io._input._READ_SIZE", 64)
    big = line(id="big", staff_id="s" * 300)
    text = b"\xef\xbb\xbf" + big.encode() + b"\n" + line(id="b").encode() + b"\n"
    records, rejects, _ = load(text, max_line_bytes=200)
    assert [r.id for r in records] == ["b"]
    assert [(r.line, r.message) for r in rejects] == [
        (1, "line is longer than 200 bytes; split the record")
    ]


def test_raw_text_of_a_reject_is_bounded() -> None:
    _, rejects, _ = load(line(id="a", kind="k" * 5000) + "\n", max_line_bytes=10**6)
    assert len(rejects[0].raw) == RAW_LIMIT
    assert rejects[0].raw.endswith("…")


def test_every_problem_of_a_record_is_listed() -> None:
    _, rejects, _ = load(line(kind="gossip", channel="pigeon") + "\n")
    paths = [path for path, _ in rejects[0].problems]
    assert "$.kind" in paths or "$.channel" in paths
    assert rejects[0].problems[0] == (rejects[0].path, rejects[0].message)


def test_reads_paths_and_text_streams(tmp_path: Path) -> None:
    path = tmp_path / "interactions.jsonl"
    path.write_text(line(id="a") + "\n", encoding="utf-8")
    assert [r.id for r in read_jsonl(path, Interaction)] == ["a"]
    assert [r.id for r in read_jsonl(str(path), Interaction)] == ["a"]
    assert [r.id for r in read_jsonl(io.StringIO(line(id="t") + "\n"), Interaction)] == ["t"]
    reader = read(path, Interaction)
    assert reader.name == str(path)
    assert [r.id for r in reader] == ["a"]


@given(st.lists(_LINES, max_size=30), st.booleans())
def test_lines_read_equal_accepted_plus_rejected_plus_blank(lines: list[str], crlf: bool) -> None:
    text = ("\r\n" if crlf else "\n").join(lines)
    records, rejects, counts = load(text)
    expected_good = [x for x in lines if x.startswith('{"id": "ok')]
    assert [r.id for r in records] == [json.loads(x)["id"] for x in expected_good]
    assert counts.accepted == len(records)
    assert counts.rejected == len(rejects)
    assert counts.lines == len(text.splitlines()) if text else counts.lines == 0


def test_chosen_lines_are_read_as_the_file_reads_them() -> None:
    text = "\n".join([line(id="a"), "", line(kind="gossip"), '{"id": "cut'])
    whole = read_jsonl(io.BytesIO(text.encode()), Interaction)
    records = whole.read_all()
    numbered = list(enumerate(text.encode().split(b"\n"), 1))
    chosen = read_jsonl_lines(numbered, Interaction, name="<stream>", truncated=4)
    assert chosen.read_all() == records
    assert chosen.rejects == whole.rejects
    assert "looks truncated" in chosen.rejects[-1].message
    assert chosen.counts == whole.counts
    # Only some lines, with their numbers in the file: the numbers are kept, the counts are
    # of the lines given.
    some = read_jsonl_lines([numbered[2], numbered[0]], Interaction)
    assert [r.id for r in some] == ["a"]
    assert [r.line for r in some.rejects] == [3]
    assert some.counts.lines == 2


def test_counts_are_current_while_a_long_file_is_read() -> None:
    text = "".join(line(id=f"i{n}") + "\n" for n in range(3_000))
    reader = read_jsonl(io.BytesIO(text.encode()), Interaction)
    seen = [reader.counts.lines for n, _ in enumerate(reader) if n in (0, 1_500, 2_999)]
    assert seen[0] < 1_024 <= seen[1] < 3_000
    assert reader.counts.lines == reader.counts.accepted == 3_000


def test_a_survey_design_and_a_replicate_design_are_read_from_jsonl() -> None:
    from trustops import SurveyInstrument, SurveyResponse

    instrument = (
        '{"id": "pulse", "name": "Pulse", "items": [{"id": "q1", "construct": "trust", '
        '"text": "T", "scale_min": 1, "scale_max": 5}], "replicates": {"method": "fay", '
        '"replicates": 2, "rho": 0.5}}\n'
        '{"id": "p2", "name": "P", "items": [{"id": "q1", "construct": "trust", '
        '"text": "T", "scale_min": 1, "scale_max": 5}], "replicates": {"method": "fay", '
        '"replicates": 2}}\n'
    )
    found, rejects, _ = read_checked("jsonl", instrument, SurveyInstrument)
    assert found[0].replicates is not None
    assert found[0].replicates.factors() == (2.0, (1.0, 1.0))
    assert [(r.line, r.path) for r in rejects] == [(2, "$.replicates.rho")]
    base = ('{"id": "r1", "instrument_id": "pulse", "area_id": "a", '
            '"collected_at": "2026-03-01T12:00:00Z", "answers": {"q1": 3}, ')  # fmt: skip
    text = (
        base
        + '"stratum": "n", "psu": "elm", "fpc": 0.2, "replicate_weights": [1, 0.5]}\n'
        + base
        + '"replicate_weights": [1, -0.5]}\n'
        + base
        + '"fpc": 0}\n'
    )
    responses, rejects, _ = read_checked("jsonl", text, SurveyResponse)
    assert responses[0].replicate_weights == (1.0, 0.5)
    assert [(r.line, r.path) for r in rejects] == [(2, "$.replicate_weights[1]"), (3, "$.fpc")]
