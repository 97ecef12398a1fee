"""Every public package has a public face: a sorted, complete ``__all__``, a docstring on every
public class and function, a ``>>>`` example in every public function, and a reference page.

This is the one public-API test; packages do not keep copies of it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types
from pathlib import Path

import pytest

import trustops

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"
PACKAGES = ["trustops"] + [
    f"trustops.{info.name}"
    for info in pkgutil.iter_modules(trustops.__path__)
    if not info.name.startswith("_")
]


def documented_modules() -> set[str]:
    found: set[str] = set()
    for page in REFERENCE.glob("*.*"):
        found.update(re.findall(r"automodule::\s+([\w.]+)", page.read_text(encoding="utf-8")))
        found.update(re.findall(r"click::\s+([\w.]+)", page.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_present_and_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert len(set(exported)) == len(exported), f"{name}.__all__ has duplicates"
    for item in exported:
        assert hasattr(module, item), f"{name}.__all__ names {item!r}, which does not exist"


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_constants_first(name: str) -> None:
    exported = list(importlib.import_module(name).__all__)
    assert exported == sorted(exported, key=lambda item: (not item.isupper(), item))


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_complete(name: str) -> None:
    module = importlib.import_module(name)
    public = {
        item
        for item, value in vars(module).items()
        if not item.startswith("_")
        and item != "annotations"
        and not isinstance(value, types.ModuleType)
    }
    missing = public - set(module.__all__)
    assert not missing, f"{name} has public names outside __all__: {sorted(missing)}"


@pytest.mark.parametrize("name", PACKAGES)
def test_every_public_callable_and_class_has_a_docstring(name: str) -> None:
    module = importlib.import_module(name)
    assert (module.__doc__ or "").strip(), f"{name} has no module docstring"
    for item in module.__all__:
        value = getattr(module, item)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert (value.__doc__ or "").strip(), f"{name}.{item} has no docstring"


@pytest.mark.parametrize("name", PACKAGES)
def test_every_public_function_has_an_example(name: str) -> None:
    module = importlib.import_module(name)
    lacking = [
        item
        for item in module.__all__
        if inspect.isfunction(getattr(module, item))
        and ">>>" not in (getattr(module, item).__doc__ or "")
    ]
    assert not lacking, f"public functions of {name} without a >>> example: {lacking}"


@pytest.mark.parametrize("name", PACKAGES)
def test_every_public_package_has_a_reference_page(name: str) -> None:
    assert name in documented_modules(), f"no docs/reference page documents {name}"
