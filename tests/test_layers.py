"""The house rules of imports, read from the source with ``ast`` (nothing is imported).

- No module imports another package's private module (``trustops.model._checks``): a package
  uses another through its public face. The root ``trustops._errors`` is everyone's.
- Packages depend on each other only as the layers of ``docs/explanation/design.md`` allow,
  and there is no import circle between packages. Imports inside functions and under
  ``TYPE_CHECKING`` count too: they are dependencies all the same.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
ROOT = "trustops"
SHARED = "_errors"  # the root of the exception hierarchy: every package may use it

LAYERS: dict[str, set[str]] = {
    "model": set(),
    "time": set(),
    "stats": set(),
    "privacy": set(),
    "io": {"model"},
    "testing": {"model"},
    "sample": {"model", "io"},
    "metrics": {"model", "time", "stats", "privacy"},  # record keys for cell keys
    "engines": {"metrics", "io", "time", "model", "privacy"},  # the privacy key
    "scoring": {"model", "metrics", "stats", "time", "privacy"},
    "effects": {"model", "metrics", "scoring", "stats", "time", "privacy"},  # published scores
    "report": {
        "model", "time", "stats", "privacy", "io", "metrics", "engines", "scoring", "effects",
        "sample",
    },
    "cli": {
        "model", "time", "stats", "privacy", "io", "metrics", "engines", "scoring", "effects",
        "sample", "report",
    },
    ROOT: {"model", "stats", "privacy"},  # the top-level face re-exports models and errors
}  # fmt: skip
"""Which packages each package may import (``docs/explanation/design.md``, "Layers")."""


def modules() -> Iterator[tuple[str, list[str], ast.Module]]:
    """Every module of the source tree: its dotted name, its package's parts, its tree."""
    for path in sorted((SRC / ROOT).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        package = parts[:-1]
        name = ".".join(package if parts[-1] == "__init__" else parts)
        yield name, package, ast.parse(path.read_text(encoding="utf-8"), str(path))


def imported(package: list[str], tree: ast.Module) -> Iterator[tuple[int, list[str]]]:
    """``(line, dotted parts)`` of every name a module imports, relative imports resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = base + (node.module.split(".") if node.module else [])
            for alias in node.names:
                yield node.lineno, [*target, alias.name]


def top_package(parts: list[str]) -> str:
    """The first-level package a dotted name belongs to (``ROOT`` for the top-level face)."""
    return parts[1] if len(parts) > 1 else ROOT


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for _name, package, tree in modules():
        own = top_package(package)
        for _line, parts in imported(package, tree):
            if parts[0] == ROOT and len(parts) > 1 and parts[1] not in (own, SHARED):
                graph.setdefault(own, set()).add(parts[1])
    return graph


def test_no_module_imports_another_packages_private_module() -> None:
    found = []
    for name, package, tree in modules():
        own = top_package(package)
        for line, parts in imported(package, tree):
            if parts[0] != ROOT or len(parts) < 2 or parts[1] == own:
                continue
            private = [p for p in parts[1:] if p.startswith("_") and not p.startswith("__")]
            if private and private != [SHARED]:
                found.append(f"{name}:{line} imports {'.'.join(parts)}")
    assert not found, "use the package's public face instead:\n" + "\n".join(found)


def test_every_package_has_its_layer() -> None:
    packages = {path.parent.name for path in (SRC / ROOT).glob("*/__init__.py")}
    assert packages <= LAYERS.keys(), f"add {sorted(packages - LAYERS.keys())} to LAYERS"


@pytest.mark.parametrize("package", sorted(package_graph()))
def test_packages_import_only_their_lower_layers(package: str) -> None:
    graph = package_graph()
    wrong = graph[package] - LAYERS[package]
    assert not wrong, f"{package} may not import {sorted(wrong)} (see design.md, Layers)"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one package (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_between_packages() -> None:
    assert cycles(package_graph()) == []


def test_the_circle_finder_finds_circles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles(LAYERS) == []  # the layers themselves allow no circle


TESTS = SRC.parent / "tests"


def mirror_test(module: Path) -> Path:
    """Where the tests of ``src/trustops/<pkg>/_name.py`` live: ``tests/<pkg>/test_name.py``."""
    relative = module.relative_to(SRC / ROOT)
    return TESTS.joinpath(*relative.parent.parts, f"test_{relative.stem.removeprefix('_')}.py")


def test_every_private_module_has_its_mirror_test() -> None:
    missing = []
    for module in sorted((SRC / ROOT).rglob("_*.py")):
        if module.name in {"__init__.py", "__main__.py"}:
            continue
        if module.stem == SHARED and not mirror_test(module).exists():
            continue  # a package's errors are tested together, in tests/test_errors.py
        if not mirror_test(module).exists():
            missing.append(f"{module.relative_to(SRC)} → {mirror_test(module).relative_to(TESTS)}")
    assert not missing, "modules without their mirror test:\n" + "\n".join(missing)


def test_the_mirror_of_a_module() -> None:
    module = SRC / ROOT / "engines" / "spark" / "_counting.py"
    assert mirror_test(module) == TESTS / "engines" / "spark" / "test_counting.py"
