"""Shared fixtures for the command tests: a runner and a small sample programme on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from trustops.io import write_dataset
from trustops.sample import generate


@pytest.fixture(autouse=True)
def privacy_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every command runs with a privacy key of its own (no note about the default key)."""
    monkeypatch.setenv("TRUSTOPS_PRIVACY_KEY", "cli tests")
    return "cli tests"


@pytest.fixture
def runner() -> CliRunner:
    """A click runner with standard error kept apart from standard output."""
    return CliRunner()


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tenth-scale sample programme written as JSONL files (read-only for tests)."""
    folder = tmp_path_factory.mktemp("sample")
    write_dataset(generate(scale=0.1), folder)
    return folder
