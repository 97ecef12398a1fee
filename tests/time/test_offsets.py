"""Tests for trustops.time._offsets: a zone's UTC offsets over the supported years."""

from __future__ import annotations

import bisect
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustops.time import FIRST_SECOND, LAST_SECOND, local_date, utc_offsets, zone
from trustops.time import _offsets as offsets

ZONES = [
    "Europe/Amsterdam", "Africa/Casablanca", "Australia/Lord_Howe", "America/St_Johns",
    "Pacific/Chatham", "Europe/Dublin", "America/Nuuk", "Antarctica/Troll", "posixrules",
    "posix/Europe/London", "UTC", "Asia/Kathmandu",
]  # fmt: skip


def _day(table: tuple[tuple[int, int], ...], second: int) -> int:
    starts = [start for start, _ in table]
    offset = table[bisect.bisect_right(starts, second) - 1][1]
    return dt.date(1970, 1, 1).toordinal() + (second + offset) // 86_400


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ZONES), st.integers(FIRST_SECOND, LAST_SECOND))
def test_the_offsets_give_the_reference_local_day(name: str, second: int) -> None:
    instant = dt.datetime.fromtimestamp(second, dt.UTC)
    assert _day(utc_offsets(name), second) == local_date(instant, name).toordinal()


@pytest.mark.parametrize("name", ZONES)
def test_the_listed_and_ruled_changes_are_every_change(name: str) -> None:
    # the same changes as a weekly search of every year, to the second
    target = zone(name)
    searched = [FIRST_SECOND, *offsets._searched(target, FIRST_SECOND)]
    assert [start for start, _ in utc_offsets(name)] == searched


def test_amsterdam_before_1937_and_casablanca_in_1900() -> None:
    assert utc_offsets("Europe/Amsterdam")[0] == (FIRST_SECOND, 1172)  # +00:19:32
    assert utc_offsets("Africa/Casablanca")[0] == (FIRST_SECOND, -1820)  # -00:30:20
    instant = dt.datetime(1900, 4, 11, 23, 50, tzinfo=dt.UTC)
    day = _day(utc_offsets("Africa/Casablanca"), int(instant.timestamp()))
    assert day == local_date(instant, "Africa/Casablanca").toordinal()


def test_without_tzif_data_or_a_rule_the_years_are_searched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = utc_offsets("Europe/Paris")
    utc_offsets.cache_clear()
    monkeypatch.setattr(offsets, "_tzif", lambda name: b"")
    assert utc_offsets("Europe/Paris") == expected
    utc_offsets.cache_clear()
    monkeypatch.undo()
    monkeypatch.setattr(offsets, "_by_rule", lambda footer, since: None)
    assert utc_offsets("Europe/Paris") == expected
    utc_offsets.cache_clear()
    monkeypatch.undo()
    assert offsets._listed(b"not TZif") == ([], "")
    assert offsets._by_rule("", 0) == []
    assert offsets._by_rule("<+01>-1", 0) == []
    assert offsets._by_rule("not a rule,,", 0) is None


def test_tzif_data_is_found_where_zoneinfo_finds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import zoneinfo

    found = offsets._tzif("Europe/Paris")
    assert found.startswith(b"TZif")
    monkeypatch.setattr(zoneinfo, "TZPATH", ())  # then the tzdata package, if installed
    packaged = offsets._tzif("Europe/Paris")
    assert packaged == b"" or packaged.startswith(b"TZif")
    assert offsets._tzif("Mars/Olympus_Mons") == b""


def test_a_version_1_tzif_file_lists_its_32_bit_times() -> None:
    import struct

    counts = struct.pack(">6l", 0, 0, 0, 2, 1, 4)
    body = struct.pack(">2l", -100, 200) + bytes([0, 0]) + struct.pack(">lbB", 3600, 0, 0)
    data = b"TZif" + b"\0" * 16 + counts + body + b"CET\0"
    assert offsets._listed(data) == ([-100, 200], "")
