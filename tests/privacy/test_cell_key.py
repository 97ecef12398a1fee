"""The cell key method: record keys, cell keys and every property METHODS §7 asks of the
p-table."""

from __future__ import annotations

import hashlib
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops.privacy import (
    DEFAULT_PRIVACY_KEY,
    DEFAULT_PTABLE,
    KEY_RANGE,
    PerturbationTable,
    PrivacyError,
    PrivacyKey,
    PrivacyKeyWarning,
    cell_key,
    privacy_key,
)


def test_zero_stays_zero() -> None:
    assert {DEFAULT_PTABLE.perturb(0, key) for key in range(KEY_RANGE)} == {0}


@pytest.mark.parametrize("count", range(1, 10))
def test_small_counts_never_publish_one_to_four(count: int) -> None:
    published = {DEFAULT_PTABLE.perturb(count, key) for key in range(KEY_RANGE)}
    assert not published & {1, 2, 3, 4}


@pytest.mark.parametrize("count", range(1, 10))
def test_small_counts_have_three_values_none_above_a_half(count: int) -> None:
    law = DEFAULT_PTABLE.distribution(count)
    assert len(law) >= 3
    assert max(law.values()) <= Fraction(1, 2)
    assert sum(law.values()) == 1


@pytest.mark.parametrize("count", range(10, 60))
def test_from_ten_unbiased_bounded_and_never_certain(count: int) -> None:
    law = DEFAULT_PTABLE.distribution(count)
    assert sum(value * p for value, p in law.items()) == count
    assert all(abs(value - count) <= 2 for value in law)
    assert max(law.values()) < 1


@pytest.mark.parametrize("count", range(3, 10))
def test_from_three_unbiased_and_rarely_as_it_is(count: int) -> None:
    # unbiased so that sums of published cells are unbiased too; from 5 to 9 spread from 0 to
    # count + 4, so that a least-squares attack on linked tables rounds to the truth rarely
    law = DEFAULT_PTABLE.distribution(count)
    assert sum(value * p for value, p in law.items()) == count
    assert law.get(count, 0) <= Fraction(40, 256)


def test_rows_past_the_top_use_the_top_row() -> None:
    assert DEFAULT_PTABLE.top == 20
    for key in range(KEY_RANGE):
        assert DEFAULT_PTABLE.perturbation(10**9, key) == DEFAULT_PTABLE.perturbation(20, key)


def test_the_table_is_versioned_and_fingerprinted() -> None:
    data = DEFAULT_PTABLE.to_dict()
    # version 3: version 2's rows with record keys from MD5 (PrivacyKey), which changes
    # every cell key and so the noise: the version, and so the fingerprint, says so
    assert (data["name"], data["version"]) == ("trustops-ptable", 3)
    previous = PerturbationTable(
        name="trustops-ptable", version=2, definition=DEFAULT_PTABLE.definition
    )
    assert previous.fingerprint != DEFAULT_PTABLE.fingerprint
    other = PerturbationTable(name="x", version=1, definition={0: ((0, 256),)})
    assert other.fingerprint != DEFAULT_PTABLE.fingerprint
    assert len(DEFAULT_PTABLE.fingerprint) == 64
    assert PerturbationTable.from_dict(other.to_dict()) == other


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected name, version and rows"),
        ({"name": "x", "version": 1}, "expected name, version and rows"),
        ({"name": "", "version": 1, "rows": {}}, "ptable.name: expected a name"),
        ({"name": "x", "version": True, "rows": {}}, "ptable.version: expected a whole"),
        ({"name": "x", "version": 0, "rows": {}}, "ptable.version: expected a whole"),
        ({"name": "x", "version": 1, "rows": []}, "ptable.rows: expected a table"),
        ({"name": "x", "version": 1, "rows": {"a": [[0, 256]]}}, "ptable.rows['a']"),
        ({"name": "x", "version": 1, "rows": {"0": 256}}, "ptable.rows['0']"),
        ({"name": "x", "version": 1, "rows": {"0": [[0, 256.0]]}}, "ptable.rows['0']"),
        ({"name": "x", "version": 1, "rows": {"0": [[0]]}}, "ptable.rows['0']"),
        ({"name": "x", "version": 1, "rows": {"1": [[0, 256]]}}, "without gaps"),
    ],
)
def test_a_table_read_back_names_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(PrivacyError, match=message.replace("[", r"\[")):
        PerturbationTable.from_dict(data)


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ({}, "without gaps"),
        ({0: ((0, 256),), 2: ((0, 256),)}, "without gaps"),
        ({0: ((0, 255),)}, "adding up to 256"),
        ({0: ((1, 128), (0, 128))}, "increasing"),
        ({0: ((0, 256), (1, 0))}, "increasing"),
        ({0: ((-1, 256),)}, "negative count"),
    ],
)
def test_a_bad_definition_is_refused(definition: dict[int, tuple[tuple[int, int], ...]],
                                     message: str) -> None:  # fmt: skip
    with pytest.raises(PrivacyError, match=message):
        PerturbationTable(name="bad", version=1, definition=definition)


@pytest.mark.parametrize(("count", "key"), [(-1, 0), (True, 0), (1.0, 0), (3, 256), (3, -1)])
def test_bad_counts_and_keys_are_refused(count: object, key: object) -> None:
    with pytest.raises(PrivacyError):
        DEFAULT_PTABLE.perturb(count, key)  # type: ignore[arg-type]


def test_record_keys_are_the_first_byte_of_md5_of_salt_and_id() -> None:
    key = PrivacyKey("secret")
    salt = hashlib.sha256(b"trustops cell key v2\x00secret").hexdigest()[:32]
    assert key.salt == salt
    assert key.record_key("r1") == hashlib.md5((salt + "r1").encode()).digest()[0]
    assert key.keys_sum(["r1", "r2"]) == key.record_key("r1") + key.record_key("r2")
    assert PrivacyKey(b"secret").salt == salt
    assert PrivacyKey("other").salt != salt


@given(
    st.lists(
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
        min_size=1,
        max_size=30,
        unique=True,
    )
)
def test_a_cell_key_depends_only_on_the_set_of_records(ids: list[str]) -> None:
    key = PrivacyKey("k")
    assert cell_key(key.keys_sum(ids)) == cell_key(key.keys_sum(reversed(ids)))
    assert 0 <= cell_key(key.keys_sum(ids)) < KEY_RANGE


def test_record_keys_are_close_to_uniform() -> None:
    key = PrivacyKey("k")
    counts = [0] * KEY_RANGE
    for n in range(25_600):
        counts[key.record_key(f"i{n}")] += 1
    assert min(counts) > 50
    assert max(counts) < 160


@pytest.mark.parametrize("bad", ["", b"", 3])
def test_a_missing_or_bad_key_is_refused(bad: object) -> None:
    with pytest.raises(PrivacyError, match="key"):
        PrivacyKey(bad)  # type: ignore[arg-type]


def test_no_key_means_the_default_key_with_a_warning() -> None:
    with pytest.warns(PrivacyKeyWarning, match="default key"):
        made = privacy_key(None)
    assert made == PrivacyKey(DEFAULT_PRIVACY_KEY)
    assert privacy_key("mine") == PrivacyKey("mine")


@pytest.mark.parametrize("count", range(1, 21))
def test_a_true_small_count_is_published_as_itself_less_than_one_time_in_six(count: int) -> None:
    assert DEFAULT_PTABLE.distribution(count).get(count, 0) < Fraction(1, 6)
