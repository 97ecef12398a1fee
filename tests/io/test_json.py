"""Tests of trustops.io's JSON text layer, with orjson (the ``fast`` extra) and without it.

A core install has no orjson: the module then falls back to the standard library. Both
variants are loaded side by side here, the second with orjson hidden from the import system,
and must read and write the same values.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops.io import _json


def load_copy(name: str) -> ModuleType:
    """A fresh copy of the module, loaded under ``name`` with whatever imports are possible."""
    spec = importlib.util.spec_from_file_location(name, _json.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def plain() -> ModuleType:
    """The module as a core install runs it: orjson cannot be imported."""
    hidden = sys.modules.get("orjson")
    sys.modules["orjson"] = None  # type: ignore[assignment]
    try:
        return load_copy("trustops_io_json_without_orjson")
    finally:
        if hidden is None:
            del sys.modules["orjson"]
        else:
            sys.modules["orjson"] = hidden


@pytest.fixture(scope="module")
def fast() -> ModuleType:
    pytest.importorskip("orjson")
    return load_copy("trustops_io_json_with_orjson")


def test_each_variant_knows_which_it_is(plain: ModuleType, fast: ModuleType) -> None:
    assert plain.HAVE_ORJSON is False
    assert fast.HAVE_ORJSON is True


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(value=json_values)
def test_both_variants_round_trip_and_read_each_others_text(
    plain: ModuleType, fast: ModuleType, value: object
) -> None:
    for writer in (plain, fast):
        text = writer.dumps(value)
        for reader in (plain, fast):
            assert reader.loads(text) == value
            assert reader.fast_loads(text) == value
            assert reader.loads(text.encode()) == value


def test_text_is_compact_and_keeps_non_ascii(plain: ModuleType, fast: ModuleType) -> None:
    for module in (plain, fast):
        assert module.dumps({"a": [1, "Zoë"]}) == '{"a":[1,"Zoë"]}'


def test_nan_and_infinity_in_text_are_read_by_the_lenient_reader(
    plain: ModuleType, fast: ModuleType
) -> None:
    for module in (plain, fast):
        value = module.loads('{"x": NaN, "y": Infinity}')
        assert math.isnan(value["x"])
        assert value["y"] == math.inf
        assert math.isnan(module.loads_lenient("NaN"))


def test_invalid_text_raises_value_error(plain: ModuleType, fast: ModuleType) -> None:
    for module in (plain, fast):
        for parse in (module.loads, module.fast_loads):
            with pytest.raises(ValueError, match=r"(?i)expect|json|key|char|line"):
                parse("{oops")


def test_a_core_install_reads_records_without_orjson() -> None:
    code = (
        "import sys; sys.modules['orjson'] = None\n"
        "from trustops.io import read_jsonl, _json\n"
        "from trustops import Area\n"
        "import io\n"
        "assert not _json.HAVE_ORJSON\n"
        'text = b\'{"id": "a", "name": "A", "timezone": "UTC"}\\n{"id": 1}\\n\'\n'
        "reader = read_jsonl(io.BytesIO(text), Area)\n"
        "records = reader.read_all()\n"
        "assert [r.id for r in records] == ['a'], records\n"
        "assert reader.counts.rejected == 1, reader.counts\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"a": 1, "a": 2}', "appears twice"),
        ('{"a": {"b": 1, "b": 1}}', "appears twice"),
        ('{"a": "\\ud800"}', "lone surrogate"),
        ('{"\\udfff": 1}', "lone surrogate"),
        ("[" * 3000 + "]" * 3000, "nested"),
        ("[" * 70 + "]" * 70, "nested"),
    ],
)
def test_what_no_record_may_hold_is_refused_by_both_variants(
    plain: ModuleType, fast: ModuleType, text: str, fragment: str
) -> None:
    for module in (plain, fast):
        for parse in (module.loads, module.fast_loads, module.loads_lenient):
            if parse is fast.fast_loads:
                continue  # the raw orjson parse: the readers check its result
            with pytest.raises(ValueError, match=fragment):
                parse(text)


def test_raw_surrogate_bytes_are_invalid_utf8(plain: ModuleType, fast: ModuleType) -> None:
    for module in (plain, fast):
        with pytest.raises(UnicodeDecodeError):
            module.loads(b'{"a": "\xed\xa0\x80"}')


def test_whole_numbers_outside_64_bits_are_floats_in_both_variants(
    plain: ModuleType, fast: ModuleType
) -> None:
    inside = [2**64 - 1, -(2**63), 10**18]
    for module in (plain, fast):
        assert module.loads(json.dumps(inside)) == inside
        for big in (2**64, -(2**63) - 1, 10**30):
            value = module.loads(str(big))
            assert type(value) is float
            assert value == float(big)
        assert plain.loads("1" + "0" * 5_000) == math.inf  # no 4,300-digit conversion


def test_raw_decode_says_where_a_refused_value_ends() -> None:
    text = '[{"a": 1, "a": 2}, {"b": 3}]'
    with pytest.raises(_json.JsonProblemError) as caught:
        _json.raw_decode(text, 1)
    assert caught.value.end == text.index(",", 10)


_keys = st.sampled_from(["a", "b", 'c"', "d:", 'e":', "f\\"])


@given(
    pairs=st.lists(st.tuples(_keys, st.sampled_from([1, "x", 'y":', {"a": 1}])), max_size=6),
    spaced=st.booleans(),
)
def test_may_repeat_keys_is_never_wrong_when_it_says_no(
    pairs: list[tuple[str, object]], spaced: bool
) -> None:
    separator = " : " if spaced else ":"
    text = "{" + ",".join(json.dumps(k) + separator + json.dumps(v) for k, v in pairs) + "}"
    repeated = len({k for k, _ in pairs}) < len(pairs)
    if repeated:
        assert _json.may_repeat_keys(text.encode(), json.loads(text))


def test_json_kind_names_each_kind_of_value() -> None:
    assert [_json.json_kind(v) for v in ([], "x", None, True, 1, 2.5, {})] == [
        "an array",
        "a string",
        "null",
        "a boolean",
        "a number",
        "a number",
        "an object",
    ]


def test_raw_decode_says_where_a_value_nested_too_deeply_ends() -> None:
    deep = "[" * 5_000 + '"]["' + "]" * 5_000
    with pytest.raises(_json.JsonProblemError, match="nested too deeply") as caught:
        _json.raw_decode(deep + ", 1", 0)
    assert caught.value.end == len(deep)
    with pytest.raises(_json.JsonProblemError) as cut_short:
        _json.raw_decode(deep[:-1], 0)
    assert cut_short.value.end is None


@pytest.mark.parametrize(
    ("text", "end"),
    [
        (r'{"a": [1, {"b": "}\\"}], "c": "\""}, 2', 35),
        ("[[], {}]", 8),
        ("1", None),
        ("[1, 2", None),
        ("[1, 2}", None),
        ('["open', None),
    ],
)
def test_container_end_follows_brackets_and_strings(text: str, end: int | None) -> None:
    assert _json.container_end(text, 0) == end
    if end is not None:
        assert json.loads(text[:end]) is not None
