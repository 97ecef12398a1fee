"""Tests of the flags scores and index results carry."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trustops.scoring import Flag
from trustops.scoring._flags import flag_tuple


def test_flags_are_their_stable_strings() -> None:
    assert {flag.value for flag in Flag} == {
        "caution",
        "insufficient",
        "low_coverage",
        "partial",
        "capped",
        "not_comparable",
        "shrunk",
        "not_raked",
        "lonely_psu",
        "imbalanced",
    }
    assert Flag.CAUTION == "caution"
    assert "caution" in (Flag.CAUTION, Flag.PARTIAL)
    assert str(Flag.LOW_COVERAGE) == "low_coverage"


def test_flag_tuple_is_sorted_distinct_plain_strings() -> None:
    stored = flag_tuple([Flag.PARTIAL, "caution", Flag.CAUTION])
    assert stored == ("caution", "partial")
    assert all(type(flag) is str for flag in stored)


@given(st.lists(st.sampled_from(list(Flag)) | st.sampled_from([f.value for f in Flag])))
def test_flag_tuple_is_idempotent_and_order_free(flags: list[str]) -> None:
    stored = flag_tuple(flags)
    assert flag_tuple(stored) == stored
    assert flag_tuple(reversed(flags)) == stored
    assert set(stored) == {str(flag) for flag in flags}
