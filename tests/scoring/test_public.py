"""The public face of trustops.scoring: a sorted __all__, docstrings and examples."""

from __future__ import annotations

import inspect
from pathlib import Path

import trustops
from trustops import scoring

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_all_is_sorted_and_complete() -> None:
    assert scoring.__all__ == sorted(scoring.__all__, key=lambda name: (not name.isupper(), name))
    public = {name for name in vars(scoring) if not name.startswith("_") and name != "annotations"}
    assert set(scoring.__all__) == public


def test_every_public_name_is_documented() -> None:
    for name in scoring.__all__:
        obj = getattr(scoring, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name


def test_functions_have_examples() -> None:
    for name in scoring.__all__:
        obj = getattr(scoring, name)
        if inspect.isfunction(obj):
            assert ">>>" in (obj.__doc__ or ""), name


def test_reference_page_documents_the_package() -> None:
    page = (DOCS / "reference" / "scoring.rst").read_text(encoding="utf-8")
    assert ".. automodule:: trustops.scoring" in page
    assert ".. py:data:: DEFAULT_MODEL" in page
    assert "scoring" in (DOCS / "reference" / "index.md").read_text(encoding="utf-8")


def test_errors_belong_to_the_hierarchy() -> None:
    assert issubclass(scoring.ScoringError, trustops.TrustopsError)
    assert issubclass(scoring.ScoringError, ValueError)
    assert issubclass(scoring.ScoringModelError, trustops.FieldError)
