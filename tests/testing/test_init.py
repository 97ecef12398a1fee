"""Tests of the public face of trustops.testing."""

from __future__ import annotations

import importlib
import sys

import pytest

from trustops import MissingExtraError


def test_import_without_hypothesis_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    for name in [n for n in sys.modules if n.startswith("trustops.testing")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(MissingExtraError) as info:
        importlib.import_module("trustops.testing")
    assert info.value.extra == "testing"
    assert "pip install -e '.[testing]'" in str(info.value)
