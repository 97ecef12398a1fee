"""Tests of trustops.io's JSON text layer, with orjson (the ``fast`` extra) and without it.

A core install has no orjson: the module then falls back to the standard library. Both
variants are loaded side by side here, the second with orjson hidden from the import system,
and must read and write the same values.
"""

from __future__ import annotations

import importlib.util
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
