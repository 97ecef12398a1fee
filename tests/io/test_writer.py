"""Writers: what they write, the readers read back identically."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import testing as tst
from trustops.io import read_json, read_jsonl, write_json, write_jsonl

STRATEGIES = [
    tst.areas(),
    tst.programmes(),
    tst.interactions(),
    tst.survey_instruments(),
    tst.survey_responses(),
    tst.indicators(),
]


@pytest.mark.parametrize("strategy", STRATEGIES, ids=lambda s: repr(s)[:18])
@given(data=st.data())
def test_jsonl_and_json_round_trip(strategy: Any, data: st.DataObject) -> None:
    records = data.draw(st.lists(strategy, min_size=1, max_size=4))
    cls = type(records[0])
    for write, read in ((write_jsonl, read_jsonl), (write_json, read_json)):
        out = io.StringIO()
        assert write(records, out) == len(records)
        reader = read(io.StringIO(out.getvalue()), cls)
        assert reader.read_all() == records
        assert reader.rejects == []


def test_writers_accept_paths_and_write_utf8(tmp_path: Path) -> None:
    from trustops import Partner

    partners = [Partner(id="p1", name="Bibliothèque Saint-Éloi")]
    path = tmp_path / "partners.jsonl"
    write_jsonl(partners, path)
    assert "Bibliothèque" in path.read_text(encoding="utf-8")
    assert read_jsonl(path, Partner).read_all() == partners
    empty = tmp_path / "empty.json"
    assert write_json([], empty) == 0
    assert empty.read_text(encoding="utf-8") == "[]\n"
    assert read_json(empty, Partner).read_all() == []
