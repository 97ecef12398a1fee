"""Tests of trustops.io's rejects and read counts."""

from __future__ import annotations

import json
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops.io import RAW_LIMIT, ReadCounts, Reject, reason_of


def reject(**changes: object) -> Reject:
    fields: dict[str, object] = {
        "source": "interactions.jsonl",
        "line": 7,
        "path": "$.occurred_at",
        "message": "expected a timezone-aware date and time",
        "raw": '{"id": "i-1"}',
    }
    fields.update(changes)
    return Reject(**fields)  # type: ignore[arg-type]


def test_the_first_problem_is_the_only_one_unless_more_are_given() -> None:
    assert reject().problems == (("$.occurred_at", "expected a timezone-aware date and time"),)
    both = (("$.id", "expected an identifier"), ("$.kind", "expected one of ..."))
    assert reject(path="$.id", message="expected an identifier", problems=both).problems == both


@given(st.text(max_size=RAW_LIMIT + 50))
def test_raw_text_is_kept_whole_up_to_the_limit_and_marked_when_cut(raw: str) -> None:
    kept = reject(raw=raw).raw
    if len(raw) <= RAW_LIMIT:
        assert kept == raw
    else:
        assert len(kept) == RAW_LIMIT
        assert kept == raw[: RAW_LIMIT - 1] + "…"


def test_the_text_form_locates_the_problem() -> None:
    assert str(reject()) == (
        "interactions.jsonl:7: $.occurred_at: expected a timezone-aware date and time"
    )
    assert str(reject(source="a.csv", line=4, row=3)).startswith("a.csv:4 (record 3): ")


def test_to_dict_is_plain_json_with_every_field() -> None:
    data = reject(row=2).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "source": "interactions.jsonl",
        "line": 7,
        "row": 2,
        "path": "$.occurred_at",
        "message": "expected a timezone-aware date and time",
        "problems": [
            {"path": "$.occurred_at", "message": "expected a timezone-aware date and time"}
        ],
        "raw": '{"id": "i-1"}',
    }


def test_rejects_are_frozen_equal_by_value_and_pickle() -> None:
    one = reject()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        one.line = 8  # type: ignore[misc]
    assert one == reject()
    assert pickle.loads(pickle.dumps(one)) == one


def test_read_counts_start_at_zero() -> None:
    counts = ReadCounts()
    assert (counts.lines, counts.accepted, counts.rejected, counts.blank) == (0, 0, 0, 0)
    assert ReadCounts(lines=3, accepted=1, rejected=1, blank=1).lines == 3


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("expected true or false, got 3", "expected true or false"),
        ("expected a whole number, got 'lots'", "expected a whole number"),
        ("invalid JSON at column 3: Expecting value", "invalid JSON: Expecting value"),
        ("bad quoting, line 4", "bad quoting"),
        ("required, but missing", "required, but missing"),
    ],
)
def test_reason_of_leaves_out_the_value_and_position(message: str, reason: str) -> None:
    reject = Reject(source="f", line=1, path="$.x", message=message, raw="secret")
    assert reason_of(reject) == reason


def test_control_characters_in_paths_and_messages_are_written_as_escapes() -> None:
    shown = reject(path="$.\x1b[2Jnote", message="unknown field \x07\x9b\n")
    assert shown.path == "$.\\x1b[2Jnote"
    assert shown.message == "unknown field \\x07\\x9b\\n"
    assert shown.problems == ((shown.path, shown.message),)
    assert str(shown) == "interactions.jsonl:7: $.\\x1b[2Jnote: unknown field \\x07\\x9b\\n"
    named = reject(source="dir\x1b]0;title\x07/areas.jsonl")
    assert str(named).startswith("dir\\x1b]0;title\\x07/areas.jsonl:7: ")
    assert named.to_dict()["source"] == "dir\x1b]0;title\x07/areas.jsonl"  # kept as given
    listed = reject(problems=(("$.a\x1b", "b\x1b"),))
    assert listed.problems == (("$.a\\x1b", "b\\x1b"),)
    assert reject(message="plain text").message == "plain text"


@given(st.text())
def test_no_reject_text_holds_a_control_character(text: str) -> None:
    shown = reject(path=text, message=text)
    for part in (shown.path, shown.message, str(shown)):
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in part)
