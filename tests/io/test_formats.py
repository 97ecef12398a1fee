"""Formats by file name: which reader a suffix asks for."""

from __future__ import annotations

import pytest

from trustops.io import (
    ReaderError,
    path_kind,
)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.json", "json"), ("a.csv", "csv")],
)
def test_path_kind(name: str, kind: str) -> None:
    assert path_kind(name) == kind


def test_path_kind_refuses_unknown_suffixes() -> None:
    with pytest.raises(ReaderError, match="unknown format"):
        path_kind("data.xlsx")
